from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SteeringGroupsConfig(AppConfig):
    name = "steeringgroups"
    verbose_name = _("Styrgrupper och beredning")
