"""Demo accounts for every role and a little sample activity. LOCAL USE ONLY: the password is public."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction

from measures.constants import ResultStatus
from measures.models import MeasureResult
from steeringgroups.models import SteeringGroup
from vudig.core import demo
from vudig.core.constants import Role
from vudig.core.models import Organisation, RoleAssignment

DEMO_PASSWORD = "pitea-demo-2026"


@dataclass(frozen=True)
class DemoAccount:
    username: str
    first_name: str
    last_name: str
    role: Role
    organisation: str | None = None  # organisation slug
    steering_group: str | None = None  # steering group slug
    superuser: bool = False


DEMO_ACCOUNTS = [
    DemoAccount("processledare", "Pia", "Processledare", Role.PROCESS_LEADER),
    DemoAccount("kommunchef", "Kim", "Kommunchef", Role.KOMMUNCHEF),
    DemoAccount("chef.socialtjanst", "Sara", "Socialchef", Role.ORG_MANAGER, organisation="socialtjanst"),
    DemoAccount("chef.utbildning", "Ulf", "Utbildningschef", Role.ORG_MANAGER, organisation="utbildning"),
    DemoAccount("chef.pitebo", "Bo", "Bolagschef", Role.ORG_MANAGER, organisation="pitebo"),
    DemoAccount("ordf.extern", "Eva", "Ordförande", Role.STEERING_CHAIR, steering_group="extern-digitalisering"),
    DemoAccount("ledamot.extern", "Erik", "Ledamot", Role.STEERING_MEMBER, steering_group="extern-digitalisering"),
    DemoAccount("ordf.intern", "Ines", "Ordförande", Role.STEERING_CHAIR, steering_group="intern-digitalisering"),
    DemoAccount("ordf.it", "Ivar", "Ordförande", Role.STEERING_CHAIR, steering_group="it-miljo-och-infrastruktur"),
    DemoAccount("beredning", "Berit", "Beredare", Role.BEREDNING),
    DemoAccount("lasare", "Lars", "Läsare", Role.READER),
    DemoAccount("admin", "Ada", "Administratör", Role.ADMIN, superuser=True),
]


@transaction.atomic
def demo_load() -> list[str]:
    """Create (or refresh) the demo accounts and sample activity; safe to run again."""
    User = get_user_model()
    created = []
    users = {}
    for account in DEMO_ACCOUNTS:
        user, was_created = User.objects.get_or_create(
            username=account.username,
            defaults={
                "first_name": account.first_name,
                "last_name": account.last_name,
                "email": f"{account.username}@example.invalid",
            },
        )
        user.set_password(DEMO_PASSWORD)
        user.is_staff = user.is_superuser = account.superuser
        user.save()
        RoleAssignment.objects.get_or_create(
            user=user,
            role=account.role,
            organisation=Organisation.objects.get(slug=account.organisation) if account.organisation else None,
            steering_group=SteeringGroup.objects.get(slug=account.steering_group) if account.steering_group else None,
        )
        users[account.username] = user
        if was_created:
            created.append(account.username)
    _sample_activity(users)
    _app_demos(users)
    _kommunchef_uppdrag(users)
    return created


def _app_demos(users) -> None:
    """Each app's sample activity, registered in its own demo.py (vudig.core.demo)."""
    for load in demo.loaders():
        load(users)


def _sample_activity(users) -> None:
    """A status change with a motivation, so the history has a real entry from the process leader."""
    result = (
        MeasureResult.objects.filter(
            measure__plan__slug="tidigare-atgarder", title="Verksamhetsspecifikt kartläggningsarbete"
        )
        .select_related("measure")
        .first()
    )
    if result is None or result.history.filter(history_user=users["processledare"]).exists():
        return
    # Demo only: the process leader records that the mapping work has been restarted (status stays Påbörjat).
    result.status = ResultStatus.PABORJAT
    result._change_reason = "Demo: kartläggningen har startats om i Socialtjänst och Utbildning."
    result._history_user = users["processledare"]
    result.save()


KOMMUNCHEF_UPPDRAG = "Förankra den digitala lokalbokningen i kommunledningsgruppen"


def _kommunchef_uppdrag(users) -> None:
    """An uppdrag for the kommunchef from the held meeting's decision, so his "Att göra" has something real (the
    demo's plans are all decided): once, through the chair's service."""
    import datetime as dt

    from django.utils import timezone

    from steeringgroups.models import FollowUp
    from steeringgroups.services import followup_create

    if "kommunchef" not in users or "ordf.extern" not in users:
        return
    follow_up = FollowUp.objects.filter(decision__steering_group__slug="extern-digitalisering").first()
    if follow_up is None or FollowUp.objects.filter(what=KOMMUNCHEF_UPPDRAG).exists():
        return
    followup_create(
        decision=follow_up.decision,
        what=KOMMUNCHEF_UPPDRAG,
        owner=users["kommunchef"],
        due_date=timezone.localdate() + dt.timedelta(days=30),
        by=users["ordf.extern"],
    )
