from django import forms
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from . import login_throttle
from .identity import provider as identity_provider


class ThrottledAuthenticationForm(AuthenticationForm):
    """Django's login form, refusing further tries after repeated failures from the same place."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _(
            "Fel användarnamn eller lösenord. Observera att lösenordet skiljer på stora och små bokstäver."
        ),
        "throttled": _("För många misslyckade inloggningar. Vänta %(minutes)s minuter och försök igen."),
    }

    def clean(self):
        username = self.cleaned_data.get("username") or ""
        address = login_throttle.client_address(self.request) if self.request else ""
        if login_throttle.is_throttled(username, address):
            minutes = max(1, settings.LOGIN_FAILURE_WINDOW_SECONDS // 60)
            raise forms.ValidationError(self.error_messages["throttled"], code="throttled", params={"minutes": minutes})
        try:
            cleaned = super().clean()
        except forms.ValidationError:
            login_throttle.record_failure(username, address)
            raise
        login_throttle.clear_failures(username, address)
        return cleaned


class LoginView(auth_views.LoginView):
    form_class = ThrottledAuthenticationForm
    redirect_authenticated_user = True

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        if identity_provider.enabled():
            # The municipal account comes first on the page: the cursor must not skip past it into the local form.
            form.fields["username"].widget.attrs.pop("autofocus", None)
        return form
