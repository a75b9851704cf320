"""Data gathering takes a constant number of queries whatever the size; most of the time is WeasyPrint's own.

Run with ``-s`` to see the measured times.
"""

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext

from forums.models import Forum
from forums.services import forum_meeting_create
from maturity.constants import AssessmentStatus, RoundStatus
from maturity.models import Assessment, AssessmentRound
from measures.models import FollowUpPeriod, Indicator, IndicatorValue, Measure, MeasureResult, OrganisationPart, Plan
from measures.selectors import plan_in_force
from projects.constants import ProjectPhase, TrafficLight
from projects.models import FrameProject, PhaseChange
from reports.constants import ReportKind
from reports.documents import ReportRequest, build
from reports.rendering import render_report
from reports.selectors import report_organisations
from reports.services import annual_event_save
from reports.twin import twin_of
from steeringgroups.models import Decision, FollowUp, SteeringGroup
from vudig.core.models import Obstacle

from .conftest import add_assessment, add_decision, add_errand, add_round, add_status_report, move_phase


def _request(kind, **kwargs):
    return ReportRequest(kind=kind, period_start=dt.date(2026, 1, 1), period_end=dt.date(2026, 12, 31), **kwargs)


def _queries(kind, **kwargs) -> int:
    """Queries to gather the data, and none more to encode its JSON twin (it reads only what was gathered)."""
    request = _request(kind, **kwargs)
    with CaptureQueriesContext(connection) as queries:
        document = build(request)
    executed = []

    def count(execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        executed.append(sql)  # only queries that ran: reports.twin refuses the rest before they reach the database
        return result

    with connection.execute_wrapper(count):
        twin_of(request=request, document=document)
    assert executed == [], (kind, executed)
    return len(queries)


def _seed(people) -> None:
    """The small size: this year's and last year's round with one assessment each (a heatmap with a year to compare
    with, so both sizes take the same paths), one published status report, one forum meeting, one ärende with a
    decision."""
    leader = people["process_leader"]
    for year in (2025, 2026):
        round = add_round(year, status=RoundStatus.STANGD, opens_on=dt.date(year, 3, 1), closes_on=dt.date(year, 4, 30))
        add_assessment(round, report_organisations().first(), AssessmentStatus.FASTSTALLD, (3, 3, 3, 3, 3))
    project = FrameProject.objects.first()
    add_status_report(project, by=leader, status=TrafficLight.GUL, published_on=dt.date(2026, 2, 1), risks="Risk")
    forum_meeting_create(forum=Forum.objects.first(), date=dt.date(2026, 2, 2), participants=5, by=leader)
    errand = add_errand(people, topic="nis", created=dt.date(2026, 2, 1), group=SteeringGroup.objects.first())
    add_decision(people, errand, on=dt.date(2026, 3, 1))
    _add_indicators(1, tag="seed")


def _add_indicators(n: int, *, tag: str) -> None:
    """Indicators on the plan in force's effect measures, each with an outcome in one or two follow-up periods."""
    plan = plan_in_force()
    periods = [
        FollowUpPeriod.objects.get_or_create(
            plan=plan, title=title, defaults={"opens_on": dt.date(2026, m, 1), "deadline": dt.date(2026, m, 20)}
        )[0]
        for title, m in (("T1 2026", 5), ("T2 2026", 9))
    ]
    measures = list(Measure.objects.filter(plan=plan, category="effect"))
    for i in range(n):
        indicator = Indicator.objects.create(
            measure=measures[i % len(measures)], name=f"Nyckeltal {tag}-{i}", unit="%", baseline_value=10,
            baseline_year=2025, target_value=50, target_date=dt.date(2027, 12, 31), order=i,
        )  # fmt: skip
        for k, period in enumerate(periods[: 1 + i % 2]):
            IndicatorValue.objects.create(indicator=indicator, period=period, value=12 + i + k)


def _grow(n: int, people) -> None:
    """Everything the reports read grows: results and their history, events, hinder, assessments over three years,
    status reports with risks, phase changes, forum meetings, ärenden (open, overdue, decided)."""
    leader = people["process_leader"]
    plan = Plan.objects.get(slug="tidigare-atgarder")
    for i in range(n):
        measure = Measure.objects.create(plan=plan, title=f"Tillväxt {n}-{i}", responsible="Alla")
        result = MeasureResult.objects.create(measure=measure, title=f"R {i}", status="paborjat")
        result.status = "etablerat"
        result.save()  # a status change in the history
        # Alt lösning with its reason, a replacement and what it rests on; the measure's own status; a part per
        # organisation; a gate recorded on a project before the register held gates.
        result.status, result.status_reason, result.replacement_measure = "alt_losning", f"Skäl {i}", measure
        result.basis_decision, result.basis_plan = Decision.objects.first(), plan
        result.save()
        measure.status = "paborjat"
        measure.save()
        OrganisationPart.objects.create(measure=measure, organisation=report_organisations()[i % 5], status="paborjat")
        annual_event_save(
            title=f"Möte {n}-{i}", kind="forummote", start_date=dt.date(2026, 1 + i % 12, 1), end_date=None, by=leader
        )
    for i in range(n):
        Obstacle.objects.create(number=100 + n + i, text=f"Hinder {n}-{i}")
    _add_indicators(n, tag="grow")
    organisations = list(report_organisations())
    older = add_round(2024, status=RoundStatus.STANGD, opens_on=dt.date(2024, 3, 1), closes_on=dt.date(2024, 4, 30))
    rounds = [older, *AssessmentRound.objects.filter(year__in=(2025, 2026))]
    for round in rounds:
        for k, org in enumerate(organisations):
            if not Assessment.objects.filter(round=round, organisation=org).exists():
                status = AssessmentStatus.FASTSTALLD if k % 3 else AssessmentStatus.INLAMNAD
                add_assessment(round, org, status, tuple(1 + (k + j) % 5 for j in range(5)))
    projects = list(FrameProject.objects.all())
    for project in projects:
        move_phase(project, ProjectPhase.PLANERING, by=leader, on=dt.date(2026, 1, 10))
    forums = list(Forum.objects.all())
    for i in range(n):
        add_status_report(
            projects[i % len(projects)],
            by=leader,
            status=TrafficLight.values[i % 3],
            published_on=dt.date(2026, 1 + i % 12, 1 + i % 28),
            risks=f"Risk {i}",
        )
        forum_meeting_create(
            forum=forums[i % len(forums)], date=dt.date(2026, 1 + i % 12, 1 + i % 28), participants=i, by=leader
        )
    for i in range(n):
        PhaseChange.objects.create(
            project=projects[i % len(projects)], from_phase=ProjectPhase.PLANERING, to_phase=ProjectPhase.PLANERING,
            decision_group=SteeringGroup.objects.first(), decision_date=dt.date(2026, 1 + i % 12, 1),
            decision_text=f"Grind {i}", recorded_by=leader,
        )  # fmt: skip
        later = Plan.objects.create(slug=f"tillvaxt-{n}-{i}", title=f"Plan {n}-{i}", period_start=dt.date(2030, 1, 1))
        later.state = "beslutad"
        later.save()  # a plan version decided in the period, without a register row
    groups = list(SteeringGroup.objects.all())
    for i in range(n):
        errand = add_errand(
            people, topic="gdpr", created=dt.date(2026, 1 + i % 12, 1 + i % 28), group=groups[i % len(groups)]
        )
        if i % 2:
            decision = add_decision(people, errand, on=dt.date(2026, 1 + i % 12, 1 + i % 28) + dt.timedelta(days=i))
            FollowUp.objects.create(decision=decision, what=f"Uppdrag {i}", owner=leader, due_date=dt.date(2026, 6, 1))


def test_data_gathering_takes_the_same_queries_at_two_sizes(people):
    _seed(people)
    org = report_organisations().first()
    kinds = (ReportKind.UPPFOLJNING, ReportKind.HANDLINGSPLAN)
    small = {kind: _queries(kind) for kind in kinds}
    small[ReportKind.MOGNAD] = _queries(ReportKind.MOGNAD, organisation=org)
    _grow(30, people)
    large = {kind: _queries(kind) for kind in kinds}
    large[ReportKind.MOGNAD] = _queries(ReportKind.MOGNAD, organisation=org)
    print(f"\nqueries to gather data: small {small}, large {large}")
    assert small == large, (small, large)
    # Uppföljning: 1 previous report; status 7 (2 status counts, the plan in force, its overdue measures, its number
    # of measures, its closed periods and their frozen rows); 2 changes (the results' and the measures' history, each
    # with who and what it rests on joined); 2 distributed measures (the plans followed up, their parts per
    # organisation and status); 3 projects (projects, their latest reports, phase changes); 4 queue (groups, received,
    # decisions, open at the end); 3 decisions (the register, gates recorded before it held them, plan versions
    # decided); 2 status för beslut (the period's decisions, their uppdrag); 3 groups/forums (with the forums' feeds);
    # 1 round + 8 heatmap (areas, organisations, previous round, levels of both rounds, statuses, and both rounds'
    # levels counted per area, kind and level for the spread)
    # + 2 targets (the process leader's per kind, the organisations' own); 1 forum activity, 2 hinder/risks,
    # 3 indicators (the plan in force, its indicators, their outcomes); the wheel's four sources (årshjul, rounds,
    # forum and group meetings). The summary is made from the sections' data: no query of its own.
    # 5 the state sealed for the next report's comparison (reports.snapshots: measures, results, decisions, the
    # round and its levels).
    # 1 the organisation kinds of the long lists (reports.longlists, run at every size).
    assert small[ReportKind.UPPFOLJNING] == 54
    # Mognad: areas, assessments, their area rows, the rows' planned improvements, the round's medians.
    assert small[ReportKind.MOGNAD] == 5


def test_timing_for_pitea_13_organisations(plan):
    organisations = list(report_organisations())
    assert len(organisations) == 13  # 7 förvaltningar and 6 bolag
    result = render_report(_request(ReportKind.UPPFOLJNING))
    print(
        f"\nuppföljningsrapport: datainsamling {result.gather_seconds * 1000:.1f} ms, "
        f"WeasyPrint {result.pdf_seconds * 1000:.0f} ms"
    )
    assert result.pdf_seconds > result.gather_seconds
    gather = pdf = 0.0
    for organisation in organisations:
        r = render_report(_request(ReportKind.MOGNAD, organisation=organisation))
        gather, pdf = gather + r.gather_seconds, pdf + r.pdf_seconds
    print(f"13 mognadsrapporter: datainsamling {gather * 1000:.1f} ms, WeasyPrint {pdf * 1000:.0f} ms")
    assert pdf > gather
