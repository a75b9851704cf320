"""Form widgets shared by the apps."""

import html
import re

from django import forms
from django.forms.utils import flatatt
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe


def _escaped(value) -> str:
    """conditional_escape(value) as a plain str, without its lazy-aware wrapper (called twice per option)."""
    return value.__html__() if hasattr(value, "__html__") else html.escape(str(value))


def _options(choices, selected: set[str]) -> str:
    # The same markup as format_html per option, escaped the same way, without its per-call overhead: with a
    # filter's 2,300 organisations that overhead was most of the filter's cost (issue 19).
    def option(value, label):
        mark = " selected" if str(value) in selected else ""
        return f'<option value="{_escaped("" if value is None else value)}"{mark}>{_escaped(label)}</option>'

    parts = []
    for value, label in choices:
        if isinstance(label, (list, tuple)):  # an optgroup: (group label, [(value, label), ...])
            inner = "".join(option(v, lab) for v, lab in label)
            parts.append(f'<optgroup label="{_escaped(value)}">{inner}</optgroup>')
        else:
            parts.append(option(value, label))
    return mark_safe("".join(parts))  # noqa: S308 (every value and label escaped above)


class PlainSelect(forms.Select):
    """A <select> drawn in Python, not one template per option: a region's 2 000+ organisations took most of a
    page's time as Django's option templates. Same markup (name, id, attributes, selected, optgroups) as
    forms.Select, so labels, errors and aria-describedby work as before; no JavaScript.

    ``options_html``: the options drawn once (``render_options``) and shared by many forms on one page; only the
    selected option is marked per form. ``omit``: values not offered in this form (e.g. the object itself)."""

    options_html = ""
    omit: frozenset[str] | set[str] = frozenset()

    def render(self, name, value, attrs=None, renderer=None):
        final = self.build_attrs(self.attrs, attrs)
        selected = {str(v) for v in self.format_value(value)}
        if self.options_html:
            options = self.options_html
            for v in self.omit:
                options = re.sub(rf'<option value="{re.escape(escape(v))}">.*?</option>', "", options, count=1)
            for v in selected:
                needle = f'<option value="{escape(v)}">'
                options = options.replace(needle, f'<option value="{escape(v)}" selected>', 1)
            options = mark_safe(options)
        else:
            choices = [(v, lab) for v, lab in self.choices if str(v) not in self.omit]
            options = _options(choices, selected)
        return format_html('<select name="{}"{}>{}</select>', name, flatatt(final), options)


def render_options(choices) -> str:
    """The options of ``choices`` (optgroups allowed) with none selected, for PlainSelect.options_html."""
    return _options(choices, set())


class NameChoiceIterator(forms.models.ModelChoiceIterator):
    """A model choice field's options read as (value, name) rows, not one model instance per option: for models
    whose str() is their ``name`` field, drawn by PlainSelect (a region's 2,300 organisations on every queue and
    report list page; issue 19)."""

    label_field = "name"

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        yield from self.queryset.values_list(self.field.to_field_name or "pk", self.label_field)


class NamedModelChoiceField(forms.ModelChoiceField):
    """ModelChoiceField with NameChoiceIterator: same options, same validation (the queryset's get)."""

    iterator = NameChoiceIterator
