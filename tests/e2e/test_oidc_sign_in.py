"""Municipal staff sign in with their work identity: a real OpenID provider (the npm package oidc-provider, on
127.0.0.1, configured in tests/oidc_provider/) signs in three people through its own login page; the portal gives
them exactly the roles their directory groups map to, signs them out at the provider, and refuses a forged callback.

Needs Node (and npm, to install the provider once) besides Chromium: without them the test skips, unless
VUDIG_REQUIRE_BROWSER=1 (set by .ci/run), where it fails.
"""

import json
import os
import shutil
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest
import yaml
from playwright.sync_api import expect

from vudig.core.constants import Role
from vudig.core.identity import provider
from vudig.core.identity.models import DirectoryIdentity
from vudig.core.identity.services import group_role_mappings_load
from vudig.core.models import RoleAssignment

from .conftest import assert_accessible

PROVIDER_DIR = Path(__file__).resolve().parent.parent / "oidc_provider"


def _unavailable(message):
    if os.environ.get("VUDIG_REQUIRE_BROWSER") == "1":
        pytest.fail(message)
    pytest.skip(message)


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def provider_installed():
    node, npm = shutil.which("node"), shutil.which("npm")
    if not node:
        _unavailable("Node saknas: testleverantören (oidc-provider) kan inte startas; installera nodejs och npm")
    if not (PROVIDER_DIR / "node_modules" / "oidc-provider").exists():
        if not npm:
            _unavailable("npm saknas: kör npm ci i tests/oidc_provider")
        subprocess.run([npm, "ci", "--no-audit", "--no-fund"], cwd=PROVIDER_DIR, check=True, timeout=300)
    return node


@pytest.fixture
def id_token_ttl():
    """Seconds the provider's ID tokens live (a test parametrizes it to watch a session end)."""
    return 3600


@pytest.fixture
def oidc_provider(provider_installed, portal, settings, id_token_ttl):
    """oidc-provider on a free port on 127.0.0.1, its client pointed at the live portal; the portal configured as
    the README says, with the example group mapping loaded."""
    port = _free_port()
    issuer = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        "OIDC_PORT": str(port),
        "OIDC_REDIRECT_URI": f"{portal.url}/oidc/callback/",
        "OIDC_POST_LOGOUT_REDIRECT": f"{portal.url}/",
        "OIDC_ID_TOKEN_TTL": str(id_token_ttl),
    }
    process = subprocess.Popen(
        [provider_installed, "server.mjs"], cwd=PROVIDER_DIR, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"{issuer}/.well-known/openid-configuration", timeout=2) as answer:
                    assert json.load(answer)["issuer"] == issuer
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    output = process.stdout.read().decode() if process.poll() is not None else ""
                    pytest.fail(f"oidc-provider startade inte: {output}")
                time.sleep(0.2)
        settings.VUDIG_OIDC_ISSUER = issuer
        settings.OIDC_RP_CLIENT_ID = "vudig"
        settings.OIDC_RP_CLIENT_SECRET = "vudig-test-secret-0123456789"
        settings.OIDC_RP_SCOPES = "openid email profile groups"
        settings.VUDIG_OIDC_GROUPS_CLAIM = "groups"
        settings.VUDIG_LOCAL_LOGIN = "admins"
        provider.discovery_cache_clear()
        mapping = yaml.safe_load((settings.BASE_DIR / "data" / "group-roles-example.yaml").read_text(encoding="utf-8"))
        group_role_mappings_load(data=mapping)
        yield issuer
    finally:
        provider.discovery_cache_clear()
        process.terminate()
        process.wait(timeout=10)


def set_groups(issuer, login, groups):
    """The directory admin changes a person's groups at the provider."""
    request = urllib.request.Request(f"{issuer}/__test/groups/{login}", data=json.dumps(groups).encode(), method="POST")
    with urllib.request.urlopen(request, timeout=5) as answer:
        assert json.load(answer)["groups"] == groups


def sign_in_at_provider(page, login):
    page.goto("/accounts/login/")
    assert_accessible(page)
    page.get_by_role("link", name="Logga in med ditt kommunkonto").click()
    # The provider's own sign-in page (oidc-provider's development interactions).
    page.locator("input[name=login]").fill(login)
    page.locator("input[name=password]").fill("valfritt-losenord")
    page.get_by_role("button", name="Sign-in").click()
    expect(page.get_by_text("Inloggad som")).to_be_visible()


def roles_of(login):
    user = DirectoryIdentity.objects.get(subject=login).user
    return user, {
        (a.role, a.organisation.slug if a.organisation else None)
        for a in RoleAssignment.objects.filter(user=user).select_related("organisation")
    }


def sign_out_at_provider(page, portal):
    page.get_by_role("button", name="Logga ut").click()
    page.get_by_role("button", name="Yes, sign me out").click()
    page.wait_for_url(f"{portal.url}/")
    expect(page.get_by_role("link", name="Logga in")).to_be_visible()


def test_three_people_sign_in_with_their_work_identity_and_hold_the_roles_of_their_groups(oidc_provider, page, portal):
    sign_in_at_provider(page, "anna.processledare")
    expect(page.get_by_text("Anna Processledare")).to_be_visible()
    assert_accessible(page)
    user, roles = roles_of("anna.processledare")
    assert roles == {(Role.PROCESS_LEADER, None)} and user.email == "anna.processledare@pitea.example"
    page.goto("/atgarder/andringar/")  # a process leader's page
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert_accessible(page)
    sign_out_at_provider(page, portal)

    sign_in_at_provider(page, "sara.chef")
    assert roles_of("sara.chef")[1] == {(Role.ORG_MANAGER, "socialtjanst")}
    sign_out_at_provider(page, portal)

    sign_in_at_provider(page, "olle.utan")
    assert roles_of("olle.utan")[1] == {(Role.READER, None)}  # no mapped group: the reader role
    sign_out_at_provider(page, portal)

    # Sara leaves the managers' group in the directory: at her next sign-in the role is gone.
    set_groups(oidc_provider, "sara.chef", ["Alla-anstallda"])
    sign_in_at_provider(page, "sara.chef")
    assert roles_of("sara.chef")[1] == {(Role.READER, None)}
    sign_out_at_provider(page, portal)


def test_a_forged_or_cancelled_sign_in_is_refused_in_swedish_and_the_break_glass_login_works(oidc_provider, page):
    page.goto("/oidc/callback/?code=stolen-code&state=forged-state")
    expect(page.get_by_role("heading", level=1)).to_have_text("Du loggades inte in")
    expect(page.get_by_role("alert")).to_contain_text("okänd eller redan använd inloggning")
    assert_accessible(page)
    expect(page.get_by_text("Inloggad som")).to_have_count(0)
    # Cancelling at the provider's sign-in page comes back as an error: a Swedish page, nobody signed in.
    page.goto("/accounts/login/")
    page.get_by_role("link", name="Logga in med ditt kommunkonto").click()
    page.get_by_role("link", name="Cancel").click()
    expect(page.get_by_role("alert")).to_contain_text("avbröts")
    expect(page.get_by_text("Inloggad som")).to_have_count(0)
    # The local login is limited to administrators (VUDIG_LOCAL_LOGIN=admins) and still works for them.
    page.goto("/accounts/login/")
    expect(page.get_by_text("Bara för administratörer")).to_be_visible()
    page.get_by_label("Användarnamn").fill("admin")
    page.get_by_label("Lösenord").fill("pitea-demo-2026")
    page.get_by_role("button", name="Logga in", exact=True).click()
    expect(page.get_by_text("Inloggad som")).to_be_visible()


@pytest.mark.parametrize("id_token_ttl", [4])
def test_the_session_follows_the_provider(oidc_provider, page, portal):
    sign_in_at_provider(page, "anna.processledare")
    user, _roles = roles_of("anna.processledare")
    first_sign_in = DirectoryIdentity.objects.get(user=user).last_signed_in_at
    time.sleep(5)  # the ID token has expired: the next page goes through the provider again
    page.goto("/atgarder/andringar/")
    # Still signed in at the provider, so it signs her in again without its login page and she lands where she was.
    page.wait_for_url(f"{portal.url}/atgarder/andringar/")
    expect(page.get_by_text("Inloggad som")).to_be_visible()
    assert DirectoryIdentity.objects.get(user=user).last_signed_in_at > first_sign_in
    # Disabled in the portal: signed out at the next request.
    type(user).objects.filter(pk=user.pk).update(is_active=False)
    page.goto("/")
    expect(page.get_by_role("link", name="Logga in")).to_be_visible()
    expect(page.get_by_text("Inloggad som")).to_have_count(0)
    # Signing in again while disabled is refused, though the provider still vouches for her.
    page.goto("/accounts/login/")
    page.get_by_role("link", name="Logga in med ditt kommunkonto").click()
    expect(page.get_by_role("alert")).to_contain_text("avstängt")
    assert_accessible(page)
