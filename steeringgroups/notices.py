"""The steering groups' workflow steps as notices (vudig.core.notices): one category per step, who hears of it, the
event's key, and the one link. The services call these functions inside their transactions.

Who is told (each selection in a fixed number of queries, whatever the size of the group):
    kallelse             a meeting planned, kallat, moved or cancelled: the group's members, chair and adjungerade
    justering            the protocol waits for justering: the chair and the elected justerare
    justerat             the protocol is justerat: the group's members and chair
    errand_received      an ärende came in: the beredning
    errand_komplettering komplettering is asked for: the submitter
    errand_answered      the submitter answered: the beredning
    errand_referred      referred (or moved) to a group: its members and chair, and the submitter
    errand_tabled        tabled at a meeting: the submitter
    errand_decided       decided (told when the protocol is justerat): the submitter
    followup_assigned    an uppdrag given: its owner
    followup_due         an uppdrag due within a week: its owner
    followup_overdue     an uppdrag past its date and not done: its owner
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from vudig.core.constants import STEERING_GROUP_ROLES, Role
from vudig.core.notices import Delivery, register_steps
from vudig.core.write import role_holders

from .constants import ErrandAction

APP = "steeringgroups"

# step -> (label on Mina inställningar, default delivery). Steps someone must act on at once are mailed at once.
STEPS = {
    "kallelse": (gettext_lazy("Kallelse till styrgruppsmöte (planerat, flyttat, inställt)"), Delivery.IMMEDIATE),
    "justering": (gettext_lazy("Protokoll att justera"), Delivery.IMMEDIATE),
    "justerat": (gettext_lazy("Protokoll justerat"), Delivery.DIGEST),
    "errand_received": (gettext_lazy("Nytt ärende till beredningen"), Delivery.IMMEDIATE),
    "errand_komplettering": (gettext_lazy("Komplettering begärd i ditt ärende"), Delivery.IMMEDIATE),
    "errand_answered": (gettext_lazy("Ärende kompletterat"), Delivery.IMMEDIATE),
    "errand_referred": (gettext_lazy("Ärende hänskjutet till styrgrupp"), Delivery.IMMEDIATE),
    "errand_tabled": (gettext_lazy("Ärende bordlagt"), Delivery.DIGEST),
    "errand_decided": (gettext_lazy("Beslut i ditt ärende"), Delivery.IMMEDIATE),
    "followup_assigned": (gettext_lazy("Uppdrag från ett beslut"), Delivery.IMMEDIATE),
    "followup_due": (gettext_lazy("Påminnelse om uppdrag"), Delivery.IMMEDIATE),
    "followup_overdue": (gettext_lazy("Uppdrag som passerat sitt datum"), Delivery.IMMEDIATE),
}

# send(step, ...): notify() with the step's category and its templates <app>/notices/<step>.*
send = register_steps(APP, STEPS)


# -- who ------------------------------------------------------------------------------------------------------------


def group_people(group_id: int | None):
    """The active members and chair of a steering group (one query)."""
    if group_id is None:
        return []
    return list(role_holders(STEERING_GROUP_ROLES, steering_group=group_id).order_by("pk"))


def beredning_people():
    """The active beredningssamordnare (one query)."""
    return list(role_holders(Role.BEREDNING).order_by("pk"))


def meeting_people(meeting) -> list:
    """Who is kallad: the group's members and chair and the meeting's active adjungerade (two queries)."""
    people = {p.pk: p for p in group_people(meeting.steering_group_id)}
    for person in meeting.adjuncts.filter(is_active=True):
        people.setdefault(person.pk, person)
    return sorted(people.values(), key=lambda p: (p.last_name, p.first_name, p.pk))


# -- ärenden --------------------------------------------------------------------------------------------------------

# action -> (step, who hears of it). Referring and moving are the same step for the group that now holds it.
ERRAND_STEPS = {
    ErrandAction.REQUEST_INFO: ("errand_komplettering", ("submitter",)),
    ErrandAction.ANSWER: ("errand_answered", ("beredning",)),
    ErrandAction.REFER: ("errand_referred", ("group", "submitter")),
    ErrandAction.MOVE: ("errand_referred", ("group", "submitter")),
    ErrandAction.TABLE: ("errand_tabled", ("submitter",)),
    ErrandAction.DECIDE: ("errand_decided", ("submitter",)),
}

# The subject says what happened to the ärende ("ÄR-1 Titel: <words>").
SUBJECT_WORDS = {
    ErrandAction.REQUEST_INFO: gettext_lazy("komplettering begärd"),
    ErrandAction.ANSWER: gettext_lazy("kompletterat"),
    ErrandAction.REFER: gettext_lazy("lämnat över till styrgruppen"),
    ErrandAction.MOVE: gettext_lazy("flyttat till en annan styrgrupp"),
    ErrandAction.TABLE: gettext_lazy("bordlagt"),
    ErrandAction.DECIDE: gettext_lazy("beslutat"),
}


def _errand_subject(errand, words) -> str:
    return f"{errand.reference} {errand.title}: {words}"


def errand_audience(errand, audiences) -> list[tuple[object, str]]:
    """(person, audience) for each person told, once each, the first audience winning (at most two queries)."""
    people: dict[int, tuple[object, str]] = {}
    for audience in audiences:
        if audience == "submitter":
            found = [errand.submitted_by]
        elif audience == "group":
            found = group_people(errand.steering_group_id)
        else:
            found = beredning_people()
        for person in found:
            people.setdefault(person.pk, (person, audience))
    return list(people.values())


def errand_received(errand) -> int:
    """A new ärende: the beredning is told to take it on."""
    return send(
        "errand_received",
        key=f"errand:{errand.pk}:received",
        recipients=beredning_people(),
        subject=_errand_subject(errand, _("nytt ärende till beredningen")),
        context={"errand": errand},
        url=errand.get_absolute_url(),
        target=errand,
        view_rule="errand.view",
    )


def errand_step(transition, *, decision=None) -> int:
    """The notice of one ärende transition that has a step (others: 0); the key names the transition."""
    step = ERRAND_STEPS.get(transition.action)
    if step is None:
        return 0
    name, audiences = step
    errand = transition.errand
    by_audience: dict[str, list] = {}
    for person, audience in errand_audience(errand, audiences):
        by_audience.setdefault(audience, []).append(person)
    created = 0
    for audience, people in by_audience.items():
        created += send(
            name,
            key=f"errand:{errand.pk}:{transition.action}:{transition.pk}",
            recipients=people,
            subject=_errand_subject(errand, SUBJECT_WORDS[transition.action]),
            context={"errand": errand, "transition": transition, "audience": audience, "decision": decision},
            url=errand.get_absolute_url(),
            target=errand,
            view_rule="errand.view",
        )
    return created


# -- meetings -------------------------------------------------------------------------------------------------------


def meeting_when(meeting) -> str:
    """The meeting's time as it goes into a key: a move gives a new key, an unchanged save the same."""
    return f"{meeting.date:%Y%m%d}T{meeting.start_time:%H%M}-{meeting.end_time:%H%M}"


def meeting_kallelse(meeting, *, kind: str, key: str, attachments=()) -> int:
    """kind: planned (the date is set), kallelse (the agenda is out), moved or cancelled."""
    subjects = {
        "planned": _("Planerat möte"),
        "kallelse": _("Kallelse"),
        "moved": _("Ändrad kallelse"),
        "cancelled": _("Inställt"),
    }
    return send(
        "kallelse",
        key=key,
        recipients=meeting_people(meeting),
        subject=f"{subjects[kind]}: {meeting.steering_group.name} {meeting.date:%Y-%m-%d} {meeting.start_time:%H:%M}",
        context={"meeting": meeting, "kind": kind},
        url=meeting.get_absolute_url(),
        target=meeting,
        view_rule="meeting.view",
        attachments=attachments,
    )


def protocol_justering(meeting) -> int:
    """The meeting is closed: the chair and the justerare are asked to justera the protocol."""
    signers = list(meeting.signers.select_related("person").order_by("pk"))
    return send(
        "justering",
        key=f"meeting:{meeting.pk}:justering",
        recipients=[s.person for s in signers],
        subject=_("Protokoll att justera: %(meeting)s") % {"meeting": meeting},
        context={"meeting": meeting},
        url=meeting.get_absolute_url(),
        target=meeting,
        view_rule="meeting.view",
    )


def protocol_justerat(meeting) -> int:
    """All have justerat: the members may read the final protocol."""
    return send(
        "justerat",
        key=f"meeting:{meeting.pk}:justerat",
        recipients=group_people(meeting.steering_group_id),
        subject=_("Protokollet är justerat: %(meeting)s") % {"meeting": meeting},
        context={"meeting": meeting},
        url=meeting.get_absolute_url(),
        target=meeting,
        view_rule="meeting.view_protocol",
    )


# -- beslutsuppföljning ---------------------------------------------------------------------------------------------


def followup_step(item, step: str) -> int:
    """An uppdrag given (assigned), soon due (due) or past its date (overdue): its owner is told, once per due date."""
    subjects = {
        "followup_assigned": _("Nytt uppdrag: klart senast %(date)s"),
        "followup_due": _("Påminnelse: uppdrag klart senast %(date)s"),
        "followup_overdue": _("Försenat uppdrag: skulle vara klart %(date)s"),
    }
    suffix = "" if step == "followup_assigned" else f":{item.due_date:%Y%m%d}"
    return send(
        step,
        key=f"followup:{item.pk}:{step.removeprefix('followup_')}{suffix}",
        recipients=[item.owner],
        subject=subjects[step] % {"date": item.due_date.isoformat()},
        context={"item": item},
        url=item.decision.get_absolute_url() + "#uppdrag-heading",
        target=item,
        view_rule="followup.update",
    )
