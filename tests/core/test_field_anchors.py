"""The error summary links every field to an element that exists, including radio groups (no id_for_label)."""

from django import forms
from django.template.loader import render_to_string


class Sample(forms.Form):
    title = forms.CharField()
    level = forms.ChoiceField(choices=[("1", "1"), ("2", "2")], widget=forms.RadioSelect)
    areas = forms.MultipleChoiceField(choices=[("a", "A"), ("b", "B")], widget=forms.CheckboxSelectMultiple)


def test_summary_links_lead_to_each_fields_first_control():
    form = Sample(data={}, prefix="kompetens")
    html = render_to_string("includes/_form_errors.html", {"form": form})
    assert 'href="#id_kompetens-title"' in html
    assert 'href="#id_kompetens-level_0"' in html and 'href="#id_kompetens-areas_0"' in html
    assert 'href="#"' not in html
    # ... and those ids are the ones the widgets render.
    assert 'id="id_kompetens-level_0"' in str(form["level"]) and 'id="id_kompetens-areas_0"' in str(form["areas"])
    assert 'tabindex="-1" autofocus' in html  # the summary itself takes the focus when the page loads
