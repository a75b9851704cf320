"""Who may change the action plan: the process leader keeps it; kommunchef decides it.

Objects: a plan, or a measure or result of it.
"""

from __future__ import annotations

from vudig.core.rules import is_kommunchef, process_leader_or_admin, register

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
