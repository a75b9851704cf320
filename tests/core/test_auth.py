"""Signing in and out, changing a password, and throttling repeated failures without locking people out."""

import pytest
from django.core.cache import cache
from django.test import override_settings

from tests.factories import UserFactory

PASSWORD = "losenord-for-test-1"


@pytest.fixture(autouse=True)
def _clear_throttle():
    cache.clear()
    yield
    cache.clear()


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


@override_settings(LOGIN_FAILURE_LIMIT=3, LOGIN_FAILURE_WINDOW_SECONDS=120)
def test_repeated_failures_are_throttled_even_with_the_right_password(client, person):
    for _ in range(3):
        login(client, "anna", "fel")
    response = login(client, "anna", PASSWORD)
    assert response.status_code == 200
    assert "För många misslyckade inloggningar" in response.content.decode()
    assert "2 minuter" in response.content.decode()


@override_settings(LOGIN_FAILURE_LIMIT=3)
def test_someone_elsewhere_cannot_lock_the_real_user_out(client, person):
    for _ in range(10):
        login(client, "anna", "fel", address="203.0.113.9")
    assert login(client, "anna", PASSWORD, address="10.0.0.1").status_code == 302


@override_settings(LOGIN_FAILURE_LIMIT=3)
def test_lock_lifts_when_the_window_ends(client, person):
    for _ in range(3):
        login(client, "anna", "fel")
    cache.clear()  # the window's expiry, without waiting
    assert login(client, "anna", PASSWORD).status_code == 302


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


@override_settings(LOGIN_FAILURE_LIMIT=3, VUDIG_TRUSTED_PROXY_COUNT=1)
def test_behind_a_proxy_the_throttle_keys_on_the_forwarded_client_address(client, person):
    proxy = "172.18.0.5"
    for _ in range(5):
        client.post(
            "/accounts/login/",
            {"username": "anna", "password": "fel"},
            REMOTE_ADDR=proxy,
            HTTP_X_FORWARDED_FOR="203.0.113.9",
        )
    # A spoofed left-most entry does not help the attacker, and the real user elsewhere still gets in.
    response = client.post(
        "/accounts/login/",
        {"username": "anna", "password": PASSWORD},
        REMOTE_ADDR=proxy,
        HTTP_X_FORWARDED_FOR="10.0.0.1",
    )
    assert response.status_code == 302
    client.logout()
    blocked = client.post(
        "/accounts/login/",
        {"username": "anna", "password": PASSWORD},
        REMOTE_ADDR=proxy,
        HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.9",
    )
    assert blocked.status_code == 200
