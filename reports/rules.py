"""Who may request and read reports, and keep the årshjul; the reports and organisations a person may list.

Objects: a report (report.view), the organisation a report is about (report.request_for).
"""

from __future__ import annotations

import rules
from django.db.models import Q

from maturity.rules import assessment_reader
from vudig.core.rules import (
    UserRoles,
    can,
    is_admin,
    is_kommunchef,
    is_process_leader,
    manages_organisation,
    process_leader_or_admin,
    register,
    roles_of,
)

from .constants import KINDS_WITH_ORGANISATION, ReportKind

report_requester = is_kommunchef | is_process_leader | is_admin
report_reader_all = is_kommunchef | is_admin


@rules.predicate
def report_reader(r: UserRoles, obj) -> bool:
    # Kommunchef sees all; others what their role lets them read anyway.
    if not r.authenticated or obj is None:
        return False
    if report_reader_all.test(r) or getattr(obj, "requested_by_id", None) == r.user_id:
        return True
    kind = getattr(obj, "kind", "")
    if kind == ReportKind.MOGNAD:
        return assessment_reader.test(r, obj)
    if kind == ReportKind.HANDLINGSPLAN:
        return True  # the plan itself is open to everyone signed in
    return r.is_process_leader  # the follow-up report: kommunchef's, prepared by the process leader


register("report.request", report_requester)
register("report.view_all", report_reader_all)
# Requesters may ask about any organisation; a manager about their own.
register("report.request_for", report_requester | manages_organisation)
register("report.view", report_reader)
register("annualcycle.edit", process_leader_or_admin)


def report_request_action(kind: str) -> str:
    """The right a request of ``kind`` needs: a report about one organisation is asked for about that organisation."""
    return "report.request_for" if kind in KINDS_WITH_ORGANISATION else "report.request"


def requestable_kinds(user) -> list[tuple[str, str]]:
    """The report kinds ``user`` may request (without the general right, only reports about an organisation)."""
    if can(user, "report.request"):
        return list(ReportKind.choices)
    return [(kind, label) for kind, label in ReportKind.choices if kind in KINDS_WITH_ORGANISATION]


def visible_reports(user, queryset):
    """The reports ``user`` may read (report.view) out of ``queryset``: the queryset twin of report_reader."""
    r = roles_of(user)
    if not r.authenticated:
        return queryset.none()
    if report_reader_all.test(r):
        return queryset
    visible = Q(requested_by_id=r.user_id) | Q(kind=ReportKind.HANDLINGSPLAN)
    if r.is_process_leader:
        visible |= Q(kind=ReportKind.UPPFOLJNING) | Q(kind=ReportKind.MOGNAD)
    elif r.managed_organisation_ids:
        visible |= Q(kind=ReportKind.MOGNAD, organisation_id__in=r.managed_organisation_ids)
    return queryset.filter(visible)


def organisations_reportable_by(user, queryset):
    """The organisations ``user`` may request a report about (report.request_for) out of ``queryset``."""
    r = roles_of(user)
    if report_requester.test(r):
        return queryset
    return queryset.filter(pk__in=r.managed_organisation_ids)
