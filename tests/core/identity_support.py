"""A provider the tests control: RSA keys, a JWKS, a discovery document and ID tokens signed with them."""

import json
import time
from dataclasses import dataclass, field

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

from vudig.core.identity import provider

ISSUER = "https://idp.pitea.test"
CLIENT_ID = "vudig"


def new_key():
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def public_jwk(key, kid):
    jwk = json.loads(RSAAlgorithm.to_jwk(key.public_key()))
    return {**jwk, "kid": kid, "alg": "RS256", "use": "sig"}


@dataclass
class FakeProvider:
    key: object = field(default_factory=new_key)
    kid: str = "k1"
    discovery: dict = field(
        default_factory=lambda: {
            "issuer": ISSUER,
            "authorization_endpoint": f"{ISSUER}/auth",
            "token_endpoint": f"{ISSUER}/token",
            "jwks_uri": f"{ISSUER}/jwks",
            "end_session_endpoint": f"{ISSUER}/session/end",
        }
    )
    fetched: list = field(default_factory=list)

    def jwks(self):
        return {"keys": [public_jwk(self.key, self.kid)]}

    def fetch_json(self, url):
        self.fetched.append(url)
        if url == ISSUER + provider.DISCOVERY_PATH:
            return self.discovery
        if url == self.discovery["jwks_uri"]:
            return self.jwks()
        raise AssertionError(f"unexpected fetch of {url}")

    def claims(self, **overrides):
        now = int(time.time())
        claims = {
            "iss": ISSUER,
            "sub": "sub-anna",
            "aud": CLIENT_ID,
            "iat": now,
            "exp": now + 3600,
            "nonce": "n-1",
            "given_name": "Anna",
            "family_name": "Andersson",
            "email": "anna.andersson@pitea.test",
            "groups": [],
        }
        claims.update(overrides)
        return {k: v for k, v in claims.items() if v is not None}

    def token(self, key=None, kid=None, algorithm="RS256", **overrides):
        return jwt.encode(
            self.claims(**overrides), key or self.key, algorithm=algorithm, headers={"kid": kid or self.kid}
        )


@pytest.fixture
def oidc_on(settings):
    """OpenID Connect configured against ISSUER (no network: tests patch the fetches they need)."""
    settings.VUDIG_OIDC_ISSUER = ISSUER
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    settings.OIDC_RP_CLIENT_SECRET = "secret"
    settings.OIDC_RP_SCOPES = "openid email profile"
    provider.discovery_cache_clear()
    yield settings
    provider.discovery_cache_clear()


@pytest.fixture
def fake_provider(oidc_on, monkeypatch):
    fake = FakeProvider()
    monkeypatch.setattr(provider, "fetch_json", fake.fetch_json)
    return fake
