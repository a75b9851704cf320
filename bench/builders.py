"""Synthetic data for benchmarks, one builder per app, run in ``order`` into a throw-away database.

Scale 1 is Piteå as it stands: the real plan (``plan_load``), the demo accounts (``demo_load``), plus a few years of
growth (history rows, meetings). Scale N adds N-1 "municipalities" of the same shape (organisations, measures with
results, frame projects, steering groups, forums), so every volume is about N times scale 1.

Adding a builder (e.g. maturity rounds, ärenden) after the app lands:

    from bench.builders import Builder, register

    def build_errands(scale: int, rng: random.Random) -> dict[str, int]:
        ...  # bulk_create (with history_rows()/bulk_create_with_history for tracked models)
        return {"errands": n, "errand history": m}

    register(Builder(name="errands", build=build_errands, order=60))

either here or in the app's own ``benchdata.py`` (found by autodiscovery, like admin.py). Keep to these rules:
use bulk_create (the synthetic rows are not business events, so services are bypassed on purpose), keep the data
deterministic from ``rng``, make the volume proportional to ``scale``, and leave the base data's first rows (lowest
pks) alone, because pages are measured on them and must show the same thing at every scale.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import models
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

BATCH = 1000
# Years of history behind every result at every scale ("a few years of rounds and ärenden").
HISTORY_YEARS = 4
REASON = "Syntetiska benchmarkdata"


@dataclass(frozen=True)
class Builder:
    name: str
    build: Callable[[int, random.Random], dict[str, int]]
    order: int = 100


_REGISTRY: dict[str, Builder] = {}


def register(builder: Builder) -> Builder:
    """Add (or replace, by name) a data builder."""
    _REGISTRY[builder.name] = builder
    return builder


def builders() -> list[Builder]:
    return sorted(_REGISTRY.values(), key=lambda b: (b.order, b.name))


def autodiscover() -> None:
    """Import every installed app's optional ``benchdata`` module so it can register builders."""
    from django.utils.module_loading import autodiscover_modules

    autodiscover_modules("benchdata")


# -- helpers ---------------------------------------------------------------------------------------------------


def history_rows(
    model: type[models.Model],
    objs: Iterable[models.Model],
    *,
    dates: Callable[[models.Model], list[dt.datetime]],
    user=None,
    mutate: Callable[[models.Model, dict, int], None] | None = None,
) -> int:
    """Bulk-insert "~" (changed) history rows for ``objs``: one per date, fields copied, optionally mutated."""
    history_model = model.history.model
    attnames = [f.attname for f in model._meta.concrete_fields]
    rows = []
    for obj in objs:
        for i, when in enumerate(dates(obj)):
            values = {name: getattr(obj, name) for name in attnames}
            if mutate:
                mutate(obj, values, i)
            rows.append(
                history_model(
                    **values,
                    history_date=when,
                    history_type="~",
                    history_change_reason=REASON,
                    history_user_id=user.pk if user else None,
                )
            )
    history_model.objects.bulk_create(rows, batch_size=BATCH)
    return len(rows)


def _bulk(objs: list, model, user=None) -> list:
    """bulk_create with one "+" history row per object (fast, unlike save())."""
    if not objs:
        return []
    return bulk_create_with_history(objs, model, batch_size=BATCH, default_user=user, default_change_reason=REASON)


def _process_leader():
    return get_user_model().objects.filter(username="processledare").first()


def _spread_dates(rng: random.Random, per_year: int) -> list[dt.datetime]:
    now = timezone.now()
    return sorted(now - dt.timedelta(days=rng.uniform(0, 365 * HISTORY_YEARS)) for _ in range(per_year * HISTORY_YEARS))


# -- builders for the apps on main -----------------------------------------------------------------------------


def build_base(scale: int, rng: random.Random) -> dict[str, int]:
    """Piteå's real plan and the demo accounts (one person per role), exactly as ``make serve`` loads them."""
    from vudig.portal.demo import demo_load
    from vudig.portal.plan_loader import plan_load

    plan_load()
    demo_load()
    return {}


def build_core(scale: int, rng: random.Random) -> dict[str, int]:
    """N-1 more municipalities' organisations, each with a manager (a real password hash, made once)."""
    from vudig.core.constants import OrganisationKind, Role
    from vudig.core.models import Organisation, RoleAssignment

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
    leader = _process_leader()
    orgs = _bulk(orgs, Organisation, leader)
    User = get_user_model()
    password = make_password("bench-password-not-secret")
    users = User.objects.bulk_create(
        [User(username=f"chef.{o.slug}", password=password, first_name="Chef", last_name=o.name[:150]) for o in orgs],
        batch_size=BATCH,
    )
    by_name = {u.username: u for u in User.objects.filter(username__in=[u.username for u in users])}
    assignments = [RoleAssignment(user=by_name[f"chef.{o.slug}"], role=Role.ORG_MANAGER, organisation=o) for o in orgs]
    _bulk(assignments, RoleAssignment, leader)
    return {"organisations": len(orgs), "users": len(users), "role assignments": len(assignments)}


def build_steering_groups(scale: int, rng: random.Random) -> dict[str, int]:
    """N-1 more sets of the three steering groups, each with a chair and two members."""
    from steeringgroups.models import SteeringGroup
    from vudig.core.constants import Role
    from vudig.core.models import RoleAssignment

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
    leader = _process_leader()
    groups = _bulk(groups, SteeringGroup, leader)
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
    _bulk(
        [RoleAssignment(user=by_name[f"{label}.{g.slug}"], role=role, steering_group=g) for g, role, label in seats],
        RoleAssignment,
        leader,
    )
    return {"steering groups": len(groups), "steering-group seats": len(seats)}


def build_measures(scale: int, rng: random.Random) -> dict[str, int]:
    """N-1 copies of every plan's measures and results, then a few years of status changes behind every result."""
    from measures.constants import ResultStatus
    from measures.models import Measure, MeasureResult
    from vudig.core.models import Organisation

    leader = _process_leader()
    base_measures = list(Measure.objects.order_by("pk"))
    base_results = list(MeasureResult.objects.order_by("pk"))
    orgs_by_copy: dict[int, list[int]] = {}
    for pk, slug in Organisation.objects.values_list("pk", "slug"):
        copy = int(slug.rsplit("-k", 1)[1]) if "-k" in slug and slug.rsplit("-k", 1)[1].isdigit() else 1
        orgs_by_copy.setdefault(copy, []).append(pk)
    measures = []
    for k in range(2, scale + 1):
        for m in base_measures:
            measures.append(
                Measure(
                    plan_id=m.plan_id,
                    title=f"K{k}: {m.title}"[:300],
                    responsible=m.responsible,
                    responsible_organisation_id=rng.choice(orgs_by_copy.get(k) or orgs_by_copy[1]),
                    category=m.category,
                    description=m.description,
                    order=m.order,
                    archived=m.archived,
                )
            )
    measures = _bulk(measures, Measure, leader)
    copy_of = {}
    for i, m in enumerate(measures):
        copy_of[(i // len(base_measures) + 2, base_measures[i % len(base_measures)].pk)] = m.pk
    results = [
        MeasureResult(
            measure_id=copy_of[(k, r.measure_id)],
            title=r.title,
            status=r.status,
            order=r.order,
            archived=r.archived,
        )
        for k in range(2, scale + 1)
        for r in base_results
    ]
    results = _bulk(results, MeasureResult, leader)
    statuses = [s.value for s in ResultStatus]

    def change_status(obj, values, i):
        values["status"] = rng.choice(statuses) if i < 7 else obj.status
        values["version"] = i + 1

    everything = list(MeasureResult.objects.order_by("pk"))
    result_history = history_rows(
        MeasureResult, everything, dates=lambda r: _spread_dates(rng, 2), user=leader, mutate=change_status
    )
    measure_history = history_rows(
        Measure, Measure.objects.order_by("pk"), dates=lambda m: _spread_dates(rng, 1)[:2], user=leader
    )
    return {
        "measures": len(measures),
        "results": len(results),
        "result history": result_history,
        "measure history": measure_history,
    }


def build_projects(scale: int, rng: random.Random) -> dict[str, int]:
    """N-1 copies of the four frame projects, each under its copy's steering group and measure."""
    from measures.models import Measure
    from projects.models import FrameProject
    from steeringgroups.models import SteeringGroup

    base = list(FrameProject.objects.select_related("steering_group").order_by("pk"))
    groups = SteeringGroup.objects.in_bulk(field_name="slug")
    measure_titles = dict(Measure.objects.values_list("pk", "title"))
    plan_of = dict(Measure.objects.values_list("pk", "plan_id"))
    by_plan_title = {(plan_of[pk], title): pk for pk, title in measure_titles.items()}
    projects = []
    for k in range(2, scale + 1):
        for p in base:
            group_slug = f"{p.steering_group.slug}-k{k}"
            measure_id = None
            if p.measure_id:
                measure_id = by_plan_title.get((plan_of[p.measure_id], f"K{k}: {measure_titles[p.measure_id]}"[:300]))
            projects.append(
                FrameProject(
                    name=f"{p.name} (kommun {k})",
                    slug=f"{p.slug}-k{k}",
                    measure_id=measure_id,
                    steering_group=groups.get(group_slug, p.steering_group),
                    purpose=p.purpose,
                    assignment=p.assignment,
                    implementation=p.implementation,
                    goals=p.goals,
                    order=1000 * k + p.order,
                )
            )
    projects = _bulk(projects, FrameProject, _process_leader())
    return {"frame projects": len(projects)}


def build_forums(scale: int, rng: random.Random) -> dict[str, int]:
    """N-1 copies of the forums (feeding their copy's groups), and four meetings a year for a few years in each."""
    from forums.models import Forum, ForumMeeting
    from steeringgroups.models import SteeringGroup

    leader = _process_leader()
    base = list(Forum.objects.prefetch_related("feeds").order_by("pk"))
    groups = SteeringGroup.objects.in_bulk(field_name="slug")
    forums = _bulk(
        [
            Forum(
                name=f"{f.name} (kommun {k})",
                slug=f"{f.slug}-k{k}",
                purpose=f.purpose,
                responsible=f.responsible,
                order=1000 * k + f.order,
            )
            for k in range(2, scale + 1)
            for f in base
        ],
        Forum,
        leader,
    )
    through = Forum.feeds.through
    feeds = []
    for i, forum in enumerate(forums):
        k, original = i // len(base) + 2, base[i % len(base)]
        for group in original.feeds.all():
            copy = groups.get(f"{group.slug}-k{k}")
            if copy:
                feeds.append(through(forum_id=forum.pk, steeringgroup_id=copy.pk))
    through.objects.bulk_create(feeds, batch_size=BATCH)
    today = timezone.localdate()
    topics = ["AI", "e-arkiv", "informationssäkerhet", "e-tjänster", "molntjänster", "NIS2", "öppna data"]
    meetings = []
    for forum in Forum.objects.order_by("pk"):
        for year in range(today.year - HISTORY_YEARS + 1, today.year + 1):
            for month in (2, 5, 9, 11):
                meetings.append(
                    ForumMeeting(
                        forum=forum,
                        date=dt.date(year, month, rng.randint(1, 28)),
                        title=f"Forummöte {month}/{year}",
                        topics=", ".join(rng.sample(topics, 2)),
                        participants=rng.randint(5, 60),
                        notes="Anteckningar från mötet. " * 5,
                    )
                )
    _bulk(meetings, ForumMeeting, leader)
    return {"forums": len(forums), "forum feeds": len(feeds), "forum meetings": len(meetings)}


register(Builder(name="base", build=build_base, order=0))
register(Builder(name="core", build=build_core, order=10))
register(Builder(name="steeringgroups", build=build_steering_groups, order=15))
register(Builder(name="measures", build=build_measures, order=20))
register(Builder(name="projects", build=build_projects, order=30))
register(Builder(name="forums", build=build_forums, order=40))
