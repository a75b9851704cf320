"""Authentication backends: OpenID Connect through mozilla-django-oidc, and local passwords under VUDIG_LOCAL_LOGIN.

mozilla-django-oidc does the code flow (state, nonce, PKCE) and the signature check against the JWKS; it neither
reads the discovery document nor checks the ID token's issuer and audience, so this backend takes the endpoints
from :func:`provider.discovery` and verifies the token itself (signature, ``iss``, ``aud``/``azp``, ``exp``,
``iat``, ``nonce``) with PyJWT. Constructing a backend makes no network call: Django builds every backend for every
sign-in, and a local break-glass login must work while the provider is down.
"""

from __future__ import annotations

import logging

import jwt
import requests
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.utils.translation import gettext as _
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from ..constants import Role
from . import provider
from .provider import SignInRefused
from .services import directory_sign_in

logger = logging.getLogger("vudig.identity")

# The session key holding the ID token's expiry (seconds since the epoch); the middleware ends the session then.
SESSION_EXPIRES_AT = "vudig_oidc_expires_at"
SESSION_ID_TOKEN = "oidc_id_token"  # the key mozilla-django-oidc stores the raw ID token under (logout's hint)


def token_refused_message() -> str:
    return _("Inloggningen kunde inte bekräftas (ogiltig identitetstoken), så du loggades inte in. Försök igen.")


class OIDCBackend(OIDCAuthenticationBackend):
    """Sign-in with the municipality's identity provider; the person is found by issuer and subject."""

    def __init__(self, *args, **kwargs):
        self.UserModel = get_user_model()

    # The endpoints mozilla-django-oidc reads as attributes come from the discovery document, when first needed.
    @property
    def OIDC_OP_TOKEN_ENDPOINT(self):
        return provider.discovery()["token_endpoint"]

    @property
    def OIDC_OP_USER_ENDPOINT(self):
        return provider.discovery().get("userinfo_endpoint")

    @property
    def OIDC_OP_JWKS_ENDPOINT(self):
        return provider.discovery()["jwks_uri"]

    @property
    def OIDC_RP_CLIENT_ID(self):
        return settings.OIDC_RP_CLIENT_ID

    @property
    def OIDC_RP_CLIENT_SECRET(self):
        return settings.OIDC_RP_CLIENT_SECRET

    @property
    def OIDC_RP_SIGN_ALGO(self):
        return settings.OIDC_RP_SIGN_ALGO

    OIDC_RP_IDP_SIGN_KEY = None

    def authenticate(self, request, **kwargs):
        if not provider.enabled() or request is None or "nonce" not in kwargs:
            return None  # a password sign-in (or OIDC off): not ours
        return super().authenticate(request, **kwargs)

    def get_user(self, user_id):
        # Unlike ModelBackend, mozilla-django-oidc's get_user returns disabled people: a person disabled in the
        # portal must be signed out at the next request.
        user = super().get_user(user_id)
        return user if user is not None and user.is_active else None

    def retrieve_matching_jwk(self, token):
        try:
            header = jwt.get_unverified_header(token)
        except jwt.PyJWTError as error:
            raise SignInRefused(token_refused_message(), detail=f"unreadable token header: {error}") from error
        jwks = provider.fetch_json(self.OIDC_OP_JWKS_ENDPOINT)
        keys = jwks.get("keys") if isinstance(jwks.get("keys"), list) else []
        for key in keys:
            if not isinstance(key, dict) or key.get("kid") != header.get("kid"):
                continue
            if "alg" in key and key["alg"] != header.get("alg"):
                continue
            try:
                return jwt.PyJWK(key)
            except jwt.PyJWTError as error:
                raise provider.ProviderUnavailable(provider.unavailable_message(), detail=str(error)) from error
        raise SignInRefused(token_refused_message(), detail=f"no key {header.get('kid')!r} in the provider's JWKS")

    def verify_token(self, token, **kwargs):
        """The ID token's claims, if its signature, issuer, audience, lifetime and nonce all hold."""
        if not isinstance(token, str) or not token:
            raise SignInRefused(token_refused_message(), detail="no id_token in the token response")
        key = self.retrieve_matching_jwk(token)
        try:
            claims = jwt.decode(
                token,
                key,
                algorithms=[self.OIDC_RP_SIGN_ALGO],
                audience=self.OIDC_RP_CLIENT_ID,
                issuer=provider.issuer(),
                leeway=settings.VUDIG_OIDC_CLOCK_SKEW_SECONDS,
                options={"require": ["iss", "sub", "aud", "exp", "iat"]},
            )
        except jwt.PyJWTError as error:
            logger.warning("oidc: ID token refused: %s", error)
            raise SignInRefused(token_refused_message(), detail=f"id token refused: {error}") from error
        audiences = claims["aud"] if isinstance(claims["aud"], list) else [claims["aud"]]
        if len(audiences) > 1 and claims.get("azp") != self.OIDC_RP_CLIENT_ID:
            raise SignInRefused(token_refused_message(), detail="several audiences and azp is not this client")
        expected_nonce = kwargs.get("nonce")
        if not expected_nonce or claims.get("nonce") != expected_nonce:
            logger.warning("oidc: ID token refused: nonce does not match this sign-in")
            raise SignInRefused(token_refused_message(), detail="nonce mismatch (replayed or foreign token)")
        return claims

    def get_token(self, payload):
        try:
            response = requests.post(self.OIDC_OP_TOKEN_ENDPOINT, data=payload, timeout=settings.OIDC_TIMEOUT)
        except requests.RequestException as error:
            raise provider.ProviderUnavailable(provider.unavailable_message(), detail=f"token: {error}") from error
        if 400 <= response.status_code < 500:
            # invalid_grant and the like: a used or foreign code, a wrong PKCE verifier. Not an outage.
            logger.warning("oidc: token request refused: %s %s", response.status_code, response.text[:200])
            raise SignInRefused(token_refused_message(), detail=f"token endpoint said {response.status_code}")
        try:
            response.raise_for_status()
            data = response.json()
        except (requests.RequestException, ValueError) as error:
            raise provider.ProviderUnavailable(provider.unavailable_message(), detail=f"token: {error}") from error
        if not isinstance(data, dict):
            raise provider.ProviderUnavailable(provider.unavailable_message(), detail="token answer is not an object")
        return data

    def get_userinfo(self, access_token, id_token, payload):
        endpoint = self.OIDC_OP_USER_ENDPOINT
        if not endpoint or not access_token:
            return {}
        try:
            response = requests.get(
                endpoint, headers={"Authorization": f"Bearer {access_token}"}, timeout=settings.OIDC_TIMEOUT
            )
            response.raise_for_status()
            data = response.json()
        except (requests.RequestException, ValueError) as error:
            raise provider.ProviderUnavailable(provider.unavailable_message(), detail=f"userinfo: {error}") from error
        if not isinstance(data, dict):
            raise provider.ProviderUnavailable(provider.unavailable_message(), detail="userinfo is not an object")
        return data

    def get_or_create_user(self, access_token, id_token, payload):
        userinfo = self.get_userinfo(access_token, id_token, payload)
        if userinfo.get("sub", payload["sub"]) != payload["sub"]:
            raise SignInRefused(token_refused_message(), detail="userinfo sub differs from the ID token's")
        user = directory_sign_in(issuer=provider.issuer(), claims={**payload, **userinfo})
        self.request.session[SESSION_EXPIRES_AT] = int(payload["exp"])
        return user


def may_sign_in_locally(user) -> bool:
    """VUDIG_LOCAL_LOGIN: all (everyone with a password), admins (superusers, staff and the admin role) or off."""
    mode = settings.VUDIG_LOCAL_LOGIN
    if mode == "all":
        return True
    if mode == "admins":
        return user.is_superuser or user.is_staff or user.role_assignments.filter(role=Role.ADMIN).exists()
    return False


# The dotted path to name when a view signs someone in after a local step (an accepted invitation, say).
LOCAL_BACKEND = "vudig.core.identity.backends.LocalPasswordBackend"


class LocalPasswordBackend(ModelBackend):
    """Django's password backend, limited by VUDIG_LOCAL_LOGIN: with OpenID Connect on, local accounts are the
    break-glass way in for administrators."""

    def user_can_authenticate(self, user):
        return super().user_can_authenticate(user) and may_sign_in_locally(user)
