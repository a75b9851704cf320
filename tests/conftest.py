"""Shared fixtures: the loaded plan and one person per role (including a manager of another organisation).

The plan is loaded once, into the session's test database (``django_db_setup``): every test runs inside a
transaction that is rolled back, so each one starts from the plan exactly as loaded. Transactional tests (the live
server, the worker) empty the database when they end; pytest-django runs them after all the others, and ``plan``
loads the plan again for any of them that asks for it.
"""

import pytest
from django.core.management import call_command

from steeringgroups.models import SteeringGroup
from vudig.core.constants import Role
from vudig.core.models import Organisation

from .factories import UserFactory, user_with_role


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database with Piteå's plan loaded from the repository's data file, once per session."""
    with django_db_blocker.unblock():
        call_command("load_plan", verbosity=0)


@pytest.fixture
def plan(db):
    """Piteå's plan, as loaded from the repository's data file (already there unless a transactional test emptied it)."""
    if not Organisation.objects.exists():
        call_command("load_plan", verbosity=0)


@pytest.fixture
def org(plan):
    return Organisation.objects.get(slug="socialtjanst")


@pytest.fixture
def other_org(plan):
    return Organisation.objects.get(slug="utbildning")


@pytest.fixture
def extern_group(plan):

    return SteeringGroup.objects.get(slug="extern-digitalisering")


@pytest.fixture
def intern_group(plan):

    return SteeringGroup.objects.get(slug="intern-digitalisering")


@pytest.fixture
def people(plan, org, other_org, extern_group, intern_group):
    """One person per role; the manager and steering-group people each have a counterpart elsewhere."""
    admin = user_with_role(Role.ADMIN, username="admin")
    admin.is_staff = admin.is_superuser = True
    admin.save()
    return {
        "anonymous": None,
        "no_role": UserFactory(username="utan-roll"),
        "reader": user_with_role(Role.READER, username="lasare"),
        "process_leader": user_with_role(Role.PROCESS_LEADER, username="processledare"),
        "kommunchef": user_with_role(Role.KOMMUNCHEF, username="kommunchef"),
        "manager": user_with_role(Role.ORG_MANAGER, organisation=org, username="chef"),
        "manager_other_org": user_with_role(Role.ORG_MANAGER, organisation=other_org, username="chef-annan"),
        "member": user_with_role(Role.STEERING_MEMBER, steering_group=extern_group, username="ledamot"),
        "chair": user_with_role(Role.STEERING_CHAIR, steering_group=extern_group, username="ordforande"),
        "chair_other_group": user_with_role(Role.STEERING_CHAIR, steering_group=intern_group, username="ordf-annan"),
        "beredning": user_with_role(Role.BEREDNING, username="beredning"),
        "admin": admin,
    }
