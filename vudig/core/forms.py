"""Shared forms: a page's GET parameters are read through a form, so junk in a link gives a message, never a 5xx."""

from __future__ import annotations

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

# The years a page may be asked about: before the portal's first plan, or far beyond any plan, is a typo.
YEAR_MIN, YEAR_MAX = 2000, 2100


class QueryForm(forms.Form):
    """Bound to request.GET. What is valid is used, the rest falls back to a default; the errors say why on the page.

    Every field is optional: a page without parameters is the default page, with no message.
    """

    def value(self, name: str, default, *, clamp: bool = False):
        """The valid value of ``name``, else ``default``; with ``clamp`` a whole number out of range becomes the
        nearest allowed one (the field's min_value/max_value)."""
        self.is_valid()
        value = self.cleaned_data.get(name)
        if value is not None:
            return value
        if clamp and name in self.errors:
            field = self.fields[name]
            try:
                number = int(self.data.get(name, ""))
            except ValueError:
                return default
            return min(max(number, field.min_value), field.max_value)
        return default


def year_field() -> forms.IntegerField:
    """An optional year within YEAR_MIN..YEAR_MAX with one Swedish message for every kind of junk."""
    message = format_lazy(_("Året ska vara ett tal mellan {min} och {max}."), min=YEAR_MIN, max=YEAR_MAX)
    return forms.IntegerField(
        label=_("År"),
        required=False,
        min_value=YEAR_MIN,
        max_value=YEAR_MAX,
        error_messages={"invalid": message, "min_value": message, "max_value": message},
    )


def month_field() -> forms.IntegerField:
    """An optional month 1..12 with one Swedish message for every kind of junk."""
    message = _("Månaden ska vara ett tal mellan 1 och 12.")
    return forms.IntegerField(
        label=_("Månad"),
        required=False,
        min_value=1,
        max_value=12,
        error_messages={"invalid": message, "min_value": message, "max_value": message},
    )
