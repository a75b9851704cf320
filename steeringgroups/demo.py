"""Sample ärenden in different states and one planned meeting per group. Idempotent: keyed on the titles."""

from __future__ import annotations

from datetime import time, timedelta

from django.db import transaction
from django.utils import timezone

from vudig.core import demo
from vudig.core.models import Organisation

from .constants import DecisionKind, ErrandAction, MeetingState, Presence, Topic, Urgency
from .models import Decision, Errand, Meeting, SteeringGroup
from .services import (
    agenda_item_add,
    agenda_item_decide,
    agenda_item_note,
    agenda_item_table,
    attendance_record,
    errand_submit,
    errand_transition,
    followup_create,
    meeting_add_errands,
    meeting_close,
    meeting_elect_adjusters,
    meeting_justera,
    meeting_plan,
    meeting_send_notice,
    meeting_start,
    plan_decision_record,
)

# A meeting held today and justerat, so the protocol (python manage.py render_report protokoll) has content.
HELD_DECIDED = "Demo: Digital bokning av kommunens lokaler"
HELD_TABLED = "Demo: Chattfunktion på pitea.se"
GATE_ITEM = "Genomförande:"  # the held meeting's item on a frame project's gate

# (title, topic, urgency, submitter, actions after submitting: (action, actor, reason, group slug))
SAMPLES = [
    (
        "Demo: Får vi använda ett molnbaserat schemasystem?",
        Topic.MOLNTJANSTER,
        Urgency.HOG,
        "chef.socialtjanst",
        [(ErrandAction.ACCEPT, "beredning", "", None)],
    ),
    (
        "Demo: E-tjänst för ansökan om färdtjänst",
        Topic.DIGITALISERING,
        Urgency.NORMAL,
        "chef.socialtjanst",
        [
            (ErrandAction.ACCEPT, "beredning", "", None),
            (ErrandAction.REFER, "beredning", "Medborgarnära e-tjänst.", "extern-digitalisering"),
        ],
    ),
    (
        "Demo: Riktlinje för AI-stöd i handläggning",
        Topic.AI,
        Urgency.NORMAL,
        "chef.utbildning",
        [
            (ErrandAction.ACCEPT, "beredning", "", None),
            (ErrandAction.REQUEST_INFO, "beredning", "Vilka system och vilka personuppgifter berörs?", None),
        ],
    ),
    (
        "Demo: Tillgänglighetsredogörelse för bolagets webbplats",
        Topic.TILLGANGLIGHET,
        Urgency.LAG,
        "chef.pitebo",
        [(ErrandAction.REJECT, "beredning", "Hanteras av bolagets egen webbredaktion.", None)],
    ),
    (
        "Demo: Gemensam lösning för säker inloggning",
        Topic.INFORMATIONSSAKERHET,
        Urgency.AKUT,
        "chef.utbildning",
        [],
    ),
]


@transaction.atomic
@demo.register
def load(users: dict) -> None:
    """Add the sample ärenden (once) and a planned meeting per group (when none is ahead)."""
    organisations = {o.slug: o for o in Organisation.objects.all()}
    org_of = {"chef.socialtjanst": "socialtjanst", "chef.utbildning": "utbildning", "chef.pitebo": "pitebo"}
    groups = {g.slug: g for g in SteeringGroup.objects.all()}
    for title, topic, urgency, submitter, steps in SAMPLES:
        if Errand.objects.filter(title=title).exists() or org_of[submitter] not in organisations:
            continue
        errand = errand_submit(
            by=users[submitter],
            title=title,
            description="Exempelärende för demonstration av beredningen.",
            organisation=organisations[org_of[submitter]],
            topic=topic,
            urgency=urgency,
            wanted_by=timezone.localdate() + timedelta(days=60),
        )
        for action, actor, reason, group_slug in steps:
            errand_transition(
                errand=errand, action=action, by=users[actor], reason=reason, group=groups.get(group_slug)
            )
    _held_meeting(users, groups, organisations)
    _gate_cites_meeting_decision(users, groups)
    _plan_decisions(users)
    chairs = {
        "extern-digitalisering": "ordf.extern",
        "intern-digitalisering": "ordf.intern",
        "it-miljo-och-infrastruktur": "ordf.it",
    }
    for slug, chair in chairs.items():
        group = groups.get(slug)
        if (
            group is None
            or chair not in users
            or Meeting.objects.filter(steering_group=group).upcoming().exclude(state=MeetingState.JUSTERAT).exists()
        ):
            continue
        meeting_plan(
            group=group, dates=[timezone.localdate() + timedelta(days=14)], place="Stadshuset", by=users[chair]
        )


def _held_meeting(users: dict, groups: dict, organisations: dict) -> None:
    """Extern digitalisering held a meeting today (planned, kallat, opened, decided, closed, justerat) - once."""
    group = groups.get("extern-digitalisering")
    needed = ("ordf.extern", "ledamot.extern", "beredning", "chef.socialtjanst", "processledare")
    if group is None or any(name not in users for name in needed) or "socialtjanst" not in organisations:
        return
    if Meeting.objects.filter(steering_group=group, state=MeetingState.JUSTERAT).exists():
        return
    chair, member = users["ordf.extern"], users["ledamot.extern"]
    today = timezone.localdate()
    if Meeting.objects.filter(steering_group=group, date=today).exists():
        return
    now = timezone.localtime().time()
    # Begun this morning (from midnight if the demo is loaded before 08:30) and still on, since a kallelse goes out
    # only for a meeting that has not ended; it closes as soon as its business is done.
    start = time(8, 30) if now >= time(8, 30) else time(0, 0)
    end = time(now.hour + 2, 0) if now.hour < 22 else time(23, 59)
    errands = []
    for title, description in (
        (HELD_DECIDED, "Föreningar och medborgare vill boka lokaler digitalt i stället för via telefon."),
        (HELD_TABLED, "Kundtjänst vill pröva en chatt på webbplatsen."),
    ):
        errand = Errand.objects.filter(title=title).first() or errand_submit(
            by=users["chef.socialtjanst"],
            title=title,
            description=description,
            organisation=organisations["socialtjanst"],
            topic=Topic.DIGITAL_INGANG,
            urgency=Urgency.NORMAL,
        )
        if errand.state == "inkommen":
            errand.proposed_decision = "Styrgruppen ställer sig bakom förslaget."
            errand.save(update_fields=["proposed_decision"])
            errand_transition(errand=errand, action=ErrandAction.REFER, by=users["beredning"], group=group)
        errands.append(errand)
    meeting = meeting_plan(
        group=group, dates=[today], place="Stadshuset, sal Pite", start_time=start, end_time=end, by=chair
    )[0]
    meeting_add_errands(meeting=meeting, errands=errands, by=chair)
    agenda_item_add(meeting=meeting, by=chair, title="Information om den nya webbplatsen", presenter="Kommunikation")
    from projects.models import FrameProject

    project = FrameProject.objects.filter(steering_group=group).order_by("order", "pk").first()
    if project is not None:
        agenda_item_add(meeting=meeting, by=chair, title=f"{GATE_ITEM} {project.name}", presenter="Processledaren")
    meeting_send_notice(meeting=meeting, by=chair)
    meeting_start(meeting=meeting, by=chair)
    attendance_record(meeting=meeting, presences={member.pk: Presence.NARVARANDE}, by=chair)
    meeting_elect_adjusters(meeting=meeting, people=[member], by=chair)
    items = {i.title: i for i in meeting.items.all()}
    decision = agenda_item_decide(
        meeting=meeting,
        errand_id=errands[0].pk,
        text="Styrgruppen ställer sig bakom digital lokalbokning och ger IT-avdelningen i uppdrag att ta fram en plan.",
        minutes="Beredningen föredrog ärendet.",
        by=chair,
    )
    agenda_item_table(meeting=meeting, errand_id=errands[1].pk, reason="Kostnaden behöver utredas.", by=chair)
    agenda_item_note(
        meeting=meeting,
        item_id=items["Information om den nya webbplatsen"].pk,
        minutes="Kommunikation visade den nya webbplatsen.",
        by=chair,
    )
    if project is not None:
        agenda_item_decide(
            meeting=meeting,
            item_id=meeting.items.get(title=f"{GATE_ITEM} {project.name}").pk,
            text=f"Styrgruppen beslutar att {project.name} går till genomförande enligt den fastställda projektplanen.",
            project=project,
            by=chair,
        )
    followup_create(
        decision=decision,
        what="Ta fram en plan för digital lokalbokning",
        owner=users["processledare"],
        due_date=today + timedelta(days=60),
        by=chair,
    )
    meeting_close(meeting=meeting, by=chair)
    meeting_justera(meeting=meeting, by=member)
    meeting_justera(meeting=meeting, by=chair)


def _gate_cites_meeting_decision(users: dict, groups: dict) -> None:
    """The frame project decided on at the held meeting enters genomförande citing that § (once, by the process leader).

    Its plan is fastställd first, so the gate is the project's real path; the decision then shows on the project page
    and in the register as the gate decision.
    """
    from projects.constants import ProjectPhase
    from projects.services import project_move_phase

    group = groups.get("extern-digitalisering")
    if group is None or "processledare" not in users:
        return
    decision = (
        Decision.objects.filter(
            kind=DecisionKind.MOTE,
            steering_group=group,
            project__isnull=False,
            agenda_item__title__startswith=GATE_ITEM,
        )
        .select_related("project")
        .order_by("pk")
        .first()
    )
    if decision is None or decision.gate_changes.exists():
        return
    path = [ProjectPhase.RAMPROJEKT, ProjectPhase.PLANERING, ProjectPhase.PROJEKTPLAN_FASTSTALLD]
    project = decision.project
    if project.phase not in path:
        return
    for phase in [*path[path.index(project.phase) + 1 :], ProjectPhase.GENOMFORANDE]:
        project.refresh_from_db()
        project_move_phase(
            project=project,
            to_phase=phase,
            by=users["processledare"],
            expected_version=project.version,
            decision=decision if phase == ProjectPhase.GENOMFORANDE else None,
        )


def _plan_decisions(users: dict) -> None:
    """KLG's approval and kommunchef's beslut of each decided plan in the register (demo dnr), once."""
    from measures.constants import PlanState
    from measures.models import Plan

    if "processledare" not in users or "kommunchef" not in users:
        return
    today = timezone.localdate()
    for number, plan in enumerate(Plan.objects.filter(state=PlanState.BESLUTAD).order_by("order", "pk"), start=1):
        day = min(plan.period_start or today, today)
        dnr = f"Demo KS {day:%Y}/{number:03d}"
        plan_decision_record(
            plan=plan, body="KLG", dnr=dnr, text=f"KLG godkänner {plan.title}.", decided_on=day,
            by=users["processledare"],
        )  # fmt: skip
        plan_decision_record(
            plan=plan, body="Kommunchef", dnr=dnr, text=f"Kommunchefen beslutar {plan.title}.", decided_on=day,
            by=users["kommunchef"],
        )  # fmt: skip
