"""The measures app's workflow steps as notices (vudig.core.notices).

plan_approved    a plan approved by the ledningsgrupp: kommunchef, who decides it (services.plan_set_state; the
                 key carries the plan's version, so a plan approved again after going back to draft is new)
plan_decided     a plan decided: the process leaders
period_opened    a follow-up period opened (measures.periods.period_open): everyone with rows to report in it
                 (the managers of the organisations that report, named reporters and responsible people, the
                 process leader for the plan's own items: measures.periods.pending_people)
period_deadline  its deadline approaches (28/7 or 7/1 days left): whoever still has rows left
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from vudig.core.constants import Role
from vudig.core.notices import Delivery, notify, register_category, register_steps
from vudig.core.write import role_holders

from .constants import PlanState

# -- plans ----------------------------------------------------------------------------------------------------------

register_category(
    "measures.plan_approved", label=gettext_lazy("Handlingsplan godkänd, väntar på beslut"), default=Delivery.IMMEDIATE
)
register_category("measures.plan_decided", label=gettext_lazy("Handlingsplan beslutad"), default=Delivery.DIGEST)

# state reached -> (category, template step, recipients' role, subject)
_STEPS = {
    PlanState.GODKAND: ("measures.plan_approved", "plan_approved", Role.KOMMUNCHEF, gettext_lazy("Handlingsplanen ”%(plan)s” väntar på ditt beslut")),
    PlanState.BESLUTAD: ("measures.plan_decided", "plan_decided", Role.PROCESS_LEADER, gettext_lazy("Handlingsplanen ”%(plan)s” är beslutad")),
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


# -- follow-up periods -----------------------------------------------------------------------------------------------

APP = "measures"

STEPS = {
    "period_opened": (gettext_lazy("Uppföljningsperiod öppnad"), Delivery.IMMEDIATE),
    "period_deadline": (gettext_lazy("Påminnelse om sista dag i en uppföljningsperiod"), Delivery.IMMEDIATE),
}

# send(step, ...): notify() with the step's category and its templates <app>/notices/<step>.*
send = register_steps(APP, STEPS)


def _mine_url(period) -> str:
    return reverse("measures:period_mine", kwargs={"pk": period.pk})


def period_opened(period, people: list) -> int:
    return send(
        "period_opened",
        key=f"period:{period.pk}:opened",
        recipients=people,
        subject=_("Uppföljningen ”%(period)s” är öppen: rapportera senast %(deadline)s")
        % {"period": period.title, "deadline": period.deadline.isoformat()},
        context={"period": period},
        url=_mine_url(period),
        target=period,
        view_rule="period.view",
    )


def period_deadline(period, person, *, count: int, days_before: int, days_left: int) -> int:
    """One reminder per person and reminder day (the key names the day: 28, 7 or 1 days before)."""
    return send(
        "period_deadline",
        key=f"period:{period.pk}:reminder:{days_before}",
        recipients=[person],
        subject=_("Påminnelse: rapportera till %(period)s senast %(deadline)s")
        % {"period": period.title, "deadline": period.deadline.isoformat()},
        context={
            "period": period,
            "count_text": ngettext("%(n)d punkt", "%(n)d punkter", count) % {"n": count},
            "days_text": ngettext("om %(n)d dag", "om %(n)d dagar", days_left) % {"n": days_left},
        },
        url=_mine_url(period),
        target=period,
        view_rule="period.view",
    )
