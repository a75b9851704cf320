"""The uppföljningsrapport tells the whole truth of its period (issue 14, items 1–3): every status change with its
motivation, reason, replacement and basis; every decision, gates included; a one-page summary in plain Swedish."""

import datetime as dt
import io
import re

import pytest
from pypdf import PdfReader

from measures import services as measure_services
from measures.constants import ResultStatus
from measures.models import Measure, MeasureResult, OrganisationPart, Plan
from measures.selectors import plan_in_force
from projects import services as project_services
from projects.constants import ProjectPhase
from projects.models import FrameProject
from reports.constants import ReportKind
from reports.documents import ReportRequest, build
from reports.overview import OVERVIEW_KEY
from reports.rendering import render_report
from steeringgroups.constants import DecisionKind
from steeringgroups.models import Decision

from .conftest import YEAR, at

START, END = dt.date(YEAR, 1, 1), dt.date(YEAR, 12, 1)
THE_DAY = dt.date(YEAR, 6, 15)
ALT_REASON = "Leverantören lade ned tjänsten."
GATE_TEXT = "Styrgruppen beslutar att projektet går till genomförande."


def _request(**kwargs) -> ReportRequest:
    return ReportRequest(kind=ReportKind.UPPFOLJNING, period_start=START, period_end=END, **kwargs)


def _sections(**kwargs) -> dict:
    return {s.key: s for s in build(_request(**kwargs)).context["sections"]}


def _date_latest_history(model, pk, day: dt.date) -> None:
    history = model.history.model
    latest = history.objects.filter(id=pk).order_by("-history_date", "-history_id").first()
    history.objects.filter(history_id=latest.history_id).update(history_date=at(day))


@pytest.fixture
def the_day(people):
    """The plan came in at the start of the year (its first year of use); on one day in June four results changed
    status, one to Alt lösning with its reason and a replacement, and a project's gate decision was recorded."""
    leader = people["process_leader"]
    for model in (MeasureResult, Measure, Plan):
        model.history.model.objects.update(history_date=at(dt.date(YEAR, 1, 2)))
    results = list(MeasureResult.objects.filter(archived=False).select_related("measure").order_by("pk")[:4])
    replacement = Measure.objects.exclude(pk=results[3].measure_id).filter(archived=False).first()
    changes = [
        (results[0], ResultStatus.PABORJAT, "Arbetet har startat i alla förvaltningar.", {}),
        (results[1], ResultStatus.AVSLUTAD, "Leveransen är godkänd.", {}),
        (results[2], ResultStatus.ETABLERAT, "Rutinen används i vardagen.", {}),
        (
            results[3],
            ResultStatus.ALT_LOSNING,
            "Vi löser behovet på annat sätt.",
            {"reason": ALT_REASON, "replacement_measure": replacement, "basis_plan": plan_in_force()},
        ),
    ]
    changed = []
    for result, status, motivation, extra in changes:
        if result.status == status:  # make it a real change
            MeasureResult.objects.filter(pk=result.pk).update(status=ResultStatus.EJ_PABORJAD)
        result = MeasureResult.objects.get(pk=result.pk)
        old = result.status
        measure_services.measure_result_set_status(
            result=result, status=status, motivation=motivation, by=leader, expected_version=result.version, **extra
        )
        _date_latest_history(MeasureResult, result.pk, THE_DAY)
        changed.append({"result": result, "old": old, "new": status, "motivation": motivation})
    project = FrameProject.objects.order_by("-order", "-pk").first()
    FrameProject.objects.filter(pk=project.pk).update(phase=ProjectPhase.PROJEKTPLAN_FASTSTALLD)
    project = FrameProject.objects.get(pk=project.pk)
    project_services.project_move_phase(
        project=project,
        to_phase=ProjectPhase.GENOMFORANDE,
        by=leader,
        expected_version=project.version,
        decision_text=GATE_TEXT,
        decision_date=THE_DAY,
    )
    return {"changes": changed, "project": project, "replacement": replacement}


def _pdf_text(pdf: bytes) -> tuple[str, list[str]]:
    reader = PdfReader(io.BytesIO(pdf))
    pages = [" ".join(p.extract_text().split()) for p in reader.pages]
    return " ".join(pages), pages


def test_the_gathered_data_lists_each_change_with_its_motivation_and_the_alt_losning(the_day):
    sections = _sections()
    changes = sections["changes"].context
    listed = {(i["result"], i["new_value"]): i for i in changes["items"]}
    for change in the_day["changes"]:
        item = listed[(change["result"].title, change["new"])]
        assert item["old_value"] == change["old"] and item["motivation"] == change["motivation"]
        assert item["who"] and timezone_day(item["when"]) == THE_DAY
    alt = listed[(the_day["changes"][3]["result"].title, ResultStatus.ALT_LOSNING)]
    assert (alt["reason"], alt["replacement"]) == (ALT_REASON, the_day["replacement"].title)
    assert alt["basis"] == f"Planbeslut: {plan_in_force().title}"  # what the status rests on
    assert len(changes["items"]) == 4
    # The plan came in during the period: its results are new results, counted as such, not hidden changes.
    assert changes["created"] == MeasureResult.objects.count()
    assert changes["became"][ResultStatus.ALT_LOSNING] == 1


def timezone_day(when: dt.datetime) -> dt.date:
    from django.utils import timezone

    return timezone.localdate(when)


def test_the_gathered_data_holds_the_gate_decision_dated_in_the_period(the_day):
    sections = _sections()
    decisions = sections["decisions"].context
    gate = [d for d in decisions["items"] if d["kind_value"] == DecisionKind.GATE]
    assert len(gate) == 1 and gate[0]["text"] == GATE_TEXT and gate[0]["date"] == THE_DAY
    assert gate[0]["subject"] == the_day["project"].name
    assert sections["decisions"].empty_message == ""
    assert sections["decision_status"].empty_message == ""  # the register's gate row is in Status för beslut too


def test_a_gate_recorded_before_the_register_held_gates_is_a_decision_of_the_period(the_day):
    """A phase change with a written decision but no register row (recorded before migration 0003)."""
    Decision.objects.filter(kind=DecisionKind.GATE).update(kind=DecisionKind.MOTE)  # keep the row, then cut the link
    from projects.models import PhaseChange

    PhaseChange.objects.update(decision=None)
    Decision.objects.filter(text=GATE_TEXT).delete()
    decisions = _sections()["decisions"].context
    assert [d["text"] for d in decisions["items"] if d["kind_value"] == DecisionKind.GATE] == [GATE_TEXT]


def test_the_rendered_pdf_lists_the_four_changes_the_alt_losning_and_the_gate(the_day):
    text, pages = _pdf_text(render_report(_request(requested_by="Kim Kommunchef")).pdf)
    for change in the_day["changes"]:
        assert change["result"].title in text
        assert f"Motivering: {change['motivation']}" in text
    assert f"Skäl: {ALT_REASON}" in text
    assert f"Ersätts av: {the_day['replacement'].title}" in text
    assert f"Grund: Planbeslut: {plan_in_force().title}" in text
    assert GATE_TEXT in text
    assert "Inga beslut är fattade under perioden" not in text
    assert "Inga resultat eller åtgärder har bytt status" not in text
    summary = next(p for p in pages if p.startswith("Sammanfattning"))
    assert "Status byttes 4 gånger; 1 till Alt lösning och 0 till Ej genomförd" in summary
    assert "om projekt" in summary


def test_a_status_change_of_a_result_created_in_the_period_is_listed(people):
    leader = people["process_leader"]
    MeasureResult.history.model.objects.update(history_date=at(dt.date(YEAR - 1, 6, 1)))
    measure = Measure.objects.filter(plan=plan_in_force(), archived=False).first()
    result = measure_services.measure_result_create(measure=measure, title="Nytt delresultat", by=leader)
    _date_latest_history(MeasureResult, result.pk, dt.date(YEAR, 3, 1))
    measure_services.measure_result_set_status(
        result=result, status=ResultStatus.PABORJAT, motivation="Vi har börjat.", by=leader, expected_version=1
    )
    _date_latest_history(MeasureResult, result.pk, dt.date(YEAR, 3, 2))
    changes = _sections()["changes"].context
    assert changes["created"] == 1 and changes["created_items"][0]["result"] == "Nytt delresultat"
    assert [(i["result"], i["old_value"], i["new_value"]) for i in changes["items"]] == [
        ("Nytt delresultat", ResultStatus.EJ_PABORJAD, ResultStatus.PABORJAT)
    ]


def test_a_measures_own_status_change_is_listed_with_its_reason(people):
    Measure.history.model.objects.update(history_date=at(dt.date(YEAR - 1, 6, 1)))
    measure = Measure.objects.filter(results__isnull=True, plan=plan_in_force()).first()
    measure_services.measure_set_status(
        measure=measure, status=ResultStatus.EJ_GENOMFORD, motivation="Inte längre aktuellt.",
        reason="Behovet försvann med omorganisationen.", by=people["process_leader"], expected_version=measure.version,
    )  # fmt: skip
    _date_latest_history(Measure, measure.pk, THE_DAY)
    items = _sections()["changes"].context["items"]
    assert [(i["kind"], i["measure"], i["new_value"], i["motivation"], i["reason"]) for i in items] == [
        (
            "measure",
            measure.title,
            ResultStatus.EJ_GENOMFORD,
            "Inte längre aktuellt.",
            "Behovet försvann med omorganisationen.",
        )
    ]


def test_distributed_measures_are_counted_per_organisation_and_status(plan):
    parts = _sections()["parts"].context
    followed = OrganisationPart.objects.filter(measure__plan__slug="tidigare-atgarder", archived=False)
    assert parts["total"] == followed.count() > 0
    assert sum(row["counts"][0] for row in parts["rows"]) == followed.filter(status="").count()
    assert len(parts["rows"]) == followed.values("organisation").distinct().count()
    assert [c["label"] for c in parts["columns"]][0] == "Ej rapporterad"


LONG_WORD = 6


def lix(text: str) -> float:
    """LIX = words / sentences + 100 × long words (more than six letters) / words."""
    words = re.findall(r"[0-9A-Za-zÅÄÖåäöÉé]+", text)
    sentences = max(1, len(re.findall(r"[.!?]+(?:\s|$)", text)))
    long = sum(1 for w in words if len(w) > LONG_WORD)
    return len(words) / sentences + 100 * long / len(words)


def test_the_summary_is_five_to_eight_plain_sentences_under_lix_45(the_day, followup_world):
    overview = _sections()[OVERVIEW_KEY].context
    sentences = overview["sentences"]
    assert 5 <= len(sentences) <= 8
    text = " ".join(sentences)
    print(f"\nLIX {lix(text):.1f}: {text}")
    assert lix(text) < 45
    assert sentences[1].startswith("Status byttes 4 gånger")
    assert "om projekt" in sentences[4] and "1 om projekt" in sentences[4]
    # the frame projects' traffic lights and the maturity medians come with it
    assert len(overview["lights"]) == FrameProject.objects.count()
    assert overview["maturity"]["areas"] and overview["bars"]


def test_the_summary_says_how_many_measures_are_late_and_how_many_became_late(people):
    plan = plan_in_force()
    measures = list(Measure.objects.filter(plan=plan, archived=False)[:3])
    for k, measure in enumerate(measures):
        result = measure.results.filter(archived=False).first() or MeasureResult.objects.create(
            measure=measure, title=f"Sent {k}", status=ResultStatus.PABORJAT
        )
        # one was already late at the previous report's end (1 January), two became late after it
        end = dt.date(YEAR - 1, 12, 1) if k == 0 else dt.date(YEAR, 3, 1)
        MeasureResult.objects.filter(pk=result.pk).update(status=ResultStatus.PABORJAT, end_date=end)
    from reports.models import Report

    Report.objects.create(
        kind=ReportKind.UPPFOLJNING, period_start=dt.date(YEAR - 1, 1, 1), period_end=dt.date(YEAR - 1, 12, 31),
        state="klar", generated_at=at(dt.date(YEAR, 1, 1)),
    )  # fmt: skip
    status = _sections()["status"].context
    total = Measure.objects.filter(plan=plan, archived=False).count()
    late = len(status["overdue"])
    assert late >= 3
    sentence = _sections()[OVERVIEW_KEY].context["sentences"][0]
    assert sentence.startswith(f"{late} av {total} åtgärder är försenade; ")
    assert sentence.endswith(f"{status['overdue_new']} blev försenade sedan förra rapporten.")
    previous_end = dt.date(YEAR - 1, 12, 31)
    new = {m.pk for m in status["overdue"] if m.late_since >= previous_end}
    assert status["overdue_new"] == len(new)
    assert measures[0].pk not in new and {m.pk for m in measures[1:]} <= new


def test_indicators_show_target_latest_value_and_trend_within_the_period(plan):
    from measures.models import FollowUpPeriod, Indicator, IndicatorValue

    plan_now = plan_in_force()
    t1, t2, bokslut = (
        FollowUpPeriod.objects.create(
            plan=plan_now, title=title, opens_on=dt.date(YEAR, m, 1), deadline=dt.date(YEAR, m, 20)
        )
        for title, m in (("T1", 4), ("T2", 8), ("Bokslut", 12))
    )
    measure = Measure.objects.filter(plan=plan_now).first()
    indicator = Indicator.objects.create(
        measure=measure, name="Andel e-tjänster", unit="%", baseline_value=10, baseline_year=YEAR - 1,
        target_value=50, target_date=dt.date(YEAR + 1, 12, 31),
    )  # fmt: skip
    for period, value in ((t1, 20), (t2, 18), (bokslut, 40)):  # the bokslut's deadline is after the report's end
        IndicatorValue.objects.create(indicator=indicator, period=period, value=value)
    rows = _sections()["indicators"].context["rows"]
    assert rows == [
        {
            "measure": measure.title,
            "indicator": "Andel e-tjänster",
            "target": rows[0]["target"],
            "target_date": dt.date(YEAR + 1, 12, 31),
            "latest": rows[0]["latest"],
            "latest_period": "T2",
            "trend": "Sämre",
            "track": rows[0]["track"],
        }
    ]
    assert rows[0]["target"].startswith("50") and rows[0]["latest"].startswith("18")
    assert rows[0]["track"] in ("I fas", "Efter plan")
