"""The measures app's part of the start page's "Att göra" (vudig.core.todo): a person's open rows in the open
follow-up periods, the periods with missing reports for the process leader, and plans waiting for approval or
decision. Each provider reads in a constant number of queries."""

from __future__ import annotations

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from vudig.core.rules import can, roles_of
from vudig.core.todo import TodoItem, is_overdue, register_provider

from .constants import PlanState
from .models import PeriodReport, Plan
from .periods import open_periods_for


def my_period_rows(user) -> list[TodoItem]:
    """Each open period where this person still has rows to klarmarkera (two queries)."""
    if not roles_of(user).authenticated:
        return []
    items = []
    for row in open_periods_for(user):
        if not row["left"]:
            continue
        period = row["period"]
        items.append(
            TodoItem(
                title=ngettext(
                    "%(n)d punkt att rapportera i %(period)s",
                    "%(n)d punkter att rapportera i %(period)s",
                    row["left"],
                )
                % {"n": row["left"], "period": period.title},
                url=reverse("measures:period_mine", kwargs={"pk": period.pk}),
                kind=_("Uppföljning"),
                due=period.deadline,
                overdue=is_overdue(period.deadline),
            )
        )
    return items


def periods_missing_reports(user) -> list[TodoItem]:
    """For the process leader: each open period with rows not klarmarkerade, with the count per organisation (one
    aggregate query, whatever the number of periods and organisations)."""
    if not can(user, "plan.edit"):
        return []
    rows = (
        PeriodReport.objects.filter(period__state="open", completed_at__isnull=True)
        .values("period_id", "period__title", "period__deadline", "organisation__name", "organisation__order")
        .annotate(missing=Count("pk"))
        .order_by("period__deadline", "period_id", "organisation__order", "organisation__name")
    )
    periods: dict[int, dict] = {}
    for row in rows:
        entry = periods.setdefault(
            row["period_id"], {"title": row["period__title"], "deadline": row["period__deadline"], "orgs": []}
        )
        entry["orgs"].append((row["organisation__name"] or _("planens egna punkter"), row["missing"]))
    items = []
    for pk, entry in periods.items():
        total = sum(n for _name, n in entry["orgs"])
        items.append(
            TodoItem(
                title=ngettext(
                    "%(n)d rapport saknas i %(period)s",
                    "%(n)d rapporter saknas i %(period)s",
                    total,
                )
                % {"period": entry["title"], "n": total},
                detail=", ".join(f"{name} {n}" for name, n in entry["orgs"]),
                url=reverse("measures:period_detail", kwargs={"pk": pk}),
                kind=_("Uppföljning"),
                due=entry["deadline"],
                overdue=is_overdue(entry["deadline"]),
            )
        )
    return items


def plans_waiting(user) -> list[TodoItem]:
    """Drafts for the process leader to have approved; approved plans for the kommunchef to decide (one query)."""
    wanted = []
    if can(user, "plan.approve"):
        wanted.append(PlanState.UTKAST)
    if can(user, "plan.decide"):
        wanted.append(PlanState.GODKAND)
    if not wanted:
        return []
    items = []
    for plan in Plan.objects.filter(Q(state__in=wanted)).order_by("order", "pk"):
        if plan.state == PlanState.GODKAND:
            title = _("Besluta planen %(plan)s") % {"plan": plan.title}
            url = reverse("measures:plan_state", kwargs={"pk": plan.pk, "state": PlanState.BESLUTAD})
        else:
            title = _("Planen %(plan)s väntar på godkännande") % {"plan": plan.title}
            url = reverse("measures:plan_detail", kwargs={"pk": plan.pk})
        items.append(TodoItem(title=title, url=url, kind=_("Plan")))
    return items


register_provider("measures.period_rows", my_period_rows)
register_provider("measures.periods_missing", periods_missing_reports)
register_provider("measures.plans", plans_waiting)
