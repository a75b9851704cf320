"""PlainSelect draws the same <select> as Django's own, without a template per option."""

import re

import pytest
from django import forms
from django.test.html import parse_html
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from vudig.core.models import Organisation
from vudig.core.widgets import PlainHiddenInput, PlainSelect, PlainTextarea, PlainTextInput, render_options


@pytest.mark.parametrize("value", [None, "", "2", ["3"]])
def test_plain_select_is_the_same_markup_as_select(value):
    choices = [("", "Alla"), ("1", "Socialtjänst"), ("2", "Barn & <unga>"), ("3", "Piteå Energi")]
    attrs = {"id": "id_organisation", "aria-describedby": "organisation-help"}
    ours = PlainSelect(choices=choices).render("organisation", value, attrs)
    django = forms.Select(choices=choices).render("organisation", value, attrs)
    assert parse_html(ours) == parse_html(django)
    assert "&lt;unga&gt;" in ours


def test_plain_select_in_a_model_choice_field_marks_the_bound_choice(plan):
    organisation = Organisation.objects.order_by("pk")[1]

    class Form(forms.Form):
        organisation = forms.ModelChoiceField(queryset=Organisation.objects.all(), widget=PlainSelect, required=False)

    html = str(Form(data={"organisation": str(organisation.pk)})["organisation"])
    assert f'<option value="{organisation.pk}" selected>' in html
    assert html.count("<option") == Organisation.objects.count() + 1


def squeeze(html: str) -> str:
    # Django's templates put line breaks between the tags; the markup is otherwise the same.
    return re.sub(r">\s+<", "><", html.strip())


GROUPED = [("", "Ingen"), ("Plan A & co", [(1, "Ett"), (2, "Två <b>")]), ("Plan B", [(3, "Tre")])]


@pytest.mark.parametrize("value", [None, "2", "3"])
def test_plain_select_draws_optgroups_as_select_does(value):
    attrs = {"id": "id_replacement"}
    ours = PlainSelect(choices=GROUPED).render("replacement", value, attrs)
    django = forms.Select(choices=GROUPED).render("replacement", value, attrs)
    assert ours == squeeze(django)


@pytest.mark.parametrize("value", [None, "2", "3"])
def test_shared_options_mark_only_this_forms_choice_and_leave_out_the_omitted(value):
    widget = PlainSelect(choices=GROUPED)
    widget.options_html = render_options(GROUPED)
    widget.omit = {"1"}
    ours = widget.render("replacement", value, {"id": "id_replacement"})
    expected = forms.Select(choices=[GROUPED[0], ("Plan A & co", [(2, "Två <b>")]), GROUPED[2]]).render(
        "replacement", value, {"id": "id_replacement"}
    )
    assert ours == squeeze(expected)
    assert ours.count(" selected") == 1


def test_shared_options_escape_every_label_as_format_html_does():
    # render_options draws thousands of options with its own escaping: the same bytes as format_html's.
    labels = ["\"Citat\" & 'apostrof'", "<script>x</script>", mark_safe("<b>redan säker</b>"), gettext_lazy("Ingen"), 7]
    choices = [(None, "Ingen"), *[(i, label) for i, label in enumerate(labels)], ('a"b', [("<v>", labels[0])])]
    expected = "".join(
        format_html('<option value="{}">{}</option>', "" if v is None else v, lab) for v, lab in choices[:-1]
    ) + format_html(
        '<optgroup label="{}">{}</optgroup>',
        'a"b',
        format_html('<option value="{}">{}</option>', "<v>", labels[0]),
    )
    assert render_options(choices) == expected


ATTRS = [
    {"id": "id_r1-reason"},
    {"id": "id_x", "aria-describedby": "id_x_helptext", "required": True, "disabled": False, "maxlength": 500},
    {"id": "id_x", "data-note": gettext_lazy("Ingen"), "title": '"citat" & <tagg>', "data-safe": mark_safe("<b>")},
]
VALUES = [None, "", 0, 7, 'Skäl med "citat" & <tagg>\noch en rad till', gettext_lazy("Ingen")]


@pytest.mark.parametrize("attrs", ATTRS)
@pytest.mark.parametrize("value", VALUES)
@pytest.mark.parametrize(
    ("ours", "django"),
    [
        (PlainHiddenInput(), forms.HiddenInput()),
        (PlainTextInput(attrs={"maxlength": 500}), forms.TextInput(attrs={"maxlength": 500})),
        (PlainTextarea(attrs={"rows": 2, "maxlength": 2000}), forms.Textarea(attrs={"rows": 2, "maxlength": 2000})),
    ],
    ids=["hidden", "text", "textarea"],
)
def test_plain_inputs_draw_the_same_bytes_as_djangos_templates(ours, django, value, attrs):
    assert ours.render("r1-field", value, attrs) == django.render("r1-field", value, attrs)


def test_plain_inputs_in_a_bound_form_keep_what_was_typed_and_hide_as_hidden_inputs():
    class Form(forms.Form):
        note = forms.CharField(widget=PlainTextarea, help_text="Hjälp")
        title = forms.CharField(widget=PlainTextInput)
        version = forms.IntegerField(widget=PlainHiddenInput)

    form = Form(data={"r9-note": "a < b", "r9-title": 'x"y', "r9-version": "3"}, prefix="r9")
    assert [f.name for f in form.hidden_fields()] == ["version"]
    assert str(form["version"]) == '<input type="hidden" name="r9-version" value="3" id="id_r9-version">'
    assert "\na &lt; b</textarea>" in str(form["note"]) and 'aria-describedby="id_r9-note_helptext"' in str(
        form["note"]
    )
    assert 'value="x&quot;y"' in str(form["title"])


def test_a_named_model_choice_field_offers_and_accepts_what_a_model_choice_field_does(plan):
    """Issue 19: the organisations are read as (pk, name) rows; the options, the bound choice and the validation
    are a ModelChoiceField's."""
    from django_filters import FilterSet, ModelChoiceFilter

    from steeringgroups.filters import ErrandFilter
    from steeringgroups.models import Errand
    from vudig.core.widgets import NamedModelChoiceField

    organisation = Organisation.objects.order_by("pk")[1]

    class Theirs(forms.Form):
        organisation = forms.ModelChoiceField(
            queryset=Organisation.objects.all(), widget=PlainSelect, required=False, empty_label="Alla"
        )

    class Ours(forms.Form):
        organisation = NamedModelChoiceField(
            queryset=Organisation.objects.all(), widget=PlainSelect, required=False, empty_label="Alla"
        )

    for data in ({}, {"organisation": str(organisation.pk)}):
        assert str(Ours(data=data)["organisation"]) == str(Theirs(data=data)["organisation"])
    form = Ours(data={"organisation": str(organisation.pk)})
    assert form.is_valid() and form.cleaned_data["organisation"] == organisation
    assert not Ours(data={"organisation": "999999"}).is_valid()
    # The queue filter's organisations: the same options as django-filter's own field.

    class Plain(FilterSet):
        organisation = ModelChoiceFilter(queryset=Organisation.objects.all(), empty_label="Alla", widget=PlainSelect)

        class Meta:
            model = Errand
            fields = ["organisation"]

    ours = ErrandFilter(data={"organisation": str(organisation.pk)}).form["organisation"]
    theirs = Plain(data={"organisation": str(organisation.pk)}).form["organisation"]
    assert re.sub(r' id="[^"]*"', "", str(ours)) == re.sub(r' id="[^"]*"', "", str(theirs))
