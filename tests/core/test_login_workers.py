"""The login lock holds across gunicorn workers without any cache setting: django-axes keeps attempts in the database.

A real gunicorn with three workers, each replaced after every request (``--max-requests 1``), so no request is served
by a process that saw the one before: only the shared database can carry the count. Needs PostgreSQL (the database
gunicorn and the test share); .ci/run provides it and sets VUDIG_REQUIRE_WORKER=1, so there it cannot be skipped.
"""

import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from tests.core.test_worker import _database_url
from tests.factories import UserFactory

PASSWORD = "losenord-for-test-1"


def _require_postgresql():
    if connection.vendor != "postgresql":
        problem = "testet med flera gunicorn-arbetare behöver PostgreSQL (DATABASE_URL)"
        if os.environ.get("VUDIG_REQUIRE_WORKER") == "1":
            pytest.fail(problem)
        pytest.skip(problem)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Browser:
    """One client: a cookie jar, and a login that fetches the form's CSRF token first, as a browser would."""

    def __init__(self, base: str):
        self.base = base
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def login(self, username: str, password: str) -> int:
        page = self.opener.open(f"{self.base}/accounts/login/", timeout=30).read().decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        data = urllib.parse.urlencode({"csrfmiddlewaretoken": token, "username": username, "password": password})
        request = urllib.request.Request(f"{self.base}/accounts/login/", data=data.encode(), method="POST")
        try:
            # A successful login redirects; the opener follows it to the start page, so 200 there means signed in.
            response = self.opener.open(request, timeout=30)
        except urllib.error.HTTPError as exc:
            return exc.code
        return 302 if not response.geturl().endswith("/accounts/login/") else response.status


@pytest.mark.django_db(transaction=True)
def test_the_lock_holds_across_three_gunicorn_workers_without_a_cache(tmp_path):
    _require_postgresql()
    UserFactory(username="anna")
    port = _free_port()
    access_log = tmp_path / "access.log"
    env = {
        **{k: v for k, v in os.environ.items() if k != "CACHE_URL"},
        "DJANGO_SETTINGS_MODULE": "vudig.settings.test",
        "DATABASE_URL": _database_url(),
        "VUDIG_VAR_DIR": str(tmp_path),
    }
    gunicorn = Path(sys.executable).with_name("gunicorn")
    server = subprocess.Popen(
        [str(gunicorn), "vudig.wsgi:application", "--bind", f"127.0.0.1:{port}", "--workers", "3",
         "--max-requests", "1", "--preload", "--access-logfile", str(access_log), "--access-logformat", "%(p)s %(r)s"],
        cwd=settings.BASE_DIR, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"{base}/accounts/login/", timeout=5)
                break
            except OSError:
                assert server.poll() is None, server.stderr.read()
                time.sleep(0.3)
        browser = Browser(base)
        wrong = [browser.login("anna", "fel") for _ in range(5)]
        right = browser.login("anna", PASSWORD)
        elsewhere = browser.login("bertil", "fel")
    finally:
        server.terminate()
        server.wait(timeout=30)
    assert wrong == [200, 200, 200, 200, 429]
    assert right == 429  # the sixth attempt, with the right password, is refused too
    assert elsewhere == 200  # another name from the same address is not locked by anna's failures
    posts = [line.split()[0] for line in access_log.read_text().splitlines() if "POST /accounts/login/" in line]
    assert len(posts) == 7 and len(set(posts)) == 7  # every attempt served by a process of its own
