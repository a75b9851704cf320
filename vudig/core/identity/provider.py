"""The identity provider as the portal sees it: settings, the discovery document, JSON over HTTP.

Every network call of the sign-in goes through :func:`fetch_json` (and the token request in the backend), with a
timeout, so a provider that is down or answers junk becomes a :class:`ProviderUnavailable`, never a 500.
"""

from __future__ import annotations

import logging
import time

import requests
from django.conf import settings
from django.utils.translation import gettext as _

logger = logging.getLogger("vudig.identity")

DISCOVERY_PATH = "/.well-known/openid-configuration"
DISCOVERY_MAX_AGE = 3600  # seconds: a provider rotates keys through jwks_uri, not through its discovery document
REQUIRED_ENDPOINTS = ("authorization_endpoint", "token_endpoint", "jwks_uri")

_discovery_cache: dict[str, tuple[float, dict]] = {}


class SignInRefused(Exception):
    """A sign-in that must not go through; ``message`` is the Swedish text the person sees."""

    status = 400

    def __init__(self, message: str, *, detail: str = ""):
        super().__init__(detail or message)
        self.message = message
        self.detail = detail or message


class ProviderUnavailable(SignInRefused):
    """The provider could not be reached or did not answer as an OpenID provider does."""

    status = 502


def enabled() -> bool:
    """OpenID Connect sign-in is on when an issuer and a client id are configured."""
    return bool(settings.VUDIG_OIDC_ISSUER and settings.OIDC_RP_CLIENT_ID)


def issuer() -> str:
    return settings.VUDIG_OIDC_ISSUER.rstrip("/")


def fetch_json(url: str) -> dict:
    """GET a JSON object from the provider, or raise ProviderUnavailable (down, an error status, or junk)."""
    try:
        response = requests.get(url, timeout=settings.OIDC_TIMEOUT, headers={"Accept": "application/json"})
        response.raise_for_status()
        data = response.json()
    except (requests.RequestException, ValueError) as error:
        logger.warning("oidc: %s did not answer with JSON: %s", url, error)
        raise ProviderUnavailable(unavailable_message(), detail=f"{url}: {error}") from error
    if not isinstance(data, dict):
        logger.warning("oidc: %s answered JSON that is not an object", url)
        raise ProviderUnavailable(unavailable_message(), detail=f"{url}: not a JSON object")
    return data


def unavailable_message() -> str:
    return _(
        "Kommunens inloggningstjänst svarar inte just nu, så du kunde inte loggas in. Försök igen om en stund. "
        "Administratörer kan logga in med lokalt konto."
    )


def discovery() -> dict:
    """The provider's discovery document, checked (its issuer is ours, the endpoints we need are there), cached."""
    now = time.monotonic()
    key = issuer()
    cached = _discovery_cache.get(key)
    if cached and now - cached[0] < DISCOVERY_MAX_AGE:
        return cached[1]
    document = fetch_json(key + DISCOVERY_PATH)
    if document.get("issuer", "").rstrip("/") != key:
        logger.warning("oidc: discovery names issuer %r, expected %r", document.get("issuer"), key)
        raise ProviderUnavailable(unavailable_message(), detail="discovery document names another issuer")
    missing = [name for name in REQUIRED_ENDPOINTS if not isinstance(document.get(name), str)]
    if missing:
        logger.warning("oidc: discovery document lacks %s", ", ".join(missing))
        raise ProviderUnavailable(unavailable_message(), detail=f"discovery lacks {missing}")
    _discovery_cache[key] = (now, document)
    return document


def discovery_cache_clear() -> None:
    """Forget the cached discovery documents (tests, and a provider that moved its endpoints)."""
    _discovery_cache.clear()
