"""The write kit: one tracked save, one rule for repeats, one archive toggle, the people holding a role."""

import pytest
from django.core.exceptions import ValidationError

from measures.models import Measure
from tests.factories import user_with_role
from vudig.core.concurrency import StaleVersionError
from vudig.core.constants import Role
from vudig.core.rules import REGISTRY, register, signed_in
from vudig.core.write import model_update, role_holders, set_archived, tracked_save


@pytest.fixture
def measure(plan):
    return Measure.objects.filter(plan__slug="tidigare-atgarder").first()


def test_tracked_save_names_who_and_why_and_validates(measure, people):
    measure.title = "Nytt namn"
    tracked_save(measure, by=people["process_leader"], reason="Bytte namn", update_fields=["title"])
    record = measure.history.first()
    assert (record.title, record.history_user, record.history_change_reason) == (
        "Nytt namn",
        people["process_leader"],
        "Bytte namn",
    )
    measure.title = ""
    with pytest.raises(ValidationError):
        tracked_save(measure, by=people["process_leader"], reason="Tomt")
    assert Measure.objects.get(pk=measure.pk).title == "Nytt namn"


def test_an_identical_request_is_a_no_op_even_from_a_stale_version(measure, people):
    version = measure.version
    assert model_update(
        instance=measure, values={"title": "A"}, expected_version=version, by=people["admin"], reason="Ändrad"
    )
    assert not model_update(
        instance=measure, values={"title": "A"}, expected_version=version, by=people["admin"], reason="Ändrad"
    )
    measure.refresh_from_db()
    assert (measure.title, measure.version) == ("A", version + 1)


def test_another_request_from_a_stale_version_is_refused_with_the_newer_row(measure, people):
    version = measure.version
    model_update(instance=measure, values={"title": "A"}, expected_version=version, by=people["admin"], reason="1")
    with pytest.raises(StaleVersionError) as exc:
        model_update(instance=measure, values={"title": "B"}, expected_version=version, by=people["admin"], reason="2")
    assert exc.value.current.title == "A"
    assert Measure.objects.get(pk=measure.pk).title == "A"


def test_when_the_reason_is_input_a_new_reason_is_a_new_request(measure, people):
    version = measure.version
    kwargs = {"instance": measure, "values": {"title": measure.title}, "by": people["admin"], "reason_is_input": True}
    assert model_update(**kwargs, expected_version=version, reason="Första motiveringen")
    assert not model_update(**kwargs, expected_version=version, reason="Första motiveringen")  # a double submit
    with pytest.raises(StaleVersionError):
        model_update(**kwargs, expected_version=version, reason="En annan motivering")
    assert Measure.objects.get(pk=measure.pk).version == version + 1


def test_set_archived_toggles_once(measure, people):
    reasons = ("Arkiverad", "Återställd")
    assert set_archived(measure, archived=True, by=people["admin"], reasons=reasons)
    assert not set_archived(measure, archived=True, by=people["admin"], reasons=reasons)
    assert set_archived(measure, archived=False, by=people["admin"], reasons=reasons)
    assert [r.history_change_reason for r in measure.history.all()[:2]] == ["Återställd", "Arkiverad"]


def test_role_holders_are_the_active_people_with_the_role_in_its_scope(people, org, extern_group):
    gone = user_with_role(Role.ORG_MANAGER, organisation=org, username="slutat", is_active=False)
    assert set(role_holders(Role.ORG_MANAGER, organisation=org)) == {people["manager"]}
    assert gone not in role_holders(Role.ORG_MANAGER)
    assert set(role_holders((Role.STEERING_MEMBER, Role.STEERING_CHAIR), steering_group=extern_group)) == {
        people["member"],
        people["chair"],
    }
    assert set(role_holders(Role.KOMMUNCHEF)) == {people["kommunchef"]}


def test_an_action_is_declared_once():
    assert "portal.view" in REGISTRY
    with pytest.raises(KeyError):
        register("portal.view", signed_in)
