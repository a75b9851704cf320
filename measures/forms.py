"""Forms only shape input; the rules (required motivation, frozen plans, versions) live in services.py."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from vudig.core.files import DOCUMENT_ACCEPT_ATTRIBUTE, DOCUMENT_EXTENSIONS, check_upload, upload_field
from vudig.core.widgets import PlainHiddenInput, PlainSelect, PlainTextarea, PlainTextInput, render_options

from .constants import MOTIVATION_MAX_LENGTH, REASON_MAX_LENGTH, STATUSES_NEEDING_REASON, PlanState, ResultStatus
from .models import Measure, MeasureResult, Plan
from .selectors import decision_choices, plan_decision_label, replacement_candidates

NEEDS_REASON_LABELS = " / ".join(str(ResultStatus(s).label) for s in sorted(STATUSES_NEEDING_REASON))


class VersionField(forms.IntegerField):
    widget = PlainHiddenInput

    def __init__(self, **kwargs):
        super().__init__(required=False, min_value=0, **kwargs)


DECISION_MODEL = MeasureResult._meta.get_field("basis_decision").related_model


class StatusChoices:
    """The status form's long choice lists, read once per page (a fixed number of queries) and drawn once, then
    shared by every status form on it: any active measure or result of any plan, the plan in force first, grouped
    by plan; the recorded steering-group decisions; the decided plans."""

    def __init__(self):
        found = replacement_candidates()

        def group_label(plan):
            label = f"{plan.title} ({plan.get_state_display().lower()})"
            return f"{label} – {_('gäller nu')}" if plan == found.in_force else label

        empty = [("", _("Ingen"))]
        self.replacement_measure = empty + [
            (group_label(p), found.measures[p.pk]) for p in found.plans if p.pk in found.measures
        ]
        self.replacement_result = empty + [
            (group_label(p), [(pk, f"{measure}: {title}") for pk, measure, title in found.results[p.pk]])
            for p in found.plans
            if p.pk in found.results
        ]
        self.basis_decision = empty + decision_choices()
        self.basis_plan = empty + [(p.pk, plan_decision_label(p)) for p in found.plans if p.is_decided]
        self.html = {name: render_options(getattr(self, name)) for name in self.FIELDS}

    FIELDS = ("replacement_measure", "replacement_result", "basis_decision", "basis_plan")


_STATUS_OPTIONS: dict[str, str] = {}


def _status_options() -> str:
    """The status <option>s, drawn once per language and shared by every status form (25 inline on a list page)."""
    language = get_language()
    if language not in _STATUS_OPTIONS:
        _STATUS_OPTIONS[language] = render_options(ResultStatus.choices)
    return _STATUS_OPTIONS[language]


def _initial(result: MeasureResult) -> dict:
    return {
        "status": result.status,
        "reason": result.status_reason,
        "basis_decision": result.basis_decision_id,
        "basis_plan": result.basis_plan_id,
        "replacement_measure": result.replacement_measure_id,
        "replacement_result": result.replacement_result_id,
        "version": result.version,
    }


class ResultStatusForm(forms.Form):
    """Status, required motivation, what the status rests on, and (for Alt lösning / Ej genomförd) why and what
    replaces the result. The same fields inline on the lists and on the result's own page."""

    # Drawn in Python (the same markup as Django's widget templates): the form is inline on every row of the list.
    status = forms.ChoiceField(label=_("Ny status"), choices=ResultStatus.choices, widget=PlainSelect)
    motivation = forms.CharField(
        label=_("Motivering"),
        help_text=_("Kort: varför ändras statusen? Syns i historiken."),
        widget=PlainTextInput(attrs={"maxlength": MOTIVATION_MAX_LENGTH}),
        # The service enforces required/length with the plan's wording; the form keeps what was typed.
        required=False,
    )
    reason = forms.CharField(
        label=_("Varför (krävs för %(labels)s)") % {"labels": NEEDS_REASON_LABELS},
        help_text=_("Behövs inte om du anger ett beslut eller ett dokument som grund."),
        widget=PlainTextarea(attrs={"rows": 2, "maxlength": REASON_MAX_LENGTH}),
        required=False,
    )
    basis_decision = forms.ModelChoiceField(
        label=_("Grund: styrgruppsbeslut"),
        help_text=_("Beslutet i beslutsregistret som statusen vilar på, om något."),
        queryset=DECISION_MODEL.objects.all(),
        required=False,
        widget=PlainSelect,
    )
    basis_plan = forms.ModelChoiceField(
        label=_("Grund: planbeslut"),
        queryset=Plan.objects.filter(state=PlanState.BESLUTAD),
        required=False,
        widget=PlainSelect,
    )
    document = upload_field(
        label=_("Grund: dokument"),
        accept=DOCUMENT_ACCEPT_ATTRIBUTE,
        kinds=_("PDF eller Office-dokument (till exempel ett protokoll eller en utredning)"),
    )
    replacement_measure = forms.ModelChoiceField(
        label=_("Ersätts av åtgärd (om någon)"),
        help_text=_("Vilken aktiv åtgärd som helst, i vilken plan som helst."),
        queryset=Measure.objects.active(),
        required=False,
        widget=PlainSelect,
    )
    replacement_result = forms.ModelChoiceField(
        label=_("Ersätts av resultat (om något)"),
        queryset=MeasureResult.objects.active(),
        required=False,
        widget=PlainSelect,
    )
    version = VersionField()

    def __init__(self, *args, result: MeasureResult, choices: StatusChoices | None = None, prefix=None, **kwargs):
        prefix = prefix or f"r{result.pk}"
        initial = kwargs.pop("initial", None) or _initial(result)
        super().__init__(*args, prefix=prefix, initial=initial, **kwargs)
        self.result = result
        self.fields["motivation"].marked_required = True
        self.fields["status"].widget.options_html = _status_options()
        choices = choices or StatusChoices()
        for name in StatusChoices.FIELDS:
            widget = self.fields[name].widget
            widget.options_html = choices.html[name]
        # The result itself and its own measure are not offered (the service refuses them, should they be posted).
        self.fields["replacement_result"].widget.omit = {str(result.pk)}
        self.fields["replacement_measure"].widget.omit = {str(result.measure_id)}

    def clean_document(self):
        upload = self.cleaned_data.get("document")
        if upload:
            check_upload(upload, extensions=DOCUMENT_EXTENSIONS)  # the service's check, shown next to the field
        return upload


class InlineResultStatusForm(ResultStatusForm):
    """The status form inline on the measure list and the measure page: status, motivation, reason and document as
    on the result's own page, while what the status rests on and what replaces the result travel as hidden inputs
    with their current values (kept as they are; changed on the result's own page, linked from the form). Posts to
    the same view and ResultStatusForm as the whole form, so the service and its checks are the same.

    Each inline form used to carry every active measure, result and decision as <option>s: with 25 rows at a
    region's scale that was most of the page's bytes and time, for lists the form on the list seldom needs. The
    measure page drew them once per page and still spent ~600 ms and 1.8 MB on them (8 589 decisions)."""

    def __init__(self, *args, result: MeasureResult, prefix=None, **kwargs):
        forms.Form.__init__(self, *args, prefix=prefix or f"r{result.pk}", initial=_initial(result), **kwargs)
        self.result = result
        self.fields["motivation"].marked_required = True
        self.fields["status"].widget.options_html = _status_options()
        for name in StatusChoices.FIELDS:
            self.fields[name].widget = PlainHiddenInput()

    inline = True  # the template links to the whole form on the result's page


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


class CommentForm(forms.Form):
    text = forms.CharField(
        label=_("Kommentar"), widget=forms.Textarea(attrs={"rows": 3, "maxlength": 2000}), required=False
    )
    result = forms.ModelChoiceField(
        label=_("Gäller resultat (om något)"), queryset=MeasureResult.objects.none(), required=False
    )

    def __init__(self, *args, measure: Measure, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"].marked_required = True
        self.fields["result"].queryset = measure.results.active()
        self.fields["result"].empty_label = _("Hela åtgärden")
