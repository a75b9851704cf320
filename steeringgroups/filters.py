"""Queue filters (django-filter), applied by selectors to a queryset already narrowed by for_user()."""

from datetime import timedelta

import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vudig.core.filters import NamedChoiceFilter
from vudig.core.models import Organisation
from vudig.core.widgets import PlainSelect

from .constants import ErrandState, Topic, Urgency
from .models import Errand, SteeringGroup

AGE_CHOICES = (("7", _("Äldre än 7 dagar")), ("30", _("Äldre än 30 dagar")), ("90", _("Äldre än 90 dagar")))


class ErrandFilter(django_filters.FilterSet):
    state = django_filters.ChoiceFilter(label=_("Status"), choices=ErrandState.choices, empty_label=_("Alla"))
    topic = django_filters.ChoiceFilter(label=_("Ämne"), choices=Topic.choices, empty_label=_("Alla"))
    organisation = NamedChoiceFilter(
        label=_("Organisation"), queryset=Organisation.objects.all(), empty_label=_("Alla"), widget=PlainSelect
    )
    steering_group = django_filters.ModelChoiceFilter(
        label=_("Styrgrupp"), queryset=SteeringGroup.objects.all(), empty_label=_("Alla"), widget=PlainSelect
    )
    urgency = django_filters.ChoiceFilter(label=_("Prioritet"), choices=Urgency.choices, empty_label=_("Alla"))
    age = django_filters.ChoiceFilter(label=_("Ålder"), choices=AGE_CHOICES, empty_label=_("Alla"), method="filter_age")

    class Meta:
        model = Errand
        fields = ["state", "topic", "organisation", "steering_group", "urgency", "age"]

    def __init__(self, *args, group=None, **kwargs):
        super().__init__(*args, **kwargs)
        if group is not None:
            del self.filters["steering_group"]

    def filter_age(self, queryset, name, value):
        return queryset.filter(created_at__lt=timezone.now() - timedelta(days=int(value)))
