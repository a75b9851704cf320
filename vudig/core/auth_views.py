from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from .identity import provider as identity_provider


class ThrottledAuthenticationForm(AuthenticationForm):
    """Django's login form with the portal's Swedish message; repeated failures are locked by django-axes (see
    vudig.core.login_lockout), which covers the admin's login form too."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _(
            "Fel användarnamn eller lösenord. Observera att lösenordet skiljer på stora och små bokstäver."
        ),
    }


class LoginView(auth_views.LoginView):
    form_class = ThrottledAuthenticationForm
    redirect_authenticated_user = True

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        if identity_provider.enabled():
            # The municipal account comes first on the page: the cursor must not skip past it into the local form.
            form.fields["username"].widget.attrs.pop("autofocus", None)
        return form
