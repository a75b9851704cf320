"""The frame projects' part of the start page's "Att göra" (vudig.core.todo): the lägesrapport due from a project's
owner, the projects whose reporting has lapsed for the process leader, and the projects without an owner for the
kommunchef. One query per provider."""

from __future__ import annotations

import datetime as dt

from django.db.models import Max, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from vudig.core.rules import can, roles_of
from vudig.core.todo import TodoItem, TodoItems, first_of, register_provider

from .constants import ProjectPhase, ReportState
from .models import FrameProject

# A lägesrapport is due once a tertial: the next one is due this many days after the last published period ended.
# (The plan names no interval; a tertial matches the municipality's tertialrapporter.)
REPORT_INTERVAL_DAYS = 122


def _projects_with_latest_report():
    return (
        FrameProject.objects.exclude(phase=ProjectPhase.AVSLUTAT)
        .annotate(latest_end=Max("status_reports__period_end", filter=Q(status_reports__state=ReportState.PUBLICERAD)))
        .order_by("order", "pk")
    )


def _next_due(project) -> dt.date | None:
    return project.latest_end + dt.timedelta(days=REPORT_INTERVAL_DAYS) if project.latest_end else None


def reports_due_as_owner(user) -> list[TodoItem]:
    """For a project's owner: a lägesrapport when none is published yet or the last one's period is past the
    interval (one query)."""
    if not roles_of(user).authenticated:
        return []
    today = timezone.localdate()
    items = []
    for project in _projects_with_latest_report().filter(owner_id=user.pk):
        due = _next_due(project)
        if due is not None and due > today + dt.timedelta(days=30):
            continue  # the next one is not close yet
        items.append(
            TodoItem(
                title=_("Lägesrapport för %(project)s") % {"project": project.name},
                url=reverse("projects:report_create", kwargs={"slug": project.slug}),
                kind=_("Ramprojekt"),
                due=due,
                overdue=due is not None and due < today,
            )
        )
    return items


def lapsed_reporting(user, limit: int | None = None) -> TodoItems:
    """For the process leader: each running frame project whose latest published lägesrapport is older than the
    interval (one query; a project with none yet is its owner's item, not a lapse); with a ``limit`` the first
    ``limit`` in the to-do list's order (longest lapsed first) and a count (two queries)."""
    if not can(user, "project.edit") or not roles_of(user).is_process_leader:
        return TodoItems()
    today = timezone.localdate()
    # due (latest_end + interval) before today, in due order; ties keep the projects' own order
    lapsed = (
        _projects_with_latest_report()
        .filter(latest_end__lt=today - dt.timedelta(days=REPORT_INTERVAL_DAYS))
        .order_by("latest_end", "order", "pk")
        .values_list("name", "slug", "latest_end")
    )
    lapsed, total = first_of(lapsed, limit)
    title = _("%(project)s: senaste lägesrapporten är äldre än en tertial")
    kind = _("Ramprojekt")
    return TodoItems(
        (
            TodoItem(
                title=title % {"project": name},
                url=reverse("projects:detail", kwargs={"slug": slug}),
                kind=kind,
                due=latest_end + dt.timedelta(days=REPORT_INTERVAL_DAYS),
                overdue=True,
            )
            for name, slug, latest_end in lapsed
        ),
        total=total,
    )


def owners_to_appoint(user, limit: int | None = None) -> TodoItems:
    """For the kommunchef: the running frame projects without an appointed owner (one query of plain rows); with a
    ``limit`` the first ``limit`` and a count (two queries): a region can have hundreds. The items have no due date,
    so this order is the to-do list's."""
    if not can(user, "project.appoint_manager"):
        return TodoItems()
    rows = (
        FrameProject.objects.filter(owner__isnull=True)
        .exclude(phase=ProjectPhase.AVSLUTAT)
        .order_by("order", "pk")
        .values_list("name", "slug")
    )
    rows, total = first_of(rows, limit)
    title = _("Utse ansvarig linjechef för %(project)s")
    kind = _("Ramprojekt")
    items = TodoItems(
        (
            TodoItem(title=title % {"project": name}, url=reverse("projects:appoint", kwargs={"slug": slug}), kind=kind)
            for name, slug in rows
        ),
        total=total,
    )
    return items


register_provider("projects.reports_due", reports_due_as_owner)
register_provider("projects.lapsed_reporting", lapsed_reporting, limited=True)
register_provider("projects.owners_to_appoint", owners_to_appoint, limited=True)
