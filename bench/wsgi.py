"""WSGI entry for the load test: the portal as in production, plus the floor view (vudig.settings.bench)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vudig.settings.bench")

application = get_wsgi_application()
