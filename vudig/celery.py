"""The Celery app: configured from Django settings (CELERY_* names), tasks discovered in each app's tasks.py."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vudig.settings.local")

app = Celery("vudig")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
