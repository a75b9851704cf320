"""The frame projects' workflow steps as notices (vudig.core.notices); the services call these in their transactions.

owner_appointed   kommunchef appointed the project's owner: the new owner (who now writes the lägesrapporter)
report_published  a lägesrapport is published: the project's steering group (members and chair)
gate_passed       the project passed its gate into genomförande: the owner and the steering group
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from vudig.core.constants import STEERING_GROUP_ROLES
from vudig.core.notices import Delivery, register_steps
from vudig.core.write import role_holders

APP = "projects"

STEPS = {
    "owner_appointed": (gettext_lazy("Utsedd till ansvarig för ett ramprojekt"), Delivery.IMMEDIATE),
    "report_published": (gettext_lazy("Lägesrapport publicerad"), Delivery.DIGEST),
    "gate_passed": (gettext_lazy("Ramprojekt till genomförande"), Delivery.DIGEST),
}

# send(step, ...): notify() with the step's category and its templates <app>/notices/<step>.*
send = register_steps(APP, STEPS)


def steering_group_people(project) -> list:
    """The active members and chair of the project's steering group (one query; none without a group)."""
    if project.steering_group_id is None:
        return []
    return list(role_holders(STEERING_GROUP_ROLES, steering_group=project.steering_group_id).order_by("pk"))


def owner_appointed(project) -> int:
    """The key holds the project's version after the appointment: appointed again later is a new event."""
    return send(
        "owner_appointed",
        key=f"project:{project.pk}:owner:{project.owner_id}:{project.version}",
        recipients=[project.owner],
        subject=_("Du är ansvarig för ramprojektet %(project)s") % {"project": project.name},
        context={"project": project},
        url=project.get_absolute_url(),
        target=project,
        view_rule="project.report",  # hidden once someone else is the owner
    )


def report_published(report) -> int:
    project = report.project
    return send(
        "report_published",
        key=f"status-report:{report.pk}:published",
        recipients=steering_group_people(project),
        subject=_("Ny lägesrapport: %(project)s") % {"project": project.name},
        context={"project": project, "report": report},
        url=report.get_absolute_url(),
        target=report,
        view_rule="portal.view",
    )


def gate_passed(change) -> int:
    project = change.project
    people = steering_group_people(project)
    if project.owner_id and project.owner.is_active and all(p.pk != project.owner_id for p in people):
        people.append(project.owner)
    return send(
        "gate_passed",
        key=f"project:{project.pk}:gate:{change.pk}",
        recipients=people,
        subject=_("%(project)s går till genomförande") % {"project": project.name},
        context={"project": project, "change": change},
        url=project.get_absolute_url(),
        target=project,
        view_rule="portal.view",
    )
