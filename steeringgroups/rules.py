"""Who may do what with ärenden, steering groups and their meetings, and the ärenden a person may list.

Objects: an ärende, or the steering group (or anything of it: a meeting, an agenda item).
"""

from __future__ import annotations

import rules
from django.db.models import Q

from vudig.core.rules import UserRoles, is_beredning, overseer, register, roles_of, signed_in

from .constants import ACTIONS, Actor, MeetingState


def group_id_of(obj) -> int | None:
    """The steering group an object is, or belongs to."""
    if obj is None:
        return None
    if getattr(obj, "_meta", None) is not None and obj._meta.label_lower == "steeringgroups.steeringgroup":
        return obj.pk
    return getattr(obj, "steering_group_id", None)


@rules.predicate
def in_group(r: UserRoles, obj) -> bool:
    """A member or the chair of the object's steering group."""
    return r.in_group(group_id_of(obj))


@rules.predicate
def chairs_group(r: UserRoles, obj) -> bool:
    return r.chairs(group_id_of(obj))


@rules.predicate
def submitted_it(r: UserRoles, obj) -> bool:
    return r.authenticated and getattr(obj, "submitted_by_id", None) == r.user_id


@rules.predicate
def errand_reader(r: UserRoles, obj) -> bool:
    # The same rule as visible_errands() below: the submitter, the organisation's manager, the members of the group
    # it is referred to, and those who oversee all ärenden (beredning, process leader, kommunchef, admin).
    if not r.authenticated:
        return False
    return (
        overseer.test(r)
        or getattr(obj, "submitted_by_id", None) == r.user_id
        or r.manages(getattr(obj, "organisation_id", None))
        or r.in_group(group_id_of(obj))
    )


@rules.predicate
def before_agenda_deadline(r: UserRoles, obj) -> bool:
    """The meeting's agenda still takes items from others than the chair (no deadline, or not yet passed)."""
    from django.utils import timezone

    deadline = getattr(obj, "agenda_deadline", None)
    return deadline is None or timezone.localdate() <= deadline


@rules.predicate
def protocol_justerat(r: UserRoles, obj) -> bool:
    return getattr(obj, "state", None) == MeetingState.JUSTERAT


@rules.predicate
def is_the_person(r: UserRoles, obj) -> bool:
    """The person a row names (a justerare's signature row, the owner of an uppdrag)."""
    return r.authenticated and r.user_id in {getattr(obj, "person_id", None), getattr(obj, "owner_id", None)}


@rules.predicate
def signs_meeting(r: UserRoles, obj) -> bool:
    """An elected justerare (or the chair) of this meeting: an adjungerad justerare need not be a group member."""
    signers = getattr(obj, "signers", None)
    if not r.authenticated or signers is None or getattr(obj, "_meta", None) is None:
        return False
    if obj._meta.label_lower != "steeringgroups.meeting":
        return False
    return any(s.person_id == r.user_id for s in signers.all())


@rules.predicate
def chairs_decision_group(r: UserRoles, obj) -> bool:
    decision = getattr(obj, "decision", None)
    return r.chairs(getattr(decision, "steering_group_id", None))


register("errand.submit", signed_in)
register("errand.triage", is_beredning)
register("group.act", in_group)
register("group.decide", chairs_group)
# Object: the ärende. Read it (and its attachments); answer a request for more information.
register("errand.view", errand_reader)
register("errand.answer", submitted_it)
# Object: the steering group (or its meeting). See its queue, meetings and protocols.
register("group.view_queue", overseer | in_group)
# Object: a meeting. The chair adds items at any time before the meeting closes; members and the beredning until
# the agenda deadline.
register("meeting.add_item", chairs_group | ((in_group | is_beredning) & before_agenda_deadline))
# One rule for reading decisions: the register and the justerade protocols are public records (allmänna
# handlingar) to everyone signed in; a protocol not yet justerat only to the group and those who oversee.
register("decision.read", signed_in)
# Object: a meeting. Its page and agenda: those who see the group's meetings, and the meeting's elected justerare
# (who read the meeting and confirm the protocol, even when adjungerad rather than a member).
register("meeting.view", overseer | in_group | signs_meeting)
register("meeting.view_protocol", (signed_in & protocol_justerat) | overseer | in_group)
# Object: the signature row (ProtocolSigner). Only the chair and the elected justerare confirm, each their own.
register("meeting.justera", is_the_person)
# Object: an uppdrag (FollowUp, with its decision). Its owner reports on it; the group's chair may too.
register("followup.update", is_the_person | chairs_decision_group)

# Who takes an ärende action, as the right the person needs (the actor of each action is in constants.ACTIONS).
ACTOR_PERMISSION = {
    Actor.BEREDNING: "errand.triage",
    Actor.SUBMITTER: "errand.answer",
    Actor.GROUP: "group.act",
    Actor.CHAIR: "group.decide",
}


def errand_action_permission(action: str) -> str:
    """The right an ärende action needs (its actor's)."""
    return ACTOR_PERMISSION[ACTIONS[action].actor]


def visible_errands(user, queryset):
    """The ärenden ``user`` may read (errand.view) out of ``queryset``: the queryset twin of errand_reader."""
    r = roles_of(user)
    if not r.authenticated:
        return queryset.none()
    if overseer.test(r):
        return queryset
    return queryset.filter(
        Q(submitted_by_id=r.user_id)
        | Q(organisation_id__in=r.managed_organisation_ids)
        | Q(steering_group_id__in=r.member_group_ids | r.chair_group_ids)
    )
