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
        # Checkboxes grouped under each plan's name (set in __init__): no Ctrl-click, and a measure carried into a
        # new plan version is told apart by its plan.
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Grupperade per plan; den senaste planen först."),
    )
    projects = forms.ModelMultipleChoiceField(
        label=_("Berörda ramprojekt"),
        queryset=FrameProject.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    attachment = _file_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        groups: dict = {}
        for measure in self.fields["measures"].queryset:
            groups.setdefault(measure.plan, []).append((measure.pk, measure.title))
        plans = sorted(groups, key=lambda p: (-p.order, -p.pk))
        self.fields["measures"].widget.choices = [(plan.title, groups[plan]) for plan in plans]

    def measure_groups(self):
        """The measure checkboxes per plan: [(plan title, [bound checkbox, …]), …], for a fieldset each."""
        titles = [title for title, _ in self.fields["measures"].widget.choices]
        groups: dict[int, list] = {}
        for checkbox in self["measures"].subwidgets:
            groups.setdefault(int(str(checkbox.data["index"]).split("_")[0]), []).append(checkbox)
        return [(titles[key], boxes) for key, boxes in sorted(groups.items())]

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
    start_time = forms.TimeField(label=_("Börjar"), required=False, widget=forms.TimeInput(attrs={"type": "time"}))
    end_time = forms.TimeField(label=_("Slutar"), required=False, widget=forms.TimeInput(attrs={"type": "time"}))
    place = forms.CharField(label=_("Plats"), max_length=200, required=False)
    link = forms.URLField(label=_("Länk till mötet"), max_length=300, required=False, assume_scheme="https")

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


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, **kwargs):
        super().__init__(format="%H:%M", **kwargs)


class MeetingEditForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    date = forms.DateField(label=_("Datum"), widget=DateInput())
    start_time = forms.TimeField(label=_("Börjar"), widget=TimeInput())
    end_time = forms.TimeField(label=_("Slutar"), widget=TimeInput())
    place = forms.CharField(label=_("Plats"), max_length=200, required=False)
    link = forms.URLField(label=_("Länk till mötet"), max_length=300, required=False, assume_scheme="https")
    agenda_deadline = forms.DateField(
        label=_("Sista dag för punkter"),
        required=False,
        widget=DateInput(),
        help_text=_("Därefter lägger bara ordföranden till punkter."),
    )
    adjuncts = forms.ModelMultipleChoiceField(
        label=_("Adjungerade"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("De får kallelsen tillsammans med ledamöterna."),
    )

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["adjuncts"].queryset = people
        self.fields["adjuncts"].label_from_instance = lambda p: p.get_full_name() or p.username


class ConfirmForm(forms.Form):
    """An irreversible step: the required box is the confirmation, so it works without JavaScript."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    confirm = forms.BooleanField(
        label=_("Jag har kontrollerat och vill fortsätta"),
        error_messages={"required": _("Kryssa i rutan för att bekräfta.")},
    )

    def __init__(self, *args, confirm_label=None, **kwargs):
        super().__init__(*args, **kwargs)
        if confirm_label:
            self.fields["confirm"].label = confirm_label


class CancelForm(ConfirmForm):
    reason = forms.CharField(label=_("Skäl"), widget=forms.Textarea(attrs={"rows": 2}))


class CloseForm(ConfirmForm):
    justering_deadline = forms.DateField(
        label=_("Justeras senast"),
        required=False,
        widget=DateInput(),
        help_text=_("Lämna tomt för en vecka från i dag."),
    )


class DeadlineForm(forms.Form):
    justering_deadline = forms.DateField(label=_("Justeras senast"), widget=DateInput())


class FreeItemForm(forms.Form):
    title = forms.CharField(label=_("Punkt"), max_length=200)
    presenter = forms.CharField(label=_("Föredragande"), max_length=200, required=False)


class AttendanceForm(forms.Form):
    """One choice per person on the attendance list."""

    def __init__(self, *args, rows, **kwargs):
        super().__init__(*args, **kwargs)
        from .constants import Presence

        for row in rows:
            self.fields[f"p{row.person_id}"] = forms.ChoiceField(
                label=row.person.get_full_name() or row.person.username,
                choices=Presence.choices,
                initial=row.presence,
            )

    def presences(self) -> dict[int, str]:
        return {int(name[1:]): value for name, value in self.cleaned_data.items()}


class AdjustersForm(forms.Form):
    adjusters = forms.ModelMultipleChoiceField(
        label=_("Justerare"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("En eller två av de närvarande; ordföranden justerar alltid."),
    )

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["adjusters"].queryset = people
        self.fields["adjusters"].label_from_instance = lambda p: p.get_full_name() or p.username


OUTCOMES = (
    ("decide", _("Beslut")),
    ("table", _("Bordlägg")),
    ("remit", _("Återremiss")),
    ("note", _("Information noterad")),
)


class DecisionForm(forms.Form):
    """What the meeting did with one item; the service checks that it fits the item and the meeting."""

    item = forms.IntegerField(widget=forms.HiddenInput)
    outcome = forms.ChoiceField(label=_("Utfall"), choices=OUTCOMES, widget=forms.RadioSelect, initial="decide")
    text = forms.CharField(label=_("Beslutstext"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    follow_up_owner = forms.CharField(label=_("Ansvarig för uppföljning"), max_length=200, required=False)
    follow_up_date = forms.DateField(label=_("Följs upp senast"), required=False, widget=DateInput())
    reason = forms.CharField(label=_("Skäl för bordläggning eller återremiss"), required=False)
    minutes = forms.CharField(label=_("Protokollsanteckning"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    project = forms.ModelChoiceField(
        label=_("Gäller ramprojekt"),
        queryset=FrameProject.objects.all(),
        required=False,
        help_text=_("T.ex. beslut om att projektet går till genomförande; projektet hänvisar sedan till beslutet."),
    )

    def __init__(self, *args, errand_item=True, group=None, **kwargs):
        super().__init__(*args, **kwargs)
        if group is not None:
            self.fields["project"].queryset = FrameProject.objects.filter(steering_group=group)
        if errand_item:
            del self.fields["project"]  # an ärende's decision concerns what the ärende names
        else:  # a free or information item is not sent back to the beredning
            self.fields["outcome"].choices = [c for c in OUTCOMES if c[0] != "remit"]
            self.fields["outcome"].initial = "note"


class FollowUpForm(forms.Form):
    what = forms.CharField(label=_("Uppdrag"), max_length=300)
    owner = forms.ModelChoiceField(label=_("Ansvarig"), queryset=None)
    due_date = forms.DateField(label=_("Klart senast"), widget=DateInput())

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = people
        self.fields["owner"].label_from_instance = lambda p: p.get_full_name() or p.username


class FollowUpStatusForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    status = forms.ChoiceField(label=_("Status"), choices=())
    comment = forms.CharField(label=_("Kommentar"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from .constants import FollowUpStatus

        self.fields["status"].choices = FollowUpStatus.choices


class PlanDecisionForm(forms.Form):
    plan = forms.ModelChoiceField(label=_("Plan"), queryset=None)
    decided_body = forms.ChoiceField(
        label=_("Beslutande"), choices=(("KLG", _("KLG (godkännande)")), ("Kommunchef", _("Kommunchef (beslut)")))
    )
    dnr = forms.CharField(label=_("Diarienummer"), max_length=60)
    decided_on = forms.DateField(label=_("Beslutsdatum"), widget=DateInput())
    text = forms.CharField(label=_("Beslut"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from measures.models import Plan

        self.fields["plan"].queryset = Plan.objects.order_by("-order", "-pk")


class ProposalForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    proposed_decision = forms.CharField(
        label=_("Förslag till beslut"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Ordföranden ser förslaget på dagordningen och i kallelsen."),
    )
