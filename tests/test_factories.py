"""Every app's factories build rows the models accept, so a test built on them starts from valid data."""

import pytest

from projects.models import FrameProject
from tests.factories import OrganisationFactory, SteeringGroupFactory, UserFactory
from tests.forums.factories import ForumFactory, ForumMeetingFactory
from tests.maturity.factories import AssessmentFactory, AssessmentRoundFactory
from tests.measures.factories import MeasureFactory, MeasureResultFactory, PlanFactory
from tests.projects.factories import DevelopmentProjectFactory, ProjectGoalFactory, StatusReportFactory
from tests.reports.factories import AnnualEventFactory, ReportFactory
from tests.steeringgroups.factories import AgendaItemFactory, ErrandFactory, MeetingFactory

FACTORIES = [
    UserFactory,
    OrganisationFactory,
    SteeringGroupFactory,
    PlanFactory,
    MeasureFactory,
    MeasureResultFactory,
    ForumFactory,
    ForumMeetingFactory,
    ErrandFactory,
    MeetingFactory,
    AgendaItemFactory,
    AssessmentRoundFactory,
    AssessmentFactory,
    ReportFactory,
    AnnualEventFactory,
]


@pytest.mark.parametrize("factory", FACTORIES, ids=lambda f: f.__name__)
def test_factory_builds_a_valid_row_twice(db, factory):
    first, second = factory(), factory()
    for row in (first, second):
        row.full_clean()
    assert first.pk != second.pk
    assert factory._meta.model.objects.filter(pk__in=[first.pk, second.pk]).count() == 2


@pytest.mark.parametrize(
    "factory", [ProjectGoalFactory, DevelopmentProjectFactory, StatusReportFactory], ids=lambda f: f.__name__
)
def test_project_factories_build_valid_rows_for_a_frame_project(plan, factory):

    row = factory(project=FrameProject.objects.get(slug="extern-digitalisering"))
    row.full_clean()


def test_forum_factory_sets_the_groups_it_feeds(db):
    groups = [SteeringGroupFactory(), SteeringGroupFactory()]
    forum = ForumFactory(feeds=groups)
    assert set(forum.feeds.all()) == set(groups)
    assert forum.history.count() == 2  # created, then the groups set
