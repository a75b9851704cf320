"""The ärende state machine: every state × every action, and random action sequences (hypothesis).

No illegal transition passes; every legal one writes a history row and a transition row; repeating the
current state is a no-op that writes nothing.
"""

import itertools

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from steeringgroups.constants import ACTIONS, TRANSITIONS, ErrandAction, ErrandState, Topic
from steeringgroups.models import Errand, ErrandTransition
from steeringgroups.services import errand_transition
from tests.factories import user_with_role
from vudig.core.constants import Role
from vudig.core.models import RoleAssignment
from vudig.core.workflow import IllegalTransition

ALL_ACTIONS = [a for a in ErrandAction.values if a != ErrandAction.SUBMIT]


@pytest.fixture
def actor(plan, extern_group, intern_group):
    """One person who may take every action (beredning, chair of both groups, and the submitter)."""
    user = user_with_role(Role.BEREDNING, username="allt-i-ett")
    for group in (extern_group, intern_group):
        RoleAssignment.objects.create(user=user, role=Role.STEERING_CHAIR, steering_group=group)
    return user


def make_errand(*, state, actor, org, group):
    return Errand.objects.create(
        title="Prov", description="Prov", organisation=org, topic=Topic.AI, submitted_by=actor, state=state,
        steering_group=group,
    )  # fmt: skip


def attempt(errand, action, actor, extern_group, intern_group):
    other = intern_group if errand.steering_group_id == extern_group.pk else extern_group
    return errand_transition(errand=errand, action=action, by=actor, reason="Motivering", group=other)


def test_transitions_map_matches_the_agreed_state_machine():
    S = ErrandState
    assert TRANSITIONS[S.INKOMMEN] == {S.UNDER_BEREDNING, S.KOMPLETTERING, S.AVVISAD, S.HANSKJUTEN}
    assert TRANSITIONS[S.UNDER_BEREDNING] == {S.KOMPLETTERING, S.HANSKJUTEN, S.AVVISAD}
    assert TRANSITIONS[S.KOMPLETTERING] == {S.UNDER_BEREDNING}
    assert TRANSITIONS[S.HANSKJUTEN] == {S.HANSKJUTEN, S.PA_DAGORDNING, S.UNDER_BEREDNING}
    # Decided, tabled, återremitterat (back to beredning) or taken off the agenda (back to the group's queue).
    assert TRANSITIONS[S.PA_DAGORDNING] == {S.BESLUTAD, S.BORDLAGD, S.UNDER_BEREDNING, S.HANSKJUTEN}
    assert TRANSITIONS[S.BORDLAGD] == {S.HANSKJUTEN, S.PA_DAGORDNING, S.UNDER_BEREDNING}
    assert TRANSITIONS[S.BESLUTAD] == {S.AVSLUTAD}
    assert TRANSITIONS[S.AVSLUTAD] == {S.ATEROPPNAD}
    assert TRANSITIONS[S.ATEROPPNAD] == {S.UNDER_BEREDNING, S.HANSKJUTEN, S.AVSLUTAD}
    assert TRANSITIONS[S.AVVISAD] == frozenset()


@pytest.mark.parametrize(("state", "action"), list(itertools.product(ErrandState.values, ALL_ACTIONS)))
def test_every_state_and_action(state, action, actor, org, extern_group, intern_group):
    errand = make_errand(state=state, actor=actor, org=org, group=extern_group)
    history_before = errand.history.count()
    rule = ACTIONS[action]
    if (state, action) == (ErrandState.INKOMMEN, ErrandAction.REFER):
        # Referred straight from inkommen: the acceptance is recorded on the way, then the referral.
        record = attempt(errand, action, actor, extern_group, intern_group)
        errand.refresh_from_db()
        assert errand.state == rule.target and record.from_state == ErrandState.UNDER_BEREDNING
        assert list(errand.transitions.values_list("action", flat=True))[-2:] == [ErrandAction.ACCEPT, action]
        assert errand.history.count() == history_before + 2 and errand.version == 3
    elif state in rule.sources:
        record = attempt(errand, action, actor, extern_group, intern_group)
        errand.refresh_from_db()
        assert errand.state == rule.target
        assert record.by == actor and record.from_state == state and record.to_state == rule.target
        assert record.reason == "Motivering"
        assert errand.history.count() == history_before + 1
        assert errand.history.first().history_user == actor
        assert "Motivering" in errand.history.first().history_change_reason
        assert errand.version == 2
    elif state == rule.target:
        assert attempt(errand, action, actor, extern_group, intern_group) is None
        assert errand.history.count() == history_before
    else:
        with pytest.raises(IllegalTransition):
            attempt(errand, action, actor, extern_group, intern_group)
        errand.refresh_from_db()
        assert errand.state == state
        assert errand.history.count() == history_before
        assert not ErrandTransition.objects.filter(errand=errand).exists()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(actions=st.lists(st.sampled_from(ALL_ACTIONS), min_size=1, max_size=12))
def test_random_sequences_never_leave_the_map(actions, actor, org, extern_group, intern_group):
    errand = make_errand(state=ErrandState.INKOMMEN, actor=actor, org=org, group=None)
    legal = 0
    for action in actions:
        before = Errand.objects.get(pk=errand.pk)
        try:
            record = attempt(before, action, actor, extern_group, intern_group)
        except IllegalTransition:
            assert before.state not in ACTIONS[action].sources
            continue
        except ValidationError:
            # Only MOVE/REFER without a group could fail here, and attempt always passes one.
            raise
        after = Errand.objects.get(pk=errand.pk)
        if record is None:
            assert after.state == before.state
            continue
        # A referral straight from inkommen records the acceptance on the way: two transitions.
        legal += 2 if (before.state, action) == (ErrandState.INKOMMEN, ErrandAction.REFER) else 1
        assert after.state in TRANSITIONS[before.state]
        assert after.state == ACTIONS[action].target
    assert ErrandTransition.objects.filter(errand=errand).count() == legal
    assert errand.history.count() == legal + 1  # + the row written on create
    counts = Errand.objects.get(pk=errand.pk)
    log = list(ErrandTransition.objects.filter(errand=errand).values_list("action", flat=True))
    assert counts.moved_count == log.count(ErrandAction.MOVE)
    assert counts.tabled_count == log.count(ErrandAction.TABLE)
    sent_back = (ErrandAction.REQUEST_INFO, ErrandAction.RETURN, ErrandAction.REMIT)  # återremiss sends it back too
    assert counts.sent_back_count == sum(log.count(action) for action in sent_back)


def test_reason_is_required_where_the_state_machine_says(actor, org, extern_group):
    for action in (ErrandAction.REJECT, ErrandAction.REQUEST_INFO):
        errand = make_errand(state=ErrandState.UNDER_BEREDNING, actor=actor, org=org, group=None)
        with pytest.raises(ValidationError) as info:
            errand_transition(errand=errand, action=action, by=actor, reason="  ")
        assert "motivering" in str(info.value).lower()
        errand.refresh_from_db()
        assert errand.state == ErrandState.UNDER_BEREDNING
    closed = make_errand(state=ErrandState.AVSLUTAD, actor=actor, org=org, group=extern_group)
    with pytest.raises(ValidationError):
        errand_transition(errand=closed, action=ErrandAction.REOPEN, by=actor, reason="")


def test_refer_needs_a_group_and_move_needs_another_group(actor, org, extern_group):
    errand = make_errand(state=ErrandState.UNDER_BEREDNING, actor=actor, org=org, group=None)
    with pytest.raises(ValidationError):
        errand_transition(errand=errand, action=ErrandAction.REFER, by=actor)
    errand_transition(errand=errand, action=ErrandAction.REFER, by=actor, group=extern_group)
    with pytest.raises(ValidationError):
        errand_transition(errand=errand, action=ErrandAction.MOVE, by=actor, reason="x", group=extern_group)


@pytest.mark.parametrize(
    ("who", "state", "action"),
    [
        ("member", ErrandState.INKOMMEN, ErrandAction.ACCEPT),
        ("manager", ErrandState.UNDER_BEREDNING, ErrandAction.REFER),
        ("chair", ErrandState.UNDER_BEREDNING, ErrandAction.REJECT),
        ("beredning", ErrandState.KOMPLETTERING, ErrandAction.ANSWER),
        ("manager_other_org", ErrandState.KOMPLETTERING, ErrandAction.ANSWER),
        ("beredning", ErrandState.PA_DAGORDNING, ErrandAction.DECIDE),
        ("member", ErrandState.PA_DAGORDNING, ErrandAction.DECIDE),
        ("chair_other_group", ErrandState.PA_DAGORDNING, ErrandAction.DECIDE),
        ("chair_other_group", ErrandState.HANSKJUTEN, ErrandAction.RETURN),
    ],
)
def test_only_the_right_role_may_take_an_action(who, state, action, people, org, extern_group):
    errand = make_errand(state=state, actor=people["manager"], org=org, group=extern_group)
    with pytest.raises(PermissionDenied):
        errand_transition(errand=errand, action=action, by=people[who], reason="x", group=extern_group)
    errand.refresh_from_db()
    assert errand.state == state
