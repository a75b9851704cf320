"""Reports and årshjul events for the reports tests."""

import datetime

import factory

from reports.constants import ReportKind, ReportState
from reports.models import AnnualEvent, Report
from tests.factories import UserFactory
from vudig.core.annual_cycle import EventKind


class ReportFactory(factory.django.DjangoModelFactory):
    """A report as ordered (queued); producing the PDF is the task's job."""

    class Meta:
        model = Report

    kind = ReportKind.UPPFOLJNING
    period_start = datetime.date(2026, 1, 1)
    period_end = datetime.date(2026, 4, 30)
    requested_by = factory.SubFactory(UserFactory)
    state = ReportState.KOAD


class AnnualEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AnnualEvent

    title = factory.Sequence(lambda n: f"Händelse {n}")
    kind = EventKind.BUDGET
    start_date = factory.Sequence(lambda n: datetime.date(2026, 1, 1) + datetime.timedelta(days=n))
    year = factory.LazyAttribute(lambda e: e.start_date.year)
