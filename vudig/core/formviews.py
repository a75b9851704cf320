"""One way for a form to call a service: a refusal re-renders the form with the reason, nothing the user typed is lost.

An edit conflict (StaleVersionError) looks the same in every app: the form again with what the user typed, the
Swedish conflict message on top, the newer values beside it (includes/_conflict.html) and HTTP 409.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Manager
from django.http import HttpResponseRedirect
from django.utils.formats import localize
from django.utils.translation import gettext as _
from django.views.generic import FormView

from .concurrency import StaleVersionError
from .submit_once import submission_claim, submission_done, submission_earlier, submission_key

CONFLICT_STATUS = 409


def add_service_errors(form, exc: ValidationError) -> None:
    """Put a service's refusal on the form: field errors on their fields, the rest at the top."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            target = field if field in form.fields and field != NON_FIELD_ERRORS else None
            for error in errors:
                form.add_error(target, error)
    else:
        for message in exc.messages:
            form.add_error(None, message)


def _text(value) -> str:
    if isinstance(value, Manager):
        return ", ".join(str(item) for item in value.all())
    if isinstance(value, bool):
        return _("Ja") if value else _("Nej")
    return "" if value is None else str(localize(value))


def newer_values(current, form) -> list[tuple[str, str]]:
    """(label, value) of the form's visible fields as the other person saved them, for the conflict panel."""
    rows = []
    for bound in form.visible_fields():
        if hasattr(current, bound.name):
            display = getattr(current, f"get_{bound.name}_display", None)
            rows.append((str(bound.label), _text(display() if display else getattr(current, bound.name))))
    return rows


def conflict_context(
    form, exc: StaleVersionError, values: list[tuple[str, str]] | None = None, *, in_panel=False
) -> dict:
    """Put an edit conflict on the form and return the context of includes/_conflict.html.

    The form keeps what the user typed and gets the newer version: the page now shows the newer values, so saving
    again is a deliberate choice made with them in view. ``values``: (label, value) rows of the newer object, for a
    form whose fields are not the model's own (default: newer_values()). ``in_panel``: the message goes in the
    panel, not on the form: for a button on a detail page, and always when there is no form (``form=None``).
    """
    context = {"conflict": exc.current}
    if form is None or in_panel:
        context["conflict_message"] = exc.messages[0]
    else:
        form.add_error(None, exc.messages[0])
    if form is not None and "version" in form.fields and form.is_bound:
        data = form.data.copy()
        data[form.add_prefix("version")] = exc.current.version
        form.data = data
    context["conflict_values"] = newer_values(exc.current, form) if values is None else values
    return context


def render_conflict(view, form, exc: StaleVersionError, *, values=None, form_name: str = "form", in_panel=False):
    """The view's page again, with the form (as ``form_name``), the conflict message and the newer values: 409."""
    context = conflict_context(form, exc, values, in_panel=in_panel)
    if form is not None:
        context[form_name] = form
    return view.render_to_response(view.get_context_data(**context), status=CONFLICT_STATUS)


class ServiceFormView(FormView):
    """A form whose valid data goes to one service (``perform``); a refusal re-renders the form with the reason.

    ``invalid_status``: the status of a page re-rendered for bad input (some apps answer 400, Django's default is
    200); an edit conflict is always 409. ``submit_once``: for a create form, the same form sent again (double click,
    reload, parallel posts) makes nothing new and leads where the first one did (vudig.core.submit_once). A unique row
    taken by a parallel request at the same moment (IntegrityError) is answered by running the service once more, so
    the person gets its normal Swedish refusal, never a 500.
    """

    success_message = ""
    invalid_status = 200
    submit_once = False

    def perform(self, form):
        raise NotImplementedError

    def conflict_values(self, current, form) -> list[tuple[str, str]] | None:
        """The newer object's (label, value) rows for the conflict panel; None: the form's fields (newer_values)."""
        return None

    def post(self, request, *args, **kwargs):
        if self.submit_once:
            self._submission_key = submission_key(request)
            # Before the form's own checks: a model form would refuse the repeat as a duplicate instead.
            earlier = submission_earlier(key=self._submission_key)
            if earlier is not None:
                return self._repeated(earlier)
        return super().post(request, *args, **kwargs)

    def _repeated(self, earlier):
        messages.info(self.request, _("Formuläret var redan skickat. Inget nytt skapades."))
        return HttpResponseRedirect(earlier.location or self.request.path)

    def form_valid(self, form):
        if not self.submit_once:
            return self._perform_and_respond(form)
        key = self._submission_key
        self._claiming = True  # from here a refusal is this submission's own (its claim is rolled back)
        with transaction.atomic():
            earlier = submission_claim(key=key, user=self.request.user)
            if earlier is not None:
                return self._repeated(earlier)
            response = self._perform_and_respond(form)
            if isinstance(response, HttpResponseRedirect):
                submission_done(key=key, location=response["Location"])
            else:
                transaction.set_rollback(True)  # refused: the claim goes, so the corrected form can be sent
        return response

    def _perform(self, form):
        try:
            self.perform(form)
        except IntegrityError:
            # Another request took the same unique row a moment ago; now its row is visible, and the service's own
            # check refuses with its message (or, if not, the generic one below).
            try:
                self.perform(form)
            except IntegrityError as exc:
                raise ValidationError(
                    _("Det gick inte att spara: samma uppgift sparades samtidigt av någon annan. Ladda om sidan.")
                ) from exc

    def _perform_and_respond(self, form):
        try:
            self._perform(form)
        except StaleVersionError as exc:
            return render_conflict(self, form, exc, values=self.conflict_values(exc.current, form))
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        if self.success_message:
            messages.success(self.request, self.success_message)
        return HttpResponseRedirect(self.get_success_url())

    def form_invalid(self, form):
        if self.submit_once and not getattr(self, "_claiming", False):
            # An identical submit running in parallel may have been saved between the check in post() and the form's
            # own checks, and a model form's unique check then refuses this one as a duplicate: it is the same
            # submission, so it is sent where the first one led.
            earlier = submission_earlier(key=self._submission_key)
            if earlier is not None:
                return self._repeated(earlier)
        return self.render_to_response(self.get_context_data(form=form), status=self.invalid_status)
