"""Production: PostgreSQL, Redis, gunicorn behind a TLS-terminating proxy. Values, not logic, differ from base."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import INSECURE_LOCAL_SECRET_KEY, SECRET_KEY, VUDIG_TRUSTED_PROXY_COUNT_SET, env_bool, env_int, env_str

# Refuse to start rather than sign sessions with a key anyone can read in the source (or fail later on first use).
if SECRET_KEY == INSECURE_LOCAL_SECRET_KEY:
    raise ImproperlyConfigured(
        "DJANGO_SECRET_KEY is not set: production needs its own secret key, e.g. "
        "python3 -c 'import secrets; print(secrets.token_urlsafe(50))'."
    )

# The login lock keys on the client address; which one that is depends on the proxies in front, so it must be said.
if not VUDIG_TRUSTED_PROXY_COUNT_SET:
    raise ImproperlyConfigured(
        "VUDIG_TRUSTED_PROXY_COUNT is not set: give the number of reverse proxies in front of gunicorn that append to "
        "X-Forwarded-For (0 when clients reach gunicorn directly); see the README's Configuration section."
    )

DEBUG = False
# Static files are collected at image build time and served by WhiteNoise with far-future cache headers.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# DJANGO_SECURE_SSL_REDIRECT: redirect http to https (turn off only if the proxy already does it).
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# DJANGO_HSTS_SECONDS: how long browsers must use https only.
SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
CSRF_COOKIE_HTTPONLY = True

# OpenID Connect in production: the client secret and the tokens cross the wire, so the provider is spoken to over
# https only, and a client id needs its secret (both read in base.py from VUDIG_OIDC_*).
_oidc_issuer = env_str("VUDIG_OIDC_ISSUER", "")
if _oidc_issuer and not _oidc_issuer.startswith("https://"):
    raise ImproperlyConfigured("VUDIG_OIDC_ISSUER must be an https:// URL in production.")
if _oidc_issuer and not env_str("VUDIG_OIDC_CLIENT_SECRET", ""):
    raise ImproperlyConfigured("VUDIG_OIDC_CLIENT_SECRET is not set: the identity provider needs the portal's secret.")
