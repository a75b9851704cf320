"""Form widgets shared by the apps."""

import html
import re

from django import forms
from django.forms.utils import flatatt
from django.utils.html import conditional_escape, escape, format_html
from django.utils.safestring import mark_safe


def _escape(value) -> str:
    """``conditional_escape`` as format_html applies it, without its lazy-string wrapper on every call: the status
    form's options are some 13 000 (every decision, measure and result at a region's scale)."""
    if isinstance(value, str) and not hasattr(value, "__html__"):
        return html.escape(value)
    if isinstance(value, int):  # an id: nothing to escape
        return str(value)
    return conditional_escape(value)


def _options(choices, selected: set[str]) -> str:
    # The same markup as format_html per option, escaped the same way, without its per-call overhead: with a
    # filter's 2,300 organisations that overhead was most of the filter's cost (issue 19).
    def option(value, label):
        mark = " selected" if str(value) in selected else ""
        return f'<option value="{_escape("" if value is None else value)}"{mark}>{_escape(label)}</option>'

    parts = []
    for value, label in choices:
        if isinstance(label, (list, tuple)):  # an optgroup: (group label, [(value, label), ...])
            inner = "".join(option(v, lab) for v, lab in label)
            parts.append(f'<optgroup label="{_escape(value)}">{inner}</optgroup>')
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


def _attrs(attrs: dict) -> str:
    """Django's ``attrs.html`` in Python: in their order, ``True`` as a bare name, ``False`` left out."""
    return "".join(
        f" {name}" if value is True else f' {name}="{_escape(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


class _PlainInput:
    """An input drawn in Python with the markup of Django's ``input.html``: a form drawn on every row of a list (the
    inline status form, 25 a page) spent most of its time in the widget templates (input.html with attrs.html)."""

    def render(self, name, value, attrs=None, renderer=None):
        value = self.format_value(value)
        shown = "" if value is None else f' value="{_escape(value)}"'
        final = self.build_attrs(self.attrs, attrs)
        return mark_safe(f'<input type="{self.input_type}" name="{_escape(name)}"{shown}{_attrs(final)}>')


class PlainHiddenInput(_PlainInput, forms.HiddenInput):
    pass


class PlainTextInput(_PlainInput, forms.TextInput):
    pass


class PlainTextarea(forms.Textarea):
    """A textarea drawn in Python with the markup of Django's ``textarea.html`` (see _PlainInput)."""

    def render(self, name, value, attrs=None, renderer=None):
        value = self.format_value(value)
        final = self.build_attrs(self.attrs, attrs)
        return mark_safe(
            f'<textarea name="{_escape(name)}"{_attrs(final)}>\n{_escape(value) if value else ""}</textarea>'
        )


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
