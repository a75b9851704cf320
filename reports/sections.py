"""The uppföljningsrapport's sections: each gathers its own data in a small, constant number of queries.

A section is ``section_<name>(*, period) -> SectionData | None`` (None leaves it out). The registry SECTIONS keeps
their order; a later branch adds or replaces one in one place:

    from reports.sections import register_section
    register_section("styrgrupper_koer", section_queue_figures)  # replaces the "no data yet" section of that name
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class ReportPeriod:
    start: dt.date
    end: dt.date
    # End of the previous uppföljningsrapport's period: "what changed" counts from here (None = from the start).
    previous_end: dt.date | None = None

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


def _end_of_day(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min))


def _no_data_yet(key: str, title: str, message: str) -> Section:
    def section(*, period: ReportPeriod) -> SectionData:
        return SectionData(key=key, title=title, template=EMPTY_SECTION_TEMPLATE, empty_message=message)

    section.__name__ = f"section_{key}"
    return section


def section_status(*, period: ReportPeriod) -> SectionData:
    """Results per status, per plan (2 queries: the counts and the plans)."""
    from measures.selectors import result_status_counts

    rows = result_status_counts()
    total = sum(r["total"] for r in rows)
    summary = [(_("Resultat i planerna"), str(total))]
    for row in rows:
        for status in row["statuses"]:
            if status["count"]:
                summary.append((f"{row['plan'].title}: {status['label']}", str(status["count"])))
    chart_max = max((s["count"] for r in rows for s in r["statuses"]), default=0)
    return SectionData(
        key="status",
        title=_("Åtgärdernas status"),
        template="reports/pdf/sections/_status.html",
        context={"rows": rows, "total": total, "chart_max": chart_max},
        summary=summary,
        empty_message="" if rows else _("Ingen plan är inläst ännu."),
    )


def section_changes(*, period: ReportPeriod) -> SectionData:
    """Status changes of results since the previous report, from the history tables (3 queries)."""
    from measures.models import Measure, MeasureResult

    history = MeasureResult.history.model
    since, until = _end_of_day(period.changes_since), _end_of_day(period.end)
    changed_ids = history.objects.filter(history_date__gte=since, history_date__lt=until).values("id")
    rows = list(
        history.objects.filter(id__in=changed_ids, history_date__lt=until)
        .select_related("history_user")
        .order_by("id", "history_date", "history_id")
    )
    by_result: dict[int, list] = {}
    for row in rows:
        by_result.setdefault(row.id, []).append(row)
    changes = []
    created = 0
    for records in by_result.values():
        before = [r for r in records if r.history_date < since]
        during = [r for r in records if r.history_date >= since]
        old = before[-1].status if before else None
        last = during[-1]
        if old is None:
            created += 1  # a result added during the period: counted, not listed as a status change
        elif last.status != old:
            changes.append({"record": last, "old": old, "new": last.status})
    measures = Measure.objects.in_bulk({c["record"].measure_id for c in changes})
    from measures.constants import ResultStatus

    labels = dict(ResultStatus.choices)
    items = sorted(
        (
            {
                "measure": measures.get(c["record"].measure_id),
                "result": c["record"].title,
                "old": labels.get(c["old"], "") if c["old"] else "",
                "new": labels.get(c["new"], c["new"]),
                "new_value": c["new"],
                "when": c["record"].history_date,
                "who": (c["record"].history_user.get_full_name() or c["record"].history_user.username)
                if c["record"].history_user
                else "",
                "reason": c["record"].history_change_reason or "",
            }
            for c in changes
        ),
        key=lambda i: i["when"],
    )
    return SectionData(
        key="changes",
        title=_("Vad som ändrats sedan förra rapporten"),
        template="reports/pdf/sections/_changes.html",
        context={
            "items": items,
            "created": created,
            "since": period.changes_since,
            "has_previous": period.previous_end is not None,
        },
        summary=[
            (_("Statusändringar sedan förra rapporten"), str(len(items))),
            (_("Nya resultat sedan förra rapporten"), str(created)),
        ],
        empty_message="" if items else _("Inga resultat har bytt status under perioden."),
    )


def _projects_tracking_fields(model) -> list[str]:
    # Phase, traffic light and status reports land with the projects work; until then the section says so.
    return [name for name in ("phase", "traffic_light") if any(f.name == name for f in model._meta.get_fields())]


def section_projects(*, period: ReportPeriod) -> SectionData:
    """The four frame projects with their steering group, and phase/traffic light once recorded (1–2 queries)."""
    from projects.models import FrameProject
    from projects.selectors import project_list

    tracked = _projects_tracking_fields(FrameProject)
    has_reports = hasattr(FrameProject, "status_reports")
    projects = project_list()
    if has_reports:
        projects = projects.prefetch_related("status_reports")
    items = []
    for project in projects:
        item = {"project": project, "phase": "", "traffic_light": "", "latest_report": None}
        for name in tracked:
            item[name] = getattr(project, f"get_{name}_display", lambda n=name, p=project: getattr(p, n))()
        if has_reports:
            reports = list(project.status_reports.all())
            item["latest_report"] = max(reports, key=lambda r: r.pk) if reports else None
        items.append(item)
    return SectionData(
        key="projects",
        title=_("Ramprojekten"),
        template="reports/pdf/sections/_projects.html",
        context={"items": items, "tracking": bool(tracked), "has_reports": has_reports},
        summary=[(_("Ramprojekt"), str(len(items)))],
        empty_message="" if items else _("Inga ramprojekt ännu."),
    )


def section_groups_and_forums(*, period: ReportPeriod) -> SectionData:
    """The steering groups and the forums (2 queries)."""
    from forums.selectors import forum_list
    from steeringgroups.selectors import steering_group_list

    groups, forums = list(steering_group_list()), list(forum_list())
    return SectionData(
        key="groups",
        title=_("Styrgrupper och forum"),
        template="reports/pdf/sections/_groups.html",
        context={"groups": groups, "forums": forums},
        summary=[(_("Styrgrupper"), str(len(groups))), (_("Forum"), str(len(forums)))],
    )


def section_obstacles(*, period: ReportPeriod) -> SectionData:
    """The hinder named in the plan (1 query)."""
    from vudig.core.models import Obstacle

    obstacles = list(Obstacle.objects.all())
    return SectionData(
        key="obstacles",
        title=_("Hinder och risker"),
        template="reports/pdf/sections/_obstacles.html",
        context={"obstacles": obstacles},
        summary=[(_("Hinder i planen"), str(len(obstacles)))],
        empty_message="" if obstacles else _("Inga hinder är registrerade."),
    )


register_section("status", section_status)
register_section("changes", section_changes)
register_section("projects", section_projects)
register_section(
    "queue",
    _no_data_yet(
        "queue",
        _("Styrgruppernas ärenden och beslut"),
        _("Inga uppgifter ännu: ärenden, köer och beslut registreras när styrgruppernas ärendehantering är på plats."),
    ),
)
register_section("groups", section_groups_and_forums)
register_section(
    "maturity",
    _no_data_yet(
        "maturity",
        _("Digital mognad"),
        _("Inga uppgifter ännu: inga självskattningar av mognad är registrerade."),
    ),
)
register_section(
    "forum_activity",
    _no_data_yet(
        "forum_activity",
        _("Forumens aktivitet"),
        _("Inga uppgifter ännu: forumens möten registreras inte i portalen än."),
    ),
)
register_section("obstacles", section_obstacles)


def gather(*, period: ReportPeriod) -> list[SectionData]:
    """Every registered section's data, in order (sections returning None are left out)."""
    sections = []
    for section in SECTIONS.values():
        data = section(period=period)
        if data is not None:
            sections.append(data)
    return sections
