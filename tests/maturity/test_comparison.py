"""Issue 17, item 4: each organisation against the median of all, of its kind and last year; groups under five are
never shown; the heatmap and the comparison download as CSV and XLSX."""

import io

from django.urls import reverse
from openpyxl import load_workbook

from maturity.constants import AssessmentStatus, RoundStatus
from maturity.models import AreaAssessment, Assessment, AssessmentRound
from maturity.selectors import comparison, heatmap
from vudig.core.constants import OrganisationKind
from vudig.core.models import Organisation


def _submit(round, org, areas, level, status=AssessmentStatus.INLAMNAD):
    a = Assessment.objects.create(round=round, organisation=org, status=status)
    for area in areas:
        AreaAssessment.objects.create(assessment=a, area=area, level=level, motivation="m")


def _orgs(kind):
    return list(Organisation.objects.filter(kind=kind).order_by("order", "name"))


def test_groups_under_five_are_not_compared(open_round, areas):
    for org, level in zip(_orgs(OrganisationKind.FORVALTNING)[:4], [1, 2, 3, 4], strict=True):
        _submit(open_round, org, areas, level)
    data = comparison(round=open_round)
    assert data.submitted == 4 and not data.shown and data.medians is None
    assert all(group[2] is None for group in data.kinds.values())


def test_medians_of_all_of_the_kind_and_last_year(client, open_round, areas, people):
    last = AssessmentRound.objects.create(
        year=open_round.year - 1, opens_on=open_round.opens_on.replace(year=open_round.year - 1),
        closes_on=open_round.closes_on.replace(year=open_round.year - 1), status=RoundStatus.STANGD,
    )  # fmt: skip
    forvaltningar = _orgs(OrganisationKind.FORVALTNING)
    bolag = _orgs(OrganisationKind.BOLAG)
    assert len(forvaltningar) >= 5 and bolag  # five förvaltningar submit, and one bolag
    for org, level in zip(forvaltningar[:5], [1, 2, 3, 4, 5], strict=True):
        _submit(open_round, org, areas, level)
    _submit(open_round, bolag[0], areas, 5)
    _submit(last, forvaltningar[0], areas, 3, status=AssessmentStatus.FASTSTALLD)
    data = comparison(round=open_round)
    assert data.shown and data.submitted == 6
    assert data.medians == [3.5] * 5
    assert data.kinds[OrganisationKind.FORVALTNING][2] == [3.0] * 5
    assert data.kinds[OrganisationKind.BOLAG][1:] == (1, None)  # one bolag: its group is not shown
    first = next(r for r in data.rows if r.organisation == forvaltningar[0])
    assert first.levels == [1] * 5 and first.previous == [3] * 5 and first.changes == [-2] * 5
    client.force_login(people["reader"])
    page = client.get(reverse("maturity:comparison", args=[open_round.year])).content.decode()
    assert "Färre än 5 – visas inte" in page and "3,5" in page


def test_comparison_page_explains_when_too_few_have_submitted(client, open_round, areas, people):
    client.force_login(people["reader"])
    page = client.get(reverse("maturity:comparison", args=[open_round.year])).content.decode()
    assert "0 organisationer har lämnat in. Jämförelsen visas när minst 5 har lämnat in." in page


def test_heatmap_and_comparison_export_to_csv_and_xlsx(client, open_round, areas, people):
    for org in _orgs(OrganisationKind.FORVALTNING)[:5]:
        _submit(open_round, org, areas, 2)
    Organisation.objects.filter(pk=_orgs(OrganisationKind.FORVALTNING)[0].pk).update(name="=HYPERLINK(1)")
    client.force_login(people["reader"])
    response = client.get(reverse("maturity:heatmap_export", args=[open_round.year, "csv"]))
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeffOrganisation;Typ;Status;Ledning/styrning;Ledning/styrning: mål")
    assert "'=HYPERLINK(1)" in text  # a formula is neutralised
    assert len(text.strip().splitlines()) == 1 + len(heatmap(round=open_round).rows)
    response = client.get(reverse("maturity:comparison_export", args=[open_round.year, "xlsx"]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("Organisation", "Typ", "Område")
    assert rows[1][3:5] == (2, 2)  # level, median of all
    assert client.get(reverse("maturity:comparison_export", args=[open_round.year, "pdf"])).status_code == 404
    client.logout()
    assert client.get(reverse("maturity:heatmap_export", args=[open_round.year, "csv"])).status_code == 302


def test_a_page_of_the_comparison_reads_last_year_for_its_own_rows_only(open_round, areas):
    """Issue 19: last year's levels are shown per row, so a page reads them for its organisations alone; the rows
    show the same values as the whole comparison (the export's)."""
    from django.core.paginator import Paginator
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from maturity.selectors import assessed_organisation_list

    last = AssessmentRound.objects.create(
        year=open_round.year - 1, opens_on=open_round.opens_on.replace(year=open_round.year - 1),
        closes_on=open_round.closes_on.replace(year=open_round.year - 1), status=RoundStatus.STANGD,
    )  # fmt: skip
    forvaltningar = _orgs(OrganisationKind.FORVALTNING)
    for org, level in zip(forvaltningar[:5], [1, 2, 3, 4, 5], strict=True):
        _submit(open_round, org, areas, level)
        _submit(last, org, areas, 6 - level, status=AssessmentStatus.FASTSTALLD)
    page = Paginator(assessed_organisation_list(), 2).page(1)
    with CaptureQueriesContext(connection) as ctx:
        paged = comparison(round=open_round, page=page)
    everything = {r.organisation.pk: r for r in comparison(round=open_round).rows}
    assert [r.organisation for r in paged.rows] == list(page.object_list)
    assert any(level is not None for row in paged.rows for level in row.previous)
    for row in paged.rows:
        assert row.levels == everything[row.organisation.pk].levels
        assert row.previous == everything[row.organisation.pk].previous
    previous_year = [q["sql"] for q in ctx.captured_queries if f"= {last.pk} AND" in q["sql"] and "level" in q["sql"]]
    assert len(previous_year) == 1 and 'organisation_id" IN' in previous_year[0]


def test_a_median_counted_per_level_is_the_median_of_the_levels():
    """The heatmap's spread counts levels in the database (issue 19); its median is statistics.median's."""
    import random
    from collections import Counter
    from statistics import median

    from maturity.selectors import _counted_median

    assert _counted_median({}) is None
    generator = random.Random(19)
    for _ in range(500):
        levels = [generator.randint(1, 5) for _ in range(generator.randint(1, 12))]
        assert _counted_median(dict(Counter(levels))) == float(median(levels)), levels
