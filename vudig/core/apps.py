from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """The shared core: organisations, goals, people and their roles, reference lists, open data."""

    name = "vudig.core"
    label = "core"
    verbose_name = _("Grunddata och roller")

    def ready(self):
        from . import opendata_datasets  # noqa: F401  (registers datasets)

        autodiscover_modules("rules")  # each app's rules.py registers its actions
