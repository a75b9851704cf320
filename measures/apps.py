from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeasuresConfig(AppConfig):
    name = "measures"
    verbose_name = _("Handlingsplan och åtgärder")

    def ready(self):
        # The indicators' section of a person's period list (registered with measures.periods.register_todo).
        from . import indicator_todo  # noqa: F401
