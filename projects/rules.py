"""Who may change frame projects, report on them and record the steering group's start decision.

Object: the frame project (or its goal, development project or report, through ``.project``).
"""

from __future__ import annotations

import rules

from vudig.core.rules import UserRoles, is_kommunchef, process_leader_or_admin, register


@rules.predicate
def owns_project(r: UserRoles, obj) -> bool:
    owner_id = getattr(obj, "owner_id", None)
    return r.authenticated and owner_id is not None and owner_id == r.user_id


@rules.predicate
def in_projects_group(r: UserRoles, obj) -> bool:
    return r.in_group(getattr(obj, "steering_group_id", None))


register("project.edit", process_leader_or_admin)
register("project.report", process_leader_or_admin | owns_project)
# Kommunchef appoints the responsible line manager (the owner).
register("project.appoint_manager", is_kommunchef)
# The steering group decides a project's start; one of its members or its chair records the decision in the
# portal, or the process leader records it for them (the decision text says who decided).
register("project.decide_gate", process_leader_or_admin | in_projects_group)
