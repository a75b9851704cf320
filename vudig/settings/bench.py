"""The load test's gunicorn (bench/wsgi.py): production values, plus the harness and its floor view (bench.urls)."""

from .production import *  # noqa: F403
from .production import INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "bench"]
# The project's URLs plus the floor view; the portal's own ROOT_URLCONF never has the floor.
ROOT_URLCONF = "bench.urls"
