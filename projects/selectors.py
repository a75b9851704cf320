"""Reads for frame projects: the list with each project's traffic light, and one project's page."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import OuterRef, Prefetch, QuerySet, Subquery
from django.shortcuts import get_object_or_404
from django.utils import timezone

from vudig.core.history import timeline
from vudig.core.models import Organisation

from .models import DevelopmentProject, FrameProject, PhaseChange, ProjectGoal, StatusReport


def project_list() -> QuerySet[FrameProject]:
    """The frame projects with their steering group and measure."""
    return FrameProject.objects.select_related("steering_group", "measure")


def project_overview() -> QuerySet[FrameProject]:
    """The project list: each project with owner, group and its latest published report's traffic light and date.

    The latest report is read by two correlated subqueries, so the list costs one query whatever the data size.
    """
    latest = StatusReport.objects.published().filter(project=OuterRef("pk")).order_by("-published_at", "-pk")
    return (
        project_list()
        .select_related("owner")
        .annotate(
            latest_report_status=Subquery(latest.values("overall_status")[:1]),
            latest_report_published_at=Subquery(latest.values("published_at")[:1]),
        )
    )


def report_age_days(published_at, *, now=None) -> int | None:
    """Whole days since a report was published (None when there is none)."""
    if published_at is None:
        return None
    now = now or timezone.now()
    return max((now - published_at).days, 0)


def project_get(*, slug: str) -> FrameProject:
    """One project for its page, with everything the page shows about it in a fixed number of queries."""
    return get_object_or_404(
        FrameProject.objects.select_related(
            "steering_group", "measure", "owner", "owner_appointed_by"
        ).prefetch_related(
            Prefetch("project_goals", queryset=ProjectGoal.objects.order_by("order", "pk"), to_attr="all_goals"),
            Prefetch(
                "development_projects",
                queryset=DevelopmentProject.objects.select_related("organisation").order_by("name", "pk"),
                to_attr="all_development_projects",
            ),
            Prefetch(
                "phase_changes",
                queryset=PhaseChange.objects.select_related(
                    "recorded_by", "decision_group", "decision__steering_group"
                ),
                to_attr="all_phase_changes",
            ),
            # The decisions about the project in the steering groups' register (by their relation to it).
            Prefetch(
                "decisions",
                queryset=FrameProject._meta.get_field("decisions")
                .related_model.objects.select_related("steering_group")
                .order_by("-decided_on", "-pk"),
                to_attr="all_decisions",
            ),
        ),
        slug=slug,
    )


@dataclass
class ProjectReports:
    published: list[StatusReport]
    drafts: list[StatusReport]


def project_reports(*, project: FrameProject, may_report: bool) -> ProjectReports:
    """Published reports for everyone (newest first); drafts only for those who may write reports."""
    reports = list(
        StatusReport.objects.filter(project=project)
        .visible_to(may_report=may_report)
        .select_related("author", "published_by", "corrects")
        .order_by("-published_at", "-period_end", "-pk")
    )
    for report in reports:
        report.project = project  # their links need the slug; no query per report
    return ProjectReports(
        published=[r for r in reports if r.is_published], drafts=[r for r in reports if not r.is_published]
    )


def project_timeline(*, project: FrameProject, limit: int = 50):
    """Who changed what in the project, its goals, development projects and reports, newest first."""
    entries = timeline(
        [
            FrameProject.history.filter(id=project.pk),
            ProjectGoal.history.filter(project_id=project.pk),
            DevelopmentProject.history.filter(project_id=project.pk),
            StatusReport.history.filter(project_id=project.pk),
        ]
    )
    entries = entries[:limit]
    _name_people(entries)
    return entries


# Foreign keys to people and organisations: the shared timeline shows raw ids, the page shows names.
_USER_FIELDS = {"owner", "owner_appointed_by", "author", "published_by"}
_ORGANISATION_FIELDS = {"organisation"}


def _name_people(entries) -> None:
    """Replace person and organisation ids in timeline changes by their names (one query each, if any)."""

    def ids(fields):
        found = set()
        for entry in entries:
            for change in entry.changes:
                if change.field in fields:
                    found |= {int(v) for v in (change.old, change.new) if v.isdigit()}
        return found

    user_ids, org_ids = ids(_USER_FIELDS), ids(_ORGANISATION_FIELDS)
    names = {}
    if user_ids:
        for user in get_user_model().objects.filter(pk__in=user_ids):
            names[("u", str(user.pk))] = user.get_full_name() or user.username
    if org_ids:
        for org in Organisation.objects.filter(pk__in=org_ids):
            names[("o", str(org.pk))] = org.name
    for entry in entries:
        for change in entry.changes:
            kind = "u" if change.field in _USER_FIELDS else "o" if change.field in _ORGANISATION_FIELDS else None
            if kind:
                change.old = names.get((kind, change.old), change.old)
                change.new = names.get((kind, change.new), change.new)
