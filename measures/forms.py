"""Forms only shape input; the rules (required motivation, frozen plans, versions) live in services.py."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from .constants import MOTIVATION_MAX_LENGTH, REASON_MAX_LENGTH, STATUSES_NEEDING_REASON, ResultStatus
from .models import Measure, MeasureResult, Plan

NEEDS_REASON_LABELS = " / ".join(str(ResultStatus(s).label) for s in sorted(STATUSES_NEEDING_REASON))


class VersionField(forms.IntegerField):
    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        super().__init__(required=False, min_value=0, **kwargs)


class ResultStatusForm(forms.Form):
    """Status + required motivation; the replacement fields are only offered where their choices are given."""

    status = forms.ChoiceField(label=_("Ny status"), choices=ResultStatus.choices)
    motivation = forms.CharField(
        label=_("Motivering"),
        help_text=_("Kort: varför ändras statusen? Syns i historiken."),
        widget=forms.TextInput(attrs={"maxlength": MOTIVATION_MAX_LENGTH}),
        # The service enforces required/length with the plan's wording; the form keeps what was typed.
        required=False,
    )
    reason = forms.CharField(
        label=_("Varför (krävs för %(labels)s)") % {"labels": NEEDS_REASON_LABELS},
        widget=forms.Textarea(attrs={"rows": 2, "maxlength": REASON_MAX_LENGTH}),
        required=False,
    )
    replacement_measure = forms.ModelChoiceField(
        label=_("Ersätts av åtgärd (om någon)"), queryset=Measure.objects.none(), required=False
    )
    replacement_result = forms.ModelChoiceField(
        label=_("Ersätts av resultat (om något)"), queryset=MeasureResult.objects.none(), required=False
    )
    version = VersionField()

    def __init__(self, *args, result: MeasureResult, replacement_plans=None, prefix=None, **kwargs):
        prefix = prefix or f"r{result.pk}"
        initial = kwargs.pop("initial", None) or {
            "status": result.status,
            "reason": result.status_reason,
            "replacement_measure": result.replacement_measure_id,
            "replacement_result": result.replacement_result_id,
            "version": result.version,
        }
        super().__init__(*args, prefix=prefix, initial=initial, **kwargs)
        self.result = result
        if replacement_plans is None:
            del self.fields["replacement_measure"]
            del self.fields["replacement_result"]
        else:
            # The choices are the candidates; a forged id outside them is refused here (and by the service).
            self.fields["replacement_measure"].queryset = (
                Measure.objects.active().filter(plan__in=replacement_plans).select_related("plan").ordered()
            )
            self.fields["replacement_result"].queryset = (
                MeasureResult.objects.active()
                .filter(measure__plan__in=replacement_plans)
                .exclude(pk=result.pk)
                .select_related("measure")
                .order_by("measure__plan__order", "measure__order", "order", "pk")
            )
            self.fields["replacement_measure"].label_from_instance = lambda m: f"{m.title} ({m.plan.title})"
            self.fields["replacement_result"].label_from_instance = lambda r: f"{r.measure.title}: {r.title}"


class MeasureForm(forms.ModelForm):
    version = VersionField()

    class Meta:
        model = Measure
        fields = ["title", "responsible", "responsible_organisation", "category", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 6})}


class MeasureCreateForm(MeasureForm):
    plan = forms.ModelChoiceField(label=_("Plan"), queryset=Plan.objects.none())

    class Meta(MeasureForm.Meta):
        fields = ["plan", *MeasureForm.Meta.fields]

    def __init__(self, *args, plans, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan"].queryset = plans
        del self.fields["version"]


class ResultForm(forms.Form):
    """A result's name, responsible (as text, or a person in the portal) and dates; the service checks the order."""

    title = forms.CharField(label=_("Resultat"), max_length=300)
    responsible = forms.CharField(
        label=_("Ansvarig"),
        max_length=200,
        required=False,
        help_text=_("Till exempel en roll, en enhet eller en person."),
    )
    responsible_user = forms.ModelChoiceField(
        label=_("Ansvarig användare i portalen (valfritt)"),
        queryset=get_user_model().objects.filter(is_active=True).order_by("first_name", "last_name", "username"),
        required=False,
    )
    start_date = forms.DateField(
        label=_("Startdatum"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    end_date = forms.DateField(
        label=_("Slutdatum"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Ett resultat som inte är klart efter slutdatum visas som försenat."),
    )
    version = VersionField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible_user"].label_from_instance = lambda u: u.get_full_name() or u.username


class MeasureStatusForm(forms.Form):
    """A measure's own status (shown while it has no results): status, required motivation, reason where needed."""

    status = forms.ChoiceField(label=_("Ny status"), choices=ResultStatus.choices)
    motivation = forms.CharField(
        label=_("Motivering"),
        help_text=_("Kort: varför ändras statusen? Syns i historiken."),
        widget=forms.TextInput(attrs={"maxlength": MOTIVATION_MAX_LENGTH}),
        required=False,
    )
    reason = forms.CharField(
        label=_("Varför (krävs för %(labels)s)") % {"labels": NEEDS_REASON_LABELS},
        widget=forms.Textarea(attrs={"rows": 2, "maxlength": REASON_MAX_LENGTH}),
        required=False,
    )
    version = VersionField()

    def __init__(self, *args, measure: Measure, prefix=None, **kwargs):
        initial = kwargs.pop("initial", None) or {
            "status": measure.status,
            "reason": measure.status_reason,
            "version": measure.version,
        }
        super().__init__(*args, prefix=prefix or f"m{measure.pk}", initial=initial, **kwargs)


class PlanForm(forms.ModelForm):
    version = VersionField()

    class Meta:
        model = Plan
        fields = ["title", "description", "period_start", "period_end"]
        widgets = {
            "period_start": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "period_end": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "description": forms.Textarea(attrs={"rows": 3}),
        }


class NewPlanVersionForm(forms.Form):
    title = forms.CharField(label=_("Den nya planens titel"), max_length=300)
    period_start = forms.DateField(
        label=_("Period från"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    period_end = forms.DateField(label=_("Period till"), required=False, widget=forms.DateInput(attrs={"type": "date"}))


class PlanStateForm(forms.Form):
    comment = forms.CharField(
        label=_("Kommentar"),
        help_text=_("Till exempel vilket möte som godkände eller beslutade planen, med datum och paragraf."),
        widget=forms.TextInput(attrs={"maxlength": MOTIVATION_MAX_LENGTH}),
        required=False,
    )
    version = VersionField()


class ChangesForm(forms.Form):
    since = forms.DateField(label=_("Ändringar sedan"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    days = forms.IntegerField(
        label=_("Åtgärder utan uppdatering på minst (dagar)"), min_value=1, max_value=3650, required=False
    )
