"""The rule registry: the one place that answers "may this user do this to this object?".

Each app declares its actions in its own ``rules.py`` with :func:`register`, built from the generic predicates
below and its own constants, next to the queryset twin its ``for_user()`` uses, so a list and :func:`can` cannot
disagree. ``CoreConfig.ready()`` imports every app's ``rules`` module. Views, templates (the ``can`` tag), selectors
and services ask :func:`can` or :func:`require`; actions are named ``<area>.<verb>`` and an unknown action is a
programming error that raises.

Predicates are ``rules`` predicates called with the person's :class:`UserRoles` (read once per request) and the
object, never with the user itself, so no rule runs a query of its own.
"""

from __future__ import annotations

from dataclasses import dataclass

import rules
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from .constants import Role
from .models import Organisation, RoleAssignment


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


# -- the registry -----------------------------------------------------------------------------------------------
REGISTRY = rules.RuleSet()


def register(action: str, predicate) -> None:
    """Declare the rule of ``action``; declaring one action twice is a programming error (KeyError)."""
    REGISTRY.add_rule(action, predicate)


def can(user, action: str, obj=None) -> bool:
    """May ``user`` do ``action`` (to ``obj`` where the rule depends on it)?"""
    if not REGISTRY.rule_exists(action):
        raise ValueError(f"Unknown permission action: {action!r}")
    return REGISTRY.test_rule(action, roles_of(user), obj)


def require(user, action: str, obj=None) -> None:
    """Refuse (PermissionDenied) unless ``user`` may do ``action`` to ``obj``: every write service asks first."""
    if not can(user, action, obj):
        raise PermissionDenied(_("Du har inte behörighet att göra detta."))


# -- generic predicates: who someone is, whatever the app -----------------------------------------------------
def organisation_id_of(obj) -> int | None:
    """The organisation an object belongs to: an Organisation itself, or anything with organisation_id."""
    if obj is None:
        return None
    if isinstance(obj, Organisation):
        return obj.pk
    return getattr(obj, "organisation_id", None)


@rules.predicate
def anyone(r: UserRoles) -> bool:
    return True


@rules.predicate
def signed_in(r: UserRoles) -> bool:
    return r.authenticated


@rules.predicate
def is_admin(r: UserRoles) -> bool:
    return r.is_admin


@rules.predicate
def is_process_leader(r: UserRoles) -> bool:
    return r.is_process_leader


@rules.predicate
def is_kommunchef(r: UserRoles) -> bool:
    return r.is_kommunchef


@rules.predicate
def is_beredning(r: UserRoles) -> bool:
    return r.is_beredning


@rules.predicate
def manages_organisation(r: UserRoles, obj) -> bool:
    """The person manages the organisation ``obj`` is (or belongs to)."""
    return r.manages(organisation_id_of(obj))


# The process leader keeps the plan, the projects, the forums and the årshjul; an administrator may stand in.
process_leader_or_admin = is_process_leader | is_admin
# Those who follow every ärende and report, whoever they are about.
overseer = is_beredning | is_process_leader | is_kommunchef | is_admin


# -- core's own actions --------------------------------------------------------------------------------------------
# Open data and the start page are public; everything else in the portal is read by anyone with an account.
register("opendata.view", anyone)
register("home.view", anyone)
register("portal.view", signed_in)
register("admin.access", is_admin)


# -- notices (vudig.core.notices): each person reads and sets only their own ----------------------------------
@rules.predicate
def is_notice_recipient(r: UserRoles, notice) -> bool:
    return r.authenticated and notice is not None and notice.recipient_id == r.user_id


register("notices.view", signed_in)
register("notices.open", signed_in & is_notice_recipient)
register("notices.preferences", signed_in)
