from django.db import models
from django.utils.translation import gettext_lazy as _


class ResultStatus(models.TextChoices):
    """The plan's full status vocabulary for a measure's results; values are the stable open-data slugs."""

    ETABLERAT = "etablerat", _("Etablerat")
    PABORJAT = "paborjat", _("Påbörjat")
    EJ_PABORJAD = "ej_paborjad", _("Ej påbörjad")
    FRAMTAGEN = "framtagen", _("Framtagen")
    AVSLUTAD = "avslutad", _("Avslutad")
    EJ_GENOMFORD = "ej_genomford", _("Ej genomförd")
    ALT_LOSNING = "alt_losning", _("Alt lösning")


class PlanState(models.TextChoices):
    UTKAST = "utkast", _("Utkast")
    GODKAND = "godkand", _("Godkänd")
    BESLUTAD = "beslutad", _("Beslutad")


class MeasureCategory(models.TextChoices):
    STABILITY = "stability", _("Åtgärd för ökad stabilitet")
    EFFECT = "effect", _("Åtgärd för ökad effekt (projekt)")
