"""Reads of the reports app."""

from __future__ import annotations

from django.db.models import Q

from vudig.core.constants import OrganisationKind
from vudig.core.models import Organisation
from vudig.permissions import can, roles_of

from .constants import ReportKind
from .models import AnnualEvent, Report


def report_list(*, user):
    """Reports the user may see (the same rule as ``report.view``, as one query), newest first."""
    r = roles_of(user)
    qs = Report.objects.select_related("organisation", "requested_by").newest_first()
    if not r.authenticated:
        return qs.none()
    if can(user, "report.view_all"):
        return qs
    visible = Q(requested_by_id=r.user_id) | Q(kind=ReportKind.HANDLINGSPLAN)
    if r.is_process_leader:
        visible |= Q(kind=ReportKind.UPPFOLJNING) | Q(kind=ReportKind.MOGNAD)
    elif r.managed_organisation_ids:
        visible |= Q(kind=ReportKind.MOGNAD, organisation_id__in=r.managed_organisation_ids)
    return qs.filter(visible)


def report_organisations():
    """The förvaltningar and bolag a maturity report can be about (Piteå has 13)."""
    return Organisation.objects.filter(kind__in=[OrganisationKind.FORVALTNING, OrganisationKind.BOLAG]).ordered()


def report_organisations_for(*, user):
    """Organisations the user may request a report about (``report.request_for``), as one queryset.

    Requesters may ask about any; a manager about the ones they manage. Checked per organisation this cost a
    permission call per row, and a region has over a thousand organisations.
    """
    if can(user, "report.request"):
        return report_organisations()
    return report_organisations().filter(pk__in=roles_of(user).managed_organisation_ids)


def annual_event_list(*, year: int):
    """The portal's own events of a year in date order."""
    return AnnualEvent.objects.of_year(year)
