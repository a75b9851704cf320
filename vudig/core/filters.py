"""django-filter pieces shared by the apps' FilterSets."""

import django_filters

from .widgets import NameChoiceIterator


class _NameRows(django_filters.fields.ModelChoiceIterator, NameChoiceIterator):
    """django-filter's iterator (its null choice) over (pk, name) rows."""


class _NamedChoiceField(django_filters.fields.ModelChoiceField):
    iterator = _NameRows


class NamedChoiceFilter(django_filters.ModelChoiceFilter):
    """A ModelChoiceFilter whose options are read as (pk, name) rows when drawn, not one model instance per option:
    for models whose str() is their ``name`` (a region's 2 300 organisations on the measure list and the queues)."""

    field_class = _NamedChoiceField
