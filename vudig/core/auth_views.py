from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


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
