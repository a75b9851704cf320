"""Who may read, fill in and review the maturity self-assessments.

Object: the organisation, or an assessment of it (a draft is an assessment whose status is utkast).
"""

from __future__ import annotations

import rules

from vudig.core.rules import (
    UserRoles,
    can,
    is_admin,
    is_kommunchef,
    is_process_leader,
    manages_organisation,
    register,
    roles_of,
    signed_in,
)

from .constants import AssessmentStatus


@rules.predicate
def is_draft(r: UserRoles, obj) -> bool:
    return getattr(obj, "status", None) == AssessmentStatus.UTKAST


assessment_editor = is_process_leader | manages_organisation
# A draft is seen only by those who may edit it.
assessment_reader = (is_draft & assessment_editor) | (
    ~is_draft & (is_process_leader | is_kommunchef | is_admin | manages_organisation)
)
# The year's picture is shared: a submitted assessment's results are read by everyone signed in; a draft stays
# with those who may edit it.
assessment_result_reader = (is_draft & assessment_editor) | (~is_draft & signed_in)


@rules.predicate
def is_the_respondent(r: UserRoles, obj) -> bool:
    """The person is the respondent ``obj`` (a Respondent) names: the only one who reads or writes its answer."""
    return r.user_id is not None and r.user_id == getattr(obj, "user_id", None)


register("assessment.view", assessment_reader)
register("assessment.view_results", assessment_result_reader)
register("assessment.edit", assessment_editor)
register("assessment.review", is_process_leader)
register("assessment.round_manage", is_process_leader)
# Respondents (obj: a Respondent). An individual answer is read and written by its respondent alone: not the
# manager, not the process leader, not an administrator.
register("respondent.answer", is_the_respondent)
register("respondent.view_answer", is_the_respondent)
# The organisation's manager (and the process leader) names and reminds respondents (obj: the organisation or a
# Respondent of it) and sees the aggregates, which selectors show only from MIN_ANSWERS_FOR_AGGREGATE answers.
register("respondent.manage", is_process_leader | manages_organisation)
register("respondent.view_aggregate", is_process_leader | is_kommunchef | is_admin | manages_organisation)


def may_fill_in(user, *, round, organisation, assessment) -> bool:
    """The assessment form is open to ``user``: they may edit it, the round is open and it is still a draft."""
    return (
        can(user, "assessment.edit", organisation)
        and round.is_open
        and (assessment is None or assessment.status == AssessmentStatus.UTKAST)
    )


def organisations_managed_by(user, queryset):
    """The organisations out of ``queryset`` whose self-assessment ``user`` fills in as their manager."""
    return queryset.filter(pk__in=roles_of(user).managed_organisation_ids)
