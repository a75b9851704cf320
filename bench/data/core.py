"""Bench data for the core: Piteå's plan and demo accounts (the base of every scale) and more municipalities."""

from __future__ import annotations

import random

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password

from bench.builders import BATCH, Builder, bulk_with_history, process_leader, register
from vudig.core.constants import OrganisationKind, Role
from vudig.core.models import Organisation, RoleAssignment
from vudig.portal.demo import demo_load
from vudig.portal.plan_loader import plan_load


def build_base(scale: int, rng: random.Random) -> dict[str, int]:
    """Piteå's real plan and the demo accounts (one person per role), exactly as ``make serve`` loads them."""
    plan_load()
    demo_load()
    return {}


def build_core(scale: int, rng: random.Random) -> dict[str, int]:
    """N-1 more municipalities' organisations, each with a manager (a real password hash, made once)."""
    base = list(Organisation.objects.order_by("pk"))
    kinds = [k.value for k in OrganisationKind]
    orgs = [
        Organisation(
            name=f"{o.name} (kommun {k})",
            short_name=o.short_name,
            slug=f"{o.slug}-k{k}",
            kind=o.kind if o.kind in kinds else kinds[0],
            order=1000 * k + o.order,
        )
        for k in range(2, scale + 1)
        for o in base
    ]
    leader = process_leader()
    orgs = bulk_with_history(orgs, Organisation, leader)
    User = get_user_model()
    password = make_password("bench-password-not-secret")
    users = User.objects.bulk_create(
        [User(username=f"chef.{o.slug}", password=password, first_name="Chef", last_name=o.name[:150]) for o in orgs],
        batch_size=BATCH,
    )
    by_name = {u.username: u for u in User.objects.filter(username__in=[u.username for u in users])}
    assignments = [RoleAssignment(user=by_name[f"chef.{o.slug}"], role=Role.ORG_MANAGER, organisation=o) for o in orgs]
    bulk_with_history(assignments, RoleAssignment, leader)
    return {"organisations": len(orgs), "users": len(users), "role assignments": len(assignments)}


register(Builder(name="base", build=build_base, order=0))
register(Builder(name="core", build=build_core, order=10))


def build_notices(scale: int, rng: random.Random) -> dict[str, int]:
    """40 notices per scale for each demo account, half about an organisation (a view rule to check), half read."""
    import datetime as dt

    from django.contrib.contenttypes.models import ContentType
    from django.utils import timezone

    from vudig.core.models import Notice
    from vudig.portal.demo import DEMO_ACCOUNTS

    people = list(get_user_model().objects.filter(username__in=[a.username for a in DEMO_ACCOUNTS]).order_by("pk"))
    organisations = list(Organisation.objects.order_by("pk")[:20])
    org_type = ContentType.objects.get_for_model(Organisation)
    now = timezone.now()
    notices = []
    for person in people:
        for n in range(40 * scale):
            about = organisations[rng.randrange(len(organisations))] if n % 2 else None
            notices.append(
                Notice(
                    recipient=person,
                    category="maturity.returned" if about else "reports.ready",
                    key=f"bench:{person.pk}:{n}",
                    subject=f"Benchnotis {n}",
                    url="/mognad/" if about else "/rapporter/",
                    target_content_type=org_type if about else None,
                    target_id=about.pk if about else None,
                    view_rule="assessment.view" if about else "",
                    delivery="digest",
                    created_at=now - dt.timedelta(hours=n),
                    read_at=now if n % 3 == 0 else None,
                )
            )
    Notice.objects.bulk_create(notices, batch_size=BATCH)
    return {"notices": len(notices)}


register(Builder(name="notices", build=build_notices, order=95))
