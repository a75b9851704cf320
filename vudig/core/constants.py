from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisationKind(models.TextChoices):
    FORVALTNING = "forvaltning", _("Förvaltning")
    BOLAG = "bolag", _("Bolag")
    STODFUNKTION = "stodfunktion", _("Kommuncentral stödjande funktion")


class Role(models.TextChoices):
    """The roles a person can hold; some are scoped to an organisation or a steering group."""

    PROCESS_LEADER = "process_leader", _("Processledare (digitaliseringsansvarig)")
    ORG_MANAGER = "org_manager", _("Chef för förvaltning/bolag")
    KOMMUNCHEF = "kommunchef", _("Kommunchef")
    STEERING_MEMBER = "steering_member", _("Styrgruppsledamot")
    STEERING_CHAIR = "steering_chair", _("Styrgruppsordförande")
    BEREDNING = "beredning", _("Beredningssamordnare")
    READER = "reader", _("Läsare")
    ADMIN = "admin", _("Administratör")


# Tuples, not sets: their order ends up in migrations and must not change from run to run.
ORGANISATION_ROLES = (Role.ORG_MANAGER,)
STEERING_GROUP_ROLES = (Role.STEERING_MEMBER, Role.STEERING_CHAIR)


class Delivery(models.TextChoices):
    """How a person wants one category of notices (Mina inställningar); vudig.core.notices re-exports it."""

    IMMEDIATE = "immediate", _("E-post direkt")
    DIGEST = "digest", _("Bara i veckobrevet")
    PORTAL = "portal", _("Bara i portalen")
