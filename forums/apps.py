from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ForumsConfig(AppConfig):
    name = "forums"
    verbose_name = _("Forum för dialog och samverkan")

    def ready(self):
        from . import annual_cycle, opendata  # noqa: F401  (register the årshjul source and datasets)
