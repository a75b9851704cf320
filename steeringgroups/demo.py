"""Sample ärenden in different states and one planned meeting per group. Idempotent: keyed on the titles."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from vudig.core import demo
from vudig.core.models import Organisation

from .constants import ErrandAction, Topic, Urgency
from .models import Errand, Meeting, SteeringGroup
from .services import errand_submit, errand_transition, meeting_plan

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
    chairs = {
        "extern-digitalisering": "ordf.extern",
        "intern-digitalisering": "ordf.intern",
        "it-miljo-och-infrastruktur": "ordf.it",
    }
    for slug, chair in chairs.items():
        group = groups.get(slug)
        if group is None or chair not in users or Meeting.objects.filter(steering_group=group).upcoming().exists():
            continue
        meeting_plan(
            group=group, dates=[timezone.localdate() + timedelta(days=14)], place="Stadshuset", by=users[chair]
        )
