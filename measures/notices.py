"""The measures app's notices (vudig.core.notices): a plan approved by the ledningsgrupp (to kommunchef, who decides
it) and a plan decided (to the process leaders). Called from services.plan_set_state inside its transaction; the key
carries the plan's version, so a plan approved again after going back to draft is a new event."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from vudig.core.constants import Role
from vudig.core.notices import Delivery, notify, register_category
from vudig.core.write import role_holders

from .constants import PlanState

register_category(
    "measures.plan_approved", label=_("Handlingsplan godkänd, väntar på beslut"), default=Delivery.IMMEDIATE
)
register_category("measures.plan_decided", label=_("Handlingsplan beslutad"), default=Delivery.DIGEST)

# state reached -> (category, template step, recipients' role, subject)
_STEPS = {
    PlanState.GODKAND: ("measures.plan_approved", "plan_approved", Role.KOMMUNCHEF, _("Handlingsplanen ”%(plan)s” väntar på ditt beslut")),
    PlanState.BESLUTAD: ("measures.plan_decided", "plan_decided", Role.PROCESS_LEADER, _("Handlingsplanen ”%(plan)s” är beslutad")),
}  # fmt: skip


def plan_step_notify(plan, *, comment: str, by=None) -> int:
    """Tell those concerned that ``plan`` reached its current state; other states tell nobody. Returns new notices."""
    if plan.state not in _STEPS:
        return 0
    category, step, role, subject = _STEPS[plan.state]
    return notify(
        category=category,
        key=f"{step}:{plan.pk}:{plan.version}",
        recipients=[person for person in role_holders(role) if by is None or person.pk != by.pk],
        subject=subject % {"plan": plan.title},
        template=f"measures/notices/{step}",
        context={"plan": plan, "comment": comment, "by": by},
        url=reverse("measures:plan_detail", kwargs={"pk": plan.pk}),
        target=plan,
        view_rule="portal.view",
    )
