"""Maturity rules × every role, for an organisation, a submitted assessment and a draft (no IDOR)."""

import pytest

from maturity.constants import AssessmentStatus
from maturity.models import Assessment, Respondent
from tests.factories import UserFactory
from tests.permission_matrix import SIGNED_IN, assert_matrix_row
from vudig.core.rules import can

# action -> (object fixture name or None, people allowed). The org-level rows repeat tests/core's matrix.
MATRIX = {
    "assessment.view": ("submitted_assessment", {"process_leader", "kommunchef", "admin", "manager"}),
    "assessment.edit": ("submitted_assessment", {"process_leader", "manager"}),
    "assessment.review": ("submitted_assessment", {"process_leader"}),
    "assessment.round_manage": (None, {"process_leader"}),
    "assessment.view_results": ("submitted_assessment", SIGNED_IN),
    # A respondent's individual answer (the respondent row below is the no-role person's): that person alone, not
    # the manager, not the process leader, not an administrator.
    "respondent.answer": ("respondent_row", {"no_role"}),
    "respondent.view_answer": ("respondent_row", {"no_role"}),
    # Naming and reminding respondents, and their aggregates (shown only from three answers, see test_respondents).
    "respondent.manage": ("org", {"process_leader", "manager"}),
    "respondent.view_aggregate": ("org", {"process_leader", "kommunchef", "admin", "manager"}),
}
# Drafts: only the organisation's managers and the process leader see them (not kommunchef, not admin).
DRAFT_MATRIX = {
    "assessment.view": {"process_leader", "manager"},
    "assessment.view_results": {"process_leader", "manager"},
    "assessment.edit": {"process_leader", "manager"},
}


@pytest.fixture
def submitted_assessment(open_round, org):
    return Assessment.objects.create(round=open_round, organisation=org, status=AssessmentStatus.INLAMNAD)


@pytest.fixture
def draft_assessment(open_round, org):
    return Assessment.objects.create(round=open_round, organisation=org, status=AssessmentStatus.UTKAST)


@pytest.mark.parametrize("action", sorted(MATRIX))
def test_role_may_do_exactly_what_the_matrix_says(action, people, request):
    object_fixture, allowed = MATRIX[action]
    obj = request.getfixturevalue(object_fixture) if object_fixture else None
    assert_matrix_row(action=action, obj=obj, allowed=allowed, people=people)


@pytest.mark.parametrize("action", sorted(DRAFT_MATRIX))
def test_drafts_are_seen_only_by_editors(action, people, draft_assessment):
    assert_matrix_row(action=action, obj=draft_assessment, allowed=DRAFT_MATRIX[action], people=people)


@pytest.fixture
def respondent_row(open_round, org, people):
    return Respondent.objects.create(
        round=open_round, organisation=org, email="resp@pitea.example", user=people["no_role"]
    )


def test_another_respondent_of_the_same_organisation_cannot_read_the_answer(respondent_row, open_round, org):
    other = UserFactory(username="annan-respondent")
    Respondent.objects.create(round=open_round, organisation=org, email="annan@pitea.example", user=other)
    assert not can(other, "respondent.view_answer", respondent_row)
    assert not can(other, "respondent.answer", respondent_row)


def test_an_invitation_not_yet_used_is_nobodys_answer(people, open_round, org):
    pending = Respondent.objects.create(round=open_round, organisation=org, email="ny@pitea.example")
    assert not any(can(user, "respondent.view_answer", pending) for user in people.values())
