"""The measure list's filters; the page, the exports and the start page all apply this one FilterSet."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from vudig.core.filters import NamedChoiceFilter
from vudig.core.models import Organisation
from vudig.core.widgets import PlainSelect

from .constants import MeasureCategory, ResultStatus
from .models import Measure, Plan

SORTS = {
    "plan": ("plan__order", "plan_id", "order", "pk"),
    "title": ("title", "pk"),
    "responsible": ("responsible", "title", "pk"),
    "updated": ("-updated_at", "pk"),
}
SORT_CHOICES = [
    ("plan", _("Planens ordning")),
    ("title", _("Åtgärd (A–Ö)")),
    ("responsible", _("Ansvarig (A–Ö)")),
    ("updated", _("Senast ändrad först")),
]


class MeasureFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_text", label=_("Fritext"), max_length=200)
    plan = django_filters.ModelChoiceFilter(queryset=Plan.objects.all(), label=_("Plan"), empty_label=_("Alla planer"))
    category = django_filters.ChoiceFilter(
        choices=MeasureCategory.choices, label=_("Stabilitet eller effekt"), empty_label=_("Alla typer")
    )
    status = django_filters.ChoiceFilter(
        choices=ResultStatus.choices,
        method="filter_status",
        label=_("Status på något resultat"),
        empty_label=_("Alla statusar"),
    )
    responsible_organisation = NamedChoiceFilter(
        queryset=Organisation.objects.all(),
        label=_("Ansvarig organisation"),
        empty_label=_("Alla organisationer"),
        widget=PlainSelect,
    )
    sort = django_filters.ChoiceFilter(
        choices=SORT_CHOICES, method="filter_sort", label=_("Sortera"), empty_label=None, null_label=None
    )

    class Meta:
        model = Measure
        fields = ["q", "plan", "category", "status", "responsible_organisation", "sort"]

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        self.form.fields["sort"].required = False
        self.form.fields["q"].widget = forms.TextInput(attrs={"type": "search"})
        # Staff see every version; one that is not decided says so in the choice ("Utkast", "Godkänd, ej beslutad").
        self.form.fields["plan"].label_from_instance = lambda p: (
            p.title if p.is_decided else f"{p.title} ({p.state_label})"
        )

    def filter_text(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(title__icontains=value)
            | Q(description__icontains=value)
            | Q(responsible__icontains=value)
            | Q(results__title__icontains=value, results__archived=False)
        ).distinct()

    def filter_status(self, queryset, name, value):
        return queryset.filter(results__status=value, results__archived=False).distinct()

    def filter_sort(self, queryset, name, value):
        return queryset.order_by(*SORTS.get(value, SORTS["plan"]))
