"""PlainSelect draws the same <select> as Django's own, without a template per option."""

import pytest
from django import forms
from django.test.html import parse_html

from vudig.core.models import Organisation
from vudig.core.widgets import PlainSelect


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
