from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _

# The per-app modules core finds by name, the way the admin finds admin.py: each registers into a registry here.
#   rules        the app's permission predicates (vudig.core.rules)
#   opendata     its open-data datasets (vudig.core.opendata_registry)
#   annual_cycle its årshjul sources (vudig.core.annual_cycle)
#   demo         its sample data for load_demo (vudig.core.demo)
#   todo         its providers of the start page's "Att göra" (vudig.core.todo)
#   notices      its categories of notices, for notify() and Mina inställningar (vudig.core.notices)
PER_APP_MODULES = ("rules", "opendata", "annual_cycle", "demo", "todo", "notices")


class CoreConfig(AppConfig):
    """The shared core: organisations, goals, people and their roles, reference lists, open data."""

    name = "vudig.core"
    label = "core"
    verbose_name = _("Grunddata och roller")

    def ready(self):
        autodiscover_modules(*PER_APP_MODULES)
        from . import (
            lookups,  # noqa: F401  (integer __in ignores numbers a column cannot hold)
            outbox,  # noqa: F401  (connects the outbox to Celery's task and worker signals)
        )
