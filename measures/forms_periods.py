"""Forms of organisation parts and follow-up periods: they shape input; the rules live in parts.py / periods.py."""

from django import forms
from django.utils.translation import gettext_lazy as _

from vudig.core.models import Organisation
from vudig.core.widgets import PlainSelect, PlainTextarea

from .constants import REASON_MAX_LENGTH, PeriodKind, ResultStatus
from .forms import VersionField


class PeriodOpenForm(forms.Form):
    kind = forms.ChoiceField(label=_("Uppföljning"), choices=PeriodKind.choices)
    title = forms.CharField(label=_("Benämning"), max_length=200)
    deadline = forms.DateField(
        label=_("Sista dag att rapportera"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Förslaget kommer från årshjulets nästa rapportpunkt; ändra det om det behövs."),
        error_messages={"invalid": _("Skriv datumet som ÅÅÅÅ-MM-DD.")},
    )


class PeriodCloseForm(forms.Form):
    version = VersionField()


class PeriodReportForm(forms.Form):
    """One row of a person's list: status and comment; the button pressed (``<prefix>-action``: save or complete)
    says Spara or Klarmarkera. Prefixed by the row's id, so a whole list of them can stand on one page."""

    # Drawn in Python (vudig.core.widgets): a person's list has 25 of these forms a page, and Django's widget
    # templates were most of the page's time (issue 19).
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("Välj status"))] + list(ResultStatus.choices), widget=PlainSelect
    )
    comment = forms.CharField(
        label=_("Kommentar"),
        required=False,
        max_length=REASON_MAX_LENGTH,
        widget=PlainTextarea(attrs={"rows": 2}),
        help_text=_("Krävs för Alt lösning och Ej genomförd."),
    )
    version = VersionField()

    def __init__(self, *args, report=None, **kwargs):
        if report is not None:
            kwargs.setdefault("prefix", f"p{report.pk}")
            initial = kwargs.setdefault("initial", {})
            initial.setdefault("status", report.status or _current_status(report))
            initial.setdefault("comment", report.comment)
            initial.setdefault("version", report.version)
        super().__init__(*args, **kwargs)
        # A status is needed to klarmarkera, not to save a draft: the service says which.
        self.fields["status"].required = False
        self.fields["status"].marked_required = True


def _current_status(report) -> str:
    """What the item stands at now, as the row's starting point (a part's own status, else the result's or
    measure's)."""
    if report.part_id:
        return report.part.status
    if report.result_id:
        return report.result.status
    return ""


class PartReportForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status för er del"), choices=[("", _("Välj status"))] + list(ResultStatus.choices)
    )
    comment = forms.CharField(
        label=_("Kommentar"),
        required=False,
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Krävs för Alt lösning och Ej genomförd."),
    )
    version = VersionField()

    def __init__(self, *args, part=None, **kwargs):
        if part is not None:
            initial = kwargs.setdefault("initial", {})
            initial.setdefault("status", part.status)
            initial.setdefault("comment", part.comment)
            initial.setdefault("version", part.version)
        super().__init__(*args, **kwargs)
        self.fields["status"].required = False
        self.fields["status"].marked_required = True


class PartReporterForm(forms.Form):
    username = forms.CharField(
        label=_("Användarnamn eller e-post för den som rapporterar"),
        required=False,
        max_length=254,
        help_text=_("Lämna tomt för att rapportera själv."),
    )


class PartAssignForm(forms.Form):
    """Which organisations carry the measure (or one of its results): all förvaltningar and bolag, or a chosen set."""

    result = forms.ChoiceField(label=_("Gäller"), required=False)
    all_organisations = forms.BooleanField(label=_("Alla förvaltningar och bolag (”Alla”)"), required=False)
    organisations = forms.ModelMultipleChoiceField(
        label=_("Eller välj organisationer"),
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, measure, **kwargs):
        super().__init__(*args, **kwargs)
        results = [r for r in measure.results.all() if not r.archived]
        self.fields["result"].choices = [("", _("Åtgärden som helhet"))] + [(str(r.pk), r.title) for r in results]
        self._results = {str(r.pk): r for r in results}
        self.fields["organisations"].queryset = Organisation.objects.ordered()

    def clean_result(self):
        value = self.cleaned_data.get("result") or ""
        if value and value not in self._results:
            raise forms.ValidationError(_("Välj ett resultat i listan."))
        return self._results.get(value)

    def clean(self):
        data = super().clean()
        if not data.get("all_organisations") and not data.get("organisations") and not self.data.get("confirm_none"):
            raise forms.ValidationError(
                _("Välj ”Alla förvaltningar och bolag” eller minst en organisation."), code="required"
            )
        return data
