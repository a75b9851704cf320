"""Follow-up periods (T1, T2, bokslut): open, report, remind, close.

A period belongs to the plan in force. When it opens, every item followed up (the active measures and results of
the decided plans still followed up, and each organisation's part of them) gets one row (PeriodReport) for whoever
carries it; each reports status and comment and "klarmarkerar". A report after the deadline is accepted and marked
late. Closing freezes the rows: "status at T1" is read from them ever after.

Writes are ``period_*`` services (rules, lock, version check, history); reads are selectors in a fixed number of
queries. Other parts of the app add sections to a person's to-do list for a period through :func:`register_todo`.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from vudig.core.annual_cycle import EventKind, events_for_year
from vudig.core.constants import Role
from vudig.core.rules import require, roles_of
from vudig.core.write import is_repeat, model_update, role_holders, tracked_save

from . import notices
from .constants import PERIOD_REMINDER_DAYS_LONG, PERIOD_REMINDER_DAYS_SHORT, PeriodKind, PeriodState, ResultStatus
from .models import FollowUpPeriod, Measure, MeasureResult, OrganisationPart, PeriodReminder, PeriodReport, Plan
from .parts import _part_copy_report, clean_part_report

TITLE_MAX_LENGTH = 200


# -- what a period covers -------------------------------------------------------------------------------------
def followed_up_plans(*, today: dt.date | None = None):
    """The decided plans still followed up: begun, and not closed by a decided successor that has begun."""
    return Plan.objects.decided().begun(today=today).open_for_followup(today=today)


def period_items(*, today: dt.date | None = None) -> list[dict]:
    """What a period asks to be reported, in three queries: each organisation part; each active result that no
    organisation carries; each active measure without results or parts."""
    measures = Measure.objects.active().filter(plan__in=followed_up_plans(today=today))
    parts = list(
        OrganisationPart.objects.active()
        .filter(measure__in=measures)
        .filter(Q(result__isnull=True) | Q(result__archived=False))
        .values_list("pk", "measure_id", "result_id", "organisation_id")
    )
    results = list(MeasureResult.objects.active().filter(measure__in=measures).values_list("pk", "measure_id"))
    measure_ids = list(measures.values_list("pk", flat=True))
    carried_results = {result_id for _pk, _m, result_id, _o in parts if result_id}
    measures_with_parts = {measure_id for _pk, measure_id, result_id, _o in parts if result_id is None}
    measures_with_results = {measure_id for _pk, measure_id in results}
    items = [
        {"part_id": pk, "measure_id": measure_id, "result_id": result_id, "organisation_id": org_id}
        for pk, measure_id, result_id, org_id in parts
    ]
    items += [
        {"part_id": None, "measure_id": measure_id, "result_id": pk, "organisation_id": None}
        for pk, measure_id in results
        if pk not in carried_results
    ]
    items += [
        {"part_id": None, "measure_id": pk, "result_id": None, "organisation_id": None}
        for pk in measure_ids
        if pk not in measures_with_results and pk not in measures_with_parts
    ]
    return items


def _item_key(item) -> tuple:
    if item["part_id"]:
        return ("part", item["part_id"])
    if item["result_id"]:
        return ("result", item["result_id"])
    return ("measure", item["measure_id"])


def period_rows_sync(*, periods=None) -> int:
    """Give every open period a row for each item it does not have yet (a part handed out after it opened, say).

    Rows are made with bulk_create: a row is the period's question, not anyone's answer, so its creation is recorded
    on the period (opened) and each answer in the row's own history. Returns how many rows were added.
    """
    periods = list(FollowUpPeriod.objects.open() if periods is None else periods)
    if not periods:
        return 0
    items = period_items()
    added = 0
    for period in periods:
        have = set()
        for part_id, result_id, measure_id in period.reports.values_list("part_id", "result_id", "measure_id"):
            have.add(_item_key({"part_id": part_id, "result_id": result_id, "measure_id": measure_id}))
        missing = [PeriodReport(period=period, **item) for item in items if _item_key(item) not in have]
        PeriodReport.objects.bulk_create(missing, batch_size=500)
        added += len(missing)
    return added


# -- suggestions from the årshjul -----------------------------------------------------------------------------
def _kind_of(event) -> str:
    title = event.title.lower()
    if event.kind == EventKind.ARSREDOVISNING or "bokslut" in title or event.start.month == 12:
        return PeriodKind.BOKSLUT
    if event.kind == EventKind.DELARSRAPPORT or event.start.month >= 6:
        return PeriodKind.TERTIAL_2
    if event.kind == EventKind.TERTIALRAPPORT:
        return PeriodKind.TERTIAL_1
    return PeriodKind.OTHER


def period_suggestion(*, today: dt.date | None = None) -> dict:
    """Kind, title and deadline for the next period, from the årshjul's next report point (editable in the form)."""
    today = today or timezone.localdate()
    points = [
        e
        for year in (today.year, today.year + 1)
        for e in events_for_year(year)
        if e.is_report_point and e.start >= today
    ]
    if not points:
        return {"kind": PeriodKind.OTHER, "title": "", "deadline": None, "source": ""}
    event = min(points, key=lambda e: (e.start, e.title))
    kind = _kind_of(event)
    return {
        "kind": kind,
        "title": f"{PeriodKind(kind).label} {event.start.year}",
        "deadline": event.start,
        "source": event.title,
    }


# -- writes ---------------------------------------------------------------------------------------------------
@transaction.atomic
def period_open(
    *, title: str, kind: str, deadline: dt.date | None, by, opens_on: dt.date | None = None, plan: Plan | None = None
) -> FollowUpPeriod:
    """Open a follow-up period of the plan in force with a deadline; every responsible gets their rows at once.

    Opening the same period again (same title and deadline) is a no-op that returns it.
    """
    require(by, "period.manage", plan)
    if plan is None:
        plan = Plan.objects.in_force().first()
    errors: dict[str, list[str]] = {}
    title = (title or "").strip()
    opens_on = opens_on or timezone.localdate()
    if plan is None:
        errors["__all__"] = [_("Det finns ingen gällande plan att följa upp.")]
    if not title:
        errors["title"] = [_("Skriv periodens benämning, till exempel ”Uppföljning T1 2026”.")]
    elif len(title) > TITLE_MAX_LENGTH:
        errors["title"] = [_("Benämningen får vara högst %(max)d tecken.") % {"max": TITLE_MAX_LENGTH}]
    if kind not in PeriodKind.values:
        errors["kind"] = [_("Välj vilken uppföljning det är.")]
    if deadline is None:
        errors["deadline"] = [_("Ange sista dag att rapportera.")]
    elif deadline < opens_on:
        errors["deadline"] = [
            _("Sista dag att rapportera (%(deadline)s) ligger före dagen perioden öppnas (%(opens)s).")
            % {"deadline": deadline.isoformat(), "opens": opens_on.isoformat()}
        ]
    if errors:
        raise ValidationError(errors)
    existing = FollowUpPeriod.objects.select_for_update().filter(plan=plan, title=title).first()
    if existing is not None:
        if existing.deadline == deadline and existing.kind == kind and existing.is_open:
            return existing  # the same form sent twice
        raise ValidationError(
            {"title": _("Planen har redan en uppföljningsperiod som heter ”%(title)s”.") % {"title": title}},
            code="duplicate",
        )
    period = FollowUpPeriod(plan=plan, kind=kind, title=title, opens_on=opens_on, deadline=deadline, opened_by=by)
    tracked_save(period, by=by, reason=_("Perioden öppnad"))
    period_rows_sync(periods=[period])
    notices.period_opened(period, [entry["user"] for _pk, entry in sorted(pending_people(period).items())])
    return period


@transaction.atomic
def period_close(*, period: FollowUpPeriod, by, expected_version: int | None) -> FollowUpPeriod:
    """Close a period: its reports are frozen as they stand (unreported ones stay unreported). Repeating is a no-op."""
    require(by, "period.manage", period)
    current = FollowUpPeriod.objects.select_for_update().get(pk=period.pk)
    if not current.is_open:
        return current
    model_update(
        instance=current,
        values={"state": PeriodState.CLOSED, "closed_at": timezone.now()},
        expected_version=expected_version,
        by=by,
        reason=_("Perioden stängd; rapporterna är frysta"),
    )
    return current


@transaction.atomic
def period_report_save(
    *,
    report: PeriodReport,
    status: str,
    comment: str,
    complete: bool,
    by,
    expected_version: int | None,
    reopen: bool = False,
) -> PeriodReport:
    """Save one row of a person's list: status and comment, and "klarmarkera" (complete=True, needs a status), or
    take the klarmarkering back while the period is open (reopen=True).

    After the deadline the report is still accepted, and marked late. A closed period's rows are frozen. A part's
    report is also the part's current status.
    """
    require(by, "period.report", report)
    status, comment = clean_part_report(status=status, comment=comment, required=complete)
    current = (
        PeriodReport.objects.select_for_update(of=("self",))
        .select_related("period", "part", "result")
        .get(pk=report.pk)
    )
    if not current.period.is_open:
        raise ValidationError(
            _("Perioden ”%(period)s” är stängd; dess rapporter är frysta.") % {"period": current.period},
            code="closed",
        )
    now = timezone.now()
    if reopen:
        completed_at, late = None, False
    else:
        completed_at = current.completed_at or (now if complete else None)
        late = current.late or (
            complete and current.completed_at is None and timezone.localdate() > current.period.deadline
        )
    values = {"status": status, "comment": comment, "completed_at": completed_at, "late": late}
    if is_repeat(current, values):
        return current  # the same report sent twice
    model_update(
        instance=current,
        values={**values, "reported_by": by, "reported_at": now},
        expected_version=expected_version,
        by=by,
        reason=_("Klarmarkering ångrad") if reopen else _("Klarmarkerad") if complete else _("Rapport sparad"),
    )
    if current.part_id and status:
        _part_copy_report(part_id=current.part_id, status=status, comment=comment, by=by)
    return current


# -- reminders ------------------------------------------------------------------------------------------------
def _add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def period_reminder_days(period: FollowUpPeriod) -> tuple[int, ...]:
    """28 and 7 days before the deadline for a period of a month or more, else 7 and 1."""
    long = _add_months(period.opens_on, 1) <= period.deadline
    return PERIOD_REMINDER_DAYS_LONG if long else PERIOD_REMINDER_DAYS_SHORT


def pending_people(period: FollowUpPeriod) -> dict[int, dict]:
    """Who still has rows to klarmarkera in the period, with how many: user id -> {"user", "count"}.

    Four queries whatever the size: the pending rows, the managers of their organisations, the named reporters and
    responsible people, and (when the plan's own items are pending) the process leaders.
    """
    rows = list(
        period.reports.pending().values_list("organisation_id", "part__reporter_id", "result__responsible_user_id")
    )
    per_org: dict[int, int] = {}
    per_user: dict[int, int] = {}
    keeper_rows = 0
    for org_id, reporter_id, responsible_id in rows:
        if org_id is not None:
            per_org[org_id] = per_org.get(org_id, 0) + 1
            if reporter_id is not None:
                per_user[reporter_id] = per_user.get(reporter_id, 0) + 1
        elif responsible_id is not None:
            per_user[responsible_id] = per_user.get(responsible_id, 0) + 1
        else:
            keeper_rows += 1
    people: dict[int, dict] = {}

    def add(user, n):
        entry = people.setdefault(user.pk, {"user": user, "count": 0})
        entry["count"] += n

    if per_org:
        managers = role_holders(Role.ORG_MANAGER, organisation=list(per_org)).annotate(
            managed_id=F("role_assignments__organisation_id")
        )
        for user in managers.order_by("pk", "managed_id"):
            add(user, per_org[user.managed_id])
    if per_user:
        from django.contrib.auth import get_user_model

        for user in get_user_model().objects.filter(pk__in=list(per_user), is_active=True).order_by("pk"):
            add(user, per_user[user.pk])
    if keeper_rows:
        for user in role_holders(Role.PROCESS_LEADER).order_by("pk"):
            add(user, keeper_rows)
    return people


def period_reminders_send(*, today: dt.date | None = None) -> int:
    """Remind everyone with rows left in an open period, once per reminder day; returns how many were made.

    A late run sends the nearest reminder, not every one it missed. Each reminder is a PeriodReminder row (unique per
    period, person and day) and a notice keyed on the same (measures.notices), so a second run sends nothing.
    """
    today = today or timezone.localdate()
    queued = 0
    for period in FollowUpPeriod.objects.open().filter(deadline__gte=today).select_related("plan"):
        days_left = (period.deadline - today).days
        due = [d for d in period_reminder_days(period) if days_left <= d]
        if not due:
            continue
        days = min(due)
        sent = set(PeriodReminder.objects.filter(period=period, days_before=days).values_list("user_id", flat=True))
        for user_id, entry in sorted(pending_people(period).items()):
            if user_id in sent:
                continue
            with transaction.atomic():
                _reminder, created = PeriodReminder.objects.get_or_create(
                    period=period, user=entry["user"], days_before=days
                )
                if created:
                    queued += notices.period_deadline(
                        period, entry["user"], count=entry["count"], days_before=days, days_left=days_left
                    )
    return queued


# -- reads ----------------------------------------------------------------------------------------------------
def period_list():
    """Periods, newest deadline first, with their plan and how many rows are klarmarkerade (one query)."""
    return (
        FollowUpPeriod.objects.select_related("plan")
        .annotate(total=Count("reports"), completed=Count("reports", filter=Q(reports__completed_at__isnull=False)))
        .order_by("-deadline", "-pk")
    )


def period_get(*, pk: int) -> FollowUpPeriod:
    return FollowUpPeriod.objects.select_related("plan", "opened_by").get(pk=pk)


@dataclass
class Completion:
    label: str
    total: int
    completed: int
    late: int = 0
    key: int | None = None
    plan: str = ""

    @property
    def missing(self) -> int:
        return self.total - self.completed

    @property
    def percent(self) -> int:
        return round(100 * self.completed / self.total) if self.total else 0

    @property
    def summary(self) -> str:
        """The numbers in words, as the completion bar writes them: one string here rather than three (plural)
        translation tags per board row in the template (issue 19; the messages are the template's)."""
        text = _("%(done)s av %(total)s klarmarkerade (%(percent)s %%)") % {
            "done": self.completed,
            "total": self.total,
            "percent": self.percent,
        }
        if self.missing:
            text += ", " + ngettext("%(n)s saknas", "%(n)s saknas", self.missing) % {"n": self.missing}
        if self.late:
            text += ", " + ngettext("%(n)s sen", "%(n)s sena", self.late) % {"n": self.late}
        return text


@dataclass
class Board:
    period: FollowUpPeriod
    total: Completion
    organisations: list[Completion] = field(default_factory=list)
    measures: list[Completion] = field(default_factory=list)


def completion_board(*, period: FollowUpPeriod) -> Board:
    """Per organisation and per measure, how many rows are klarmarkerade and how many are missing: three aggregate
    queries whatever the number of organisations and measures."""
    done = Q(completed_at__isnull=False)
    reports = PeriodReport.objects.filter(period=period).order_by()
    per_org = (
        reports.values("organisation_id", "organisation__name", "organisation__order")
        .annotate(total=Count("pk"), completed=Count("pk", filter=done), late=Count("pk", filter=Q(late=True)))
        .order_by("organisation__order", "organisation__name")
    )
    per_measure = (
        reports.values("measure_id", "measure__title", "measure__plan__title", "measure__plan__order", "measure__order")
        .annotate(total=Count("pk"), completed=Count("pk", filter=done), late=Count("pk", filter=Q(late=True)))
        .order_by("measure__plan__order", "measure__order", "measure_id")
    )
    organisations = []
    for row in per_org:
        label = row["organisation__name"] or _("Planens egna punkter (ansvarig person eller processledaren)")
        organisations.append(Completion(label, row["total"], row["completed"], row["late"], key=row["organisation_id"]))
    measures = [
        Completion(
            row["measure__title"],
            row["total"],
            row["completed"],
            row["late"],
            key=row["measure_id"],
            plan=row["measure__plan__title"],
        )
        for row in per_measure
    ]
    total = Completion(
        _("Hela perioden"),
        sum(c.total for c in organisations),
        sum(c.completed for c in organisations),
        sum(c.late for c in organisations),
    )
    return Board(period=period, total=total, organisations=organisations, measures=measures)


def period_report_list(*, period: FollowUpPeriod, organisation_id: int | None = None, measure_id: int | None = None):
    """The period's rows (for the board's drill-down and the export), with what names them, in one query."""
    qs = PeriodReport.objects.filter(period=period).select_related(
        "measure__plan", "result", "organisation", "reported_by"
    )
    if organisation_id is not None:
        # 0 names the plan's own rows (no organisation).
        qs = qs.filter(organisation_id=organisation_id) if organisation_id else qs.filter(organisation__isnull=True)
    if measure_id is not None:
        qs = qs.filter(measure_id=measure_id)
    return qs.order_by(
        "measure__plan__order",
        "measure__order",
        "measure_id",
        "result__order",
        "result_id",
        "organisation__order",
        "pk",
    )


def _mine(user) -> Q | None:
    """The rows a person reports (the queryset twin of the period.report rule), or None for nobody."""
    r = roles_of(user)
    if not r.authenticated:
        return None
    condition = Q(part__reporter_id=r.user_id) | Q(part__isnull=True, result__responsible_user_id=r.user_id)
    if r.managed_organisation_ids:
        condition |= Q(part__organisation_id__in=r.managed_organisation_ids)
    if r.is_process_leader:
        condition |= Q(part__isnull=True) & (Q(result__isnull=True) | Q(result__responsible_user__isnull=True))
    return condition


def my_period_reports_qs(*, period: FollowUpPeriod, user):
    """The rows this person reports in the period: their organisations' parts (manager), the parts they were named
    for, the results they are responsible for, and for the process leader the plan's own items (a queryset, for
    paging)."""
    condition = _mine(user)
    if condition is None:
        return PeriodReport.objects.none()
    return (
        PeriodReport.objects.filter(period=period)
        .filter(condition)
        .select_related("measure__plan", "result", "part__organisation", "part__reporter", "organisation")
        .order_by("measure__plan__order", "measure__order", "measure_id", "result__order", "result_id", "pk")
    )


def my_period_reports(*, period: FollowUpPeriod, user) -> list[PeriodReport]:
    """my_period_reports_qs as a list, in one query."""
    return list(my_period_reports_qs(period=period, user=user))


def open_periods_for(user) -> list[dict]:
    """The open periods with how many rows this person still has to klarmarkera (for the period list)."""
    periods = list(FollowUpPeriod.objects.open().select_related("plan").order_by("deadline", "pk"))
    condition = _mine(user)
    counts = {}
    if periods and condition is not None:
        rows = (
            PeriodReport.objects.filter(period__in=periods)
            .filter(condition)
            .values("period_id")
            .annotate(mine=Count("pk"), left=Count("pk", filter=Q(completed_at__isnull=True)))
            .order_by()
        )
        counts = {row["period_id"]: row for row in rows}
    return [
        {
            "period": period,
            "mine": counts.get(period.pk, {}).get("mine", 0),
            "left": counts.get(period.pk, {}).get("left", 0),
        }
        for period in periods
    ]


def measure_period_history(*, measure: Measure) -> list[dict]:
    """The closed periods' frozen rows of this measure ("status at T1"), oldest period first, in one query."""
    rows = (
        PeriodReport.objects.filter(measure=measure, period__state=PeriodState.CLOSED)
        .select_related("period", "result", "organisation")
        .order_by("period__deadline", "period_id", "result__order", "result_id", "organisation__order", "pk")
    )
    periods: dict[int, dict] = {}
    for row in rows:
        periods.setdefault(row.period_id, {"period": row.period, "rows": []})["rows"].append(row)
    return list(periods.values())


@dataclass(frozen=True)
class FrozenStatusCounts:
    """One closed period's frozen reports counted by status: the plan's own items (results and measures without
    results) and the organisations' parts, each as (label, count) in the plan's status order, unreported last."""

    period: FollowUpPeriod
    items: list[tuple[str, int]]
    parts: list[tuple[str, int]]
    items_total: int
    parts_total: int


def closed_period_status_counts(*, plan: Plan | None, closed_by: dt.datetime | None = None) -> list:
    """ "Status at T1": the plan's closed periods (closed by ``closed_by``, when given), oldest first, with their
    frozen rows counted by status (two queries, whatever the number of periods and rows)."""
    if plan is None:
        return []
    closed = FollowUpPeriod.objects.filter(plan=plan, state=PeriodState.CLOSED)
    if closed_by is not None:
        closed = closed.filter(closed_at__lt=closed_by)
    found = list(closed.order_by("deadline", "pk"))
    counts: dict[tuple[int, bool, str], int] = {}
    rows = (
        PeriodReport.objects.filter(period__in=closed.values("pk"))  # one query even when no period is closed
        .values("period_id", "status")
        .order_by()
        .annotate(parts=Count("part_id"), n=Count("pk"))  # Count of a column skips the rows without a part
    )
    for row in rows:
        counts[(row["period_id"], True, row["status"])] = row["parts"]
        counts[(row["period_id"], False, row["status"])] = row["n"] - row["parts"]
    order = [*ResultStatus.choices, ("", _("Ej rapporterad"))]

    def tally(period_id: int, is_part: bool) -> list[tuple[str, int]]:
        return [(label, counts[(period_id, is_part, value)]) for value, label in order
                if counts.get((period_id, is_part, value))]  # fmt: skip

    result = []
    for period in found:
        items, parts_ = tally(period.pk, False), tally(period.pk, True)
        result.append(
            FrozenStatusCounts(
                period=period,
                items=items,
                parts=parts_,
                items_total=sum(n for _label, n in items),
                parts_total=sum(n for _label, n in parts_),
            )
        )
    return result


# -- the to-do list's extension point -------------------------------------------------------------------------
@dataclass(frozen=True)
class TodoSection:
    """A section of a person's list for a period, added by another part of the app (e.g. indicator values)."""

    template: str
    context: dict


TodoProvider = Callable[..., "TodoSection | None"]
_TODO_PROVIDERS: dict[str, TodoProvider] = {}


def register_todo(name: str, provider: TodoProvider) -> None:
    """Add a section to every person's period list: ``provider(period=..., user=...)`` returns a TodoSection (its
    template is included in templates/measures/periods/period_mine.html's ``period_extra`` block) or None."""
    _TODO_PROVIDERS[name] = provider


def period_todo_sections(*, period: FollowUpPeriod, user) -> list[TodoSection]:
    """The registered extra sections of this person's list (indicator values and the like), in registration order."""
    sections = []
    for provider in _TODO_PROVIDERS.values():
        section = provider(period=period, user=user)
        if section is not None:
            sections.append(section)
    return sections


def open_rows_of_part(*, part: OrganisationPart) -> list[PeriodReport]:
    """The part's rows in open periods (where it is also to be klarmarkerad), with their period."""
    return list(
        PeriodReport.objects.filter(part=part, period__state=PeriodState.OPEN)
        .select_related("period")
        .order_by("period__deadline", "pk")
    )
