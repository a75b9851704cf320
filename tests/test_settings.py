"""Settings come from the environment with safe defaults; production passes Django's deployment checks."""

import os
import subprocess
import sys

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
        k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL", "CELERY_", "CACHE_URL"))
    }
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=settings.BASE_DIR,
        env={**clean, "DJANGO_SETTINGS_MODULE": settings_module, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_without_variables_the_portal_runs_embedded_debug_off(tmp_path):
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.DEBUG, s.DATABASES['default']['ENGINE'], s.CELERY_TASK_ALWAYS_EAGER, s.EMAIL_BACKEND)"
    )
    result = _run("vudig.settings.local", code, VUDIG_VAR_DIR=str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "False",
        "django.db.backends.sqlite3",
        "True",
        "django.core.mail.backends.console.EmailBackend",
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
