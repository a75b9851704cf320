"""The uppföljningsrapport's sections: each gathers its own data in a small, constant number of queries.

A section is ``section_<name>(*, period) -> SectionData | None`` (None leaves it out). The registry SECTIONS keeps
their order; a section is added or replaced in one place:

    from reports.sections import register_section
    register_section("queue", another_queue_section)  # replaces section_queue in its place
    register_section("budget", section_budget)  # a new section goes last

Every figure is as at the period's end where the data keeps its dates (phases, status reports, ärenden, meetings,
rounds), so a report for an earlier period tells that period's truth. The one-page summary is made from these
sections' data afterwards (reports.overview), without queries of its own.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from statistics import median

from django.db.models import Count, Exists, Min, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from forums.selectors import forum_activity, forum_list
from maturity.charts import heatmap_chart
from maturity.constants import AssessmentStatus, RoundStatus
from maturity.models import AssessmentRound
from maturity.selectors import heatmap
from maturity.templatetags.maturity import level
from measures.constants import FINISHED_STATUSES, STATUSES_NEEDING_REASON, PlanState, ResultStatus
from measures.indicators import indicator_chart, indicator_report_list, track_label
from measures.models import Measure, MeasureResult, Plan
from measures.parts import part_status_matrix
from measures.periods import closed_period_status_counts
from measures.selectors import measure_overdue_list, plan_in_force, result_status_counts
from projects.constants import ProjectPhase, TrafficLight
from projects.models import PhaseChange, StatusReport
from projects.selectors import project_list
from steeringgroups.constants import DecisionKind, FollowUpStatus
from steeringgroups.models import Decision, Errand, FollowUp
from steeringgroups.selectors import steering_group_list
from vudig.core.models import Obstacle


@dataclass(frozen=True)
class ReportPeriod:
    start: dt.date
    end: dt.date
    # End of the previous uppföljningsrapport's period: "what changed" counts from here (None = from the start).
    previous_end: dt.date | None = None
    # What changed since the previous sealed report, compared from the two JSON twins (reports.snapshots.diff);
    # None when there is no previous report with a twin.
    compared: dict | None = None

    @property
    def changes_since(self) -> dt.date:
        return self.previous_end if self.previous_end is not None else self.start - dt.timedelta(days=1)


@dataclass
class SectionData:
    key: str
    title: str
    template: str
    context: dict = field(default_factory=dict)
    # Headline figures for the one-page summary: (label, value) pairs.
    summary: list[tuple[str, str]] = field(default_factory=list)
    # Set when there is nothing to show yet; the template then says so instead of drawing an empty table.
    empty_message: str = ""


EMPTY_SECTION_TEMPLATE = "reports/pdf/sections/_empty.html"
Section = Callable[..., SectionData | None]
SECTIONS: dict[str, Section] = {}


def register_section(key: str, section: Section) -> Section:
    """Add a section at the end, or replace the one registered under ``key`` in its place."""
    SECTIONS[key] = section
    return section


def _start_of_day(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def _end_of_day(day: dt.date) -> dt.datetime:
    return _start_of_day(day + dt.timedelta(days=1))


def section_status(*, period: ReportPeriod) -> SectionData:
    """Results per status, per decided plan, the plan in force's measures and overdue ones (with those late since the
    previous report), and its status at each follow-up period closed by the report's end, from the frozen period
    reports (7 queries)."""

    rows = result_status_counts()
    plan = plan_in_force()
    overdue = list(measure_overdue_list().annotate(late_since=_late_since()))
    measures_total = Measure.objects.filter(plan=plan).active().count() if plan else 0
    # Late since the previous report: its first overdue result's end date was not yet passed then.
    overdue_new = sum(1 for m in overdue if m.late_since is not None and m.late_since >= period.changes_since)
    frozen = closed_period_status_counts(plan=plan, closed_by=_end_of_day(period.end))
    total = sum(r["total"] for r in rows)
    summary = [(_("Resultat i planerna"), str(total)), (_("Försenade åtgärder i gällande plan"), str(len(overdue)))]
    for row in rows:
        for status in row["statuses"]:
            if status["count"]:
                summary.append((f"{row['plan'].title}: {status['label']}", str(status["count"])))
    chart_max = max((s["count"] for r in rows for s in r["statuses"]), default=0)
    return SectionData(
        key="status",
        title=_("Åtgärdernas status"),
        template="reports/pdf/sections/_status.html",
        context={
            "rows": rows,
            "total": total,
            "chart_max": chart_max,
            "overdue": overdue,
            "overdue_new": overdue_new,
            "measures_total": measures_total,
            "frozen": frozen,
        },
        summary=summary,
        empty_message="" if rows else _("Ingen plan är inläst ännu."),
    )


def _late_since():
    """The end date of a measure's earliest overdue result (an annotation for measure_overdue_list)."""
    return Min(
        "results__end_date",
        filter=Q(results__archived=False, results__end_date__lt=timezone.localdate())
        & ~Q(results__status__in=FINISHED_STATUSES),
    )


def section_parts(*, period: ReportPeriod) -> SectionData:
    """The distributed measures ("(Alla)") of the decided plans still followed up: each organisation's parts per
    status, as reported when the report is made (2 queries)."""

    plans = list(Plan.objects.decided().open_for_followup().order_by("order", "pk"))
    matrix = part_status_matrix(Measure.objects.filter(plan__in=plans).active())
    return SectionData(
        key="parts",
        title=_("Åtgärder som alla organisationer genomför"),
        template="reports/pdf/sections/_parts.html",
        context={"plans": [p.title for p in plans], **matrix},
        empty_message=""
        if matrix["total"]
        else _("Ingen beslutad plan har åtgärder som fördelats på organisationerna."),
    )


def _who(user) -> str:
    return (user.get_full_name() or user.username) if user else ""


def _history_by_object(model, *, since: dt.datetime, until: dt.datetime, related: tuple[str, ...]) -> dict[int, list]:
    """Every history record before ``until`` of the objects with a record in [since, until), oldest first, per object
    (1 query)."""
    history = model.history.model
    touched = history.objects.filter(history_date__gte=since, history_date__lt=until).values("id")
    by_object: dict[int, list] = {}
    rows = (
        history.objects.filter(id__in=touched, history_date__lt=until)
        .select_related("history_user", *related)
        .order_by("id", "history_date", "history_id")
    )
    for row in rows:
        by_object.setdefault(row.id, []).append(row)
    return by_object


def _basis_text(record) -> str:
    """What a result's status rests on, as the report cites it."""
    parts = []
    if record.basis_decision_id and record.basis_decision:
        parts.append(_("Beslut %(ref)s") % {"ref": record.basis_decision.reference})
    if record.basis_plan_id and record.basis_plan:
        parts.append(_("Planbeslut: %(plan)s") % {"plan": record.basis_plan.title})
    if record.basis_document_id and record.basis_document:
        parts.append(_("Dokument: %(name)s") % {"name": record.basis_document.original_name})
    return "; ".join(parts)


def _replacement_text(record) -> str:
    if record.replacement_result_id and record.replacement_result:
        return str(record.replacement_result.title)
    if record.replacement_measure_id and record.replacement_measure:
        return str(record.replacement_measure.title)
    return ""


def section_changes(*, period: ReportPeriod) -> SectionData:
    """Every status change of a result or a measure in the period, results created in it included, from the history
    tables: who, when, from → to, the motivation, the reason and replacement, and what it rests on (2 queries)."""

    labels = dict(ResultStatus.choices)
    until = _end_of_day(period.end)
    period_start = _start_of_day(period.start)
    since_previous = _end_of_day(period.changes_since)
    window = min(period_start, since_previous)
    results = _history_by_object(
        MeasureResult,
        since=window,
        until=until,
        related=(
            "measure",
            "replacement_measure",
            "replacement_result",
            "basis_decision__steering_group",
            "basis_plan",
            "basis_document",
        ),
    )
    measures = _history_by_object(Measure, since=window, until=until, related=())
    items, created = [], []
    for kind, by_object in (("result", results), ("measure", measures)):
        for records in by_object.values():
            previous = None
            for record in records:
                if record.history_date >= window:
                    if previous is None and record.history_type == "+" and kind == "result":
                        created.append(
                            {
                                "measure": record.measure.title if record.measure else "",
                                "result": record.title,
                                "status": labels.get(record.status, record.status),
                                "when": record.history_date,
                                "who": _who(record.history_user),
                                "in_period": record.history_date >= period_start,
                            }
                        )
                    elif previous is not None and record.status != previous.status:
                        items.append(_change_item(kind, previous, record, labels, period_start))
                previous = record
    items.sort(key=lambda i: i["when"])
    created.sort(key=lambda i: i["when"])
    in_period = [i for i in items if i["in_period"]]
    new_in_period = sum(1 for c in created if c["in_period"])
    return SectionData(
        key="changes",
        title=_("Statusändringar under perioden"),
        template="reports/pdf/sections/_changes.html",
        context={
            "items": in_period,
            "created": new_in_period,
            "created_items": [c for c in created if c["in_period"]],
            "since": period.changes_since,
            "has_previous": period.previous_end is not None,
            "since_previous": sum(1 for i in items if i["when"] >= since_previous),
            "became": {value: sum(1 for i in in_period if i["new_value"] == value) for value in ResultStatus.values},
            "compared": period.compared,
        },
        summary=[
            (_("Statusändringar under perioden"), str(len(in_period))),
            (_("Nya resultat (tillagda under perioden)"), str(new_in_period)),
        ],
        empty_message="" if in_period else _("Inga resultat eller åtgärder har bytt status under perioden."),
    )


def _change_item(kind: str, previous, record, labels: dict, period_start: dt.datetime) -> dict:
    """One status change read from two history records, in plain values."""
    needs_reason = record.status in STATUSES_NEEDING_REASON
    if kind == "result":
        measure, subject = (record.measure.title if record.measure else ""), record.title
        replacement, basis = _replacement_text(record), _basis_text(record)
    else:
        measure, subject, replacement, basis = record.title, _("åtgärdens egen status"), "", ""
    return {
        "kind": kind,
        "measure": measure,
        "result": subject,
        "old": labels.get(previous.status, previous.status),
        "old_value": previous.status,
        "new": labels.get(record.status, record.status),
        "new_value": record.status,
        "when": record.history_date,
        "who": _who(record.history_user),
        "motivation": record.history_change_reason or "",
        "reason": record.status_reason if needs_reason else "",
        "replacement": replacement if needs_reason else "",
        "basis": basis,
        "in_period": record.history_date >= period_start,
    }


def section_projects(*, period: ReportPeriod) -> SectionData:
    """Each frame project's phase, traffic light and latest published status report, as at the period's end (3 queries).

    The traffic light is the latest published lägesrapport's samlad status (the project itself has none). The phase
    is read back from the recorded phase changes, so a report for an earlier period shows the phase then.
    """

    until = _end_of_day(period.end)
    latest = (
        StatusReport.objects.published()
        .filter(project=OuterRef("pk"), published_at__lt=until)
        .order_by("-published_at", "-pk")
        .values("pk")[:1]
    )
    projects = list(project_list().select_related("owner").annotate(latest_report_id=Subquery(latest)))
    reports = StatusReport.objects.select_related("published_by").in_bulk(
        [p.latest_report_id for p in projects if p.latest_report_id]
    )
    changes: dict[int, list] = {}
    for change in PhaseChange.objects.filter(project__in=projects).order_by("recorded_at", "pk"):
        changes.setdefault(change.project_id, []).append(change)
    labels = dict(ProjectPhase.choices)
    items = []
    for project in projects:
        phase = _phase_at(project, changes.get(project.pk, []), until)
        report = reports.get(project.latest_report_id)
        items.append(
            {
                "project": project,
                "phase": labels.get(phase, phase),
                "traffic_light": report.get_overall_status_display() if report else "",
                "traffic_light_value": report.overall_status if report else "",
                "latest_report": report,
            }
        )
    counts = {label: sum(1 for i in items if i["traffic_light"] == label) for _value, label in TrafficLight.choices}
    # One line each, so the summary stays on one page.
    lights = [f"{label.lower()} {n}" for label, n in counts.items()]
    lights.append(_("ingen lägesrapport %(n)s") % {"n": sum(1 for i in items if not i["latest_report"])})
    summary = [(_("Ramprojekt"), str(len(items))), (_("Ramprojektens trafikljus"), ", ".join(lights))]
    return SectionData(
        key="projects",
        title=_("Ramprojekten"),
        template="reports/pdf/sections/_projects.html",
        context={"items": items},
        summary=summary,
        empty_message="" if items else _("Inga ramprojekt ännu."),
    )


def _phase_at(project, changes: list, until: dt.datetime) -> str:
    """The phase a project was in at ``until``: the last recorded move before it, else where the first later move
    started from, else the phase it has now (never moved)."""
    before = [c for c in changes if c.recorded_at < until]
    if before:
        return before[-1].to_phase
    if changes:
        return changes[0].from_phase
    return project.phase


def section_queue(*, period: ReportPeriod) -> SectionData:
    """The steering groups' ärenden in the period: received, decided, open and overdue at its end, median days to a
    decision, per group, and the period's decisions (4 queries).

    Figures are as at the period's end: an ärende is open then if it had come in and was not closed; it is overdue
    if it had no decision by then and its topic's target date (steeringgroups.constants.TOPIC_RULES) had passed.
    """

    since, until = _start_of_day(period.start), _end_of_day(period.end)
    groups = list(steering_group_list())
    received = {
        row["steering_group"]: row["n"]
        for row in Errand.objects.filter(created_at__gte=since, created_at__lt=until)
        .order_by()
        .values("steering_group")
        .annotate(n=Count("pk"))
    }
    decisions = list(
        Decision.objects.filter(decided_on__gte=period.start, decided_on__lte=period.end)
        .select_related("errand", "steering_group", "project", "plan", "measure")
        .order_by("decided_on", "pk")
    )
    open_at_end = list(
        Errand.objects.filter(created_at__lt=until)
        .filter(Q(closed_at__isnull=True) | Q(closed_at__gte=until))
        .annotate(decided_by_end=Exists(Decision.objects.filter(errand=OuterRef("pk"), decided_on__lte=period.end)))
        .only("pk", "topic", "created_at", "steering_group_id")
    )
    overdue = [e for e in open_at_end if not e.decided_by_end and e.target_date < period.end]
    first_decision: dict[int, Decision] = {}
    for decision in decisions:
        if decision.errand_id:  # gate and plan decisions count in the register, not in the ärenden's lead time
            first_decision.setdefault(decision.errand_id, decision)
    days = [(d.decided_on - timezone.localdate(d.errand.created_at)).days for d in first_decision.values()]
    median_days = median(days) if days else None

    def per_group(group_id):
        return {
            "received": received.get(group_id, 0),
            "decided": sum(1 for d in decisions if d.steering_group_id == group_id),
            "open": sum(1 for e in open_at_end if e.steering_group_id == group_id),
            "overdue": sum(1 for e in overdue if e.steering_group_id == group_id),
        }

    rows = [{"name": g.name, **per_group(g.pk)} for g in groups]
    unassigned = per_group(None)
    if any(unassigned.values()):
        rows.append({"name": _("Hos beredningen (ingen styrgrupp ännu)"), **unassigned})
    totals = {
        "received": sum(received.values()),
        "decided": len(decisions),
        "open": len(open_at_end),
        "overdue": len(overdue),
        "median_days": median_days,
    }
    median_text = _format_level(median_days) if median_days is not None else "–"
    median_sentence = _median_sentence(median_days, median_text) if median_days is not None else ""
    return SectionData(
        key="queue",
        title=_("Styrgruppernas ärenden och beslut"),
        template="reports/pdf/sections/_queue.html",
        context={
            "rows": rows,
            "totals": totals,
            "decisions": decisions,
            "median_text": median_text,
            "median_sentence": median_sentence,
        },
        summary=[
            (_("Ärenden inkomna / beslut under perioden"), f"{totals['received']} / {totals['decided']}"),
            (
                _("Öppna ärenden vid periodens slut (varav försenade)"),
                f"{totals['open']} ({totals['overdue']})",
            ),
            (_("Mediantid till beslut (dagar)"), median_text),
        ],
    )


def section_decisions(*, period: ReportPeriod) -> SectionData:
    """Every decision of the period: the register's steering-group §, gate and plan decisions, a gate recorded on a
    project before the register held gates, and plan versions decided without a register row (3 queries)."""

    register = list(
        Decision.objects.register()
        .filter(decided_on__gte=period.start, decided_on__lte=period.end)
        .order_by("decided_on", "pk")
    )
    kinds = dict(DecisionKind.choices)
    items = [
        {
            "date": d.decided_on,
            "kind": kinds[DecisionKind.GATE] if d.is_gate else d.get_kind_display(),
            "kind_value": DecisionKind.GATE if d.is_gate else d.kind,
            "reference": d.reference,
            "subject": d.subject_label,
            "text": d.text,
            "follow_up": ", ".join(
                str(v) for v in (d.follow_up_owner, d.follow_up_date.isoformat() if d.follow_up_date else "") if v
            ),
        }
        for d in register
    ]
    gates = (
        PhaseChange.objects.filter(
            decision__isnull=True, decision_date__gte=period.start, decision_date__lte=period.end
        )
        .select_related("project", "decision_group")
        .order_by("decision_date", "pk")
    )
    items += [
        {
            "date": g.decision_date,
            "kind": kinds[DecisionKind.GATE],
            "kind_value": DecisionKind.GATE,
            "reference": f"{g.decision_group} {g.decision_date:%Y-%m-%d}",
            "subject": g.project.name,
            "text": g.decision_text,
            "follow_up": "",
        }
        for g in gates
    ]
    registered_plans = {d.plan_id for d in register if d.kind == DecisionKind.PLAN}
    for record in _plans_decided(period):
        if record.id not in registered_plans:
            items.append(
                {
                    "date": timezone.localdate(record.history_date),
                    "kind": kinds[DecisionKind.PLAN],
                    "kind_value": DecisionKind.PLAN,
                    "reference": _who(record.history_user),
                    "subject": record.title,
                    "text": record.history_change_reason or _("Planen beslutad."),
                    "follow_up": "",
                }
            )
    items.sort(key=lambda i: i["date"])
    counts = {value: sum(1 for i in items if i["kind_value"] == value) for value in DecisionKind.values}
    return SectionData(
        key="decisions",
        title=_("Periodens beslut"),
        template="reports/pdf/sections/_decisions.html",
        context={"items": items, "counts": counts, "total": len(items)},
        summary=[(_("Beslut under perioden"), str(len(items)))],
        empty_message="" if items else _("Inga beslut är fattade under perioden."),
    )


def _plans_decided(period: ReportPeriod) -> list:
    """Plan history records of the period where a plan became beslutad (1 query)."""
    history = Plan.history.model
    previous = history.objects.filter(id=OuterRef("id"), history_date__lt=OuterRef("history_date")).order_by(
        "-history_date", "-history_id"
    )
    return list(
        history.objects.filter(
            state=PlanState.BESLUTAD,
            history_date__gte=_start_of_day(period.start),
            history_date__lt=_end_of_day(period.end),
        )
        .annotate(previous_state=Subquery(previous.values("state")[:1]))
        .exclude(previous_state=PlanState.BESLUTAD)
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )


def section_decision_status(*, period: ReportPeriod) -> SectionData:
    """Status för beslut: the period's decisions and how their uppdrag stand at the period's end: open, done,
    overdue (2 queries)."""
    decisions = list(
        Decision.objects.filter(decided_on__gte=period.start, decided_on__lte=period.end)
        .select_related("errand", "steering_group", "project", "plan", "measure")
        .order_by("decided_on", "pk")
    )
    follow_ups: dict[int, list] = {}
    for item in FollowUp.objects.filter(decision__in=decisions).select_related("owner").order_by("due_date", "pk"):
        follow_ups.setdefault(item.decision_id, []).append(item)
    rows = [{"decision": d, "follow_ups": follow_ups.get(d.pk, [])} for d in decisions]
    all_items = [f for items in follow_ups.values() for f in items]
    done = sum(1 for f in all_items if f.status == FollowUpStatus.KLAR)
    late = sum(1 for f in all_items if f.status != FollowUpStatus.KLAR and f.due_date < period.end)
    return SectionData(
        key="decision_status",
        title=_("Status för beslut"),
        template="reports/pdf/sections/_decision_status.html",
        context={
            "rows": rows,
            "done": done,
            "late": late,
            "open": len(all_items) - done - late,
            "total": len(all_items),
        },
        # No summary line: the one-page summary is full; the chapter gives the figures.
        empty_message="" if decisions else _("Inga beslut är fattade under perioden."),
    )


def section_groups_and_forums(*, period: ReportPeriod) -> SectionData:
    """The steering groups and the forums (2 queries)."""

    groups, forums = list(steering_group_list()), list(forum_list())
    return SectionData(
        key="groups",
        title=_("Styrgrupper och forum"),
        template="reports/pdf/sections/_groups.html",
        context={"groups": groups, "forums": forums},
        summary=[(_("Styrgrupper"), str(len(groups))), (_("Forum"), str(len(forums)))],
    )


def report_round(*, period: ReportPeriod):
    """The self-assessment round a report for ``period`` shows: the newest one opened by the period's end (1 query).

    That is the round of the period end's year once it has opened, else the latest earlier round; a round still
    planned (not opened) has nothing to show.
    """

    return (
        AssessmentRound.objects.exclude(status=RoundStatus.PLANERAD)
        .filter(year__lte=period.end.year, opens_on__lte=period.end)
        .order_by("-year")
        .first()
    )


def section_maturity(*, period: ReportPeriod) -> SectionData:
    """The period's round as a heatmap with the change since the year before (7 queries).

    Which assessments: submitted ones (inlämnad, granskad, fastställd), exactly as the maturity heatmap page shows
    them to everyone signed in; drafts never. The report's readers (kommunchef, ledningsgruppen through kommunchef,
    the process leader) may all see those under the maturity rules; the report marks which are not yet fastställda,
    so a preliminary level is never mistaken for an established one.
    """

    title = _("Digital mognad")
    round = report_round(period=period)
    if round is None:
        return SectionData(
            key="maturity",
            title=title,
            template=EMPTY_SECTION_TEMPLATE,
            empty_message=_("Inga uppgifter ännu: ingen självskattningsomgång har öppnat före periodens slut."),
        )
    data = heatmap(round=round)  # the report shows every organisation
    submitted = [r for r in data.rows if r.status]
    established = sum(1 for r in submitted if r.status == AssessmentStatus.FASTSTALLD)
    svg = heatmap_chart(
        chart_id="heatmap",
        title=_("Självskattad mognad %(year)s per organisation och område") % {"year": round.year},
        columns=[a.name for a in data.areas],
        rows=[(r.organisation.name, r.levels) for r in data.rows],
    )
    summary = [
        (
            _("Inlämnade självskattningar %(year)s") % {"year": round.year},
            _("%(n)s av %(total)s, varav %(established)s fastställda")
            % {"n": len(submitted), "total": len(data.rows), "established": established},
        ),
    ]
    medians = [f"{s.area.name} {_format_level(s.median)}" for s in data.spread if s.median is not None]
    if medians:
        summary.append((_("Median per område %(year)s") % {"year": round.year}, ", ".join(medians)))
    return SectionData(
        key="maturity",
        title=title,
        template="reports/pdf/sections/_maturity.html",
        context={"round": round, "data": data, "svg": svg, "submitted": len(submitted), "established": established},
        summary=summary,
        empty_message=""
        if submitted
        else _("Ingen organisation har lämnat in sin självskattning för %(year)s ännu.") % {"year": round.year},
    )


def _median_sentence(median_days: float, median_text: str) -> str:
    """The lead time in words; the noun agrees with the count ("1 dag", "28 dagar"), a fraction reads as plural."""
    count = int(median_days) if float(median_days).is_integer() else 2  # "1,5 dagar": gettext plurals need an int
    return ngettext(
        "Mediantiden från att ett ärende kom in till periodens första beslut i det var %(median)s dag.",
        "Mediantiden från att ett ärende kom in till periodens första beslut i det var %(median)s dagar.",
        count,
    ) % {"median": median_text}


def _format_level(value: float) -> str:

    return level(value)


def section_forum_activity(*, period: ReportPeriod) -> SectionData:
    """Meetings and participants per forum within the period (1 query)."""

    rows = forum_activity(start=period.start, end=period.end)
    meetings = sum(r["meetings_in_period"] for r in rows)
    participants = sum(r["participants_in_period"] or 0 for r in rows)
    counted = sum(r["meetings_with_participants"] for r in rows)
    return SectionData(
        key="forum_activity",
        title=_("Forumens aktivitet"),
        template="reports/pdf/sections/_forum_activity.html",
        context={"rows": rows, "meetings": meetings, "participants": participants, "counted": counted},
        summary=[(_("Forummöten under perioden (deltagare)"), f"{meetings} ({participants})")],
        empty_message="" if meetings else _("Inga forummöten är registrerade under perioden."),
    )


def section_obstacles(*, period: ReportPeriod) -> SectionData:
    """The hinder named in the plan and the risks written in the period's published lägesrapporter (2 queries)."""

    obstacles = list(Obstacle.objects.all())
    risks = list(
        StatusReport.objects.published()
        .filter(published_at__gte=_start_of_day(period.start), published_at__lt=_end_of_day(period.end))
        .exclude(risks="")
        .select_related("project")
        .order_by("project__order", "project_id", "-published_at", "-pk")
    )
    return SectionData(
        key="obstacles",
        title=_("Hinder och risker"),
        template="reports/pdf/sections/_obstacles.html",
        context={"obstacles": obstacles, "risks": risks},
        summary=[
            (_("Hinder i planen"), str(len(obstacles))),
            (_("Risker i periodens lägesrapporter"), str(len(risks))),
        ],
        empty_message="" if obstacles or risks else _("Inga hinder eller risker är registrerade."),
    )


register_section("status", section_status)
register_section("changes", section_changes)
register_section("parts", section_parts)
register_section("projects", section_projects)
register_section("queue", section_queue)
register_section("decisions", section_decisions)
register_section("decision_status", section_decision_status)
register_section("groups", section_groups_and_forums)
register_section("maturity", section_maturity)
register_section("forum_activity", section_forum_activity)
register_section("obstacles", section_obstacles)


def section_indicators(*, period: ReportPeriod) -> SectionData:
    """The plan in force's indicators (nyckeltal): each measure's trend against its target, drawn with the same chart
    as the measure page, its numbers in a table, and whether it is on track (3 queries).

    The outcomes are those recorded by the report's period end (a follow-up period whose deadline is later is left
    out), so a report for an earlier period shows that period's trend.
    """
    plan = plan_in_force()
    groups = indicator_report_list(measures=Measure.objects.filter(plan=plan)) if plan else []
    for _measure, views in groups:
        for view in views:
            view.outcomes = [o for o in view.outcomes if o.period.deadline <= period.end]
    # The charts are drawn after the outcomes are cut to the period.
    for _measure, views in groups:
        for view in views:
            view.chart = indicator_chart(view, chart_id=f"report-indicator-{view.indicator.pk}")
    all_views = [view for _measure, views in groups for view in views]
    rows = [_indicator_row(measure, view) for measure, views in groups for view in views]
    on_track = sum(1 for v in all_views if v.on_track)
    behind = sum(1 for v in all_views if v.on_track is False)
    return SectionData(
        key="indicators",
        title=_("Nyckeltal"),
        template="reports/pdf/sections/_indicators.html",
        context={
            "plan": plan,
            "groups": groups,
            "rows": rows,
            "on_track": on_track,
            "behind": behind,
            "without": len(all_views) - on_track - behind,
        },
        # No line in the one-page summary (it is full); the counts open the section instead.
        summary=[],
        empty_message="" if all_views else _("Den gällande planens åtgärder har inga nyckeltal ännu."),
    )


def _indicator_row(measure, view) -> dict:
    """One indicator in plain values: its target, latest outcome, the trend since the outcome before, and whether it
    is on track."""
    latest = view.latest
    previous = view.outcomes[-2] if len(view.outcomes) > 1 else None
    trend = ""
    if latest is not None and previous is not None:
        delta = latest.value.value - previous.value.value
        if not view.indicator.higher_is_better:
            delta = -delta
        trend = _("Bättre") if delta > 0 else _("Sämre") if delta < 0 else _("Oförändrat")
    return {
        "measure": measure.title,
        "indicator": view.indicator.name,
        "target": view.target_text,
        "target_date": view.indicator.target_date,
        "latest": latest.value_text if latest else "",
        "latest_period": latest.period.title if latest else "",
        "trend": trend,
        "track": str(track_label(view.on_track)),
    }


register_section("indicators", section_indicators)


def gather(*, period: ReportPeriod) -> list[SectionData]:
    """Every registered section's data, in order (sections returning None are left out)."""
    sections = []
    for section in SECTIONS.values():
        data = section(period=period)
        if data is not None:
            sections.append(data)
    return sections
