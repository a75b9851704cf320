"""Indicator forms only shape input: numbers are typed as text and read by the service (measures.indicators), so a
Swedish "12,5" is understood and anything else gets the service's clear message, with everything typed kept."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .forms import VersionField
from .indicators import COMMENT_MAX_LENGTH, NAME_MAX_LENGTH, SOURCE_MAX_LENGTH, UNIT_MAX_LENGTH, format_number
from .models import FollowUpPeriod


def _number_input(**attrs):
    return forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off", **attrs})


class IndicatorForm(forms.Form):
    name = forms.CharField(
        label=_("Nyckeltal"), required=False, widget=forms.TextInput(attrs={"maxlength": NAME_MAX_LENGTH})
    )
    unit = forms.CharField(
        label=_("Enhet"),
        required=False,
        help_text=_("Till exempel %, antal, timmar eller kr."),
        widget=forms.TextInput(attrs={"maxlength": UNIT_MAX_LENGTH}),
    )
    baseline_value = forms.CharField(label=_("Basvärde"), required=False, widget=_number_input())
    baseline_year = forms.CharField(
        label=_("Basår"),
        required=False,
        help_text=_("Året basvärdet gäller; linjen mot målet börjar den 1 januari det året."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off", "maxlength": 4}),
    )
    target_value = forms.CharField(label=_("Målvärde"), required=False, widget=_number_input())
    target_date = forms.DateField(
        label=_("Måldatum"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Skriv måldatum som ÅÅÅÅ-MM-DD, till exempel 2027-12-31.")},
    )
    higher_is_better = forms.TypedChoiceField(
        label=_("Riktning"),
        choices=[("1", _("Högre är bättre")), ("0", _("Lägre är bättre"))],
        coerce=lambda v: v == "1",
        initial="1",
        widget=forms.RadioSelect,
    )
    source = forms.CharField(
        label=_("Källa"),
        required=False,
        help_text=_("Var värdet hämtas, till exempel Kolada eller ett verksamhetssystem."),
        widget=forms.TextInput(attrs={"maxlength": SOURCE_MAX_LENGTH}),
    )
    version = VersionField()

    REQUIRED = ("name", "baseline_value", "baseline_year", "target_value", "target_date")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The service says what is missing (all at once, in the plan's words); the form only marks it.
        for name in self.REQUIRED:
            self.fields[name].marked_required = True

    @classmethod
    def initial_for(cls, indicator) -> dict:
        return {
            "name": indicator.name,
            "unit": indicator.unit,
            "baseline_value": format_number(indicator.baseline_value),
            "baseline_year": indicator.baseline_year,
            "target_value": format_number(indicator.target_value),
            "target_date": indicator.target_date,
            "higher_is_better": "1" if indicator.higher_is_better else "0",
            "source": indicator.source,
            "version": indicator.version,
        }


class PeriodChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return _("%(title)s (sista dag %(deadline)s)") % {"title": obj.title, "deadline": f"{obj.deadline:%Y-%m-%d}"}


class IndicatorValueForm(forms.Form):
    """The outcome of one indicator for one open follow-up period, with a comment."""

    period = PeriodChoiceField(
        label=_("Uppföljningsperiod"),
        queryset=FollowUpPeriod.objects.none(),
        required=False,
        empty_label=_("Välj period"),
        error_messages={"invalid_choice": _("Välj en av planens öppna uppföljningsperioder.")},
    )
    value = forms.CharField(label=_("Utfall"), required=False, widget=_number_input())
    comment = forms.CharField(
        label=_("Kommentar"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": COMMENT_MAX_LENGTH}),
    )
    version = VersionField()

    def __init__(self, *args, periods, open_periods, unit: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        # Any period of the plan is accepted here, so the service can say why a closed one is refused; only the open
        # ones are offered.
        field = self.fields["period"]
        field.queryset = periods
        field.widget.choices = [("", field.empty_label)] + [(p.pk, field.label_from_instance(p)) for p in open_periods]
        self.fields["period"].marked_required = True
        self.fields["value"].marked_required = True
        if unit:
            self.fields["value"].label = _("Utfall (%(unit)s)") % {"unit": unit}
