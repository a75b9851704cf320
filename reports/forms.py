import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vudig.core.annual_cycle import EventKind
from vudig.core.forms import QueryForm, year_field
from vudig.core.models import Organisation
from vudig.core.widgets import NamedModelChoiceField, PlainSelect

from .constants import ReportKind
from .rules import requestable_kinds
from .selectors import report_organisations_for
from .services import validate_report_request


class ReportRequestForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Rapporttyp"), choices=ReportKind.choices, error_messages={"invalid_choice": _("Okänd rapporttyp.")}
    )
    period_start = forms.DateField(label=_("Period från"), widget=forms.DateInput(attrs={"type": "date"}))
    period_end = forms.DateField(label=_("Period till"), widget=forms.DateInput(attrs={"type": "date"}))
    organisation = NamedModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.none(),
        required=False,
        widget=PlainSelect,  # a region has over a thousand organisations: no template per option
        help_text=_("Gäller mognadsrapporten: den förvaltning eller det bolag rapporten handlar om."),
        error_messages={
            "invalid_choice": _("Du kan inte beställa rapporter om den organisationen (eller så finns den inte).")
        },
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        today = timezone.localdate()
        self.fields["period_start"].initial = dt.date(today.year, 1, 1)
        self.fields["period_end"].initial = today
        self.fields["organisation"].queryset = report_organisations_for(user=user)
        self.fields["kind"].choices = requestable_kinds(user)

    def clean(self):
        data = super().clean()
        kind, start, end = data.get("kind"), data.get("period_start"), data.get("period_end")
        if kind and start and end and not self.errors:
            try:
                validate_report_request(
                    kind=kind, period_start=start, period_end=end, organisation=data.get("organisation")
                )
            except forms.ValidationError as exc:
                for field, messages in exc.message_dict.items():
                    self.add_error(field if field in self.fields else None, messages)
        return data


class AnnualEventForm(forms.Form):
    title = forms.CharField(label=_("Rubrik"), max_length=200)
    kind = forms.ChoiceField(label=_("Typ"), choices=EventKind.choices)
    start_date = forms.DateField(label=_("Datum (från)"), widget=forms.DateInput(attrs={"type": "date"}))
    end_date = forms.DateField(
        label=_("Till och med"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Lämna tomt för en enda dag."),
    )
    description = forms.CharField(label=_("Beskrivning"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    is_report_point = forms.BooleanField(
        label=_("Rapportpunkt"),
        required=False,
        help_text=_("Dagen efter händelsen tar portalen fram en uppföljningsrapport och mejlar kommunchefen."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("Slutdatum kan inte ligga före startdatum."))
        return data


class AnnualCycleQueryForm(QueryForm):
    """The årshjul's ?ar=: junk or a year out of range shows this year, with a message."""

    ar = year_field()
