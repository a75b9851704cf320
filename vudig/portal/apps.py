from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    """What sits on top of the apps: the start page, the plan page, and the loaders of the plan and the demo data."""

    name = "vudig.portal"
    label = "portal"
    verbose_name = _("Portalen")
