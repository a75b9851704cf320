"""The reports app's notice (vudig.core.notices): a report is ready, to whoever ordered it, or to kommunchef for the
årshjul's scheduled uppföljningsrapport. Called from services.report_finish inside its transaction; one notice per
report and person, however often the render task runs."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from vudig.core.constants import Role
from vudig.core.notices import Delivery, notify, register_category
from vudig.core.write import role_holders

register_category("reports.ready", label=gettext_lazy("Rapport klar"), default=Delivery.IMMEDIATE)


def report_ready_notify(report) -> int:
    """Tell the person who ordered ``report`` (kommunchef for a scheduled one) that it can be downloaded."""
    recipients = [report.requested_by] if report.requested_by_id else list(role_holders(Role.KOMMUNCHEF))
    names = {"kind": report.get_kind_display(), "from": report.period_start, "to": report.period_end}
    return notify(
        category="reports.ready",
        key=f"report-ready:{report.pk}",
        recipients=recipients,
        subject=_("Rapporten ”%(kind)s” %(from)s–%(to)s är klar") % names,
        template="reports/notices/ready",
        context={"report": report, "scheduled": bool(report.schedule_key), **names},
        url=report.get_download_url(),
        target=report,
        view_rule="report.view",
    )
