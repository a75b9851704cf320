"""Bench data for the steering groups and the ärende pages (see bench.builders for the rules).

More municipalities' steering groups, each with a chair and two members. Every municipality at the scale (Piteå and
its N-1 copies) gets a few years of ärenden from its managers to its three steering groups, in every state, each with
the transitions of the road it took (submit, accept, requests for more information and answers, refer, schedule,
table, decide, close, reopen, reject) and history rows to match (one "+" row as it came in, one "~" row per later
change of state). Every group meets about every two months: past meetings are justerade, with their standing items,
the ärenden on the agenda and the decisions taken; one meeting ahead is planned, with the ärenden put on its agenda.
Volumes are ∝ scale.

Each municipality is drawn from its own random stream (seeded by its number), so Piteå's ärenden are the same rows at
every scale and the pages measured on them show the same thing. Piteå's first synthetic ärende (BENCH_ERRAND_TITLE)
has a fixed road through every kind of step, to the extern group, from Socialtjänst: the ärende page is measured on it
by everyone who may read it (the overseers, the organisation's manager, the group's chair and member).
"""

from __future__ import annotations

import datetime as dt
import random

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.utils import timezone

from bench.builders import BATCH, HISTORY_YEARS, REASON, Builder, bulk_with_history, process_leader, register
from steeringgroups.constants import (
    ACTIONS,
    STANDING_ITEMS_AFTER,
    STANDING_ITEMS_BEFORE,
    ErrandState,
    ItemOutcome,
    MeetingState,
    Topic,
    Urgency,
)
from steeringgroups.models import AgendaItem, Decision, Errand, ErrandTransition, Meeting, SteeringGroup
from vudig.core.constants import Role
from vudig.core.models import Organisation, RoleAssignment

BENCH_ERRAND_TITLE = "Bench: Gemensam e-tjänstplattform för ansökningar"
BENCH_GROUP_SLUG = "extern-digitalisering"
BENCH_ORGANISATION_SLUG = "socialtjanst"
ERRANDS_PER_YEAR = 30  # per municipality
MEETINGS_PER_YEAR = 6  # per steering group


def build_steering_groups(scale: int, rng: random.Random) -> dict[str, int]:
    """N-1 more sets of the three steering groups, each with a chair and two members."""
    base = list(SteeringGroup.objects.order_by("pk"))
    groups = [
        SteeringGroup(
            name=f"{g.name} (kommun {k})",
            slug=f"{g.slug}-k{k}",
            focus=g.focus,
            area_of_responsibility=g.area_of_responsibility,
            motto=g.motto,
            goal_id=g.goal_id,
            order=1000 * k + g.order,
        )
        for k in range(2, scale + 1)
        for g in base
    ]
    leader = process_leader()
    groups = bulk_with_history(groups, SteeringGroup, leader)
    User = get_user_model()
    password = make_password("bench-password-not-secret")
    roles = [(Role.STEERING_CHAIR, "ordf"), (Role.STEERING_MEMBER, "ledamot1"), (Role.STEERING_MEMBER, "ledamot2")]
    seats = [(g, role, label) for g in groups for role, label in roles]
    User.objects.bulk_create(
        [
            User(username=f"{label}.{g.slug}", password=password, first_name=label, last_name=g.name[:150])
            for g, _, label in seats
        ],
        batch_size=BATCH,
    )
    by_name = User.objects.in_bulk([f"{label}.{g.slug}" for g, _, label in seats], field_name="username")
    bulk_with_history(
        [RoleAssignment(user=by_name[f"{label}.{g.slug}"], role=role, steering_group=g) for g, role, label in seats],
        RoleAssignment,
        leader,
    )
    return {"steering groups": len(groups), "steering-group seats": len(seats)}


def _copy_of(slug: str) -> int:
    tail = slug.rsplit("-k", 1)
    return int(tail[1]) if len(tail) == 2 and tail[1].isdigit() else 1


def _road(target: str) -> list[str]:
    """The actions that lead an ärende from submission to ``target`` (state names from constants.ErrandState)."""
    to_group = ["submit", "accept", "refer"]
    return {
        "inkommen": ["submit"],
        "under_beredning": ["submit", "accept"],
        "komplettering": ["submit", "accept", "request_info"],
        "avvisad": ["submit", "accept", "reject"],
        "hanskjuten": to_group,
        "pa_dagordning": [*to_group, "schedule"],
        "bordlagd": [*to_group, "schedule", "table"],
        "beslutad": [*to_group, "schedule", "decide"],
        "avslutad": [*to_group, "schedule", "decide", "close"],
        "ateroppnad": [*to_group, "schedule", "decide", "close", "reopen"],
    }[target]


def build_errands(scale: int, rng: random.Random) -> dict[str, int]:
    User = get_user_model()
    beredning = User.objects.filter(username="beredning").first()
    if beredning is None:
        return {}
    now = timezone.now()
    today = timezone.localdate()
    start = now - dt.timedelta(days=365 * HISTORY_YEARS)

    groups_by_copy: dict[int, list] = {}
    for group in SteeringGroup.objects.order_by("pk"):
        groups_by_copy.setdefault(_copy_of(group.slug), []).append(group)
    chair_of: dict[int, int] = {}
    managers_by_copy: dict[int, list[tuple[int, int]]] = {}  # copy -> [(organisation, manager)]
    org_copy = {pk: _copy_of(slug) for pk, slug in Organisation.objects.values_list("pk", "slug")}
    org_slug = dict(Organisation.objects.values_list("pk", "slug"))
    for role, org_id, group_id, user_id in RoleAssignment.objects.order_by("pk").values_list(
        "role", "organisation_id", "steering_group_id", "user_id"
    ):
        if role == Role.STEERING_CHAIR:
            chair_of.setdefault(group_id, user_id)
        elif role == Role.ORG_MANAGER:
            managers_by_copy.setdefault(org_copy[org_id], []).append((org_id, user_id))
    topics, urgencies = list(Topic.values), list(Urgency.values)

    # -- meetings: every two months per group over the years, plus one planned ahead ----------------------------
    meetings = []
    for copy in sorted(groups_by_copy):
        for group in groups_by_copy[copy]:
            taken = set(Meeting.objects.filter(steering_group=group).values_list("date", flat=True))
            day = start.date() + dt.timedelta(days=20)
            while day < today:
                if day not in taken:
                    meetings.append(Meeting(steering_group=group, date=day, place="Stadshuset"))
                day += dt.timedelta(days=365 // MEETINGS_PER_YEAR)
            if not any(d >= today for d in taken):
                meetings.append(Meeting(steering_group=group, date=today + dt.timedelta(days=21), place="Stadshuset"))
    for m in meetings:
        if m.date < today:
            m.state, m.frozen_at = MeetingState.JUSTERAT, timezone.make_aware(dt.datetime.combine(m.date, dt.time(16)))
            m.frozen_by_id = chair_of.get(m.steering_group_id)
    bulk_with_history(meetings, Meeting, beredning)
    past_by_group: dict[int, list] = {}
    next_by_group: dict[int, object] = {}
    for m in Meeting.objects.order_by("date", "pk"):
        if m.date < today:
            past_by_group.setdefault(m.steering_group_id, []).append(m)
        else:
            next_by_group.setdefault(m.steering_group_id, m)

    def meeting_after(group_id: int, when: dt.datetime):
        for m in past_by_group.get(group_id, []):
            if m.date > when.date():
                return m
        return None

    # -- ärenden with their roads ----------------------------------------------------------------------------------
    open_states = [s for s in ErrandState.values if s not in ("avslutad", "avvisad")]
    plans = []  # (errand, [(action, at, from_state, to_state, from_group, to_group, by, reason, meeting)])
    for copy in sorted(groups_by_copy):
        stream = random.Random(f"errands-{copy}")
        senders = managers_by_copy.get(copy) or []
        groups = groups_by_copy[copy]
        if not senders or not groups:
            continue
        count = ERRANDS_PER_YEAR * HISTORY_YEARS
        for i in range(count):
            fixed = copy == 1 and i == 0
            if fixed:
                org_id, sender = next(
                    ((o, u) for o, u in senders if org_slug[o] == BENCH_ORGANISATION_SLUG), senders[0]
                )
                group = next((g for g in groups if g.slug == BENCH_GROUP_SLUG), groups[0])
                created = now - dt.timedelta(days=200)
                road = ["submit", "accept", "request_info", "answer", "refer", "schedule", "table", "schedule"]
                road += ["decide"]
            else:
                org_id, sender = stream.choice(senders)
                group = stream.choice(groups)
                created = start + dt.timedelta(seconds=stream.uniform(0, (now - start).total_seconds()))
                age = (now - created).days
                if age > 365:
                    target = stream.choices(["avslutad", "avvisad", "ateroppnad", "beslutad"], [80, 14, 3, 3])[0]
                else:
                    target = stream.choice(open_states + ["avslutad"])
                road = _road(target)
                if stream.random() < 0.3 and "accept" in road:
                    at = road.index("accept") + 1
                    road[at:at] = ["request_info", "answer"]
            topic = stream.choice(topics)
            errand = Errand(
                title=BENCH_ERRAND_TITLE if fixed else f"Ärende {copy}-{i}: {Topic(topic).label}"[:200],
                description="Syntetiskt ärende: bakgrund, fråga och önskat beslut. " * 4,
                organisation_id=org_id,
                topic=topic,
                urgency=stream.choice(urgencies),
                submitted_by_id=sender,
                created_at=created,
            )
            steps, state, holder, when = [], "", None, created
            chair = chair_of.get(group.pk, beredning.pk)
            meeting = None
            for action in road:
                if action == "submit":
                    target_state, by, to_group = ErrandState.INKOMMEN, sender, None
                else:
                    rule = ACTIONS[action]
                    target_state = rule.target
                    to_group = group.pk if rule.needs_group else holder
                    by = {"submitter": sender, "beredning": beredning.pk}.get(rule.actor, chair)
                    when = when + dt.timedelta(days=stream.randint(1, 12), hours=stream.randint(0, 8))
                if when > now:
                    break
                if action == "schedule":
                    meeting = meeting_after(group.pk, when)
                    if meeting is None:  # too recent for a past meeting: on the next agenda, and there it stays
                        meeting = next_by_group.get(group.pk)
                        if meeting is None:
                            break
                        steps.append((action, when, state, target_state, holder, to_group, by, "", meeting))
                        state, holder = target_state, to_group
                        break
                if action in ("table", "decide"):
                    when = timezone.make_aware(dt.datetime.combine(meeting.date, dt.time(15)))
                if when > now:
                    break
                reason = (
                    "Motivering till steget. " * 2 if ACTIONS.get(action) and ACTIONS[action].reason_required else ""
                )
                steps.append((action, when, state, target_state, holder, to_group, by, reason, meeting))
                state, holder = target_state, to_group
                if action == "table":
                    meeting = None
            errand.state = state
            errand.steering_group_id = holder
            errand.sent_back_count = sum(1 for s in steps if s[0] in ("request_info", "return"))
            errand.tabled_count = sum(1 for s in steps if s[0] == "table")
            errand.version = len(steps)
            if state in ("avslutad", "avvisad"):
                errand.closed_at = steps[-1][1]
            plans.append((errand, steps))
    errands = Errand.objects.bulk_create([e for e, _ in plans], batch_size=BATCH)

    # -- transitions, history, agenda items and decisions ----------------------------------------------------------
    transitions, history, items, decided = [], [], [], []
    history_model = Errand.history.model
    attnames = [f.attname for f in Errand._meta.concrete_fields if f.attname != "updated_at"]
    scheduled: dict[tuple[int, int], tuple] = {}  # (meeting, errand) -> the outcome at that meeting
    for errand, (_, steps) in zip(errands, plans, strict=True):
        for n, (action, when, from_state, to_state, from_group, to_group, by, reason, meeting) in enumerate(steps):
            transitions.append(
                ErrandTransition(
                    errand_id=errand.pk,
                    action=action,
                    from_state=from_state,
                    to_state=to_state,
                    from_group_id=from_group,
                    to_group_id=to_group,
                    by_id=by,
                    at=when,
                    reason=reason,
                )
            )
            values = {name: getattr(errand, name) for name in attnames}
            values.update(state=to_state, steering_group_id=to_group, version=n + 1)
            history.append(
                history_model(
                    **values,
                    history_date=when,
                    history_type="+" if n == 0 else "~",
                    history_change_reason=reason or REASON,
                    history_user_id=by,
                )
            )
            if action == "schedule":
                scheduled[(meeting.pk, errand.pk)] = (ItemOutcome.PENDING, None)
            elif action in ("table", "decide"):
                outcome = ItemOutcome.TABLED if action == "table" else ItemOutcome.DECIDED
                scheduled[(meeting.pk, errand.pk)] = (outcome, (when, by) if action == "decide" else None)
    ErrandTransition.objects.bulk_create(transitions, batch_size=BATCH)
    history_model.objects.bulk_create(history, batch_size=BATCH)

    on_meeting: dict[int, list[tuple[int, tuple]]] = {}
    for (meeting_id, errand_id), outcome in scheduled.items():
        on_meeting.setdefault(meeting_id, []).append((errand_id, outcome))
    title_of = {e.pk: e.title for e in errands}
    meeting_by_pk = {m.pk: m for ms in past_by_group.values() for m in ms} | {m.pk: m for m in next_by_group.values()}
    for meeting_id, entries in on_meeting.items():
        order = 1
        for title in STANDING_ITEMS_BEFORE:
            items.append(AgendaItem(meeting_id=meeting_id, order=order, title=str(title)))
            order += 1
        for errand_id, (outcome, decision) in sorted(entries):
            item = AgendaItem(meeting_id=meeting_id, order=order, title=title_of[errand_id], errand_id=errand_id)
            item.outcome = outcome
            items.append(item)
            if decision:
                decided.append((item, errand_id, meeting_by_pk[meeting_id], decision))
            order += 1
        for title in STANDING_ITEMS_AFTER:
            items.append(AgendaItem(meeting_id=meeting_id, order=order, title=str(title)))
            order += 1
    items = bulk_with_history(items, AgendaItem, beredning)
    decisions = bulk_with_history(
        [
            Decision(
                agenda_item_id=item.pk,
                errand_id=errand_id,
                meeting_id=meeting.pk,
                steering_group_id=meeting.steering_group_id,
                text="Styrgruppen beslutar att godkänna förslaget enligt beredningens underlag.",
                follow_up_owner="Beredningen",
                follow_up_date=meeting.date + dt.timedelta(days=90),
                decided_on=meeting.date,
                decided_by_id=by,
            )
            for item, errand_id, meeting, (_, by) in decided
        ],
        Decision,
        beredning,
    )
    return {
        "errands": len(errands),
        "errand transitions": len(transitions),
        "errand history": len(history),
        "meetings": len(meetings),
        "agenda items": len(items),
        "decisions": len(decisions),
    }


register(Builder(name="steeringgroups", build=build_steering_groups, order=15))
register(Builder(name="errands", build=build_errands, order=55))
