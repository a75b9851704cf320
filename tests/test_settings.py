"""Settings come from the environment with safe defaults; production passes Django's deployment checks."""

import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

from vudig.settings.env import env_bool, env_int, env_list, env_str


def test_env_helpers_fall_back_to_defaults(monkeypatch):
    monkeypatch.delenv("VUDIG_TEST_X", raising=False)
    assert env_str("VUDIG_TEST_X", "d") == "d"
    assert env_bool("VUDIG_TEST_X") is False
    assert env_int("VUDIG_TEST_X", 7) == 7
    assert env_list("VUDIG_TEST_X", ["a"]) == ["a"]
    monkeypatch.setenv("VUDIG_TEST_X", "on")
    assert env_bool("VUDIG_TEST_X") is True
    monkeypatch.setenv("VUDIG_TEST_X", " a, b ,,c ")
    assert env_list("VUDIG_TEST_X", []) == ["a", "b", "c"]


def _run(settings_module: str, code: str, **env) -> subprocess.CompletedProcess:
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "DATABASE_URL", "CELERY_", "CACHE_URL", "VUDIG_TRUSTED_PROXY_COUNT"))
    }
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=settings.BASE_DIR,
        env={**clean, "DJANGO_SETTINGS_MODULE": settings_module, "VUDIG_TRUSTED_PROXY_COUNT": "0", **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_without_variables_the_portal_runs_embedded_debug_off(tmp_path):
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.DEBUG, s.DATABASES['default']['ENGINE'], s.CELERY_TASK_ALWAYS_EAGER, s.EMAIL_BACKEND, "
        "s.OUTBOX_IN_BACKGROUND)"
    )
    result = _run("vudig.settings.local", code, VUDIG_VAR_DIR=str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "False",
        "django.db.backends.sqlite3",
        "True",
        "django.core.mail.backends.console.EmailBackend",
        "True",  # in-process tasks run after commit in background threads, not in the request
    ]


def test_urls_switch_to_postgresql_and_a_real_broker():
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.DATABASES['default']['ENGINE'], s.CELERY_TASK_ALWAYS_EAGER, s.CELERY_BROKER_URL)"
    )
    result = _run(
        "vudig.settings.local",
        code,
        DATABASE_URL="postgres://u:p@db:5432/vudig",
        CELERY_BROKER_URL="redis://redis:6379/0",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["django.db.backends.postgresql", "False", "redis://redis:6379/0"]


def test_production_settings_pass_check_deploy_and_secure_sessions():
    result = _run(
        "vudig.settings.production",
        "import sys; from django.core.management import execute_from_command_line as e; "
        "e(['manage.py', 'check', '--deploy', '--fail-level', 'WARNING'])",
        DJANGO_SECRET_KEY="x" * 20 + "production-like-secret-key-for-the-check-0123456789",
        DJANGO_ALLOWED_HOSTS="vudig.example.se",
        DATABASE_URL="postgres://u:p@db:5432/vudig",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.DEBUG, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT, s.SESSION_EXPIRE_AT_BROWSER_CLOSE)"
    )
    values = _run("vudig.settings.production", code, DJANGO_SECRET_KEY="k" * 60)
    assert values.stdout.split() == ["False", "True", "True", "True", "True"]


def test_production_refuses_to_start_without_a_secret_key():
    # A clean environment (no DJANGO_SECRET_KEY), then the local default passed on purpose: both are refused.
    for env in ({}, {"DJANGO_SECRET_KEY": "local-only-insecure-key-do-not-use-in-production"}):
        result = _run("vudig.settings.production", "import vudig.settings.production", **env)
        assert result.returncode != 0
        assert "ImproperlyConfigured" in result.stderr and "DJANGO_SECRET_KEY is not set" in result.stderr
    started = _run("vudig.settings.production", "import vudig.settings.production", DJANGO_SECRET_KEY="k" * 60)
    assert started.returncode == 0, started.stderr


def test_the_benchmark_harness_is_installed_for_local_test_and_bench_but_never_in_production():
    code = "import django; django.setup(); from django.conf import settings as s; print('bench' in s.INSTALLED_APPS)"
    secret = {"DJANGO_SECRET_KEY": "k" * 60}
    installed = {
        module: _run(f"vudig.settings.{module}", code, **secret).stdout.strip()
        for module in ("local", "test", "bench", "production")
    }
    assert installed == {"local": "True", "test": "True", "bench": "True", "production": "False"}


def test_the_image_leaves_tests_and_bench_out_and_keeps_no_secret():
    base = Path(settings.BASE_DIR)
    ignored = {line.strip().rstrip("/") for line in (base / ".dockerignore").read_text().splitlines()}
    assert {"tests", "bench"} <= ignored
    instructions = (base / "Dockerfile").read_text().replace("\\\n", " ").splitlines()
    # collectstatic imports the production settings at build time: it gets a key for that one command only,
    # and no key is kept in the image's environment (the container must be given its own).
    collectstatic = next(line for line in instructions if line.startswith("RUN") and "collectstatic" in line)
    assert "DJANGO_SECRET_KEY=" in collectstatic
    assert not any(line.startswith(("ENV", "ARG")) and "DJANGO_SECRET_KEY" in line for line in instructions)
    assert "DJANGO_SECRET_KEY: ${DJANGO_SECRET_KEY:?" in (base / "docker-compose.yml").read_text()


# -- sign-in with the identity provider (VUDIG_OIDC_*, VUDIG_LOCAL_LOGIN) --

SETTINGS_VALUES = (
    "import django; django.setup(); from django.conf import settings as s; "
    "from vudig.core.identity import provider; "
    "print(provider.enabled(), s.VUDIG_LOCAL_LOGIN, s.AUTHENTICATION_BACKENDS[-1], s.MIDDLEWARE[-2])"
)


def test_without_oidc_variables_sign_in_is_local_for_everyone():
    result = _run("vudig.settings.local", SETTINGS_VALUES)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "False",
        "all",
        "vudig.core.identity.backends.OIDCBackend",
        "vudig.core.identity.middleware.ProviderSessionMiddleware",
    ]


def test_oidc_variables_turn_the_provider_sign_in_on():
    result = _run(
        "vudig.settings.local",
        SETTINGS_VALUES,
        VUDIG_OIDC_ISSUER="https://login.example.se/tenant/v2.0",
        VUDIG_OIDC_CLIENT_ID="vudig",
        VUDIG_LOCAL_LOGIN="admins",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[:2] == ["True", "admins"]


def test_local_login_settings_that_would_lock_everyone_out_are_refused():
    for env in ({"VUDIG_LOCAL_LOGIN": "sometimes"}, {"VUDIG_LOCAL_LOGIN": "off"}, {"VUDIG_OIDC_NO_GROUP_ROLE": "x"}):
        result = _run("vudig.settings.local", "import django; django.setup()", **env)
        assert result.returncode != 0 and "ImproperlyConfigured" in result.stderr, env
    allowed = _run(
        "vudig.settings.local",
        "import django; django.setup()",
        VUDIG_LOCAL_LOGIN="off",
        VUDIG_OIDC_ISSUER="https://login.example.se",
        VUDIG_OIDC_CLIENT_ID="vudig",
    )
    assert allowed.returncode == 0, allowed.stderr


def test_production_speaks_to_the_provider_over_https_with_a_secret_and_passes_check_deploy():
    oidc = {"VUDIG_OIDC_CLIENT_ID": "vudig", "DJANGO_SECRET_KEY": "k" * 60}
    plain = _run(
        "vudig.settings.production", "import vudig.settings.production", VUDIG_OIDC_ISSUER="http://idp", **oidc
    )
    assert plain.returncode != 0 and "https://" in plain.stderr
    secretless = _run(
        "vudig.settings.production", "import vudig.settings.production", VUDIG_OIDC_ISSUER="https://idp", **oidc
    )
    assert secretless.returncode != 0 and "VUDIG_OIDC_CLIENT_SECRET" in secretless.stderr
    result = _run(
        "vudig.settings.production",
        "from django.core.management import execute_from_command_line as e; "
        "e(['manage.py', 'check', '--deploy', '--fail-level', 'WARNING'])",
        DJANGO_SECRET_KEY="x" * 20 + "production-like-secret-key-for-the-check-0123456789",
        DJANGO_ALLOWED_HOSTS="vudig.example.se",
        DATABASE_URL="postgres://u:p@db:5432/vudig",
        VUDIG_OIDC_ISSUER="https://login.example.se/tenant/v2.0",
        VUDIG_OIDC_CLIENT_ID="vudig",
        VUDIG_OIDC_CLIENT_SECRET="s" * 30,
        VUDIG_LOCAL_LOGIN="admins",
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_start_without_the_proxy_count():
    # Unset (or empty) is refused: the login lock's client address depends on it. 0 is a real answer and starts.
    for env in ({"VUDIG_TRUSTED_PROXY_COUNT": ""},):
        result = _run(
            "vudig.settings.production", "import vudig.settings.production", DJANGO_SECRET_KEY="k" * 60, **env
        )
        assert result.returncode != 0
        assert "ImproperlyConfigured" in result.stderr and "VUDIG_TRUSTED_PROXY_COUNT is not set" in result.stderr
    for count in ("0", "1"):
        started = _run(
            "vudig.settings.production",
            "import django; django.setup(); from django.conf import settings as s; print(s.VUDIG_TRUSTED_PROXY_COUNT)",
            DJANGO_SECRET_KEY="k" * 60,
            VUDIG_TRUSTED_PROXY_COUNT=count,
        )
        assert started.returncode == 0 and started.stdout.strip() == count, started.stderr


def test_every_login_form_is_locked_by_django_axes_in_the_database(settings):
    assert settings.AUTHENTICATION_BACKENDS[0] == "axes.backends.AxesStandaloneBackend"
    assert settings.MIDDLEWARE[-1] == "axes.middleware.AxesMiddleware"
    assert settings.AXES_HANDLER == "axes.handlers.database.AxesDatabaseHandler"  # no cache needed across workers
    assert settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]
    assert settings.AXES_FAILURE_LIMIT == 5 and not settings.AXES_ONLY_ADMIN_SITE


def test_sessions_are_read_from_the_shared_cache_when_there_is_one_and_from_the_database_otherwise():
    # Issue 19: with Redis (CACHE_URL) a request reads its session from the cache and writes go to the database
    # too (cached_db); without it (embedded, tests) the database alone, since a per-process cache would let one
    # worker keep a session another has ended.
    code = "import django; django.setup(); from django.conf import settings as s; print(s.SESSION_ENGINE)"
    embedded = _run("vudig.settings.local", code)
    shared = _run("vudig.settings.local", code, CACHE_URL="redis://redis:6379/1")
    assert embedded.returncode == 0 and shared.returncode == 0, embedded.stderr + shared.stderr
    assert embedded.stdout.strip() == "django.contrib.sessions.backends.db"
    assert shared.stdout.strip() == "django.contrib.sessions.backends.cached_db"


CONCURRENT_WRITERS = """
import threading, time, django
django.setup()
from django.db import connection, connections, transaction
with connection.cursor() as c:
    c.execute("CREATE TABLE t (x integer)")
errors = []
def writer(n):
    try:
        with transaction.atomic():  # read, then write: a lock upgrade under SQLite's default deferred transactions
            with connection.cursor() as c:
                c.execute("SELECT count(*) FROM t")
                time.sleep(0.3)
                c.execute("INSERT INTO t VALUES (%s)", [n])
    except Exception as exc:
        errors.append(str(exc))
    finally:
        connections.close_all()
threads = [threading.Thread(target=writer, args=(n,)) for n in range(2)]
[t.start() for t in threads]; [t.join() for t in threads]
with connection.cursor() as c:
    c.execute("SELECT count(*) FROM t")
    print(c.fetchone()[0], errors)
"""


def test_embedded_sqlite_lets_two_writers_wait_for_each_other_instead_of_failing(tmp_path):
    # The outbox's background threads write while the request (or load_demo) does: both writes land.
    result = _run("vudig.settings.local", CONCURRENT_WRITERS, VUDIG_VAR_DIR=str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "2 []"
