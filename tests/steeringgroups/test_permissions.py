"""Every role × every ärende action, including someone from another organisation and another group (no IDOR)."""

import pytest

from steeringgroups.constants import ErrandAction
from steeringgroups.models import Errand
from steeringgroups.services import errand_transition
from tests.permission_matrix import SIGNED_IN, assert_matrix_row
from vudig.core.rules import can

OVERSEERS = {"beredning", "process_leader", "kommunchef", "admin"}

# action -> (object fixture, people allowed). The ärende fixture is submitted by "manager" of org and, as
# "referred", sits with the extern group (member, chair). chair_other_group chairs the intern group.
MATRIX = {
    "errand.view": ("referred", OVERSEERS | {"manager", "member", "chair"}),
    "errand.answer": ("referred", {"manager"}),
    "group.view_queue": ("extern_group", OVERSEERS | {"member", "chair"}),
    # The meeting fixture is the extern group's; until its agenda deadline members and the beredning add items too.
    "meeting.add_item": ("meeting", {"member", "chair", "beredning"}),
    # One rule for the register and justerade protocols: everyone signed in (allmänna handlingar).
    "decision.read": ("meeting", SIGNED_IN),
    "meeting.view_protocol": ("justerat_meeting", SIGNED_IN),
    "meeting.justera": ("member_signer", {"member"}),
    # A meeting's page: the group and those who oversee, and its elected justerare (here the adjungerad manager).
    "meeting.view": ("adjunct_justerare_meeting", OVERSEERS | {"member", "chair", "manager"}),
    "followup.update": ("follow_up", {"manager", "chair"}),
}

# The same actions on a second object where the answer differs.
SECOND_ROWS = [
    ("meeting.add_item", "meeting_past_deadline", {"chair"}),
    ("meeting.view_protocol", "meeting", OVERSEERS | {"member", "chair"}),
    ("meeting.view", "meeting", OVERSEERS | {"member", "chair"}),  # no justerare elected: the manager may not
]


@pytest.mark.parametrize("action", sorted(MATRIX))
def test_role_may_do_exactly_what_the_matrix_says(action, people, request):
    object_fixture, allowed = MATRIX[action]
    obj = request.getfixturevalue(object_fixture)
    assert_matrix_row(action=action, obj=obj, allowed=allowed, people=people)


@pytest.mark.parametrize(("action", "object_fixture", "allowed"), SECOND_ROWS)
def test_the_answer_follows_the_object(action, object_fixture, allowed, people, request):
    assert_matrix_row(action=action, obj=request.getfixturevalue(object_fixture), allowed=allowed, people=people)


def test_inkommen_errand_is_not_visible_to_any_group(errand, people):
    assert not can(people["member"], "errand.view", errand)
    assert not can(people["chair_other_group"], "errand.view", errand)
    assert can(people["manager"], "errand.view", errand)


def test_moving_an_errand_moves_who_may_read_it(referred, people, intern_group):

    errand_transition(
        errand=referred, action=ErrandAction.MOVE, by=people["beredning"], reason="Intern fråga", group=intern_group
    )
    referred.refresh_from_db()
    assert can(people["chair_other_group"], "errand.view", referred)
    assert not can(people["member"], "errand.view", referred)


def test_for_user_agrees_with_errand_view_for_everyone(referred, errand, people):

    for who, user in people.items():
        visible = set(Errand.objects.for_user(user).values_list("pk", flat=True))
        for obj in Errand.objects.all():
            assert (obj.pk in visible) is can(user, "errand.view", obj), (who, obj)
