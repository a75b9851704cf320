"""Who may change the action plan: the process leader keeps it; kommunchef decides it.

Objects: a plan, or a measure or result of it.
"""

from __future__ import annotations

import rules

from vudig.core.constants import Role
from vudig.core.rules import UserRoles, is_kommunchef, process_leader_or_admin, register

from .constants import PlanState

register("plan.edit", process_leader_or_admin)
register("plan.approve", process_leader_or_admin)
register("plan.decide", is_kommunchef)

# The right each change of plan state needs: the ledningsgrupp's approval (and taking it back to a draft) is
# recorded by the plan's keeper; only kommunchef decides.
STATE_ACTIONS = {
    PlanState.GODKAND: "plan.approve",
    PlanState.BESLUTAD: "plan.decide",
    PlanState.UTKAST: "plan.approve",
}


@rules.predicate
def has_role(r: UserRoles) -> bool:
    return bool(r.roles) or r.is_admin


@rules.predicate
def takes_part(r: UserRoles) -> bool:
    """Anyone with a role other than reading: the plan's measures concern every förvaltning and bolag."""
    return bool(r.roles - {Role.READER}) or r.is_admin


# Comments are the staff's discussion of a measure; a reader (or someone with no role) reads them only.
register("measure.comment", takes_part)
# The documents a status rests on may be internal papers: read by anyone with a role, never by the public.
register("measure.document_view", has_role)


# -- indicators (nyckeltal) ---------------------------------------------------------------------------------------
def _measure_of(obj):
    """The measure an indicator rule is asked about: a measure, or an indicator (with its measure selected)."""
    return getattr(obj, "measure", obj) if obj is not None and not hasattr(obj, "plan_id") else obj


@rules.predicate
def manages_responsible_organisation(r: UserRoles, obj) -> bool:
    """The person manages the organisation responsible for the measure: that organisation reports on it."""
    measure = _measure_of(obj)
    return r.manages(getattr(measure, "responsible_organisation_id", None))


# The process leader keeps a measure's indicators, and so does whoever reports on the measure: the manager of its
# responsible organisation. Both record the outcomes per follow-up period.
indicator_keeper = process_leader_or_admin | manages_responsible_organisation
register("indicator.edit", indicator_keeper)
register("indicator.record", indicator_keeper)
