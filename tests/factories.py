"""Factories for the shared core (organisations, steering groups, people with roles)."""

import factory
from django.contrib.auth import get_user_model

from steeringgroups.models import SteeringGroup
from vudig.core.constants import OrganisationKind, Role
from vudig.core.models import Organisation, RoleAssignment


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"person{n}")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"Person {n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.invalid")
    password = factory.django.Password("losenord-for-test-1")


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Förvaltning {n}")
    slug = factory.Sequence(lambda n: f"forvaltning-{n}")
    kind = OrganisationKind.FORVALTNING
    order = factory.Sequence(lambda n: n)


class SteeringGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SteeringGroup

    name = factory.Sequence(lambda n: f"Styrgrupp {n}")
    slug = factory.Sequence(lambda n: f"styrgrupp-{n}")
    focus = "Verksamhetsnära"
    area_of_responsibility = "Personal, ekonomi"
    motto = "Smart & optimerat"


def user_with_role(role: Role, *, organisation=None, steering_group=None, username=None, **kwargs):
    """A person holding one role (scoped where the role needs it)."""
    user = UserFactory(username=username, **kwargs) if username else UserFactory(**kwargs)
    RoleAssignment.objects.create(user=user, role=role, organisation=organisation, steering_group=steering_group)
    return user
