"""The plan page's query parameters, read by a form like every GET parameter."""

from django import forms
from django.utils.translation import gettext_lazy as _

from vudig.core.forms import QueryForm


class PlanPageQueryForm(QueryForm):
    """The plan page's ?plan=: a slug of one of ``plans``; anything else shows the current plan, with a message."""

    plan = forms.ChoiceField(
        label=_("Plan"),
        required=False,
        error_messages={"invalid_choice": _("Planen finns inte. Sidan visar den aktuella planen.")},
    )

    def __init__(self, data, *, plans, **kwargs):
        super().__init__(data, **kwargs)
        self.plans = {p.slug: p for p in plans}
        self.fields["plan"].choices = [("", ""), *((slug, str(p)) for slug, p in self.plans.items())]

    def selected_plan(self):
        return self.plans.get(self.value("plan", ""))
