"""``get_FOO_display()`` that translates a field's choices once per language, not on every call.

Django's own builds a dict of every choice of the field on each call, and hashing each lazy label translates it: a
status with seven choices costs seven gettext calls per row (on the plan page, two hundred calls a request; issue 19).
The labels come from the compiled catalogues, which do not change while the process runs, so one dict per field and
language is always the same answer.
"""

from __future__ import annotations

import functools

from django.utils.encoding import force_str
from django.utils.hashable import make_hashable
from django.utils.translation import get_language


@functools.cache
def _labels(field, language: str | None) -> dict:
    return {make_hashable(value): force_str(label, strings_only=True) for value, label in field.flatchoices}


class ChoiceLabelsMixin:
    """First among a model's bases: its ``get_FOO_display()`` read the field's labels from the per-language dict
    (Django binds those methods to the ``_get_FIELD_display`` the class has when its fields are added)."""

    def _get_FIELD_display(self, field):
        value = getattr(self, field.attname)
        return _labels(field, get_language()).get(make_hashable(value), value)
