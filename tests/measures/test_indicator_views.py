"""The indicator pages: who may use them, bad input kept and explained, conflicts, the chart on the measure page,
the report section, and constant queries on the measure page and in measures.json."""

import datetime as dt
import io
import json
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfReader

from measures import indicators
from measures.constants import PeriodState
from measures.models import FollowUpPeriod, Indicator, IndicatorValue, Measure, OrganisationPart
from reports.constants import ReportKind
from reports.documents import ReportRequest
from reports.rendering import render_report
from tests.permission_matrix import SIGNED_IN
from vudig.core.rules import can

KEEPERS = {"process_leader", "admin"}
NS = "{http://www.w3.org/2000/svg}"
FORM = {
    "name": "Ärenden via e-tjänst",
    "unit": "%",
    "baseline_value": "35",
    "baseline_year": "2025",
    "target_value": "60",
    "target_date": "2027-12-31",
    "higher_is_better": "1",
    "source": "E-tjänsteplattformen",
}


@pytest.fixture
def measure(plan):
    return Measure.objects.get(plan__slug="plan-for-digitalisering", title="Extern digitalisering")


@pytest.fixture
def period(measure):
    return FollowUpPeriod.objects.create(
        plan=measure.plan, title="Uppföljning T2 2026", opens_on=dt.date(2026, 8, 1), deadline=dt.date(2026, 9, 15)
    )


@pytest.fixture
def indicator(measure, people):
    return indicators.indicator_create(
        measure=measure,
        by=people["process_leader"],
        **{k: v for k, v in FORM.items() if k not in ("target_date", "higher_is_better")},
        target_date=dt.date(2027, 12, 31),
    )


@pytest.fixture
def leader_client(client, people):
    client.force_login(people["process_leader"])
    return client


def pages(measure, indicator):
    return {
        "create": reverse("measures:indicator_create", args=[measure.pk]),
        "edit": reverse("measures:indicator_edit", args=[measure.pk, indicator.pk]),
        "value": reverse("measures:indicator_value", args=[measure.pk, indicator.pk]),
    }


def statuses(client, people, url) -> dict:
    found = {}
    for who, user in people.items():
        client.logout()
        if user is not None:
            client.force_login(user)
        found[who] = client.get(url).status_code
    return found


def expected(allowed) -> dict:
    return {who: 200 if who in allowed else (302 if who == "anonymous" else 403) for who in SIGNED_IN | {"anonymous"}}


def test_only_the_plan_keeper_uses_the_indicator_pages_of_a_measure_without_an_organisation(
    client, people, measure, indicator, period
):
    for name, url in pages(measure, indicator).items():
        assert statuses(client, people, url) == expected(KEEPERS), name


def test_the_responsible_organisations_manager_keeps_its_indicators_but_another_manager_cannot(
    client, people, measure, indicator, period, org
):
    measure.responsible_organisation = org
    measure.save()
    for name, url in pages(measure, indicator).items():
        assert statuses(client, people, url) == expected(KEEPERS | {"manager"}), name
    # The rule answers the same for the indicator itself (its measure's organisation).
    indicator = Indicator.objects.select_related("measure").get(pk=indicator.pk)
    assert can(people["manager"], "indicator.record", indicator)
    assert not can(people["manager_other_org"], "indicator.record", indicator)
    client.force_login(people["manager_other_org"])
    response = client.post(pages(measure, indicator)["value"], {"period": period.pk, "value": "99"})
    assert response.status_code == 403 and not IndicatorValue.objects.exists()
    client.force_login(people["manager"])
    response = client.post(pages(measure, indicator)["value"], {"period": period.pk, "value": "47"})
    assert response.status_code == 302 and IndicatorValue.objects.get().recorded_by == people["manager"]


def test_an_indicator_forged_under_another_measure_is_not_found(leader_client, measure, indicator, period):
    other = Measure.objects.get(plan__slug="plan-for-digitalisering", title="Intern digitalisering")
    for name in ("indicator_edit", "indicator_value"):
        assert leader_client.get(reverse(f"measures:{name}", args=[other.pk, indicator.pk])).status_code == 404
    response = leader_client.post(
        reverse("measures:indicator_archive", args=[other.pk, indicator.pk]), {"archived": "1"}
    )
    assert response.status_code == 404
    indicator.refresh_from_db()
    assert not indicator.archived


def test_nobody_else_writes_and_nothing_changes(client, people, measure, indicator, period):
    for who in sorted(SIGNED_IN - KEEPERS):
        client.force_login(people[who])
        urls = pages(measure, indicator)
        assert client.post(urls["create"], {**FORM, "name": "Smuggel"}).status_code == 403
        assert client.post(urls["edit"], {**FORM, "target_value": "1", "version": 1}).status_code == 403
        assert client.post(urls["value"], {"period": period.pk, "value": "1"}).status_code == 403
        archive = reverse("measures:indicator_archive", args=[measure.pk, indicator.pk])
        assert client.post(archive, {"archived": "1"}).status_code == 403
    client.logout()
    assert client.post(pages(measure, indicator)["value"], {"period": period.pk, "value": "1"}).status_code == 302
    indicator.refresh_from_db()
    assert (Indicator.objects.count(), indicator.target_value, indicator.archived) == (1, 60, False)
    assert not IndicatorValue.objects.exists()


def test_bad_input_shows_every_error_at_once_and_keeps_what_was_typed(leader_client, measure):
    data = {**FORM, "baseline_value": "trettiofem", "target_date": "2024-06-30", "name": ""}
    response = leader_client.post(reverse("measures:indicator_create", args=[measure.pk]), data)
    html = response.content.decode()
    assert response.status_code == 400
    assert "Basvärdet måste vara ett tal, till exempel 42 eller 12,5" in html
    assert "Måldatum (2024-06-30) ligger före basåret 2025" in html
    assert "Skriv nyckeltalets namn." in html
    assert 'value="trettiofem"' in html and 'value="2024-06-30"' in html and 'value="E-tjänsteplattformen"' in html
    assert 'href="#id_baseline_value"' in html  # the summary links to the field
    assert not Indicator.objects.exists()


def test_an_outcome_that_is_not_a_number_is_refused_with_the_typed_text_kept(leader_client, indicator, period):
    url = reverse("measures:indicator_value", args=[indicator.measure_id, indicator.pk])
    response = leader_client.post(url, {"period": period.pk, "value": "ca 40", "comment": "Uppskattning"})
    html = response.content.decode()
    assert response.status_code == 400
    assert "Utfallet måste vara ett tal, till exempel 42 eller 12,5 (du skrev ”ca 40”)." in html
    assert 'value="ca 40"' in html and "Uppskattning" in html
    assert not IndicatorValue.objects.exists()


def test_a_closed_period_is_not_offered_and_a_forged_one_is_refused_with_the_reason(leader_client, indicator, period):
    closed = FollowUpPeriod.objects.create(
        plan=period.plan, title="Uppföljning T1 2026", opens_on=dt.date(2026, 4, 1), deadline=dt.date(2026, 5, 15),
        state=PeriodState.CLOSED,
    )  # fmt: skip
    url = reverse("measures:indicator_value", args=[indicator.measure_id, indicator.pk])
    html = leader_client.get(url).content.decode()
    assert "Uppföljning T2 2026" in html and "Uppföljning T1 2026" not in html
    response = leader_client.post(url, {"period": closed.pk, "value": "40"})
    assert response.status_code == 400
    assert "Perioden ”Uppföljning T1 2026” är stängd" in response.content.decode()
    assert not IndicatorValue.objects.exists()


def test_recording_shows_the_value_on_the_measure_page_with_chart_table_and_mark(leader_client, indicator, period):
    url = reverse("measures:indicator_value", args=[indicator.measure_id, indicator.pk])
    response = leader_client.post(url, {"period": period.pk, "value": "52,5", "comment": "Bygglov är nu e-tjänst"})
    assert response.status_code == 302
    page = leader_client.get(response["Location"]).content.decode()
    assert "Utfallet för ”Ärenden via e-tjänst” i Uppföljning T2 2026 är sparat: 52,5 %." in page
    # The line is at 49,21 % on 15 september 2026: 52,5 % is on track.
    assert "49,21 %" in page and 'class="track track--on"' in page and "Bygglov är nu e-tjänst" in page
    svg = page[page.index("<svg", page.index("indicators-heading")) :]
    svg = svg[: svg.index("</svg>") + 6]
    root = ET.fromstring(svg)
    assert root.get("role") == "img" and root.find(f"{NS}title").text == "Ärenden via e-tjänst: utfall mot mål"
    assert "Uppföljning T2 2026: 52,5 % (i fas)" in root.find(f"{NS}desc").text
    assert "style=" not in svg
    # Open again for the same period: the stored value and its version are in the form.
    form = leader_client.get(url + f"?period={period.pk}").content.decode()
    assert 'value="52,5"' in form and 'name="version" value="1"' in form


def test_editing_from_a_stale_page_is_a_conflict_showing_the_newer_values(leader_client, people, indicator):
    indicators.indicator_update(
        indicator=indicator, expected_version=1, by=people["admin"],
        **{**{k: v for k, v in FORM.items() if k not in ("target_date", "higher_is_better")}, "target_value": "75"},
        target_date=dt.date(2027, 12, 31),
    )  # fmt: skip
    url = reverse("measures:indicator_edit", args=[indicator.measure_id, indicator.pk])
    response = leader_client.post(url, {**FORM, "target_value": "65", "version": 1})
    html = response.content.decode()
    assert response.status_code == 409
    assert "Någon annan har sparat ändringar" in html and "75 %" in html and 'value="65"' in html
    indicator.refresh_from_db()
    assert indicator.target_value == 75


def test_archive_and_restore_from_the_measure_page(leader_client, indicator):
    url = reverse("measures:indicator_archive", args=[indicator.measure_id, indicator.pk])
    page = leader_client.get(leader_client.post(url, {"archived": "1"})["Location"]).content.decode()
    assert "Nyckeltalet är arkiverat" in page and "Arkiverade nyckeltal" in page
    leader_client.post(url, {"archived": "0"})
    indicator.refresh_from_db()
    assert not indicator.archived


def _grow(measure, period, people, *, n, per):
    periods = [period] + [
        FollowUpPeriod.objects.create(
            plan=measure.plan, title=f"Extra {n}-{k}", opens_on=dt.date(2026, 1, 1), deadline=dt.date(2026, 2, k + 1)
        )
        for k in range(per - 1)
    ]
    for i in range(n):
        indicator = Indicator.objects.create(
            measure=measure, name=f"Nyckeltal {n}-{i}", baseline_value=1, baseline_year=2025, target_value=9,
            target_date=dt.date(2027, 1, 1), order=i,
        )  # fmt: skip
        for k, p in enumerate(periods):
            IndicatorValue.objects.create(
                indicator=indicator, period=p, value=Decimal(2 + k), recorded_by=people["admin"]
            )


def test_the_measure_page_runs_the_same_queries_with_one_or_many_indicators(leader_client, people, measure, period):
    counts = []
    for n, per in ((1, 1), (8, 4)):
        _grow(measure, period, people, n=n, per=per)
        with CaptureQueriesContext(connection) as ctx:
            response = leader_client.get(measure.get_absolute_url())
        counts.append(len(ctx.captured_queries))
        html = response.content.decode()  # each chart twice: wide, and compact for a phone (one is shown)
        assert html.count('class="chart chart--trend chart--wide"') == Indicator.objects.count()
        assert html.count('class="chart chart--trend chart--compact"') == Indicator.objects.count()
    print(f"measure page queries with 1 and 9 indicators: {counts}")
    assert counts[0] == counts[1], counts


def test_measures_json_runs_the_same_queries_with_one_or_many_indicators(client, people, measure, period):
    counts = []
    for n, per in ((1, 1), (20, 3)):
        _grow(measure, period, people, n=n, per=per)
        with CaptureQueriesContext(connection) as ctx:
            response = client.get("/open-data/measures.json")
        counts.append(len(ctx.captured_queries))
        record = next(r for r in json.loads(response.content) if r["id"] == measure.pk)
        assert len(record["indicators"]) == Indicator.objects.count()
    assert counts[0] == counts[1], counts
    first = record["indicators"][0]
    assert set(first) >= {"name", "unit", "baseline", "target", "target_date", "values"}
    assert first["name"] == "Nyckeltal 1-0"
    assert first["values"] == [{"period": "Uppföljning T2 2026", "period_deadline": "2026-09-15", "value": 2}]
    assert "recorded_by" not in json.dumps(record) and "Admin" not in json.dumps(record["indicators"])


def test_the_follow_up_report_draws_the_same_chart_with_its_table(plan, people, measure, period):
    indicator = Indicator.objects.create(
        measure=measure, name="Ärenden via e-tjänst", unit="%", baseline_value=35, baseline_year=2025,
        target_value=60, target_date=dt.date(2027, 12, 31),
    )  # fmt: skip
    IndicatorValue.objects.create(indicator=indicator, period=period, value=Decimal("52.5"))
    later = FollowUpPeriod.objects.create(
        plan=period.plan, title="Bokslut 2026", opens_on=dt.date(2026, 12, 1), deadline=dt.date(2027, 1, 31)
    )
    IndicatorValue.objects.create(indicator=indicator, period=later, value=Decimal("50"))
    result = render_report(
        ReportRequest(
            kind=ReportKind.UPPFOLJNING, period_start=dt.date(2026, 1, 1), period_end=dt.date(2026, 12, 31),
            requested_by="Kim Kommunchef",
        )
    )  # fmt: skip
    reader = PdfReader(io.BytesIO(result.pdf))
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    assert "Nyckeltal" in text and "Extern digitalisering" in text and "Utfall för Ärenden via e-tjänst" in text
    assert "Uppföljning T2 2026" in text and "I fas: 1. Efter plan: 0." in text
    assert "Bokslut 2026" not in text  # its deadline is after the report's period
    assert not any(page.images for page in reader.pages)  # drawn as vectors, not pasted pictures


def test_the_measure_timeline_names_who_added_and_changed_indicators_and_outcomes(
    leader_client, people, indicator, period
):
    indicators.indicator_record_value(indicator=indicator, period=period, value="41,5", by=people["process_leader"])
    indicators.indicator_record_value(
        indicator=indicator, period=period, value="44", expected_version=1, by=people["admin"]
    )
    html = leader_client.get(indicator.measure.get_absolute_url()).content.decode()
    history = html[html.index('id="history-heading"') :]
    assert "Nyckeltal: Ärenden via e-tjänst" in history and "Nyckeltal tillagt" in history
    assert "Utfall: Ärenden via e-tjänst, Uppföljning T2 2026" in history
    assert "41,5" in history and "44" in history and "41.5000" not in history
    assert "Utfall ändrat för Uppföljning T2 2026" in history


def test_move_buttons_reorder_the_indicators_on_the_measure_page(leader_client, people, indicator, measure):
    second = indicators.indicator_create(
        measure=measure, by=people["process_leader"],
        **{**{k: v for k, v in FORM.items() if k not in ("target_date", "higher_is_better")}, "name": "Andra"},
        target_date=dt.date(2027, 12, 31),
    )  # fmt: skip
    response = leader_client.post(reverse("measures:indicator_move", args=[measure.pk, second.pk]), {"direction": "up"})
    page = leader_client.get(response["Location"]).content.decode()
    assert "Nyckeltalet är flyttat." in page
    assert page.index(f'id="indicator-{second.pk}-heading"') < page.index(f'id="indicator-{indicator.pk}-heading"')


def test_an_outcome_after_the_deadline_is_accepted_and_marked_late(leader_client, indicator, measure):
    past = FollowUpPeriod.objects.create(
        plan=measure.plan, title="Försenad period", opens_on=dt.date(2026, 1, 1), deadline=dt.date(2026, 2, 1)
    )
    url = reverse("measures:indicator_value", args=[measure.pk, indicator.pk])
    response = leader_client.post(url, {"period": past.pk, "value": "40"}, follow=True)
    html = response.content.decode()
    assert "Det registrerades efter periodens sista dag och markeras som sent." in html
    assert "sent inrapporterat" in html
    assert IndicatorValue.objects.get().value == 40


def test_the_manager_of_an_organisation_carrying_the_measure_records_an_outcome_another_manager_cannot(
    client, people, measure, indicator, period, org
):
    Measure.objects.filter(pk=measure.pk).update(responsible_organisation=None)
    OrganisationPart.objects.filter(measure=measure).delete()
    OrganisationPart.objects.create(measure=measure, organisation=org)
    url = pages(measure, indicator)["value"]
    client.force_login(people["manager_other_org"])
    assert client.post(url, {"period": period.pk, "value": "99"}).status_code == 403
    assert not IndicatorValue.objects.exists()
    client.force_login(people["manager"])
    page = client.get(measure.get_absolute_url())
    assert url in page.content.decode()  # the measure page offers the carrier the form
    response = client.post(url, {"period": period.pk, "value": "47"})
    assert response.status_code == 302 and IndicatorValue.objects.get().recorded_by == people["manager"]
    # Changing the indicator itself stays with the plan keeper and the responsible organisation.
    assert client.get(pages(measure, indicator)["edit"]).status_code == 403
