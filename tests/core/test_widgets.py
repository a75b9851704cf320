"""PlainSelect draws the same <select> as Django's own, without a template per option."""

import re

import pytest
from django import forms
from django.test.html import parse_html

from vudig.core.models import Organisation
from vudig.core.widgets import PlainSelect, render_options


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
