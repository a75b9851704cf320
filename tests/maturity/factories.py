"""Self-assessment rounds and assessments for the maturity tests (the five areas come from the plan fixture)."""

import datetime

import factory

from maturity.constants import AssessmentStatus, RoundStatus
from maturity.models import Assessment, AssessmentRound
from tests.factories import OrganisationFactory


class AssessmentRoundFactory(factory.django.DjangoModelFactory):
    """A planned round; opening it (which copies the level descriptors) is the services' job."""

    class Meta:
        model = AssessmentRound

    year = factory.Sequence(lambda n: 2030 + n)
    opens_on = factory.LazyAttribute(lambda r: datetime.date(r.year, 9, 1))
    closes_on = factory.LazyAttribute(lambda r: datetime.date(r.year, 10, 31))
    status = RoundStatus.PLANERAD


class AssessmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assessment

    round = factory.SubFactory(AssessmentRoundFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    status = AssessmentStatus.UTKAST
