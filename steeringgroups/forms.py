"""Forms only parse and explain; the rules live in services."""

from __future__ import annotations

from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from measures.models import Measure
from projects.models import FrameProject
from vudig.core.files import check_upload, upload_field
from vudig.core.models import Organisation

from .constants import Topic, Urgency
from .models import Errand, SteeringGroup


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def _file_field(required=False):
    return upload_field(label=_("Bilaga"), required=required)


class AttachmentMixin:
    def clean_attachment(self):
        upload = self.cleaned_data.get("attachment")
        if upload:
            check_upload(upload)  # the same check the service runs, so the person sees the reason next to the field
        return upload


class ErrandForm(AttachmentMixin, forms.Form):
    title = forms.CharField(label=_("Rubrik"), max_length=200)
    description = forms.CharField(
        label=_("Beskrivning"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Vad gäller frågan, och vad vill ni att styrgruppen ska ta ställning till?"),
    )
    organisation = forms.ModelChoiceField(label=_("För organisation"), queryset=Organisation.objects.all())
    topic = forms.ChoiceField(label=_("Ämne"), choices=[("", "---------"), *Topic.choices])
    urgency = forms.TypedChoiceField(label=_("Prioritet"), choices=Urgency.choices, coerce=int, initial=Urgency.NORMAL)
    wanted_by = forms.DateField(label=_("Önskat svar senast"), required=False, widget=DateInput())
    # The forums app builds on this one (a forum feeds steering groups), so the forum model is reached through the
    # ärende's own relation rather than imported.
    forum = forms.ModelChoiceField(
        label=_("Forum där frågan kom upp"),
        queryset=Errand._meta.get_field("forum").related_model.objects.all(),
        required=False,
    )
    measures = forms.ModelMultipleChoiceField(
        label=_("Berörda åtgärder i planen"),
        queryset=Measure.objects.for_user(None).select_related("plan").ordered(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    projects = forms.ModelMultipleChoiceField(
        label=_("Berörda ramprojekt"),
        queryset=FrameProject.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    attachment = _file_field()

    def clean_wanted_by(self):
        value = self.cleaned_data.get("wanted_by")
        if value and value < date.today():  # noqa: DTZ011 (a calendar date the person picked)
            raise ValidationError(_("Datumet har redan passerat."))
        return value


class TransitionForm(forms.Form):
    """One form for the beredning's and the group's actions; the service decides whether it is allowed."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(label=_("Motivering"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    group = forms.ModelChoiceField(label=_("Styrgrupp"), queryset=SteeringGroup.objects.all(), required=False)


class AnswerForm(AttachmentMixin, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(
        label=_("Ditt svar"), widget=forms.Textarea(attrs={"rows": 5}), help_text=_("Svara på beredningens fråga.")
    )
    attachment = _file_field()


class MeetingPlanForm(forms.Form):
    dates = forms.CharField(
        label=_("Mötesdatum"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Ett datum per rad, till exempel 2026-03-12."),
    )
    place = forms.CharField(label=_("Plats"), max_length=200, required=False)

    def clean_dates(self):
        parsed, bad = [], []
        for line in self.cleaned_data["dates"].splitlines():
            line = line.strip()
            if not line:
                continue
            try:
                parsed.append(date.fromisoformat(line))
            except ValueError:
                bad.append(line)
        if bad:
            raise ValidationError(
                _("Kunde inte läsa %(dates)s. Skriv datum som ÅÅÅÅ-MM-DD.") % {"dates": ", ".join(bad[:5])}
            )
        if not parsed:
            raise ValidationError(_("Ange minst ett datum."))
        return parsed


class AgendaAddForm(forms.Form):
    errands = forms.ModelMultipleChoiceField(
        label=_("Ärenden i kön"), queryset=None, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, queue, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["errands"].queryset = queue
        self.fields["errands"].label_from_instance = lambda e: f"{e.reference} {e.title} ({e.get_state_display()})"


class DecisionForm(forms.Form):
    errand = forms.IntegerField(widget=forms.HiddenInput)
    outcome = forms.ChoiceField(
        label=_("Utfall"),
        choices=(("decide", _("Beslut")), ("table", _("Bordlägg"))),
        widget=forms.RadioSelect,
        initial="decide",
    )
    text = forms.CharField(label=_("Beslutstext"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    follow_up_owner = forms.CharField(label=_("Ansvarig för uppföljning"), max_length=200, required=False)
    follow_up_date = forms.DateField(label=_("Följs upp senast"), required=False, widget=DateInput())
    reason = forms.CharField(label=_("Skäl för bordläggning"), required=False)


class FreezeForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
