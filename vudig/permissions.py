"""The one place that answers "may this user do this to this object?".

Views, templates (the ``can`` tag), selectors and services ask :func:`can`; no rule lives anywhere else.
Actions are named ``<area>.<verb>``; an unknown action is a programming error and raises.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from vudig.core.constants import Role


@dataclass(frozen=True)
class UserRoles:
    """What one person may act as, loaded once per request."""

    user_id: int | None
    roles: frozenset[str] = frozenset()
    managed_organisation_ids: frozenset[int] = frozenset()
    member_group_ids: frozenset[int] = frozenset()
    chair_group_ids: frozenset[int] = frozenset()
    is_superuser: bool = False

    @property
    def authenticated(self) -> bool:
        return self.user_id is not None

    @property
    def is_admin(self) -> bool:
        return self.is_superuser or Role.ADMIN in self.roles

    def has(self, *roles: str) -> bool:
        return any(role in self.roles for role in roles)

    @property
    def is_process_leader(self) -> bool:
        return Role.PROCESS_LEADER in self.roles

    @property
    def is_kommunchef(self) -> bool:
        return Role.KOMMUNCHEF in self.roles

    @property
    def is_beredning(self) -> bool:
        return Role.BEREDNING in self.roles

    def manages(self, organisation_id: int | None) -> bool:
        return organisation_id is not None and organisation_id in self.managed_organisation_ids

    def in_group(self, group_id: int | None) -> bool:
        return group_id is not None and (group_id in self.member_group_ids or group_id in self.chair_group_ids)

    def chairs(self, group_id: int | None) -> bool:
        return group_id is not None and group_id in self.chair_group_ids


ANONYMOUS = UserRoles(user_id=None)
_CACHE_ATTR = "_vudig_roles"


def roles_of(user) -> UserRoles:
    """The user's roles, read with one query and kept on the user object for the rest of the request."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return ANONYMOUS
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is not None:
        return cached
    from vudig.core.models import RoleAssignment

    roles, orgs, members, chairs = set(), set(), set(), set()
    for role, organisation_id, group_id in RoleAssignment.objects.filter(user=user).values_list(
        "role", "organisation_id", "steering_group_id"
    ):
        roles.add(role)
        if role == Role.ORG_MANAGER:
            orgs.add(organisation_id)
        elif role == Role.STEERING_MEMBER:
            members.add(group_id)
        elif role == Role.STEERING_CHAIR:
            chairs.add(group_id)
    result = UserRoles(
        user_id=user.pk,
        roles=frozenset(roles),
        managed_organisation_ids=frozenset(orgs),
        member_group_ids=frozenset(members),
        chair_group_ids=frozenset(chairs),
        is_superuser=user.is_superuser,
    )
    setattr(user, _CACHE_ATTR, result)
    return result


def forget_roles(user) -> None:
    """Drop the cached roles (after a role assignment changes within the same request or test)."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def _organisation_id(obj) -> int | None:
    """The organisation an object belongs to: an Organisation itself, or anything with organisation_id."""
    if obj is None:
        return None
    from vudig.core.models import Organisation

    if isinstance(obj, Organisation):
        return obj.pk
    return getattr(obj, "organisation_id", None)


def _steering_group_id(obj) -> int | None:
    if obj is None:
        return None
    from steeringgroups.models import SteeringGroup

    if isinstance(obj, SteeringGroup):
        return obj.pk
    return getattr(obj, "steering_group_id", None)


Rule = Callable[[UserRoles, object], bool]


def _signed_in(r: UserRoles, obj) -> bool:
    return r.authenticated


def _anyone(r: UserRoles, obj) -> bool:
    return True


def _admin(r: UserRoles, obj) -> bool:
    return r.is_admin


def _plan_keeper(r: UserRoles, obj) -> bool:
    return r.is_process_leader or r.is_admin


def _kommunchef(r: UserRoles, obj) -> bool:
    return r.is_kommunchef


def _project_reporter(r: UserRoles, obj) -> bool:
    owner_id = getattr(obj, "owner_id", None)
    return _plan_keeper(r, obj) or (r.authenticated and owner_id is not None and owner_id == r.user_id)


def _gate_recorder(r: UserRoles, obj) -> bool:
    # The steering group decides a project's start; one of its members or its chair records the decision in the
    # portal, or the process leader records it for them (the decision text says who decided).
    return _plan_keeper(r, obj) or r.in_group(_steering_group_id(obj))


def _assessment_editor(r: UserRoles, obj) -> bool:
    return r.is_process_leader or r.manages(_organisation_id(obj))


def _assessment_reader(r: UserRoles, obj) -> bool:
    # A draft (an assessment whose status is utkast) is seen only by those who may edit it.
    if getattr(obj, "status", None) == "utkast":
        return _assessment_editor(r, obj)
    return r.is_process_leader or r.is_kommunchef or r.is_admin or r.manages(_organisation_id(obj))


def _assessment_result_reader(r: UserRoles, obj) -> bool:
    # The year's picture is shared: a submitted assessment's results are read by everyone signed in; a draft stays
    # with those who may edit it.
    if getattr(obj, "status", None) == "utkast":
        return _assessment_editor(r, obj)
    return r.authenticated


def _assessment_reviewer(r: UserRoles, obj) -> bool:
    return r.is_process_leader


def _triager(r: UserRoles, obj) -> bool:
    return r.is_beredning


def _group_member(r: UserRoles, obj) -> bool:
    return r.in_group(_steering_group_id(obj))


def _group_chair(r: UserRoles, obj) -> bool:
    return r.chairs(_steering_group_id(obj))


def _overseer(r: UserRoles) -> bool:
    return r.is_beredning or r.is_process_leader or r.is_kommunchef or r.is_admin


def _errand_reader(r: UserRoles, obj) -> bool:
    # Mirrors visible_errands() below: submitter, the organisation's manager, the members of
    # the group it is referred to, and those who oversee all ärenden (beredning, process leader, kommunchef, admin).
    if not r.authenticated:
        return False
    if _overseer(r):
        return True
    return (
        (getattr(obj, "submitted_by_id", None) == r.user_id)
        or r.manages(getattr(obj, "organisation_id", None))
        or r.in_group(_steering_group_id(obj))
    )


def _errand_submitter(r: UserRoles, obj) -> bool:
    return r.authenticated and getattr(obj, "submitted_by_id", None) == r.user_id


def _group_follower(r: UserRoles, obj) -> bool:
    return _overseer(r) or r.in_group(_steering_group_id(obj))


def _report_requester(r: UserRoles, obj) -> bool:
    return r.is_kommunchef or r.is_process_leader or r.is_admin


def _report_reader_all(r: UserRoles, obj) -> bool:
    return r.is_kommunchef or r.is_admin


def _report_requester_for(r: UserRoles, obj) -> bool:
    # obj is the organisation a report is about: requesters may ask for any; a manager for their own.
    return _report_requester(r, obj) or r.manages(_organisation_id(obj))


def _report_reader(r: UserRoles, obj) -> bool:
    # obj is a Report. Kommunchef sees all; others what their role lets them read anyway.
    if not r.authenticated or obj is None:
        return False
    if _report_reader_all(r, obj) or getattr(obj, "requested_by_id", None) == r.user_id:
        return True
    kind = getattr(obj, "kind", "")
    if kind == "mognad":
        return _assessment_reader(r, obj)
    if kind == "handlingsplan":
        return True  # the plan itself is open to everyone signed in
    return r.is_process_leader  # the follow-up report: kommunchef's, prepared by the process leader


def _annual_cycle_keeper(r: UserRoles, obj) -> bool:
    return r.is_process_leader or r.is_admin


RULES: dict[str, Rule] = {
    # Open data and the start page are public.
    "opendata.view": _anyone,
    "home.view": _anyone,
    # Everything else in the portal is read by anyone with an account.
    "portal.view": _signed_in,
    "admin.access": _admin,
    # The action plan: the process leader keeps it; kommunchef decides it.
    "plan.edit": _plan_keeper,
    "plan.approve": _plan_keeper,
    "plan.decide": _kommunchef,
    "project.edit": _plan_keeper,
    "project.report": _project_reporter,
    # Frame projects: object is the FrameProject. Kommunchef appoints the responsible line manager (the owner);
    # moving into genomförande records the steering group's decision.
    "project.appoint_manager": _kommunchef,
    "project.decide_gate": _gate_recorder,
    # Maturity self-assessments: object is the organisation (or an assessment of it).
    "assessment.view": _assessment_reader,
    "assessment.view_results": _assessment_result_reader,
    "assessment.edit": _assessment_editor,
    "assessment.review": _assessment_reviewer,
    "assessment.round_manage": _assessment_reviewer,
    # Ärenden to the steering groups: object is the steering group (or something of it).
    "errand.submit": _signed_in,
    "errand.triage": _triager,
    "group.act": _group_member,
    "group.decide": _group_chair,
    # Object: the ärende. Read it (and its attachments); answer a request for more information.
    "errand.view": _errand_reader,
    "errand.answer": _errand_submitter,
    # Object: the steering group (or its meeting). See its queue, meetings and protocols.
    "group.view_queue": _group_follower,
    # Forums: the process leader keeps their meetings and which groups they feed.
    "forum.edit": _plan_keeper,
    # Reports.
    "report.request": _report_requester,
    "report.view_all": _report_reader_all,
    "report.request_for": _report_requester_for,
    "report.view": _report_reader,
    "annualcycle.edit": _annual_cycle_keeper,
}


def can(user, action: str, obj=None) -> bool:
    """May ``user`` do ``action`` (to ``obj`` where the rule depends on it)?"""
    try:
        rule = RULES[action]
    except KeyError:
        raise ValueError(f"Unknown permission action: {action!r}") from None
    return bool(rule(roles_of(user), obj))


# -- List filters ------------------------------------------------------------------------------------------------
# The same rules as errand.view and report.view, as querysets, so lists show exactly what can() would allow
# (tests compare the two for every role). They live here so each rule is written in one module.


def visible_errands(user, queryset):
    """The ärenden ``user`` may read (errand.view) out of ``queryset``."""
    from django.db.models import Q

    r = roles_of(user)
    if not r.authenticated:
        return queryset.none()
    if _overseer(r):
        return queryset
    return queryset.filter(
        Q(submitted_by_id=r.user_id)
        | Q(organisation_id__in=r.managed_organisation_ids)
        | Q(steering_group_id__in=r.member_group_ids | r.chair_group_ids)
    )


def visible_reports(user, queryset):
    """The reports ``user`` may read (report.view) out of ``queryset``."""
    from django.db.models import Q

    r = roles_of(user)
    if not r.authenticated:
        return queryset.none()
    if _report_reader_all(r, None):
        return queryset
    visible = Q(requested_by_id=r.user_id) | Q(kind="handlingsplan")
    if r.is_process_leader:
        visible |= Q(kind="uppfoljning") | Q(kind="mognad")
    elif r.managed_organisation_ids:
        visible |= Q(kind="mognad", organisation_id__in=r.managed_organisation_ids)
    return queryset.filter(visible)


def organisations_reportable_by(user, queryset):
    """The organisations ``user`` may request a report about (report.request_for) out of ``queryset``."""
    r = roles_of(user)
    if _report_requester(r, None):
        return queryset
    return queryset.filter(pk__in=r.managed_organisation_ids)
