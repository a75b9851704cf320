"""Production: PostgreSQL, Redis, gunicorn behind a TLS-terminating proxy. Values, not logic, differ from base."""

from .base import *  # noqa: F403
from .base import env_bool, env_int

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
