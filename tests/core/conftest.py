"""Fixtures of the core tests: a provider the tests control for the OpenID Connect sign-in."""

from .identity_support import fake_provider, oidc_on  # noqa: F401 (fixtures)
