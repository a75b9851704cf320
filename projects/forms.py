"""Forms of the project pages; they validate input, the services decide and save."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from .constants import PHASE_TRANSITIONS, ProjectPhase, is_backwards
from .models import DevelopmentProject, FrameProject, PhaseChange, ProjectGoal, StatusReport


class VersionedForm(forms.Form):
    """Carries the version the user saw, so the service can refuse a save made from a stale page."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


def _textarea(rows=6):
    return forms.Textarea(attrs={"rows": rows})


class ProjectForm(VersionedForm, forms.ModelForm):
    class Meta:
        model = FrameProject
        fields = ["purpose", "assignment", "implementation", "goals", "reference_group"]
        widgets = {name: _textarea(8) for name in fields}
        help_texts = {
            "purpose": _("Stycken skiljs av en tom rad; rader som börjar med ”• ” blir punktlistor."),
            "reference_group": _("En person eller organisation per rad, t.ex. ”Anna Andersson, Socialtjänst”."),
        }


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        name = obj.get_full_name()
        return f"{name} ({obj.username})" if name else obj.username


class AppointOwnerForm(VersionedForm):
    owner = UserChoiceField(
        label=_("Ansvarig linjechef"),
        queryset=get_user_model().objects.filter(is_active=True).order_by("first_name", "last_name", "username"),
        help_text=_("Linjechefen blir projektägare och skriver projektets lägesrapporter."),
        error_messages={"invalid_choice": _("Välj en person i listan.")},
    )


class PhaseForm(VersionedForm):
    to_phase = forms.ChoiceField(label=_("Ny fas"), choices=())
    reason = forms.CharField(
        label=_("Motivering"),
        required=False,
        max_length=5000,
        widget=_textarea(3),
        help_text=_("Krävs när projektet går tillbaka till en tidigare fas."),
    )
    decision = forms.ModelChoiceField(
        label=_("Styrgruppens registrerade beslut"),
        queryset=None,
        required=False,
        help_text=_(
            "Välj beslutet ur styrgruppens beslutsregister. Finns det inte där än: skriv datum och beslutstext nedan, "
            "så registreras beslutet i beslutsregistret."
        ),
        error_messages={"invalid_choice": _("Välj ett beslut i listan.")},
    )
    decision_date = forms.DateField(
        label=_("Styrgruppens beslutsdatum"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Krävs för att gå till genomförande."),
    )
    decision_text = forms.CharField(
        label=_("Styrgruppens beslut"),
        required=False,
        max_length=5000,
        widget=_textarea(4),
        help_text=_(
            "Krävs för att gå till genomförande: vad styrgruppen beslutade, t.ex. ”Styrgruppen beslutar att …”."
        ),
    )

    def __init__(self, *args, project: FrameProject, gate_only: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        # Every other phase is offered (the service refuses the moves the workflow does not allow, with a message);
        # a steering-group member who may only record the gate decision is offered the gate alone.
        choices = [(value, label) for value, label in ProjectPhase.choices if value != project.phase]
        if gate_only:
            choices = [(v, label) for v, label in choices if v == ProjectPhase.GENOMFORANDE]
        self.fields["to_phase"].choices = choices
        self.fields["to_phase"].error_messages["invalid_choice"] = _("Välj en av faserna i listan.")
        # The steering groups' register sits in a layer above: its model is reached through the relation.
        decisions = PhaseChange._meta.get_field("decision").related_model.objects
        self.fields["decision"].queryset = decisions.filter(steering_group_id=project.steering_group_id).order_by(
            "-decided_on", "-pk"
        )
        self.fields["decision"].label_from_instance = lambda d: f"{d.reference}: {d.text[:80]}"

    @staticmethod
    def allowed_moves(project: FrameProject) -> list[dict]:
        """The moves open from the project's current phase, for the page's explanation."""
        labels = dict(ProjectPhase.choices)
        return [
            {"label": labels[target], "backwards": is_backwards(current=project.phase, target=target)}
            for target in ProjectPhase.values
            if target in PHASE_TRANSITIONS.get(project.phase, ())
        ]


class GoalForm(VersionedForm, forms.ModelForm):
    class Meta:
        model = ProjectGoal
        fields = ["title", "status", "description"]
        widgets = {"description": _textarea(4)}


class DevelopmentProjectForm(VersionedForm, forms.ModelForm):
    class Meta:
        model = DevelopmentProject
        fields = ["name", "owner", "organisation", "status", "description"]
        widgets = {"description": _textarea(4)}
        help_texts = {"owner": _("Den som äger utvecklingsprojektet, t.ex. ”Anna Andersson, projektledare”.")}


class StatusReportForm(VersionedForm, forms.ModelForm):
    class Meta:
        model = StatusReport
        fields = ["period_start", "period_end", "overall_status", "done", "next_steps", "risks"]
        widgets = {
            "period_start": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "period_end": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "done": _textarea(5),
            "next_steps": _textarea(5),
            "risks": _textarea(4),
        }
        help_texts = {"overall_status": _("Grön: enligt plan. Gul: avvikelser som hanteras. Röd: behöver beslut.")}

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("period_start"), cleaned.get("period_end")
        if start and end and start > end:
            self.add_error("period_end", _("Periodens slut kan inte ligga före dess start."))
        return cleaned
