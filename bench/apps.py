from django.apps import AppConfig


class BenchConfig(AppConfig):
    """The benchmark harness: ``manage.py bench`` and the load test (no models, no pages in normal runs)."""

    name = "bench"
    verbose_name = "Benchmarks"
