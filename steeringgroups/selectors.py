"""Reads: every list starts from a QuerySet narrowed by for_user(), then filters."""

from __future__ import annotations

from django.conf import settings
from django.db.models import Count, Prefetch, Q

from projects.models import PhaseChange
from vudig.core.models import RegulatoryArea

from .constants import GROUP_QUEUE_STATES, TOPIC_RULES, DecisionKind, ErrandAction, ErrandState, SignerRole
from .filters import ErrandFilter
from .models import (
    AgendaItem,
    Attachment,
    Attendance,
    Decision,
    Errand,
    ErrandTransition,
    FollowUp,
    Meeting,
    ProtocolSigner,
    SteeringGroup,
)


def steering_group_list():
    """The steering groups with their goal."""
    return SteeringGroup.objects.select_related("goal")


def steering_group_choices() -> list[tuple[str, str]]:
    """(slug, name) of every steering group in their order: a filter's options, no model per group."""
    return list(SteeringGroup.objects.order_by("order", "pk").values_list("slug", "name"))


def steering_group_get(*, slug: str) -> SteeringGroup | None:
    """One steering group by slug."""
    return steering_group_list().filter(slug=slug).first()


def _errand_rows(qs):
    return qs.select_related("organisation", "steering_group", "submitted_by")


def errand_list_mine(*, user):
    """What this person has submitted, newest first."""
    return _errand_rows(Errand.objects.filter(submitted_by_id=user.pk)).order_by("-created_at", "-pk")


def errand_queue(*, user, data=None, group: SteeringGroup | None = None):
    """A queue (beredning's, or one group's) filtered by django-filter; returns the FilterSet."""

    qs = Errand.objects.for_user(user)
    if group is not None:
        qs = qs.filter(steering_group=group)
    if not (data or {}).get("state"):
        qs = qs.open()  # closed ärenden only when asked for by state
    return ErrandFilter(data or None, queryset=_errand_rows(qs).prioritised(), group=group)


def errand_get(*, user, pk: int) -> Errand | None:
    """One ärende if this person may read it."""
    return (
        Errand.objects.for_user(user)
        .select_related("organisation", "steering_group", "submitted_by", "forum")
        .prefetch_related(
            "measures",
            "projects",
            Prefetch("attachments", queryset=Attachment.objects.select_related("uploaded_by")),
            Prefetch("transitions", queryset=ErrandTransition.objects.select_related("by", "from_group", "to_group")),
            Prefetch("decisions", queryset=Decision.objects.select_related("meeting", "steering_group")),
        )
        .filter(pk=pk)
        .first()
    )


def errand_open_questions(errand: Errand) -> list[ErrandTransition]:
    """The beredning's requests for more information, newest first (from the prefetched transitions)."""
    return [t for t in reversed(errand.transitions.all()) if t.action == ErrandAction.REQUEST_INFO]


def errand_regulatory_area(errand: Errand) -> RegulatoryArea | None:
    """The omvärld area a topic stands for, if any."""
    number = TOPIC_RULES[errand.topic].regulatory_area
    return RegulatoryArea.objects.filter(number=number).first() if number else None


def topic_suggested_group(*, topic: str) -> SteeringGroup | None:
    """The group the portal suggests for a topic (see TOPIC_RULES in constants)."""
    rule = TOPIC_RULES.get(topic)
    return SteeringGroup.objects.filter(slug=rule.group_slug).first() if rule else None


def group_queue_for_agenda(*, group: SteeringGroup):
    """Ärenden the chair can put on an agenda (hänskjutna and bordlagda), in priority order."""
    return _errand_rows(Errand.objects.filter(steering_group=group, state__in=GROUP_QUEUE_STATES)).prioritised()


def meeting_list(*, group: SteeringGroup):
    """A group's meetings with the number of ärenden on each agenda."""
    return Meeting.objects.filter(steering_group=group).annotate(
        errand_count=Count("items", filter=Q(items__errand__isnull=False))
    )


def meeting_get(*, pk: int) -> Meeting | None:
    """A meeting with its agenda, the ärenden on it and their decisions, attendance and justerare."""
    return (
        Meeting.objects.select_related("steering_group", "frozen_by", "closed_by")
        .prefetch_related(
            Prefetch(
                "items",
                queryset=AgendaItem.objects.select_related(
                    "errand", "errand__organisation", "decision", "status_report", "status_report__project"
                ).order_by("order", "pk"),
            ),
            Prefetch("attendance", queryset=Attendance.objects.select_related("person")),
            Prefetch("signers", queryset=ProtocolSigner.objects.select_related("person").order_by("-role", "pk")),
            "adjuncts",
        )
        .filter(pk=pk)
        .first()
    )


def _pdf_css() -> str:
    return (settings.BASE_DIR / "static" / "css" / "steeringgroups.css").as_uri()


def meeting_protocol_context(meeting: Meeting) -> dict:
    """What the protocol PDF shows: the meeting, attendance, justerare, every § with its outcome, the justering."""
    meeting = meeting_get(pk=meeting.pk)
    return {
        "meeting": meeting,
        "items": list(meeting.items.all()),
        "group": meeting.steering_group,
        "attendance": list(meeting.attendance.all()),
        "signers": list(meeting.signers.all()),
        "adjusters": [s for s in meeting.signers.all() if s.role == SignerRole.JUSTERARE],
        "css_url": _pdf_css(),
    }


def meeting_agenda_context(meeting: Meeting) -> dict:
    """What the agenda PDF (sent with the kallelse) shows."""
    meeting = meeting_get(pk=meeting.pk)
    return {
        "meeting": meeting,
        "items": list(meeting.items.all()),
        "group": meeting.steering_group,
        "open_follow_ups": list(follow_up_open_for_group(group=meeting.steering_group)),
        "css_url": _pdf_css(),
    }


def follow_up_open_for_group(*, group: SteeringGroup):
    """The group's open uppdrag, earliest due first (the standing item "beslutsuppföljning" lists them)."""
    return (
        FollowUp.objects.open()
        .filter(decision__steering_group=group)
        .select_related("owner", "decision", "decision__steering_group")
        .order_by("due_date", "pk")
    )


def open_followups_for(user):
    """The uppdrag this person owns that are not done, earliest due first (for a to-do page)."""
    if not getattr(user, "is_authenticated", False):
        return FollowUp.objects.none()
    return (
        FollowUp.objects.open()
        .filter(owner_id=user.pk)
        .select_related("decision", "decision__steering_group", "decision__errand")
        .order_by("due_date", "pk")
    )


def decision_register(*, group: SteeringGroup | None = None, year: int | None = None, kind: str = ""):
    """The one register: decisions (steering-group §, gates, plan decisions), newest first, filtered."""
    qs = Decision.objects.register()
    if group is not None:
        qs = qs.filter(steering_group=group)
    if year:
        qs = qs.of_year(year)
    if kind == DecisionKind.GATE:  # a gate decision is also a group's § that a project's gate cites
        qs = qs.filter(Q(kind=kind) | Q(is_gate=True))
    elif kind in DecisionKind.values:
        qs = qs.filter(kind=kind)
    return qs


def decision_years() -> list[int]:
    """The years that have decisions, newest first (for the register's filter)."""
    return sorted({d.year for d in Decision.objects.dates("decided_on", "year")}, reverse=True)


def decision_get(*, pk: int) -> Decision | None:
    """One decision with what it concerns and its uppdrag."""
    return (
        Decision.objects.register()
        .select_related("meeting")
        .prefetch_related(
            Prefetch("follow_ups", queryset=FollowUp.objects.select_related("owner")),
            Prefetch("gate_changes", queryset=PhaseChange.objects.select_related("project").order_by("pk")),
        )
        .filter(pk=pk)
        .first()
    )


def decisions_about(**subject):
    """The decisions about one ärende, project, plan or measure (e.g. ``project=p``), newest first."""
    return Decision.objects.register().filter(**subject)


def errand_state_counts(*, user) -> dict[str, int]:
    """How many of the ärenden this person may read are in each state (one query)."""
    rows = Errand.objects.for_user(user).values("state").annotate(n=Count("pk"))
    counts = {state: 0 for state in ErrandState.values}
    counts.update({row["state"]: row["n"] for row in rows})
    return counts


def adjunct_candidates(*, group: SteeringGroup):
    """People who may be adjungerade to a group's meeting: active people with a role, outside the group."""
    from django.contrib.auth import get_user_model

    from vudig.core.models import RoleAssignment

    members = RoleAssignment.objects.filter(steering_group=group).values("user_id")
    with_roles = RoleAssignment.objects.values("user_id")
    return (
        get_user_model()
        .objects.filter(is_active=True, pk__in=with_roles)
        .exclude(pk__in=members)
        .order_by("last_name", "first_name", "pk")
    )


def meeting_history(meeting: Meeting):
    """Who changed what on a meeting: its own rows, the attendance and the justering (one query each)."""
    from vudig.core.history import timeline

    return timeline(
        [
            meeting.history.all(),
            Attendance.history.filter(meeting_id=meeting.pk),
            ProtocolSigner.history.filter(meeting_id=meeting.pk),
        ]
    )


def decision_history(decision: Decision):
    """Who changed what on a decision and its uppdrag."""
    from vudig.core.history import timeline

    return timeline([decision.history.all(), FollowUp.history.filter(decision_id=decision.pk)])
