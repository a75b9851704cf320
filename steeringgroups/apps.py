from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SteeringGroupsConfig(AppConfig):
    name = "steeringgroups"
    verbose_name = _("Styrgrupper och beredning")

    def ready(self):
        # A gate decision written on a project's page becomes a real decision in this app's register.
        from projects.services import register_gate_decision_recorder

        from .services import gate_decision_record

        register_gate_decision_recorder(gate_decision_record)
