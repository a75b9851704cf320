"""Reads of the reports app."""

from __future__ import annotations

from vudig.core.models import Organisation

from .constants import REPORTED_ORGANISATION_KINDS
from .models import AnnualEvent, Report
from .rules import organisations_reportable_by, visible_reports


def report_list(*, user):
    """Reports the user may see (the rule report.view, in reports/rules.py), newest first."""
    return visible_reports(user, Report.objects.select_related("organisation", "requested_by").newest_first())


def report_organisations():
    """The förvaltningar and bolag a maturity report can be about (Piteå has 13)."""
    return Organisation.objects.filter(kind__in=REPORTED_ORGANISATION_KINDS).ordered()


def report_organisations_for(*, user):
    """Organisations the user may request a report about (``report.request_for``), as one queryset.

    Checked per organisation this cost a permission call per row, and a region has over a thousand organisations.
    """
    return organisations_reportable_by(user, report_organisations())


def annual_event_list(*, year: int):
    """The portal's own events of a year in date order."""
    return AnnualEvent.objects.of_year(year)
