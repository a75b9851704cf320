"""Start, callback and logout of the OpenID Connect sign-in. Every refusal is a Swedish page, logged, no session."""

from __future__ import annotations

import logging
import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import auth
from django.contrib.auth import BACKEND_SESSION_KEY
from django.contrib.auth import views as auth_views
from django.core.exceptions import SuspiciousOperation
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render, resolve_url
from django.utils.translation import gettext as _
from django.views import View
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from . import provider
from .backends import SESSION_EXPIRES_AT, SESSION_ID_TOKEN, token_refused_message
from .provider import SignInRefused

logger = logging.getLogger("vudig.identity")
OIDC_BACKEND = "vudig.core.identity.backends.OIDCBackend"


def render_refused(request, error: SignInRefused):
    """The Swedish page for a sign-in that did not go through; nobody is signed in afterwards."""
    logger.warning("oidc: sign-in refused: %s", error.detail)
    if request.user.is_authenticated:
        auth.logout(request)
    return render(
        request,
        "core/identity/sign_in_refused.html",
        {"message": error.message, "local_login": settings.VUDIG_LOCAL_LOGIN},
        status=error.status,
    )


def _require_enabled():
    if not provider.enabled():
        raise Http404


class SignInStartView(OIDCAuthenticationRequestView):
    """Sends the person to the provider's sign-in page (code flow, with state, nonce and a PKCE challenge)."""

    def __init__(self, **kwargs):
        View.__init__(self, **kwargs)

    def get(self, request):
        _require_enabled()
        try:
            self.OIDC_OP_AUTH_ENDPOINT = provider.discovery()["authorization_endpoint"]
        except SignInRefused as error:
            return render_refused(request, error)
        self.OIDC_RP_CLIENT_ID = settings.OIDC_RP_CLIENT_ID
        return super().get(request)


class SignInCallbackView(OIDCAuthenticationCallbackView):
    """Where the provider sends the person back: checks the state, then the backend checks code, token and claims."""

    def get(self, request):
        _require_enabled()
        if request.GET.get("error"):
            logger.warning("oidc: the provider answered %s", request.GET.get("error"))
            states = request.session.get("oidc_states")
            if isinstance(states, dict) and states.pop(request.GET.get("state"), None) is not None:
                request.session.modified = True  # that sign-in is over: its state may not be used again
            return render_refused(
                request, SignInRefused(_("Inloggningen avbröts hos kommunens inloggningstjänst. Försök igen."))
            )
        state = request.GET.get("state")
        states = request.session.get("oidc_states")
        if not state or not request.GET.get("code") or not isinstance(states, dict) or state not in states:
            # A missing, unknown or already used state: a forged or replayed callback, or an old browser tab.
            return render_refused(
                request,
                SignInRefused(
                    _("Inloggningen kunde inte kontrolleras (okänd eller redan använd inloggning). Börja om."),
                    detail=f"callback with unknown state {state!r}",
                ),
            )
        try:
            return super().get(request)
        except SignInRefused as error:
            return render_refused(request, error)
        except SuspiciousOperation as error:
            return render_refused(request, SignInRefused(token_refused_message(), detail=str(error)))

    def login_failure(self):
        return render_refused(
            self.request,
            SignInRefused(
                _("Du kunde inte loggas in med ditt kommunkonto. Kontakta processledaren om det fortsätter."),
                detail="authenticate returned no active person",
            ),
        )


def provider_logout_url(request) -> str | None:
    """The provider's end_session_endpoint with the ID token as hint, or None (then only the portal signs out)."""
    try:
        endpoint = provider.discovery().get("end_session_endpoint")
    except SignInRefused:
        return None
    if not endpoint:
        return None
    params = {
        "client_id": settings.OIDC_RP_CLIENT_ID,
        "post_logout_redirect_uri": request.build_absolute_uri(resolve_url(settings.LOGOUT_REDIRECT_URL)),
    }
    if request.session.get(SESSION_ID_TOKEN):
        params["id_token_hint"] = request.session[SESSION_ID_TOKEN]
    return f"{endpoint}?{urlencode(params)}"


class LogoutView(auth_views.LogoutView):
    """Django's logout; a person who signed in with the provider is signed out there too (RP-initiated logout)."""

    def post(self, request, *args, **kwargs):
        from_provider = provider.enabled() and request.session.get(BACKEND_SESSION_KEY) == OIDC_BACKEND
        url = provider_logout_url(request) if from_provider else None
        response = super().post(request, *args, **kwargs)
        return HttpResponseRedirect(url) if url else response


def session_expired(request) -> bool:
    """Whether this request's provider sign-in has outlived its ID token (local sessions never do)."""
    if request.session.get(BACKEND_SESSION_KEY) != OIDC_BACKEND:
        return False
    expires_at = request.session.get(SESSION_EXPIRES_AT)
    return not isinstance(expires_at, int) or time.time() >= expires_at
