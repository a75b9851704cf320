"""The plan page shows every row of the plan's tables as the plan states them, to anyone."""

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext

from measures.models import Measure, MeasureResult, Plan

from .test_plan_loader import EARLIER_MEASURES


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace("&amp;", "&")


def test_every_earlier_measure_row_reads_as_in_the_plan(client, plan):
    html = client.get("/planen/").content.decode()
    text = _text(html)
    labels = {"etablerat": "Etablerat", "paborjat": "Påbörjat", "ej_paborjad": "Ej påbörjad", "framtagen": "Framtagen",
              "avslutad": "Avslutad", "ej_genomford": "Ej genomförd", "alt_losning": "Alt lösning"}  # fmt: skip
    for title, (responsible, results) in EARLIER_MEASURES.items():
        row = f"{title} {responsible} {results[0][0]} {labels[results[0][1]]}"
        assert row in text, row
        for result_title, status in results[1:]:
            assert f"{result_title} {labels[status]}" in text


def test_the_other_tables_are_all_there(client, plan):
    text = _text(client.get("/planen/").content.decode())
    for expected in [
        "Enkelt och öppet", "Uppkopplat och tillgängligt",
        "Utarbeta digitaliseringsstrategi", "Följ upp verksamheternas struktur och kapacitet", "Införande systemförvaltning",
        "Intern digitalisering Verksamhetsnära Personal, ekonomi, ärendehantering, e-arkiv mm. Smart & optimerat",
        "IT-stödsträffar Forum kopplat till IT-miljö och infrastruktur. IT-avdelningen",
        "Systemförvaltning Förvalta processer, information och digitala lösningar.",
        "Brister i grundläggande IT-leveranser.", "Krav på öppna data och offentlig digital information.",
    ]:  # fmt: skip
        assert expected in text, expected


def test_plan_page_query_count_is_flat(client, plan):
    with CaptureQueriesContext(connection) as small:
        client.get("/planen/")
    earlier = Plan.objects.get(slug="tidigare-atgarder")
    for i in range(60):
        measure = Measure.objects.create(plan=earlier, title=f"Ny {i}", responsible="Alla")
        MeasureResult.objects.create(measure=measure, title="R", status="paborjat")
    with CaptureQueriesContext(connection) as large:
        client.get("/planen/")
    assert len(large.captured_queries) == len(small.captured_queries)
