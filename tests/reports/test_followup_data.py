"""The uppföljningsrapport and the mognad report tell what projects, maturity and forums recorded: read back from the
PDF and checked against the database."""

import datetime as dt
import io
import re
from statistics import median

import pytest
from pypdf import PdfReader

from maturity.constants import SUBMITTED_STATUSES
from maturity.models import ASSESSED_KINDS, AreaAssessment, CapabilityArea
from maturity.templatetags.maturity import change, level
from projects.models import StatusReport
from reports.constants import ReportKind
from reports.documents import ReportRequest
from reports.rendering import render_report
from steeringgroups.models import Decision, Errand
from vudig.core.models import Organisation

from .conftest import PERIOD, YEAR


def _text(pdf: bytes) -> tuple[str, str]:
    """(whole text with whitespace collapsed, the summary page's text collapsed)."""
    reader = PdfReader(io.BytesIO(pdf))
    pages = [" ".join(p.extract_text().split()) for p in reader.pages]
    summary = next((i for i, p in enumerate(pages) if p.startswith("Sammanfattning")), None)
    if summary is not None:  # the summary is one page: the next page is the first chapter
        assert pages[summary + 1].startswith("Åtgärdernas status"), pages[summary + 1][:80]
    return " ".join(pages), pages[summary] if summary is not None else ""


def _render(kind, *, start=PERIOD[0], end=PERIOD[1], **kwargs) -> bytes:
    return render_report(
        ReportRequest(kind=kind, period_start=start, period_end=end, requested_by="Kim Kommunchef", **kwargs)
    ).pdf


@pytest.fixture
def followup(followup_world):
    return _render(ReportKind.UPPFOLJNING)


def _latest_published(project, end):
    return (
        StatusReport.objects.published()
        .filter(project=project, published_at__date__lte=end)
        .order_by("-published_at", "-pk")
        .first()
    )


def test_each_project_shows_its_phase_and_traffic_light_at_the_period_end(followup_world, followup):
    text, summary = _text(followup)
    p0, p1, p2, p3 = followup_world["projects"]
    expected_phase = {p0: "Planering", p1: "Ramprojekt", p2: "Ramprojekt", p3: "Ramprojekt"}
    for project in (p0, p1, p2, p3):
        project.refresh_from_db()
        report = _latest_published(project, PERIOD[1])
        light = report.get_overall_status_display() if report else "ingen lägesrapport"
        assert f"{project.name} – fas: {expected_phase[project]}. Trafikljus: {light}." in text
    assert p0.get_phase_display() == "Planering" and p2.get_phase_display() == "Planering"  # p2 moved after the period
    assert (_latest_published(p0, PERIOD[1]).overall_status, _latest_published(p1, PERIOD[1]).overall_status) == (
        "gul",
        "rod",
    )
    # p0's earlier green report is not its latest; p2 and p3 have none
    assert "Av 4 ramprojekt har 1 rött ljus, 1 gult och 0 grönt; 2 har ingen rapport." in summary


def test_risks_of_the_periods_published_reports_and_the_plans_hinder(followup):
    text, summary = _text(followup)
    assert "Leverantören hinner inte." in text and "Budgeten räcker inte för utbildningen." in text
    assert "Utkastrisk som inte syns." not in text  # a draft is not published
    assert "Gammal risk i fjol." not in text  # published before the period (and not the project's latest)


def test_maturity_heatmap_figures_match_the_database(followup_world, followup):
    text, summary = _text(followup)
    last, this = followup_world["rounds"]
    areas = list(CapabilityArea.objects.order_by("order", "pk"))
    rows = AreaAssessment.objects.filter(assessment__status__in=SUBMITTED_STATUSES)
    submitted = rows.filter(assessment__round=this).values("assessment").distinct().count()
    assessed = Organisation.objects.filter(kind__in=ASSESSED_KINDS).count()
    assert f"{YEAR} (öppen): {submitted} av {assessed} organisationer har lämnat in, varav 1 fastställda." in text
    assert submitted == 2  # Pitebo's draft is left out
    medians = []
    for area in areas:
        now = median(rows.filter(assessment__round=this, area=area).values_list("level", flat=True))
        before = median(rows.filter(assessment__round=last, area=area).values_list("level", flat=True))
        medians.append(f"{area.name} {level(now)} {change(now - before)}")
        # spread table: area, count, min, median, max, last year's median, change
        assert f"{level(now)} " in text and f"{level(before)} {change(now - before)}" in text
    assert f"Mognad {YEAR}: median per område och förändring sedan förra året" in summary
    assert " ".join(medians) in summary
    social = followup_world["organisations"][0]
    cells = []
    for area in areas:
        now = rows.get(assessment__round=this, assessment__organisation=social, area=area).level
        before = rows.get(assessment__round=last, assessment__organisation=social, area=area).level
        cells.append(f"{now} ({change(now - before)})")
    assert f"Socialtjänst {' '.join(cells)} Fastställd" in text
    assert re.search(r"Pitebo(?: –){5} Ej inlämnad", text)  # the draft's fives are nowhere
    assert "Utbildning 3 (±0) 3 (+1) 2 (±0) 3 (±0) 3 (+1) Inlämnad" in text


def test_forum_activity_counts_the_periods_meetings_and_participants(followup):
    text, summary = _text(followup)
    # 42 = 12 + 30; the meeting without a count adds nothing
    assert "3 forummöten under perioden, med sammanlagt 42 deltagare" in text
    assert "IT-strategforum 2 12 1" in text and "Utvecklingsforum 1 30 1" in text


def test_wheel_in_the_report_shows_the_round_and_the_forum_meetings(followup):
    text, _ = _text(followup)
    assert f"1 september–15 december: Självskattning av digital mognad {YEAR} (öppen)" in text
    assert "10 mars: IT-strategforum: Möte 2026-03-10" in text


def test_an_earlier_period_shows_the_round_then_and_no_later_reports(followup_world):
    text, summary = _text(_render(ReportKind.UPPFOLJNING, start=dt.date(YEAR, 1, 1), end=dt.date(YEAR, 4, 30)))
    p0 = followup_world["projects"][0]
    assert f"{p0.name} – fas: Planering. Trafikljus: Grön." in text  # the May report came later
    assert f"Självskattningsomgången {YEAR - 1} (stängd): 2 av" in text  # this year's round opened in September
    assert "1 forummöte under perioden, med sammanlagt 12 deltagare" in text


def test_maturity_report_shows_both_years_levels_and_the_latest_motivations(followup_world):
    social = followup_world["organisations"][0]
    text, _ = _text(_render(ReportKind.MOGNAD, organisation=social))
    areas = list(CapabilityArea.objects.order_by("order", "pk"))
    for area in areas:
        levels = [
            AreaAssessment.objects.get(assessment__organisation=social, assessment__round__year=year, area=area).level
            for year in (YEAR - 1, YEAR)
        ]
        assert f"{area.name} {levels[0]} {levels[1]}" in text
        assert f"Senaste: Motivering {area.name} {YEAR}" in text
    assert f"Område {YEAR - 1} {YEAR}" in text and "Status Fastställd Fastställd" in text
    # Both planned improvements of the gap (level 2), each with its owner and date.
    assert f"Förbättring Systemförvaltning (Förvaltningschef, klart senast {YEAR}-12-31)" in text
    assert f"Andra förbättringen Systemförvaltning (Förvaltningschef, klart senast {YEAR}-12-31)" in text
    assert f"Median alla {YEAR}" in text  # the radar chart's legend (drawn as SVG text)


def test_maturity_report_leaves_drafts_out(followup_world):
    school, pitebo = followup_world["organisations"][1:]
    text, _ = _text(_render(ReportKind.MOGNAD, organisation=pitebo))
    assert "Inga självskattningar ännu" in text and " 5 5 5 5" not in text
    text, _ = _text(_render(ReportKind.MOGNAD, organisation=school))
    assert "Status Fastställd Inlämnad" in text


def test_queue_figures_and_decisions_of_the_period_match_the_database(followup):

    text, summary = _text(followup)
    start, end = PERIOD
    received = Errand.objects.filter(created_at__date__gte=start, created_at__date__lte=end).count()
    decisions = Decision.objects.filter(decided_on__gte=start, decided_on__lte=end)
    assert (received, decisions.count()) == (4, 3)
    assert "3 beslut togs: 3 i styrgrupp, 0 om projekt och 0 om planen." in summary
    # open: two decided but not closed, the overdue GDPR ärende (30 days' target passed), and a new one
    assert "4 ärenden är öppna när perioden slutar; 1 är sent." in summary
    assert "Ärenden vid periodens slut: 4 öppna; försenade: 1." in summary
    assert "till periodens första beslut i det var 28 dagar" in text  # median of 28, 10 and 70 days
    # per group: received, decided, open at the end, overdue
    assert "Extern digitalisering 1 2 2 0" in text and "Intern digitalisering 1 0 1 1" in text
    assert "IT-miljö och infrastruktur 1 1 0 0" in text and "Totalt 4 3 4 1" in text
    # A line may break after a hyphen ("NIS-" / "planen."), depending on how long the ärende numbers happen to be.
    joined = re.sub(r"-\s+", "-", text)
    for decision in decisions:
        assert decision.text in joined and decision.errand.reference in joined


@pytest.mark.parametrize(
    ("median_days", "ending"),
    [(1, "var 1 dag."), (1.5, "var 1,5 dagar."), (0.5, "var 0,5 dagar."), (28, "var 28 dagar.")],
)
def test_queue_lead_time_noun_agrees_with_its_count(median_days, ending):
    from reports.sections import _format_level, _median_sentence

    assert _median_sentence(median_days, _format_level(median_days)).endswith(ending)
