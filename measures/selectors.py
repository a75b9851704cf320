from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.db.models import BooleanField, Count, F, Func, Max, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from vudig.core.history import name_references, timeline
from vudig.core.rules import can

from .constants import PlanState, ResultStatus
from .filters import MeasureFilter
from .indicators import indicator_timeline
from .models import Comment, Measure, MeasureResult, Plan, StatusDocument


def plan_list(*, public: bool = False):
    """Plans in their order (with their successor, so ``is_superseded`` and ``is_closed`` cost no query).

    ``public``: decided plans only; drafts and approved versions are internal.
    """
    qs = Plan.objects.select_related("successor")
    return qs.decided() if public else qs


def plan_in_force(*, plans: list[Plan] | None = None, today: date | None = None) -> Plan | None:
    """The one plan in force: the latest decided plan (in plan order) whose period has begun, or None.

    ``plans`` (in plan order) saves the query when the caller has them already.
    """
    if plans is None:
        return Plan.objects.in_force(today=today).select_related("successor").first()
    today = today or timezone.localdate()
    started = [p for p in plans if p.is_decided and (p.period_start is None or p.period_start <= today)]
    return started[-1] if started else None


def plan_current(*, plans: list[Plan] | None = None) -> Plan | None:
    """The plan to show first: the plan in force, else the latest decided plan (never a draft); None without one."""
    if plans is None:
        plans = list(plan_list(public=True))
    decided = [p for p in plans if p.is_decided]
    return plan_in_force(plans=decided) or (decided[-1] if decided else None)


def plan_overview():
    """Plans with their predecessor, successor and number of active measures, for the plan page."""
    return Plan.objects.select_related("predecessor", "successor").annotate(
        measure_count=Count("measures", filter=Q(measures__archived=False))
    )


def measure_list(*, user=None, plan: Plan | None = None):
    """Measures the user may see, with plan, responsible organisation and active results in a fixed number of queries."""
    qs = (
        Measure.objects.for_user(user)
        .select_related("plan__successor", "responsible_organisation")
        .prefetch_related(
            Prefetch(
                "results",
                queryset=MeasureResult.objects.active().select_related("responsible_user").order_by("order", "pk"),
            )
        )
        .ordered()
    )
    if plan is not None:
        qs = qs.filter(plan=plan)
    return qs


def measure_overdue_list(*, user=None, today: date | None = None):
    """Measures of the plan in force with a result past its end date and not finished (for lists and reports)."""
    return (
        Measure.objects.for_user(user)
        .in_force(today=today)
        .overdue(today=today)
        .select_related("plan", "responsible_organisation")
        .ordered()
    )


def measure_filter(*, user=None, data=None) -> MeasureFilter:
    """The list's FilterSet applied to what the user may see; pages and exports share it (``.qs``, ``.form``)."""
    return MeasureFilter(data or None, queryset=measure_list(user=user))


def filter_applies(filterset: MeasureFilter) -> bool:
    """No filter given (the whole list) or a valid one; an invalid filter shows and exports nothing."""
    return not filterset.is_bound or filterset.is_valid()


def status_counts(measures) -> list[dict]:
    """How many active results of these measures stand in each status (every status listed), in one query."""
    rows = (
        MeasureResult.objects.active()
        .filter(measure__in=measures.order_by().values("pk"))
        .values("status")
        .annotate(n=Count("pk"))
    )
    per_status = {row["status"]: row["n"] for row in rows}
    return [{"value": s.value, "label": s.label, "count": per_status.get(s.value, 0)} for s in ResultStatus]


def result_status_counts(*, user=None, public: bool = True) -> list[dict]:
    """Per plan, how many active results stand in each status (every status listed, zeros included).

    ``public`` (the default: the start page and the reports): decided plans only, the plan in force marked.
    """
    rows = (
        MeasureResult.objects.active()
        .filter(measure__in=Measure.objects.for_user(user))
        .values("measure__plan_id", "status")
        .annotate(n=Count("pk"))
    )
    counts: dict[int, dict[str, int]] = {}
    for row in rows:
        counts.setdefault(row["measure__plan_id"], {})[row["status"]] = row["n"]
    summary = []
    plans = list(plan_list(public=public))
    in_force = plan_in_force(plans=plans)
    for plan in plans:
        per_status = counts.get(plan.pk, {})
        summary.append(
            {
                "plan": plan,
                "in_force": plan == in_force,
                "statuses": [
                    {"value": s.value, "label": s.label, "count": per_status.get(s.value, 0)} for s in ResultStatus
                ],
                "total": sum(per_status.values()),
            }
        )
    return summary


@dataclass
class Candidates:
    """Every active measure and result, grouped by plan (the plan in force first, then the newest)."""

    plans: list[Plan]
    in_force: Plan | None
    measures: dict[int, list[tuple[int, str]]]  # plan id -> (measure id, title)
    results: dict[int, list[tuple[int, str, str]]]  # plan id -> (result id, measure title, title)


def replacement_candidates() -> Candidates:
    """What a result may be replaced by or cite, in one query (plans, measures and results joined)."""
    rows = (
        Measure.objects.active()
        .order_by("plan__order", "plan_id", "order", "pk", "results__order", "results__pk")
        .values_list(
            "plan_id",
            "plan__title",
            "plan__state",
            "plan__order",
            "plan__period_start",
            "plan__successor__id",
            "pk",
            "title",
            "results__pk",
            "results__title",
            "results__archived",
        )
    )
    plans: dict[int, Plan] = {}
    measures: dict[int, list] = {}
    results: dict[int, list] = {}
    seen_measures: set[int] = set()
    for plan_id, p_title, state, order, start, successor_id, m_id, m_title, r_id, r_title, r_archived in rows:
        if plan_id not in plans:
            plan = Plan(pk=plan_id, title=p_title, state=state, order=order, period_start=start)
            # What plan_current reads: whether a newer version replaces the plan, known without another query.
            plan._state.fields_cache["successor"] = Plan(pk=successor_id) if successor_id else None
            plans[plan_id] = plan
        if m_id not in seen_measures:
            seen_measures.add(m_id)
            measures.setdefault(plan_id, []).append((m_id, m_title))
        if r_id is not None and not r_archived:
            results.setdefault(plan_id, []).append((r_id, m_title, r_title))
    in_force = plan_current(plans=list(plans.values()))
    ordered = sorted(plans.values(), key=lambda p: (p.pk != getattr(in_force, "pk", None), -p.order, -p.pk))
    return Candidates(plans=ordered, in_force=in_force, measures=measures, results=results)


def decision_choices() -> list[tuple[int, str]]:
    """The recorded steering-group decisions, newest first, as (id, decision_label) pairs for the status form.

    One query of plain rows (the group's name joined): every decision is offered, 8 589 at a region's scale, and
    building each as a model instance with its group and ärende took most of the time of a page that drew them.
    """
    model = _decision_model()
    errand_reference = model._meta.get_field("errand").related_model.reference_of
    kind_labels = model.kind_labels()
    rows = model.objects.order_by("-decided_on", "-pk").values_list(
        "pk", "kind", "paragraph", "steering_group__name", "decided_on", "dnr", "decided_body", "errand_id", "text"
    )
    return [
        (
            pk,
            _decision_label(
                model.reference_of(
                    kind=kind,
                    paragraph=paragraph,
                    steering_group_name=group,
                    decided_on=decided_on,
                    dnr=dnr,
                    decided_body=body,
                    kind_labels=kind_labels,
                ),
                decided_on,
                errand_reference(errand_id) if errand_id is not None else None,
                text,
            ),
        )
        for pk, kind, paragraph, group, decided_on, dnr, body, errand_id, text in rows
    ]


def measure_get(*, user, pk: int) -> Measure:
    """One measure with its plan, organisation, frame project and results; archived ones only for the plan keeper."""
    qs = Measure.objects.all() if can(user, "plan.edit") else Measure.objects.for_user(user)
    return (
        qs.select_related(
            "plan__successor", "plan__predecessor", "responsible_organisation", "predecessor__plan", "frame_project"
        )
        .prefetch_related(
            Prefetch(
                "results",
                queryset=MeasureResult.objects.select_related(
                    "replacement_measure__plan",
                    "replacement_result__measure__plan",
                    "predecessor__measure",
                    "basis_decision__steering_group",
                    "basis_decision__errand",
                    "basis_plan",
                    "basis_document",
                    "responsible_user",
                ).order_by("order", "pk"),
            ),
            Prefetch("successors", queryset=Measure.objects.select_related("plan")),
        )
        .get(pk=pk)
    )


def decisions_about(*, user, measure: Measure | None = None, plan: Plan | None = None) -> list:
    """The register's decisions whose "concerns" is this measure or plan, newest first (one query; none for someone
    who may not read the register). The register lives in steeringgroups, a higher layer: reached by its relation."""
    if not can(user, "decision.read"):
        return []
    subject = measure if measure is not None else plan
    return list(subject.decisions.select_related("steering_group", "errand", "meeting").order_by("-decided_on", "-pk"))


def decision_label(decision) -> str:
    """A decision as the register cites it: its reference (group, year and the real § of that group's year, or the
    plan decision's dnr), its date, its ärende when it has one, and the start of its text."""
    errand = decision.errand.reference if decision.errand_id is not None else None
    return _decision_label(decision.reference, decision.decided_on, errand, decision.text)


def _decision_label(reference: str, decided_on: date, errand_reference: str | None, text: str) -> str:
    label = f"{reference}, {decided_on:%Y-%m-%d}"
    if errand_reference is not None:
        label += f" ({errand_reference})"
    return f"{label}: {_start_of(text, 80)}"


def _start_of(text: str, length: int) -> str:
    """``Truncator(text).chars(length)``, without its per-character walk and translation lookup for a text that is
    short enough already (almost every decision's; the options list every decision, 8 589 at a region's scale):
    Truncator then returns the text NFC-normalised, and so does this."""
    if len(text) <= length:
        return unicodedata.normalize("NFC", text)
    return Truncator(text).chars(length)


def plan_decision_label(plan: Plan) -> str:
    return _("Kommunchefens beslut om ”%(plan)s”") % {"plan": plan.title}


def measure_timeline(measure: Measure):
    """Who changed the measure, its results and comments, when, from what to what, why, and on what basis (the
    decision or document a status change cited); newest first, every reference by name."""
    result_history = MeasureResult.history.filter(measure_id=measure.pk)
    titles = {r.pk: r.title for r in measure.results.all()}
    decision_ids, plan_ids, document_ids = set(), set(), set()
    for decision_id, plan_id, document_id in result_history.values_list(
        "basis_decision_id", "basis_plan_id", "basis_document_id"
    ):
        decision_ids.add(decision_id)
        plan_ids.add(plan_id)
        document_ids.add(document_id)
    decisions = _decision_model().objects.select_related("steering_group", "errand").in_bulk(decision_ids - {None})
    plans = Plan.objects.in_bulk(plan_ids - {None})
    documents = StatusDocument.objects.in_bulk(document_ids - {None})

    def subject(record):
        kind = record.instance_type
        name = titles.get(record.id, record.title) if kind is MeasureResult else str(record.instance)
        if kind is Comment:
            name = Truncator(record.text).chars(60)
        return f"{kind._meta.verbose_name.capitalize()}: {name}"

    def basis(record):
        if getattr(record, "instance_type", None) is not MeasureResult:
            return []
        notes = []
        if record.basis_decision_id in decisions:
            notes.append(_("Styrgruppsbeslut: %(d)s") % {"d": decision_label(decisions[record.basis_decision_id])})
        if record.basis_plan_id in plans:
            notes.append(plan_decision_label(plans[record.basis_plan_id]))
        if record.basis_document_id in documents:
            notes.append(_("Dokument: %(name)s") % {"name": documents[record.basis_document_id].original_name})
        return notes

    entries = timeline(
        [measure.history.all(), result_history, Comment.history.filter(measure_id=measure.pk)],
        subject=subject,
        notes=basis,
        ignore={"basis_decision", "basis_plan", "basis_document"},
    )
    entries += indicator_timeline(measure)  # the measure's indicators and their outcomes, in the same timeline
    entries.sort(key=lambda e: e.when, reverse=True)
    name_references(entries)
    return entries


def _decision_model():
    # The steering groups build on the plan: their decision is reached through the relation, never imported.
    return MeasureResult._meta.get_field("basis_decision").related_model


def measure_replaces(measure: Measure) -> list[MeasureResult]:
    """Results (of any plan) that name this measure, or one of its results, as what replaces them: "ersätter …"."""
    return list(
        MeasureResult.objects.active()
        .filter(Q(replacement_measure=measure) | Q(replacement_result__measure=measure))
        .select_related("measure__plan", "replacement_result")
        .order_by("measure__plan__order", "measure__order", "order", "pk")
    )


def comment_list(*, measure: Measure) -> list[Comment]:
    """The comments on a measure and its results, oldest first."""
    return list(measure.comments.in_order())


def archived_list():
    """Archived measures and results (those of measures still active), for restoring."""
    measures = Measure.objects.filter(archived=True).select_related("plan").order_by("plan__order", "order", "pk")
    results = (
        MeasureResult.objects.filter(archived=True, measure__archived=False)
        .select_related("measure__plan__successor")
        .order_by("measure__plan__order", "measure__order", "order")
    )
    return measures, results


@dataclass
class StatusChange:
    when: datetime
    who: str
    result: str
    measure_id: int
    measure: str
    plan: str
    old: str
    new: str
    old_label: str
    new_label: str
    motivation: str


class _Differs(Func):
    """``a <> b`` as a filter: false when ``a`` is NULL as well, so a subquery on the left is evaluated once a row
    (``~Q(a=b)`` with ``a__isnull=False`` makes the database run it twice)."""

    arg_joiner = " <> "
    template = "(%(expressions)s)"
    output_field = BooleanField()


def _status_change_rows(*, since: datetime):
    """The history rows since ``since`` that changed their result's status, newest first, as plain values."""
    History = MeasureResult.history.model
    previous = History.objects.filter(id=OuterRef("id")).filter(
        Q(history_date__lt=OuterRef("history_date"))
        | Q(history_date=OuterRef("history_date"), history_id__lt=OuterRef("history_id"))
    )
    return (
        History.objects.filter(history_date__gte=since)
        .annotate(previous_status=Subquery(previous.order_by("-history_date", "-history_id").values("status")[:1]))
        .filter(_Differs(F("previous_status"), F("status")))
        .order_by("-history_date", "-history_id")
        .values(
            "history_date",
            "history_user_id",
            "id",
            "title",
            "status",
            "history_change_reason",
            "measure_id",
            "previous_status",
        )
    )


def _status_changes(records: list[dict]) -> list[StatusChange]:
    """The rows as StatusChange, with their measures and people (two queries, none without rows)."""
    labels = dict(ResultStatus.choices)
    measures = {
        m.pk: m for m in Measure.objects.filter(pk__in={r["measure_id"] for r in records}).select_related("plan")
    }
    users = {u.pk: u for u in get_user_model().objects.filter(pk__in={r["history_user_id"] for r in records})}
    changes = []
    for r in records:
        measure = measures.get(r["measure_id"])
        user = users.get(r["history_user_id"])
        changes.append(
            StatusChange(
                when=r["history_date"],
                who=(user.get_full_name() or user.username) if user else "",
                result=r["title"],
                measure_id=r["measure_id"],
                measure=measure.title if measure else "",
                plan=measure.plan.title if measure else "",
                old=r["previous_status"],
                new=r["status"],
                old_label=str(labels.get(r["previous_status"], r["previous_status"])),
                new_label=str(labels.get(r["status"], r["status"])),
                motivation=r["history_change_reason"] or "",
            )
        )
    return changes


def status_changes_since(*, since: datetime, limit: int = 200) -> list[StatusChange]:
    """Result status changes recorded since ``since`` (newest first, at most ``limit``), in three bounded queries.

    The database does the work: each history row since then is compared with the row before it for the same result
    (a correlated subquery on the history table's index on the result id), only real status changes are kept, and LIMIT
    bounds what comes back. The cost follows the number of changes in the period, not the size of the history.
    """
    return _status_changes(list(_status_change_rows(since=since)[:limit]))


def measures_without_update(*, user=None, days: int, now: datetime | None = None):
    """Active measures of plans still followed up whose measure and results have not changed for ``days`` days."""
    cutoff = (now or timezone.now()) - timedelta(days=days)
    return (
        Measure.objects.for_user(user)
        .filter(plan__in=Plan.objects.open_for_followup(today=timezone.localdate(now)))
        .annotate(
            last_activity=Greatest(
                F("updated_at"),
                Coalesce(Max("results__updated_at", filter=Q(results__archived=False)), F("updated_at")),
            )
        )
        .filter(last_activity__lt=cutoff)
        .select_related("plan", "responsible_organisation")
        .order_by("last_activity", "pk")
    )


DEFAULT_SINCE_DAYS = 30
DEFAULT_STALE_DAYS = 90


def _since_and_days(since_date: date | None, days: int | None) -> tuple[date, int, datetime]:
    since_date = since_date or timezone.localdate() - timedelta(days=DEFAULT_SINCE_DAYS)
    return since_date, days or DEFAULT_STALE_DAYS, timezone.make_aware(datetime.combine(since_date, time.min))


def changes_overview(*, user, since_date: date | None = None, days: int | None = None, limit: int = 200) -> dict:
    """Status changes since a date and measures without update for some days (the page)."""
    since_date, days, since = _since_and_days(since_date, days)
    return {
        "since_date": since_date,
        "days": days,
        "changes": status_changes_since(since=since, limit=limit),
        "stale_measures": list(measures_without_update(user=user, days=days)[:limit]),
    }


def changes_summary(*, user, limit: int = 200, shown: int = 5) -> dict:
    """The start page's short "what changed": as many changes and stale measures as the page would list (at most
    ``limit``), counted, and only the newest ``shown`` changes made whole (who, which measure)."""
    since_date, days, since = _since_and_days(None, None)
    records = list(_status_change_rows(since=since)[:limit])
    return {
        "since_date": since_date,
        "days": days,
        "changes_count": len(records),
        "changes": _status_changes(records[:shown]),
        "stale_count": measures_without_update(user=user, days=days)[:limit].count(),
    }


@dataclass
class PlanStateEntry:
    when: datetime
    who: str
    state: str
    state_label: str
    comment: str


def plan_state_history(plan: Plan) -> list[PlanStateEntry]:
    """When the plan was drafted, approved (ledningsgruppen) and decided (kommunchef): who, when and the reference given.

    Two queries: the plan's history rows (oldest first), and their people.
    """
    records = list(
        plan.history.order_by("history_date", "history_id").values(
            "history_date", "history_user_id", "state", "history_change_reason"
        )
    )
    users = {u.pk: u for u in get_user_model().objects.filter(pk__in={r["history_user_id"] for r in records})}
    labels = dict(PlanState.choices)
    entries, previous = [], None
    for record in records:
        if record["state"] != previous:
            user = users.get(record["history_user_id"])
            entries.append(
                PlanStateEntry(
                    when=record["history_date"],
                    who=(user.get_full_name() or user.username) if user else "",
                    state=record["state"],
                    state_label=str(labels.get(record["state"], record["state"])),
                    comment=record["history_change_reason"] or "",
                )
            )
        previous = record["state"]
    return entries
