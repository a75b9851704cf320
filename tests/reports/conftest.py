import datetime as dt

import pytest

from reports.constants import ReportKind
from reports.models import Report


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Generated PDFs go to a throw-away folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def make_report(*, kind=ReportKind.UPPFOLJNING, by=None, organisation=None, **kwargs) -> Report:
    """A stored report row (not rendered) for permission and list tests."""
    return Report.objects.create(
        kind=kind,
        period_start=kwargs.pop("period_start", dt.date(2026, 1, 1)),
        period_end=kwargs.pop("period_end", dt.date(2026, 4, 30)),
        organisation=organisation,
        requested_by=by,
        **kwargs,
    )


@pytest.fixture
def followup_report(people):
    return make_report(by=people["kommunchef"])


@pytest.fixture
def org_maturity_report(people, org):
    return make_report(kind=ReportKind.MOGNAD, organisation=org, by=people["kommunchef"])


@pytest.fixture
def plan_report(people):
    return make_report(kind=ReportKind.HANDLINGSPLAN, by=people["kommunchef"])
