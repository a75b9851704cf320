"""Phases of a frame project with the allowed moves, and the vocabularies of goals, development projects and reports."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ProjectPhase(models.TextChoices):
    """The life of a ramprojekt; the order of the members is the order of the phases (used to tell backwards moves)."""

    RAMPROJEKT = "ramprojekt", _("Ramprojekt")
    PLANERING = "planering", _("Planering")
    PROJEKTPLAN_FASTSTALLD = "projektplan_faststalld", _("Projektplan fastställd")
    GENOMFORANDE = "genomforande", _("Genomförande")
    AVSLUTAT = "avslutat", _("Avslutat")


PHASE_ORDER = {phase: index for index, phase in enumerate(ProjectPhase.values)}

# current phase -> phases it may move to. One step forward, or one step back (a backward move needs a reason).
# A closed project may be reopened into genomförande (backwards: reason, and a new steering-group decision).
PHASE_TRANSITIONS: dict[str, frozenset[str]] = {
    ProjectPhase.RAMPROJEKT: frozenset({ProjectPhase.PLANERING}),
    ProjectPhase.PLANERING: frozenset({ProjectPhase.PROJEKTPLAN_FASTSTALLD, ProjectPhase.RAMPROJEKT}),
    ProjectPhase.PROJEKTPLAN_FASTSTALLD: frozenset({ProjectPhase.GENOMFORANDE, ProjectPhase.PLANERING}),
    ProjectPhase.GENOMFORANDE: frozenset({ProjectPhase.AVSLUTAT, ProjectPhase.PROJEKTPLAN_FASTSTALLD}),
    ProjectPhase.AVSLUTAT: frozenset({ProjectPhase.GENOMFORANDE}),
}

# Moving into these phases is the gate: it needs a recorded steering-group decision ("Projektstart efter beslut av
# styrgrupp").
GATED_PHASES = frozenset({ProjectPhase.GENOMFORANDE})


def is_backwards(*, current: str, target: str) -> bool:
    return PHASE_ORDER[target] < PHASE_ORDER[current]


class GoalStatus(models.TextChoices):
    """Status of a projektmål: proposed in the frame, refined during planning, then followed up."""

    FORSLAG = "forslag", _("Förslag")
    FASTSTALLT = "faststallt", _("Fastställt")
    PAGAR = "pagar", _("Pågår")
    UPPNATT = "uppnatt", _("Uppnått")
    EJ_UPPNATT = "ej_uppnatt", _("Ej uppnått")


class DevelopmentStatus(models.TextChoices):
    """Status of an ongoing development project linked to a frame project."""

    PLANERAT = "planerat", _("Planerat")
    PAGAR = "pagar", _("Pågår")
    PAUSAT = "pausat", _("Pausat")
    AVSLUTAT = "avslutat", _("Avslutat")


class TrafficLight(models.TextChoices):
    """Overall status of a lägesrapport; always shown with its word, never by colour alone."""

    GRON = "gron", _("Grön")
    GUL = "gul", _("Gul")
    ROD = "rod", _("Röd")


class ReportState(models.TextChoices):
    UTKAST = "utkast", _("Utkast")
    PUBLICERAD = "publicerad", _("Publicerad")


REPORT_TRANSITIONS: dict[str, frozenset[str]] = {
    ReportState.UTKAST: frozenset({ReportState.PUBLICERAD}),
    ReportState.PUBLICERAD: frozenset(),  # frozen: a correction is a new report
}

# Text limits (characters): generous for prose, but bounded so a pasted document cannot flood a page.
LONG_TEXT_MAX = 10_000
REPORT_TEXT_MAX = 5_000
