"""The sign-in flow through the portal's own views, with a provider the tests control: PKCE, state and nonce,
refusals as Swedish pages with no session and nothing created, break-glass login, sessions and logout."""

import base64
import hashlib
import time
from urllib.parse import parse_qs, urlparse

import pytest
import requests
from django.contrib.auth import get_user_model

from vudig.core.constants import Role
from vudig.core.identity import backends, provider
from vudig.core.identity.backends import SESSION_EXPIRES_AT
from vudig.core.identity.models import DirectoryIdentity, GroupRoleMapping
from vudig.core.models import RoleAssignment

from ..factories import UserFactory, user_with_role
from .identity_support import ISSUER, new_key

User = get_user_model()
PASSWORD = "losenord-for-test-1"
pytestmark = pytest.mark.django_db


class FakeResponse:
    def __init__(self, status_code=200, data=None, text=None):
        self.status_code, self._data, self.text = status_code, data, text or ""

    def json(self):
        if self._data is None:
            raise ValueError("not JSON")
        return self._data

    def raise_for_status(self):
        if self.status_code >= 400:
            raise requests.HTTPError(f"{self.status_code}")


@pytest.fixture
def token_endpoint(fake_provider, monkeypatch):
    """The provider's token endpoint: answers with whatever ID token the test puts in ``answer['id_token']``."""
    answer = {"posts": []}

    def post(url, data=None, timeout=None, **kwargs):
        assert url == fake_provider.discovery["token_endpoint"]
        answer["posts"].append(data)
        if "response" in answer:
            return answer["response"]
        return FakeResponse(data={"id_token": answer["id_token"], "access_token": "at", "token_type": "Bearer"})

    monkeypatch.setattr(backends.requests, "post", post)
    return answer


def start(client, next_url="/atgarder/"):
    response = client.get("/oidc/logga-in/", {"next": next_url})
    assert response.status_code == 302
    query = parse_qs(urlparse(response["Location"]).query)
    return {key: values[0] for key, values in query.items()}


def callback(client, state, code="code-1"):
    return client.get("/oidc/callback/", {"code": code, "state": state})


def signed_in(client):
    return "_auth_user_id" in client.session


def test_without_oidc_settings_the_urls_do_not_exist_and_the_login_page_is_as_before(client, db):
    assert client.get("/oidc/logga-in/").status_code == 404
    assert client.get("/oidc/callback/", {"code": "c", "state": "s"}).status_code == 404
    html = client.get("/accounts/login/").content.decode()
    assert "kommunkonto" not in html and 'name="password"' in html and "autofocus" in html


def test_the_login_page_offers_the_municipal_account_first(client, oidc_on):
    html = client.get("/accounts/login/?next=/atgarder/").content.decode()
    assert html.index("Logga in med ditt kommunkonto") < html.index('name="password"')
    assert "/oidc/logga-in/?next=/atgarder/" in html
    assert "autofocus" not in html  # the cursor does not skip past the municipal account


def test_start_sends_the_code_flow_with_state_nonce_and_pkce(client, fake_provider):
    params = start(client)
    assert params["response_type"] == "code" and params["client_id"] == "vudig"
    assert params["redirect_uri"] == "http://testserver/oidc/callback/"
    assert params["code_challenge_method"] == "S256" and len(params["state"]) >= 32 and params["nonce"]
    stored = client.session["oidc_states"][params["state"]]
    assert stored["nonce"] == params["nonce"]
    verifier_hash = hashlib.sha256(stored["code_verifier"].encode()).digest()
    assert base64.urlsafe_b64encode(verifier_hash).rstrip(b"=").decode() == params["code_challenge"]


def test_a_full_sign_in_creates_the_person_with_roles_and_a_session_bounded_by_the_token(
    client, fake_provider, token_endpoint, org
):
    GroupRoleMapping.objects.create(group="VUDIG-Chef-Socialtjanst", role=Role.ORG_MANAGER, organisation=org)
    params = start(client)
    exp = int(time.time()) + 600
    token_endpoint["id_token"] = fake_provider.token(nonce=params["nonce"], exp=exp, groups=["VUDIG-Chef-Socialtjanst"])
    response = callback(client, params["state"])
    assert response.status_code == 302 and response["Location"] == "/atgarder/"
    assert signed_in(client) and client.session[SESSION_EXPIRES_AT] == exp
    user = DirectoryIdentity.objects.get(subject="sub-anna").user
    assert RoleAssignment.objects.get(user=user).organisation == org
    code_verifier = token_endpoint["posts"][0]["code_verifier"]
    assert code_verifier and token_endpoint["posts"][0]["redirect_uri"] == "http://testserver/oidc/callback/"


@pytest.mark.parametrize(
    ("tamper", "why"),
    [
        ({"key": "other"}, "wrong signature"),
        ({"aud": "another-app"}, "wrong audience"),
        ({"exp": int(time.time()) - 3600, "iat": int(time.time()) - 7200}, "expired"),
        ({"nonce": "nonce-of-an-earlier-sign-in"}, "replayed nonce"),
        ({"iss": "https://evil.test"}, "wrong issuer"),
    ],
)
def test_a_tampered_id_token_is_refused_in_swedish_with_no_session_and_no_person(
    client, fake_provider, token_endpoint, tamper, why
):
    params = start(client)
    overrides = {"nonce": params["nonce"], **tamper}
    if overrides.pop("key", None):
        overrides["key"] = new_key()
    token_endpoint["id_token"] = fake_provider.token(**overrides)
    response = callback(client, params["state"])
    assert response.status_code == 400, why
    assert "ogiltig identitetstoken" in response.content.decode()
    assert not signed_in(client) and not User.objects.filter(email="anna.andersson@pitea.test").exists()


@pytest.mark.parametrize("state", ["", "forged-state"])
def test_a_callback_with_a_missing_or_wrong_state_is_refused(client, fake_provider, token_endpoint, state):
    start(client)
    response = callback(client, state)
    assert response.status_code == 400 and "okänd eller redan använd inloggning" in response.content.decode()
    assert not signed_in(client) and token_endpoint["posts"] == []


def test_a_replayed_callback_is_refused(client, fake_provider, token_endpoint):
    params = start(client)
    token_endpoint["id_token"] = fake_provider.token(nonce=params["nonce"])
    assert callback(client, params["state"]).status_code == 302
    client.post("/accounts/logout/")
    response = callback(client, params["state"])
    assert response.status_code == 400 and not signed_in(client)


def test_the_provider_refusing_the_code_is_a_swedish_page(client, fake_provider, token_endpoint):
    params = start(client)
    token_endpoint["response"] = FakeResponse(400, {"error": "invalid_grant"})
    response = callback(client, params["state"])
    assert response.status_code == 400 and "ogiltig identitetstoken" in response.content.decode()


def test_an_error_from_the_provider_is_a_swedish_page(client, fake_provider):
    params = start(client)
    response = client.get("/oidc/callback/", {"error": "access_denied", "state": params["state"]})
    assert response.status_code == 400 and "avbröts" in response.content.decode()
    assert params["state"] not in client.session["oidc_states"]  # that sign-in's state cannot be used again


def test_a_group_claim_that_is_not_a_list_refuses_the_sign_in(client, fake_provider, token_endpoint):
    params = start(client)
    token_endpoint["id_token"] = fake_provider.token(nonce=params["nonce"], groups="VUDIG-Processledare")
    response = callback(client, params["state"])
    assert response.status_code == 400 and "fel form" in response.content.decode()
    assert not signed_in(client) and not DirectoryIdentity.objects.exists()


def test_a_provider_that_is_down_gives_a_swedish_page_and_local_login_still_works(client, oidc_on, plan):
    oidc_on.VUDIG_OIDC_ISSUER = "http://127.0.0.1:9"  # nothing listens on the discard port
    oidc_on.OIDC_TIMEOUT = 2
    response = client.get("/oidc/logga-in/")
    assert response.status_code == 502 and "svarar inte" in response.content.decode()
    UserFactory(username="anna")
    response = client.post("/accounts/login/", {"username": "anna", "password": PASSWORD})
    assert response.status_code == 302 and signed_in(client)


@pytest.mark.parametrize(
    "answer",
    [FakeResponse(200, None, "<html>junk</html>"), FakeResponse(200, ["not", "an", "object"]), FakeResponse(500, {})],
)
def test_a_provider_that_answers_junk_gives_a_swedish_page(client, oidc_on, monkeypatch, answer):
    monkeypatch.setattr(provider.requests, "get", lambda *a, **k: answer)
    response = client.get("/oidc/logga-in/")
    assert response.status_code == 502 and "svarar inte" in response.content.decode()


def test_a_discovery_document_of_another_issuer_is_refused(client, fake_provider):
    fake_provider.discovery["issuer"] = "https://evil.test"
    assert client.get("/oidc/logga-in/").status_code == 502


# -- break-glass local login --


def login(client, username):
    return client.post("/accounts/login/", {"username": username, "password": PASSWORD})


def test_local_login_for_admins_only(client, oidc_on, plan):
    oidc_on.VUDIG_LOCAL_LOGIN = "admins"
    UserFactory(username="anna")
    superuser = UserFactory(username="root")
    superuser.is_superuser = True
    superuser.save()
    user_with_role(Role.ADMIN, username="adm")
    assert login(client, "anna").status_code == 200 and not signed_in(client)
    assert "Bara för administratörer" in client.get("/accounts/login/").content.decode()
    for admin in ("root", "adm"):
        assert login(client, admin).status_code == 302 and signed_in(client)
        client.post("/accounts/logout/")


def test_local_login_off_shows_no_password_form_and_refuses_passwords(client, oidc_on, plan):
    oidc_on.VUDIG_LOCAL_LOGIN = "off"
    superuser = UserFactory(username="root")
    superuser.is_superuser = True
    superuser.save()
    html = client.get("/accounts/login/").content.decode()
    assert "Logga in med ditt kommunkonto" in html and 'name="password"' not in html
    assert login(client, "root").status_code == 200 and not signed_in(client)
    client.post("/admin/login/", {"username": "root", "password": PASSWORD})
    assert not signed_in(client)


# -- sessions follow the provider --


def sign_in(client, fake_provider, token_endpoint, **claims):
    params = start(client, "/")
    token_endpoint["id_token"] = fake_provider.token(nonce=params["nonce"], **claims)
    assert callback(client, params["state"]).status_code == 302
    return DirectoryIdentity.objects.get(subject=claims.get("sub", "sub-anna")).user


def test_the_session_ends_when_the_id_token_does(client, fake_provider, token_endpoint, plan):
    sign_in(client, fake_provider, token_endpoint)
    assert client.get("/").context["user"].is_authenticated
    session = client.session
    session[SESSION_EXPIRES_AT] = int(time.time()) - 1
    session.save()
    response = client.get("/atgarder/?q=x")
    assert response.status_code == 302 and response["Location"] == "/oidc/logga-in/?next=%2Fatgarder%2F%3Fq%3Dx"
    assert not signed_in(client)


def test_an_expired_session_on_a_post_goes_to_the_login_page(client, fake_provider, token_endpoint, plan):
    sign_in(client, fake_provider, token_endpoint)
    session = client.session
    session[SESSION_EXPIRES_AT] = int(time.time()) - 1
    session.save()
    response = client.post("/atgarder/")
    assert response.status_code == 302 and response["Location"] == "/accounts/login/"


def test_local_sessions_are_not_bounded_by_any_token(client, oidc_on, plan):
    UserFactory(username="anna")
    login(client, "anna")
    assert client.get("/").context["user"].is_authenticated


def test_a_person_disabled_in_the_portal_is_signed_out_at_the_next_request(client, fake_provider, token_endpoint, plan):
    user = sign_in(client, fake_provider, token_endpoint)
    assert client.get("/").context["user"].is_authenticated
    User.objects.filter(pk=user.pk).update(is_active=False)
    assert not client.get("/").context["user"].is_authenticated


def test_logout_signs_out_at_the_provider_too(client, fake_provider, token_endpoint, plan):
    sign_in(client, fake_provider, token_endpoint)
    id_token = client.session["oidc_id_token"]
    response = client.post("/accounts/logout/")
    location = urlparse(response["Location"])
    assert f"{location.scheme}://{location.netloc}{location.path}" == f"{ISSUER}/session/end"
    query = parse_qs(location.query)
    assert query["id_token_hint"] == [id_token] and query["post_logout_redirect_uri"] == ["http://testserver/"]
    assert not signed_in(client)


def test_logout_of_a_local_session_stays_in_the_portal(client, fake_provider, plan):
    UserFactory(username="anna")
    login(client, "anna")
    response = client.post("/accounts/logout/")
    assert response["Location"] == "/" and not signed_in(client)


def test_next_may_not_lead_off_the_portal(client, fake_provider, token_endpoint):
    params = start(client, next_url="https://evil.example/phish")
    token_endpoint["id_token"] = fake_provider.token(nonce=params["nonce"])
    response = callback(client, params["state"])
    assert response.status_code == 302 and response["Location"] == "/"


def test_every_refusal_is_logged(client, fake_provider, token_endpoint, caplog):
    params = start(client)
    token_endpoint["id_token"] = fake_provider.token(nonce=params["nonce"], aud="another-app")
    with caplog.at_level("WARNING", logger="vudig.identity"):
        callback(client, params["state"])
        callback(client, "forged-state")
    messages = [r.getMessage() for r in caplog.records if r.name == "vudig.identity"]
    assert any("sign-in refused" in m and "audience" in m.lower() for m in messages)
    assert any("sign-in refused" in m and "forged-state" in m for m in messages)
