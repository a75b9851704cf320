"""Signing in and out, changing a password, and throttling repeated failures without locking people out."""

import datetime as dt

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from tests.factories import UserFactory
from vudig.core.login_lockout import client_address

PASSWORD = "losenord-for-test-1"


@pytest.fixture
def person(db):
    return UserFactory(username="anna")


def login(client, username, password, address="10.0.0.1"):
    return client.post("/accounts/login/", {"username": username, "password": password}, REMOTE_ADDR=address)


def test_login_page_is_swedish_with_username_and_password(client, db):
    html = client.get("/accounts/login/").content.decode()
    assert 'lang="sv"' in html and 'name="username"' in html and 'name="password"' in html


def test_sign_in_and_out(client, person):
    response = login(client, "anna", PASSWORD)
    assert response.status_code == 302
    assert client.get("/").context["user"].is_authenticated
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert not client.get("/").context["user"].is_authenticated


def test_wrong_password_gives_swedish_error(client, person):
    response = login(client, "anna", "fel")
    assert response.status_code == 200
    assert "Fel användarnamn eller lösenord" in response.content.decode()


@override_settings(AXES_FAILURE_LIMIT=3, AXES_COOLOFF_TIME=dt.timedelta(seconds=120))
def test_repeated_failures_are_throttled_even_with_the_right_password(client, person):
    for _ in range(3):
        login(client, "anna", "fel")
    response = login(client, "anna", PASSWORD)
    assert response.status_code == 429
    html = response.content.decode()
    assert "För många misslyckade inloggningar" in html and "2 minuter" in html
    assert not client.get("/").context["user"].is_authenticated


def test_a_sixth_wrong_guess_is_not_even_checked(client, person):
    """The default limit is five: the fifth failure locks, and the sixth attempt is refused, the right password too."""
    assert [login(client, "anna", "fel").status_code for _ in range(5)] == [200, 200, 200, 200, 429]
    assert login(client, "anna", PASSWORD).status_code == 429
    assert login(client, " ANNA ", PASSWORD).status_code == 429  # case and spaces do not make a new name


@override_settings(AXES_FAILURE_LIMIT=3)
def test_someone_elsewhere_cannot_lock_the_real_user_out(client, person):
    for _ in range(10):
        login(client, "anna", "fel", address="203.0.113.9")
    assert login(client, "anna", PASSWORD, address="10.0.0.1").status_code == 302


@override_settings(AXES_FAILURE_LIMIT=3)
def test_lock_lifts_when_the_window_ends(client, person, settings):
    for _ in range(3):
        login(client, "anna", "fel")
    assert login(client, "anna", PASSWORD).status_code == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - settings.AXES_COOLOFF_TIME - dt.timedelta(seconds=1))
    assert login(client, "anna", PASSWORD).status_code == 302


def test_every_attempt_is_in_the_access_log_and_an_admin_can_lift_a_lock(client, person):
    for _ in range(5):
        login(client, "anna", "fel")
    assert AccessFailureLog.objects.filter(username="anna", ip_address="10.0.0.1").count() == 5
    call_command("axes_reset_username", "anna", verbosity=0)
    assert login(client, "anna", PASSWORD).status_code == 302
    assert AccessLog.objects.filter(username="anna").exists()


def test_the_admin_login_is_locked_after_the_limit(client, db):
    UserFactory(username="admin", is_staff=True, is_superuser=True)
    for _ in range(50):
        response = client.post(
            "/admin/login/", {"username": "admin", "password": "fel", "next": "/admin/"}, REMOTE_ADDR="10.0.0.9"
        )
    assert response.status_code == 429
    right = client.post(
        "/admin/login/", {"username": "admin", "password": PASSWORD, "next": "/admin/"}, REMOTE_ADDR="10.0.0.9"
    )
    assert right.status_code == 429 and "För många misslyckade inloggningar" in right.content.decode()
    assert client.get("/admin/").status_code == 302  # still signed out
    assert AccessFailureLog.objects.filter(username="admin", path_info="/admin/login/").count() == 51


def test_with_no_proxy_a_forged_forwarded_for_is_ignored(client, person, settings):
    assert settings.VUDIG_TRUSTED_PROXY_COUNT == 0
    for n in range(5):
        login_from = {"HTTP_X_FORWARDED_FOR": f"198.51.100.{n}"}
        client.post("/accounts/login/", {"username": "anna", "password": "fel"}, REMOTE_ADDR="10.0.0.1", **login_from)
    rotated = client.post(
        "/accounts/login/",
        {"username": "anna", "password": PASSWORD},
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_FORWARDED_FOR="198.51.100.77",
    )
    assert rotated.status_code == 429
    assert set(AccessFailureLog.objects.values_list("ip_address", flat=True)) == {"10.0.0.1"}


def test_password_change_validates_new_password(client, person):
    client.force_login(person)
    response = client.post(
        "/accounts/password_change/",
        {"old_password": PASSWORD, "new_password1": "123", "new_password2": "123"},
    )
    assert response.status_code == 200
    assert "error-summary" in response.content.decode()
    response = client.post(
        "/accounts/password_change/",
        {"old_password": PASSWORD, "new_password1": "Norrbotten-Pitea-77", "new_password2": "Norrbotten-Pitea-77"},
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.check_password("Norrbotten-Pitea-77")


def test_password_change_needs_login(client, db):
    response = client.get("/accounts/password_change/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_sessions_expire(settings):
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE
    assert settings.SESSION_COOKIE_AGE <= 12 * 60 * 60


@override_settings(AXES_FAILURE_LIMIT=3, VUDIG_TRUSTED_PROXY_COUNT=1)
def test_behind_a_proxy_the_throttle_keys_on_the_forwarded_client_address(client, person):
    proxy = "172.18.0.5"
    for _ in range(5):
        client.post(
            "/accounts/login/",
            {"username": "anna", "password": "fel"},
            REMOTE_ADDR=proxy,
            HTTP_X_FORWARDED_FOR="203.0.113.9",
        )
    # The stranger at 203.0.113.9 is locked; the real user elsewhere, behind the same proxy, still gets in.
    response = client.post(
        "/accounts/login/",
        {"username": "anna", "password": PASSWORD},
        REMOTE_ADDR=proxy,
        HTTP_X_FORWARDED_FOR="10.0.0.1",
    )
    assert response.status_code == 302
    client.logout()
    # A forged left-most entry does not help the stranger: the proxy's own entry (right-most) is the one read.
    blocked = client.post(
        "/accounts/login/",
        {"username": "anna", "password": PASSWORD},
        REMOTE_ADDR=proxy,
        HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.9",
    )
    assert blocked.status_code == 429


@override_settings(VUDIG_TRUSTED_PROXY_COUNT=2)
def test_behind_two_proxies_the_outer_ones_entry_is_the_client(rf):
    request = rf.post("/", REMOTE_ADDR="172.18.0.5", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9, 10.1.0.2")
    assert client_address(request) == "203.0.113.9"
    direct = rf.post("/", REMOTE_ADDR="172.18.0.5")
    assert client_address(direct) == "172.18.0.5"
