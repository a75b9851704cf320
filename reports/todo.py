"""The reports' part of the start page's "Att göra" (vudig.core.todo): for kommunchef, the reports that became ready
since he last looked at the reports page (reports.ReportListVisit). Two queries, whatever the number."""

from __future__ import annotations

from django.db.models import Count, Window
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from vudig.core.rules import roles_of
from vudig.core.todo import TodoItem, register_provider

from .constants import ReportState
from .models import Report, ReportListVisit
from .rules import visible_reports

# More new reports than this are one item ("N rapporter är klara") instead of one item each.
MAX_ITEMS = 5


def reports_ready_since(user):
    """The reports ``user`` may read that became klar after their last visit to the reports page (all, if never).

    "Became klar" is the moment of the report's history row that set it klar, not generated_at (the render's start):
    a report still being drawn while he looked is new to him once it is done.
    """
    ready = visible_reports(user, Report.objects.filter(state=ReportState.KLAR))
    seen_at = ReportListVisit.objects.filter(user=user).values_list("seen_at", flat=True).first()
    if seen_at is not None:
        became_ready = Report.history.filter(state=ReportState.KLAR, history_date__gt=seen_at).values("id")
        ready = ready.filter(pk__in=became_ready)
    return ready.select_related("organisation").order_by("-generated_at", "-pk")


def ready_reports(user) -> list[TodoItem]:
    """Kommunchef: each report ready since he last looked, a link to its row on the reports page."""
    if not roles_of(user).is_kommunchef:
        return []
    # The total comes with the first rows (a window count over all of them), so many reports cost no extra query.
    reports = list(reports_ready_since(user).annotate(total=Window(Count("pk")))[: MAX_ITEMS + 1])
    kind = _("Rapport")
    if len(reports) > MAX_ITEMS:
        n = reports[0].total
        title = ngettext(
            "%(n)s rapport har blivit klar sedan du senast tittade",
            "%(n)s rapporter har blivit klara sedan du senast tittade",
            n,
        ) % {"n": n}
        return [TodoItem(title=title, url=reverse("reports:list"), kind=kind)]
    return [
        TodoItem(
            title=_("Rapporten är klar: %(report)s") % {"report": report},
            url=reverse("reports:list") + f"#rapport-{report.pk}",
            kind=kind,
        )
        for report in reports
    ]


register_provider("reports.ready", ready_reports)
