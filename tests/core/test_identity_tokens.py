"""The ID token is accepted only with our provider's signature, our issuer and audience, a live lifetime and the
nonce of this sign-in: keys we control stand in for the provider."""

import time

import jwt
import pytest

from vudig.core.identity.backends import OIDCBackend
from vudig.core.identity.provider import SignInRefused

from .identity_support import CLIENT_ID, new_key

pytestmark = pytest.mark.usefixtures("fake_provider")


def verify(token, nonce="n-1"):
    return OIDCBackend().verify_token(token, nonce=nonce)


def test_a_token_from_our_provider_for_this_sign_in_is_accepted(fake_provider):
    claims = verify(fake_provider.token())
    assert claims["sub"] == "sub-anna" and claims["aud"] == CLIENT_ID


def test_wrong_signature_is_refused(fake_provider):
    with pytest.raises(SignInRefused, match="(?i)signature"):
        verify(fake_provider.token(key=new_key()))


def test_wrong_audience_is_refused(fake_provider):
    with pytest.raises(SignInRefused, match="(?i)audience"):
        verify(fake_provider.token(aud="another-app"))


def test_several_audiences_need_us_as_authorised_party(fake_provider):
    with pytest.raises(SignInRefused, match="(?i)azp"):
        verify(fake_provider.token(aud=[CLIENT_ID, "another-app"]))
    assert verify(fake_provider.token(aud=[CLIENT_ID, "another-app"], azp=CLIENT_ID))["sub"] == "sub-anna"


def test_wrong_issuer_is_refused(fake_provider):
    with pytest.raises(SignInRefused, match="(?i)issuer"):
        verify(fake_provider.token(iss="https://evil.test"))


def test_expired_token_is_refused_beyond_the_clock_skew(fake_provider, settings):
    settings.VUDIG_OIDC_CLOCK_SKEW_SECONDS = 60
    now = int(time.time())
    assert verify(fake_provider.token(iat=now - 3600, exp=now - 30))  # within the skew
    with pytest.raises(SignInRefused, match="(?i)expired"):
        verify(fake_provider.token(iat=now - 3600, exp=now - 120))


def test_replayed_or_foreign_nonce_is_refused(fake_provider):
    token = fake_provider.token(nonce="nonce-of-an-earlier-sign-in")
    with pytest.raises(SignInRefused, match="(?i)nonce") as refused:
        verify(token, nonce="n-1")
    assert "ogiltig identitetstoken" in refused.value.message
    with pytest.raises(SignInRefused, match="(?i)nonce"):
        verify(fake_provider.token(nonce=None), nonce="n-1")
    with pytest.raises(SignInRefused, match="(?i)nonce"):
        verify(fake_provider.token(), nonce=None)


def test_missing_required_claims_are_refused(fake_provider):
    for claim in ("exp", "iat", "sub"):
        with pytest.raises(SignInRefused, match=claim):
            verify(fake_provider.token(**{claim: None}))


def test_unknown_key_id_is_refused(fake_provider):
    with pytest.raises(SignInRefused, match="(?i)no key"):
        verify(fake_provider.token(kid="rotated-away"))


def test_algorithm_confusion_is_refused(fake_provider):
    # HS256 signed with the client secret, or no signature at all, must not pass as the provider's RS256.
    hs = jwt.encode(fake_provider.claims(), "x" * 40, algorithm="HS256", headers={"kid": "k1"})
    with pytest.raises(SignInRefused):
        verify(hs)
    unsigned = jwt.encode(fake_provider.claims(), None, algorithm="none", headers={"kid": "k1"})
    with pytest.raises(SignInRefused):
        verify(unsigned)


def test_junk_is_refused(fake_provider):
    for junk in ("", "not-a-token", "a.b.c"):
        with pytest.raises(SignInRefused):
            verify(junk)
