"""Errands and steering-group meetings for the steering-group tests (the plan's three groups come from the plan)."""

import datetime

import factory

from steeringgroups.constants import ErrandState, MeetingState, Topic
from steeringgroups.models import AgendaItem, Errand, Meeting
from tests.factories import OrganisationFactory, SteeringGroupFactory, UserFactory

__all__ = ["AgendaItemFactory", "ErrandFactory", "MeetingFactory", "SteeringGroupFactory"]


class ErrandFactory(factory.django.DjangoModelFactory):
    """An errand as it stands just after submission (its road through the states is the services' job)."""

    class Meta:
        model = Errand

    title = factory.Sequence(lambda n: f"Ärende {n}")
    description = "Behov av en gemensam e-tjänst."
    organisation = factory.SubFactory(OrganisationFactory)
    topic = Topic.DIGITALISERING
    submitted_by = factory.SubFactory(UserFactory)
    state = ErrandState.INKOMMEN


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    steering_group = factory.SubFactory(SteeringGroupFactory)
    date = factory.Sequence(lambda n: datetime.date(2026, 2, 1) + datetime.timedelta(days=14 * n))
    place = "Stadshuset"
    state = MeetingState.PLANERAT


class AgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgendaItem

    meeting = factory.SubFactory(MeetingFactory)
    order = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Punkt {n}")
