"""Tests: same as base, with fast hashing, in-memory e-mail and eager Celery (real-worker tests opt in)."""

from .base import *  # noqa: F403
from .base import DATABASES, INSTALLED_APPS, env_str

# The benchmark harness, so tests/bench can run manage.py bench.
INSTALLED_APPS = [*INSTALLED_APPS, "bench"]

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
# Tasks run inside the committing thread, so a test sees their effect at once (tests that need the embedded
# background threads, e.g. tests/reports/test_background.py, switch this on).
OUTBOX_IN_BACKGROUND = False
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3" and not env_str("DATABASE_URL"):
    # An in-memory database keeps the embedded test run fast and leaves var/ alone.
    DATABASES["default"] = {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}
