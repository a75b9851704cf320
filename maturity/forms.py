from django import forms
from django.utils.translation import gettext_lazy as _

from measures.models import Measure
from projects.models import FrameProject
from vudig.core.constants import OrganisationKind

from .constants import IMPROVEMENT_EXTRA_ROWS, LEVELS, MAX_IMPROVEMENTS, ImprovementStatus, RoundStatus
from .models import ASSESSED_KINDS
from .services import AreaInput, ImprovementInput

LEVEL_ERROR = _("Välj en nivå mellan 1 och 5.")


def improvement_prefix(slug: str, index: int) -> str:
    """Field-name prefix of one planned-improvement row (also the key of the service's errors for that row)."""
    return f"{slug}-improvements-{index}"


def improvement_count_name(slug: str) -> str:
    """Hidden field that tells how many improvement rows the page showed for an area (like a formset's TOTAL)."""
    return f"{slug}-improvements-count"


class AssessmentForm(forms.Form):
    """All five areas on one page; each area has a radio group of levels showing the round's descriptors, and as
    many planned-improvement rows as the page showed (the stored ones plus an empty one; "Lägg till förbättring"
    re-renders the page with one more)."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, areas, descriptors: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.areas = list(areas)
        self.row_counts = {}
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
            self.fields[f"{p}-target"] = forms.TypedChoiceField(
                label=_("Målnivå"),
                choices=[("", _("Ingen egen – processledarens mål gäller"))] + [(lv, str(lv)) for lv in LEVELS],
                coerce=int,
                required=False,
                empty_value=None,
                help_text=_("Den nivå ni vill nå i år. Gapet är målnivån minus nivån."),
                error_messages={"invalid_choice": _("Välj en målnivå mellan 1 och 5.")},
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
            self.row_counts[p] = self._row_count(p)
            for i in range(self.row_counts[p]):
                self._add_improvement_fields(improvement_prefix(p, i))

    def _row_count(self, slug: str) -> int:
        """Rows to show for an area: what the page (or the initial data) says, within 0..the maximum."""
        source = self.data if self.is_bound else self.initial
        try:
            count = int(source.get(improvement_count_name(slug)) or 0)
        except (TypeError, ValueError):
            count = 0
        return max(0, min(count, MAX_IMPROVEMENTS + IMPROVEMENT_EXTRA_ROWS))

    def _add_improvement_fields(self, prefix: str) -> None:
        self.fields[f"{prefix}-id"] = forms.IntegerField(widget=forms.HiddenInput, required=False)
        self.fields[f"{prefix}-text"] = forms.CharField(
            label=_("Planerad förbättring"), required=False, widget=forms.Textarea(attrs={"rows": 2})
        )
        self.fields[f"{prefix}-owner"] = forms.CharField(label=_("Ansvarig"), required=False, max_length=200)
        self.fields[f"{prefix}-due"] = forms.DateField(
            label=_("Klart senast"),
            required=False,
            widget=forms.DateInput(attrs={"type": "date"}),
            error_messages={"invalid": _("Ange ett datum som ÅÅÅÅ-MM-DD.")},
        )
        self.fields[f"{prefix}-delete"] = forms.BooleanField(label=_("Ta bort förbättringen"), required=False)

    @staticmethod
    def initial_for(assessment, areas) -> dict:
        """Initial data from the stored assessment (or none): each area's improvements, then one empty row."""
        initial: dict = {}
        rows = {}
        if assessment is not None:
            initial["version"] = assessment.version
            rows = {row.area_id: row for row in assessment.areas.all()}
        for area in areas:
            p, row = area.slug, rows.get(area.pk)
            improvements = list(row.improvements.all()) if row is not None else []
            initial[improvement_count_name(p)] = len(improvements) + IMPROVEMENT_EXTRA_ROWS
            if row is None:
                continue
            initial.update(
                {
                    f"{p}-level": row.level,
                    f"{p}-target": row.target,
                    f"{p}-motivation": row.motivation,
                    f"{p}-evidence": row.evidence,
                }
            )
            for i, improvement in enumerate(improvements):
                prefix = improvement_prefix(p, i)
                initial.update(
                    {
                        f"{prefix}-id": improvement.pk,
                        f"{prefix}-text": improvement.text,
                        f"{prefix}-owner": improvement.owner,
                        f"{prefix}-due": improvement.due,
                    }
                )
        return initial

    def clean(self):
        cleaned = super().clean()
        # A row ticked "Ta bort" is going away: a bad date typed in it must not stop the save (as in formsets).
        for slug, count in self.row_counts.items():
            for i in range(count):
                prefix = improvement_prefix(slug, i)
                if cleaned.get(f"{prefix}-delete"):
                    for name in ("text", "owner", "due"):
                        self._errors.pop(f"{prefix}-{name}", None)
        return cleaned

    def data_after_save(self, assessment) -> dict:
        """This form's data as the saved draft now stands: the new version, each kept row with the id it was stored
        under, and rows removed with "Ta bort" emptied; every row keeps its position, so errors still name it."""
        data = self.data.copy()
        data["version"] = assessment.version
        stored = {row.area_id: list(row.improvements.all()) for row in assessment.areas.all()}
        for area in self.areas:
            saved = iter(stored.get(area.pk, []))
            for improvement, i in zip(self._improvements(area.slug), range(self.row_counts[area.slug]), strict=True):
                prefix = improvement_prefix(area.slug, i)
                if improvement.delete:
                    for name in ("id", "text", "owner", "due", "delete"):
                        data.pop(f"{prefix}-{name}", None)
                elif improvement.is_empty:  # a cleared row is deleted like a ticked one
                    data[f"{prefix}-id"] = ""
                else:
                    row = next(saved, None)
                    data[f"{prefix}-id"] = row.pk if row is not None else ""
        return data

    def _improvements(self, slug: str) -> tuple[ImprovementInput, ...]:
        data = self.cleaned_data
        rows = []
        for i in range(self.row_counts[slug]):
            prefix = improvement_prefix(slug, i)
            rows.append(
                ImprovementInput(
                    id=data.get(f"{prefix}-id"),
                    text=data.get(f"{prefix}-text") or "",
                    owner=data.get(f"{prefix}-owner") or "",
                    due=data.get(f"{prefix}-due"),
                    delete=bool(data.get(f"{prefix}-delete")),
                )
            )
        return tuple(rows)

    def area_inputs(self) -> dict:
        data = self.cleaned_data
        return {
            area: AreaInput(
                level=data.get(f"{area.slug}-level"),
                target=data.get(f"{area.slug}-target"),
                motivation=data.get(f"{area.slug}-motivation") or "",
                evidence=data.get(f"{area.slug}-evidence") or "",
                improvements=self._improvements(area.slug),
            )
            for area in self.areas
        }

    def sections(self):
        """Per area the bound fields and its improvement rows, for the template's fieldsets."""
        result = []
        for area in self.areas:
            p = area.slug
            rows = []
            for i in range(self.row_counts[p]):
                prefix = improvement_prefix(p, i)
                fields = {n: self[f"{prefix}-{n}"] for n in ("id", "text", "owner", "due", "delete")}
                rows.append({"number": i + 1, "anchor": prefix, "stored": bool(fields["id"].value()), **fields})
            result.append(
                {
                    "area": area,
                    **{n: self[f"{p}-{n}"] for n in ("level", "target", "motivation", "evidence")},
                    "count_name": improvement_count_name(p),
                    "rows": rows,
                    "can_add": self.row_counts[p] < MAX_IMPROVEMENTS + IMPROVEMENT_EXTRA_ROWS,
                }
            )
        return result


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
    # Closing asks first (how many have not submitted); the confirmation page sends this.
    confirm = forms.BooleanField(required=False, widget=forms.HiddenInput)


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


class TargetsForm(forms.Form):
    """A target level per organisation kind and area (blank: none), for the process leader."""

    def __init__(self, *args, areas, **kwargs):
        super().__init__(*args, **kwargs)
        self.areas = list(areas)
        for kind in ASSESSED_KINDS:
            for area in self.areas:
                self.fields[self.field_name(kind, area)] = forms.TypedChoiceField(
                    label=_("%(kind)s: %(area)s") % {"kind": OrganisationKind(kind).label, "area": area.name},
                    choices=[("", _("Inget mål"))] + [(lv, str(lv)) for lv in LEVELS],
                    coerce=int,
                    required=False,
                    empty_value=None,
                    error_messages={"invalid_choice": _("Välj en målnivå mellan 1 och 5.")},
                )

    @staticmethod
    def field_name(kind: str, area) -> str:
        return f"{kind}-{area.slug}"

    def groups(self):
        """Per kind its label and its fields, for the template's fieldsets."""
        return [
            (OrganisationKind(kind).label, [self[self.field_name(kind, a)] for a in self.areas])
            for kind in ASSESSED_KINDS
        ]

    def levels(self) -> dict:
        return {
            (kind, area): self.cleaned_data.get(self.field_name(kind, area))
            for kind in ASSESSED_KINDS
            for area in self.areas
        }


class RespondentInviteForm(forms.Form):
    email = forms.EmailField(
        label=_("E-postadress"),
        max_length=254,
        help_text=_("Har personen redan ett konto med den adressen svarar hen med det; annars får hen en inbjudan."),
        error_messages={"required": _("Ange en e-postadress."), "invalid": _("Ange en giltig e-postadress.")},
    )
    name = forms.CharField(label=_("Namn"), max_length=200, required=False)


class InvitationAcceptForm(forms.Form):
    name = forms.CharField(label=_("Ditt namn"), max_length=150, required=False)
    password1 = forms.CharField(
        label=_("Välj ett lösenord"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": _("Välj ett lösenord.")},
    )
    password2 = forms.CharField(
        label=_("Skriv lösenordet igen"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": _("Skriv lösenordet en gång till.")},
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("password1") and cleaned.get("password2") and cleaned["password1"] != cleaned["password2"]:
            self.add_error("password2", _("Lösenorden är inte lika."))
        return cleaned


class RespondentAnswerForm(forms.Form):
    """A respondent's own answer: a level and a comment for each of the five areas."""

    def __init__(self, *args, areas, descriptors: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.areas = list(areas)
        for area in self.areas:
            texts = descriptors.get(area.slug, {}).get("levels", {})
            self.fields[f"{area.slug}-level"] = forms.TypedChoiceField(
                label=_("Nivå för %(area)s") % {"area": area.name},
                choices=[(level, f"{level} – {texts.get(str(level), '')}") for level in LEVELS],
                coerce=int,
                required=False,
                empty_value=None,
                widget=forms.RadioSelect,
                error_messages={"invalid_choice": LEVEL_ERROR},
            )
            self.fields[f"{area.slug}-comment"] = forms.CharField(
                label=_("Kommentar"), required=False, widget=forms.Textarea(attrs={"rows": 2})
            )

    @staticmethod
    def initial_for(respondent) -> dict:
        initial = {}
        for answer in respondent.answers.all():
            initial[f"{answer.area.slug}-level"] = answer.level
            initial[f"{answer.area.slug}-comment"] = answer.comment
        return initial

    def answers(self) -> dict:
        return {
            a: (self.cleaned_data.get(f"{a.slug}-level"), self.cleaned_data.get(f"{a.slug}-comment") or "")
            for a in self.areas
        }

    def sections(self):
        return [{"area": a, "level": self[f"{a.slug}-level"], "comment": self[f"{a.slug}-comment"]} for a in self.areas]


class ImprovementFollowUpForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=ImprovementStatus.choices)
    comment = forms.CharField(
        label=_("Kommentar"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Vad har hänt sedan sist? Syns i historiken och nästa års självskattning."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)
