"""Who may change the action plan: the process leader keeps it; kommunchef decides it.

Objects: a plan, or a measure or result of it.
"""

from __future__ import annotations

import rules

from vudig.core.constants import Role
from vudig.core.rules import (
    UserRoles,
    is_admin,
    is_kommunchef,
    manages_organisation,
    process_leader_or_admin,
    register,
)

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


@rules.predicate
def carries_measure(r: UserRoles, obj) -> bool:
    """The person reports an organisation's part of the measure (or of one of its results): the part's organisation's
    manager or the reporter the manager named. Reads the measure's ``active_parts`` as the caller prefetched them
    (``measures.indicators.with_carriers``); without them the answer is no, never a query."""
    measure = _measure_of(obj)
    return any(reports_part.test(r, part) for part in getattr(measure, "active_parts", None) or ())


# The outcomes are also recorded by the organisations that carry the measure through their parts ("(Alla)").
register("indicator.record", indicator_keeper | carries_measure)


# -- organisation parts and follow-up periods (issue 11) -----------------------------------------------------------
# Objects: an OrganisationPart, or a PeriodReport with its part and result selected (no rule runs a query).
@rules.predicate
def reports_part(r: UserRoles, part) -> bool:
    """The part's organisation's manager, or the person the manager named for the part."""
    if part is None:
        return False
    return r.manages(part.organisation_id) or (r.user_id is not None and r.user_id == part.reporter_id)


@rules.predicate
def reports_period_item(r: UserRoles, report) -> bool:
    """A period row is reported by whoever carries its item: the part's reporters, a result's responsible person,
    else the plan's keeper (the process leader) for the items the plan gives to no one in particular."""
    if report is None:
        return False
    if report.part_id:
        return reports_part.test(r, report.part)
    responsible_id = report.result.responsible_user_id if report.result_id else None
    if responsible_id is not None:
        return r.user_id == responsible_id or r.is_process_leader
    return r.is_process_leader


register("measure.part_assign", process_leader_or_admin)
register("measure.part_report", reports_part | is_admin)
# The manager names who reports the organisation's part (an administrator may stand in).
register("measure.part_delegate", manages_organisation | is_admin)
register("period.manage", process_leader_or_admin)
# Who has and has not reported is the staff's business: anyone with a role reads the board and their own list.
register("period.view", has_role)
register("period.report", reports_period_item | is_admin)
