from urllib.parse import urlencode

from django.contrib import auth, messages
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _

from . import provider
from .views import session_expired


class ProviderSessionMiddleware:
    """A session signed in with the provider ends when its ID token does: the person signs in again (silently, if
    their session at the provider still holds). Local sessions and a portal without OIDC are not touched; a disabled
    person is already signed out by the backends' ``get_user``."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # The session first: a local session costs no query here, not even loading the user.
        if session_expired(request) and request.user.is_authenticated:
            auth.logout(request)
            if provider.enabled() and request.method == "GET":
                query = urlencode({"next": request.get_full_path()})
                return HttpResponseRedirect(f"{reverse('oidc:authenticate')}?{query}")
            messages.info(request, _("Din inloggning har gått ut. Logga in igen."))
            return HttpResponseRedirect(reverse("login"))
        return self.get_response(request)
