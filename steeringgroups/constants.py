"""States, actions and topics of ärenden to the steering groups.

The state machine:

    inkommen → under beredning → (komplettering begärd ⇄ under beredning) → hänskjuten till styrgrupp
    → på dagordning → beslutad → avslutad;
    avvisad (with a reason) from beredning; bordlagd from a meeting back to the group's queue;
    återöppnad from avslutad (with a reason).

Every change of state is an *action* (``ErrandAction``); ``ACTIONS`` says from which states an action may be
taken, the state it leads to, and whether a reason is required. ``TRANSITIONS`` (state -> allowed next states) is
derived from it. The one service ``errand_transition`` enforces both.
"""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class ErrandState(models.TextChoices):
    INKOMMEN = "inkommen", _("Inkommen")
    UNDER_BEREDNING = "under_beredning", _("Under beredning")
    KOMPLETTERING = "komplettering", _("Komplettering begärd")
    HANSKJUTEN = "hanskjuten", _("Hänskjuten till styrgrupp")
    PA_DAGORDNING = "pa_dagordning", _("På dagordning")
    BESLUTAD = "beslutad", _("Beslutad")
    AVSLUTAD = "avslutad", _("Avslutad")
    AVVISAD = "avvisad", _("Avvisad")
    BORDLAGD = "bordlagd", _("Bordlagd")
    ATEROPPNAD = "ateroppnad", _("Återöppnad")


class ErrandAction(models.TextChoices):
    SUBMIT = "submit", _("Skickat in")
    ACCEPT = "accept", _("Tagit emot för beredning")
    REQUEST_INFO = "request_info", _("Begärt komplettering")
    ANSWER = "answer", _("Kompletterat")
    REJECT = "reject", _("Avvisat")
    REFER = "refer", _("Hänskjutit till styrgrupp")
    MOVE = "move", _("Flyttat till annan styrgrupp")
    RETURN = "return", _("Skickat tillbaka till beredningen")
    SCHEDULE = "schedule", _("Satt på dagordningen")
    TABLE = "table", _("Bordlagt")
    DECIDE = "decide", _("Beslutat")
    REMIT = "remit", _("Återremitterat till beredningen")
    UNSCHEDULE = "unschedule", _("Taget från dagordningen")
    CLOSE = "close", _("Avslutat")
    REOPEN = "reopen", _("Återöppnat")


class Actor(models.TextChoices):
    """Who may take an action; steeringgroups/rules.py answers for the concrete person and ärende."""

    SUBMITTER = "submitter", _("Den som skickade in")
    BEREDNING = "beredning", _("Beredningssamordnaren")
    GROUP = "group", _("Styrgruppens ledamöter")
    CHAIR = "chair", _("Styrgruppens ordförande")


@dataclass(frozen=True)
class ActionRule:
    sources: frozenset[str]
    target: str
    actor: str
    reason_required: bool = False
    needs_group: bool = False  # the action names the steering group that will hold the ärende


S = ErrandState
ACTIONS: dict[str, ActionRule] = {
    ErrandAction.ACCEPT: ActionRule(frozenset({S.INKOMMEN, S.ATEROPPNAD}), S.UNDER_BEREDNING, Actor.BEREDNING),
    ErrandAction.REQUEST_INFO: ActionRule(
        frozenset({S.INKOMMEN, S.UNDER_BEREDNING}), S.KOMPLETTERING, Actor.BEREDNING, reason_required=True
    ),
    ErrandAction.ANSWER: ActionRule(
        frozenset({S.KOMPLETTERING}), S.UNDER_BEREDNING, Actor.SUBMITTER, reason_required=True
    ),
    ErrandAction.REJECT: ActionRule(
        frozenset({S.INKOMMEN, S.UNDER_BEREDNING}), S.AVVISAD, Actor.BEREDNING, reason_required=True
    ),
    # From inkommen the beredning may refer at once; the service records the acceptance on the way.
    ErrandAction.REFER: ActionRule(
        frozenset({S.INKOMMEN, S.UNDER_BEREDNING, S.ATEROPPNAD}), S.HANSKJUTEN, Actor.BEREDNING, needs_group=True
    ),
    # Moving keeps the state (and the ärende's identity) but hands it to another group.
    ErrandAction.MOVE: ActionRule(
        frozenset({S.HANSKJUTEN, S.BORDLAGD}), S.HANSKJUTEN, Actor.BEREDNING, reason_required=True, needs_group=True
    ),
    ErrandAction.RETURN: ActionRule(
        frozenset({S.HANSKJUTEN, S.BORDLAGD}), S.UNDER_BEREDNING, Actor.GROUP, reason_required=True
    ),
    ErrandAction.SCHEDULE: ActionRule(frozenset({S.HANSKJUTEN, S.BORDLAGD}), S.PA_DAGORDNING, Actor.CHAIR),
    ErrandAction.TABLE: ActionRule(frozenset({S.PA_DAGORDNING}), S.BORDLAGD, Actor.CHAIR, reason_required=True),
    ErrandAction.DECIDE: ActionRule(frozenset({S.PA_DAGORDNING}), S.BESLUTAD, Actor.CHAIR),
    ErrandAction.REMIT: ActionRule(frozenset({S.PA_DAGORDNING}), S.UNDER_BEREDNING, Actor.CHAIR, reason_required=True),
    ErrandAction.UNSCHEDULE: ActionRule(frozenset({S.PA_DAGORDNING}), S.HANSKJUTEN, Actor.CHAIR),
    ErrandAction.CLOSE: ActionRule(frozenset({S.BESLUTAD, S.ATEROPPNAD}), S.AVSLUTAD, Actor.BEREDNING),
    ErrandAction.REOPEN: ActionRule(frozenset({S.AVSLUTAD}), S.ATEROPPNAD, Actor.BEREDNING, reason_required=True),
}


def _transitions() -> dict[str, frozenset[str]]:
    result: dict[str, set[str]] = {state: set() for state in ErrandState.values}
    for rule in ACTIONS.values():
        for source in rule.sources:
            result[source].add(rule.target)
    return {state: frozenset(targets) for state, targets in result.items()}


# state -> the states it may move to (a self-loop means an action such as "move" keeps the state).
TRANSITIONS = _transitions()

# Who holds an ärende in each state: shown to the submitter ("hos beredningen", "hos styrgruppen" …).
BEREDNING_STATES = frozenset({S.INKOMMEN, S.UNDER_BEREDNING, S.ATEROPPNAD})
SUBMITTER_STATES = frozenset({S.KOMPLETTERING})
GROUP_STATES = frozenset({S.HANSKJUTEN, S.BORDLAGD, S.PA_DAGORDNING, S.BESLUTAD})
CLOSED_STATES = frozenset({S.AVSLUTAD, S.AVVISAD})
# What a steering group works through before and at meetings (can be put on an agenda).
GROUP_QUEUE_STATES = frozenset({S.HANSKJUTEN, S.BORDLAGD})
# What counts as "skickats tillbaka": to the submitter for more information, or from a group back to beredning.
SENT_BACK_ACTIONS = frozenset({ErrandAction.REQUEST_INFO, ErrandAction.RETURN, ErrandAction.REMIT})


class Urgency(models.IntegerChoices):
    """Priority; a lower number sorts first in every queue."""

    AKUT = 1, _("Akut")
    HOG = 2, _("Hög")
    NORMAL = 3, _("Normal")
    LAG = 4, _("Låg")


class Topic(models.TextChoices):
    """The plan's four areas and its ten omvärld areas (vudig.core.models.RegulatoryArea, numbered as in the plan)."""

    DIGITALISERING = "digitalisering", _("Digitalisering")
    INFORMATIONSSAKERHET = "informationssakerhet", _("Informationssäkerhet")
    INFORMATIONSHANTERING = "informationshantering", _("Informationshantering")
    EKONOMI_AFFAR = "ekonomi-affar", _("Ekonomi och affär")
    MOLNTJANSTER = "molntjanster", _("Omvärld: kommersiella molntjänster")
    AI = "ai", _("Omvärld: AI (artificiell intelligens)")
    LICENSER = "licenser", _("Omvärld: licens- och finansieringsmodeller för programvara")
    NIS = "nis", _("Omvärld: NIS-direktivet, samhällsviktiga tjänster")
    SAMORDNING_DRIFT = "samordning-drift", _("Omvärld: regional och nationell samordning av IT-drift")
    DIGITAL_INGANG = "digital-ingang", _("Omvärld: gemensam digital ingång (EU)")
    JURIDIK = "juridik", _("Omvärld: juridiskt stöd för digitalisering")
    TILLGANGLIGHET = "tillganglighet", _("Omvärld: tillgänglighet för webbplatser (EU-direktiv)")
    GDPR = "gdpr", _("Omvärld: dataskydd (GDPR)")
    OPPNA_DATA = "oppna-data", _("Omvärld: öppna data och offentlig digital information")


@dataclass(frozen=True)
class TopicRule:
    group_slug: str  # the steering group the portal suggests (SteeringGroup.slug from data/plan-pitea.yaml)
    target_days: int  # days from submission to a decision or answer that the beredning aims for
    regulatory_area: int | None = None  # RegulatoryArea.number for the omvärld topics
    why: str = ""


EXTERN, INTERN, IT = "extern-digitalisering", "intern-digitalisering", "it-miljo-och-infrastruktur"

# The suggested group follows the groups' areas of responsibility in the plan:
#   Extern digitalisering (Enkelt & öppet): medborgarservice, webb, e-tjänster, telefoni.
#   Intern digitalisering (Smart & optimerat): personal, ekonomi, ärendehantering, e-arkiv.
#   IT-miljö och infrastruktur (Uppkopplat & tillgängligt): utrustning, uppkoppling, systemdrift, integration.
TOPIC_RULES: dict[str, TopicRule] = {
    Topic.DIGITALISERING: TopicRule(INTERN, 45, why="verksamhetsutveckling i förvaltningarna"),
    Topic.INFORMATIONSSAKERHET: TopicRule(IT, 21, why="säkerhet i systemdrift och uppkoppling"),
    Topic.INFORMATIONSHANTERING: TopicRule(INTERN, 45, why="ärendehantering och e-arkiv"),
    Topic.EKONOMI_AFFAR: TopicRule(INTERN, 60, why="ekonomi"),
    Topic.MOLNTJANSTER: TopicRule(IT, 30, 1, "systemdrift och driftform"),
    Topic.AI: TopicRule(INTERN, 45, 2, "verksamhetsnära användning"),
    Topic.LICENSER: TopicRule(IT, 60, 3, "programvara och utrustning"),
    Topic.NIS: TopicRule(IT, 21, 4, "samhällsviktig drift"),
    Topic.SAMORDNING_DRIFT: TopicRule(IT, 60, 5, "systemdrift och integration"),
    Topic.DIGITAL_INGANG: TopicRule(EXTERN, 45, 6, "e-tjänster till medborgare"),
    Topic.JURIDIK: TopicRule(INTERN, 45, 7, "verksamheternas ärendehantering"),
    Topic.TILLGANGLIGHET: TopicRule(EXTERN, 30, 8, "webb och medborgarservice"),
    Topic.GDPR: TopicRule(INTERN, 30, 9, "personuppgifter i verksamheternas system"),
    Topic.OPPNA_DATA: TopicRule(EXTERN, 45, 10, "öppenhet mot medborgare"),
}

# Items every agenda starts and ends with; ärenden from the queue go between them (kind, title).
STANDING_ITEMS_BEFORE = (_("Mötets öppnande och val av justerare"), _("Föregående protokoll"))
STANDING_ITEMS_AFTER = (_("Rapport från beredningen"), _("Övriga frågor"), _("Mötets avslutande"))


class AgendaKind(models.TextChoices):
    """What an agenda item is; the standing ones are made when a meeting is planned."""

    OPENING = "opening", _("Mötets öppnande och val av justerare")
    PREVIOUS = "previous", _("Föregående protokoll")
    FOLLOW_UP = "follow_up", _("Beslutsuppföljning")
    BEREDNING = "beredning", _("Rapport från beredningen")
    OTHER = "other", _("Övriga frågor")
    CLOSING = "closing", _("Mötets avslutande")
    ERRAND = "errand", _("Ärende")
    STATUS_REPORT = "status_report", _("Lägesrapport (information)")
    FREE = "free", _("Punkt")


STANDING_KINDS_BEFORE = (AgendaKind.OPENING, AgendaKind.PREVIOUS, AgendaKind.FOLLOW_UP)
STANDING_KINDS_AFTER = (AgendaKind.BEREDNING, AgendaKind.OTHER, AgendaKind.CLOSING)


class MeetingState(models.TextChoices):
    """A meeting's life: planerat → kallat → pågår → avslutat → justerat; inställt from planerat or kallat."""

    PLANERAT = "planerat", _("Planerat")
    KALLAT = "kallat", _("Kallat")
    PAGAR = "pagar", _("Pågår")
    AVSLUTAT = "avslutat", _("Avslutat, väntar på justering")
    JUSTERAT = "justerat", _("Protokoll justerat")
    INSTALLT = "installt", _("Inställt")


MEETING_TRANSITIONS: dict[str, frozenset[str]] = {
    MeetingState.PLANERAT: frozenset({MeetingState.KALLAT, MeetingState.INSTALLT}),
    MeetingState.KALLAT: frozenset({MeetingState.PAGAR, MeetingState.INSTALLT}),
    MeetingState.PAGAR: frozenset({MeetingState.AVSLUTAT}),
    MeetingState.AVSLUTAT: frozenset({MeetingState.JUSTERAT}),
    MeetingState.JUSTERAT: frozenset(),
    MeetingState.INSTALLT: frozenset(),
}
# The agenda may be changed (items reordered, added, removed) until the meeting starts.
AGENDA_OPEN_STATES = frozenset({MeetingState.PLANERAT, MeetingState.KALLAT})


class ItemOutcome(models.TextChoices):
    PENDING = "pending", _("Ej behandlat")
    DECIDED = "decided", _("Beslut")
    TABLED = "tabled", _("Bordlagt")
    NOTED = "noted", _("Information noterad")
    REMITTED = "remitted", _("Återremiss")


class Presence(models.TextChoices):
    NARVARANDE = "narvarande", _("Närvarande")
    FRANVARANDE = "franvarande", _("Frånvarande")
    ADJUNGERAD = "adjungerad", _("Adjungerad")
    ERSATTARE = "ersattare", _("Ersättare")


class SignerRole(models.TextChoices):
    ORDFORANDE = "ordforande", _("Ordförande")
    JUSTERARE = "justerare", _("Justerare")


class DecisionKind(models.TextChoices):
    """What kind of decision a register row is."""

    MOTE = "mote", _("Styrgruppsbeslut")
    GATE = "gate", _("Beslut om genomförande (projekt)")
    PLAN = "plan", _("Beslut om planen")


class FollowUpStatus(models.TextChoices):
    EJ_PABORJAD = "ej_paborjad", _("Ej påbörjad")
    PAGAR = "pagar", _("Pågår")
    KLAR = "klar", _("Klar")


# What the buttons say (imperative); ErrandAction labels describe what happened, in the log.
ACTION_BUTTONS = {
    ErrandAction.ACCEPT: _("Ta emot för beredning"),
    ErrandAction.REQUEST_INFO: _("Begär komplettering"),
    ErrandAction.ANSWER: _("Skicka svaret"),
    ErrandAction.REJECT: _("Avvisa"),
    ErrandAction.REFER: _("Hänskjut till styrgrupp"),
    ErrandAction.MOVE: _("Flytta till annan styrgrupp"),
    ErrandAction.RETURN: _("Skicka tillbaka till beredningen"),
    ErrandAction.CLOSE: _("Avsluta ärendet"),
    ErrandAction.REOPEN: _("Återöppna ärendet"),
}
