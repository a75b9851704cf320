"""Issue 19: sessions read from the shared cache (cached_db, production with Redis) still end everywhere when
they should: signing out deletes the cached copy as well as the row, and a disabled account or a changed
password is signed out on its next request, whichever copy the session is read from."""

import pytest
from django.contrib.sessions.backends.cached_db import KEY_PREFIX
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from tests.factories import user_with_role
from vudig.core.constants import Role


@pytest.fixture
def cached_sessions(settings):
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    cache.clear()


def _signed_in(user) -> tuple[Client, str]:
    client = Client()
    client.force_login(user)
    return client, client.cookies["sessionid"].value


def _with_cookie(key: str) -> Client:
    other = Client()  # another browser (or worker) holding the same session cookie
    other.cookies["sessionid"] = key
    return other


@pytest.mark.django_db
@pytest.mark.usefixtures("cached_sessions")
def test_signing_out_ends_the_cached_session_for_every_holder_of_the_cookie():
    user = user_with_role(Role.READER, username="lasare2")
    client, key = _signed_in(user)
    assert cache.get(KEY_PREFIX + key) is not None  # read from the cache from here on
    assert _with_cookie(key).get(reverse("measures:list")).status_code == 200
    client.post(reverse("logout"))
    assert cache.get(KEY_PREFIX + key) is None
    assert _with_cookie(key).get(reverse("measures:list")).status_code == 302  # to the login page


@pytest.mark.django_db
@pytest.mark.usefixtures("cached_sessions")
def test_a_disabled_account_or_a_new_password_ends_a_cached_session():
    for change in ("disable", "password"):
        user = user_with_role(Role.READER, username=f"person-{change}")
        _client, key = _signed_in(user)
        assert _with_cookie(key).get(reverse("measures:list")).status_code == 200
        if change == "disable":
            user.is_active = False
        else:
            user.set_password("ett helt nytt lösenord 42")
        user.save()
        assert _with_cookie(key).get(reverse("measures:list")).status_code == 302, change
