from django import forms
from django.utils.translation import gettext_lazy as _

from measures.models import Measure
from projects.models import FrameProject

from .constants import LEVELS, RoundStatus
from .services import AreaInput

LEVEL_ERROR = _("Välj en nivå mellan 1 och 5.")


class AssessmentForm(forms.Form):
    """All five areas on one page; each area has a radio group of levels showing the round's descriptors."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, areas, descriptors: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.areas = list(areas)
        for area in self.areas:
            texts = descriptors.get(area.slug, {}).get("levels", {})
            choices = [(level, f"{level} – {texts.get(str(level), '')}") for level in LEVELS]
            p = area.slug
            self.fields[f"{p}-level"] = forms.TypedChoiceField(
                label=_("Nivå"),
                choices=choices,
                coerce=int,
                required=False,
                empty_value=None,
                widget=forms.RadioSelect,
                error_messages={"invalid_choice": LEVEL_ERROR},
            )
            self.fields[f"{p}-motivation"] = forms.CharField(
                label=_("Motivering"),
                required=False,
                widget=forms.Textarea(attrs={"rows": 3}),
                help_text=_("Varför är nivån rätt för er verksamhet i dag?"),
            )
            self.fields[f"{p}-evidence"] = forms.CharField(
                label=_("Underlag"),
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
                help_text=_("Länkar eller text som styrker bedömningen, t.ex. verksamhetsplan eller förvaltningsplan."),
            )
            self.fields[f"{p}-improvement"] = forms.CharField(
                label=_("Planerad förbättring"), required=False, widget=forms.Textarea(attrs={"rows": 2})
            )
            self.fields[f"{p}-improvement_owner"] = forms.CharField(
                label=_("Ansvarig för förbättringen"), required=False, max_length=200
            )
            self.fields[f"{p}-improvement_due"] = forms.DateField(
                label=_("Klart senast"),
                required=False,
                widget=forms.DateInput(attrs={"type": "date"}),
                error_messages={"invalid": _("Ange ett datum som ÅÅÅÅ-MM-DD.")},
            )

    @staticmethod
    def initial_for(assessment) -> dict:
        if assessment is None:
            return {}
        initial = {"version": assessment.version}
        for row in assessment.areas.all():
            p = row.area.slug
            initial.update(
                {
                    f"{p}-level": row.level,
                    f"{p}-motivation": row.motivation,
                    f"{p}-evidence": row.evidence,
                    f"{p}-improvement": row.improvement,
                    f"{p}-improvement_owner": row.improvement_owner,
                    f"{p}-improvement_due": row.improvement_due,
                }
            )
        return initial

    def clean(self):
        cleaned = super().clean()
        for area in self.areas:
            owner, due, plan = (
                cleaned.get(f"{area.slug}-improvement_owner"),
                cleaned.get(f"{area.slug}-improvement_due"),
                cleaned.get(f"{area.slug}-improvement"),
            )
            if (owner or due) and not plan:
                self.add_error(f"{area.slug}-improvement", _("Beskriv förbättringen som har ansvarig eller datum."))
        return cleaned

    def area_inputs(self) -> dict:
        data = self.cleaned_data
        return {
            area: AreaInput(
                level=data.get(f"{area.slug}-level"),
                motivation=data.get(f"{area.slug}-motivation") or "",
                evidence=data.get(f"{area.slug}-evidence") or "",
                improvement=data.get(f"{area.slug}-improvement") or "",
                improvement_owner=data.get(f"{area.slug}-improvement_owner") or "",
                improvement_due=data.get(f"{area.slug}-improvement_due"),
            )
            for area in self.areas
        }

    def sections(self):
        """Per area the bound fields, for the template's fieldsets."""
        names = ["level", "motivation", "evidence", "improvement", "improvement_owner", "improvement_due"]
        return [{"area": area, **{n: self[f"{area.slug}-{n}"] for n in names}} for area in self.areas]


class RoundForm(forms.Form):
    year = forms.IntegerField(label=_("År"), min_value=2000, max_value=2100)
    opens_on = forms.DateField(label=_("Öppnar"), widget=forms.DateInput(attrs={"type": "date"}))
    closes_on = forms.DateField(label=_("Stänger"), widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("opens_on") and cleaned.get("closes_on") and cleaned["opens_on"] > cleaned["closes_on"]:
            self.add_error("closes_on", _("Omgången måste stänga efter att den öppnar."))
        return cleaned


class RoundStatusForm(forms.Form):
    status = forms.ChoiceField(choices=RoundStatus.choices, widget=forms.HiddenInput)
    version = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(
        label=_("Skäl (krävs för att öppna en stängd omgång igen)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ReviewForm(forms.Form):
    action = forms.ChoiceField(
        choices=[("review", _("Granskad")), ("return", _("Skicka tillbaka")), ("establish", _("Fastställ"))]
    )
    version = forms.IntegerField(widget=forms.HiddenInput)
    comment = forms.CharField(
        label=_("Kommentar till chefen"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Krävs när du skickar tillbaka självskattningen."),
    )


class DescriptorForm(forms.Form):
    text = forms.CharField(label=_("Beskrivning"), widget=forms.Textarea(attrs={"rows": 3}))


class GapLinkForm(forms.Form):
    measures = forms.ModelMultipleChoiceField(
        label=_("Åtgärder"),
        queryset=Measure.objects.active().select_related("plan"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    projects = forms.ModelMultipleChoiceField(
        label=_("Ramprojekt"), queryset=FrameProject.objects.all(), required=False, widget=forms.CheckboxSelectMultiple
    )
