"""Bench-only URLconf: the project's URLs plus the floor view. Used only while ``manage.py bench`` or the load test
runs (never in ROOT_URLCONF), so the floor URL does not exist in the portal."""

from django.urls import path

from vudig.urls import urlpatterns as project_urlpatterns

from .views import floor

FLOOR_PATH = "/__bench_floor__/"

urlpatterns = [path(FLOOR_PATH.strip("/") + "/", floor, name="bench_floor"), *project_urlpatterns]
