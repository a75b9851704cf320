"""A newcomer's laptop: SQLite in var/, tasks in-process, e-mail to the console (all defaults of base)."""

from .base import *  # noqa: F403
from .base import INSTALLED_APPS

# The benchmark harness (manage.py bench, manage.py loadtest): never installed in production.
INSTALLED_APPS = [*INSTALLED_APPS, "bench"]

# runserver with DEBUG off does not serve static files; WhiteNoise finds them in the source folders instead.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# The embedded SQLite database and generated files live in the git-ignored var/ folder.
VAR_DIR.mkdir(parents=True, exist_ok=True)  # noqa: F405
