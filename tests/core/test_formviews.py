"""The write kit's view side: a service's refusal lands on the form the same way in every app."""

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

from vudig.core.concurrency import StaleVersionError
from vudig.core.formviews import add_service_errors, conflict_context


class _Form(forms.Form):
    title = forms.CharField(label="Rubrik")
    done = forms.BooleanField(label="Klar", required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


def _bound(**data):
    form = _Form({"title": "Min rubrik", "version": "1", **data})
    assert form.is_valid()
    return form


def test_field_errors_go_on_their_fields_and_the_rest_on_top():
    form = _bound()
    add_service_errors(
        form,
        ValidationError({"title": "För lång.", "owner": "Okänd person.", NON_FIELD_ERRORS: "Planen är beslutad."}),
    )
    assert form.errors["title"] == ["För lång."]
    assert form.non_field_errors() == ["Okänd person.", "Planen är beslutad."]


def test_a_plain_refusal_goes_on_top():
    form = _bound()
    add_service_errors(form, ValidationError(["Ett.", "Två."]))
    assert form.non_field_errors() == ["Ett.", "Två."]


class _Saved:
    version = 4
    title = "Deras rubrik"
    done = True


def test_a_conflict_keeps_the_input_takes_the_newer_version_and_lists_the_newer_values():
    form = _bound()
    context = conflict_context(form, StaleVersionError(_Saved()))
    assert "Någon annan har sparat ändringar" in form.non_field_errors()[0]
    assert form["title"].value() == "Min rubrik" and form["version"].value() == 4
    assert context["conflict_values"] == [("Rubrik", "Deras rubrik"), ("Klar", "Ja")]
    assert "conflict_message" not in context


def test_a_conflict_without_a_form_carries_the_message_for_the_panel():
    context = conflict_context(None, StaleVersionError(_Saved()), values=[("Status", "Klar")])
    assert "Någon annan har sparat ändringar" in context["conflict_message"]
    assert context["conflict_values"] == [("Status", "Klar")]
