"""The pages the bench measures: one line per page in ``PAGES``.

A page is a name, a URL (a string, or a function returning one, run after the data is built) and the roles that see
it. A URL function raises :class:`Unavailable` when the page cannot be measured (there is no object to show); the
bench then reports the page as skipped, with the reason, rather than
failing or leaving it out. Measure pages on objects from the base data (lowest pks), so that scale 1 and scale N
show the same thing and their query counts can be compared.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlencode

from django.apps import apps
from django.urls import reverse

from .data.steeringgroups import BENCH_ERRAND_TITLE, BENCH_GROUP_SLUG

# Each role is measured as one demo account (vudig.portal.demo); "anonymous" is not logged in.
ROLE_USERS: dict[str, str | None] = {
    "anonymous": None,
    "reader": "lasare",
    "process_leader": "processledare",
    "org_manager": "chef.socialtjanst",
    "kommunchef": "kommunchef",
    "steering_chair": "ordf.extern",
    "steering_member": "ledamot.extern",
    "beredning": "beredning",
    "admin": "admin",
}
ERRAND_OVERSEERS = ("process_leader", "kommunchef", "beredning", "admin")
SIGNED_IN = tuple(role for role in ROLE_USERS if role != "anonymous")
EVERYONE = tuple(ROLE_USERS)


class Unavailable(Exception):
    """The page cannot be measured here (say why)."""


@dataclass(frozen=True)
class Page:
    name: str
    url: str | Callable[[], str]
    roles: tuple[str, ...]

    def resolve(self) -> str:
        return self.url() if callable(self.url) else self.url


def _reverse(name: str, kwargs: dict | None = None, query: dict | None = None) -> str:
    url = reverse(name, kwargs=kwargs)
    return f"{url}?{urlencode(query)}" if query else url


def named(url_name: str, query: dict | None = None, **kwargs) -> Callable[[], str]:
    """A URL by its name."""
    return lambda: _reverse(url_name, kwargs, query)


def first(model_label: str, **filters):
    """The first object of a model (lowest pk, i.e. base data); Unavailable if there is none."""
    model = apps.get_model(model_label)
    obj = model._default_manager.filter(**filters).order_by("pk").first()
    if obj is None:
        raise Unavailable(f"inga {model_label} i data (lägg till en builder i bench/data/)")
    return obj


def on_object(name: str, model_label: str, kwargs: Callable[[object], dict], **filters) -> Callable[[], str]:
    """A URL for the first object of a model."""
    return lambda: _reverse(name, kwargs(first(model_label, **filters)))


def _measures_filtered() -> str:
    measure = first("measures.Measure", responsible_organisation__isnull=False)
    return _reverse(
        "measures:list",
        query={
            "plan": measure.plan_id,
            "status": "paborjat",
            "responsible_organisation": measure.responsible_organisation_id,
        },
    )


def _latest_round_year() -> dict:
    round_ = first("maturity.AssessmentRound")
    return {"year": type(round_)._default_manager.order_by("-year").values_list("year", flat=True).first()}


def _errand_queue_filtered() -> str:
    errand = first("steeringgroups.Errand", title=BENCH_ERRAND_TITLE)
    return _reverse("steeringgroups:queue", query={"topic": errand.topic, "organisation": errand.organisation_id})


PAGES: list[Page] = [
    Page("startsida", named("portal:home"), EVERYONE),
    Page("planen", named("portal:plan"), EVERYONE),
    Page("öppna data: measures.json", named("opendata:json", name="measures"), ("anonymous",)),
    Page("öppna data: organisations.json", named("opendata:json", name="organisations"), ("anonymous",)),
    Page("forumlista", named("forums:list"), SIGNED_IN),
    Page("forumkalender", named("forums:calendar"), SIGNED_IN),
    Page("inloggning", named("login"), ("anonymous",)),
    Page("admin: start", named("admin:index"), ("admin",)),
    Page("åtgärdslista", named("measures:list"), SIGNED_IN),
    Page("åtgärdslista, filtrerad", _measures_filtered, SIGNED_IN),
    Page("åtgärdssida", on_object("measures:detail", "measures.Measure", lambda m: {"pk": m.pk}), SIGNED_IN),
    Page("åtgärdslista, sida 40", named("measures:list", query={"page": 40}), SIGNED_IN),
    # A result's own status form (plan.edit: the process leader and the admin): the page that keeps the full option
    # lists of decisions, measures and results since the measure page and the list carry the inline form (issue 19).
    Page(
        "resultatets statusformulär",
        on_object(
            "measures:result_status",
            "measures.MeasureResult",
            lambda r: {"pk": r.measure_id, "result_pk": r.pk},
            archived=False,
            measure__archived=False,
        ),
        ("process_leader", "admin"),
    ),
    Page("ramprojektlista", named("projects:list"), SIGNED_IN),
    Page(
        "ramprojektsida", on_object("projects:detail", "projects.FrameProject", lambda p: {"slug": p.slug}), SIGNED_IN
    ),
    Page("mognad: start", named("maturity:index"), SIGNED_IN),
    Page("mognad: översikt", lambda: _reverse("maturity:round", _latest_round_year()), SIGNED_IN),
    Page("mognad: värmekarta", lambda: _reverse("maturity:heatmap", _latest_round_year()), SIGNED_IN),
    # Issue 17: the comparison (everyone signed in) and one organisation's respondent overview (its manager and the
    # process leader, rule respondent.manage); data: bench/data/maturity.py.
    Page("mognad: jämförelse", lambda: _reverse("maturity:comparison", _latest_round_year()), SIGNED_IN),
    Page(
        "mognad: respondenter",
        lambda: _reverse("maturity:respondents", {**_latest_round_year(), "org": "socialtjanst"}),
        ("org_manager", "process_leader"),
    ),
    # Ärenden to the steering groups (data: bench/data/steeringgroups.py). Roles as the rules (vudig.core.rules) rule them:
    # the pages behind portal.view for everyone signed in; the beredning queue (errand.triage) for the beredning; a
    # group's queue (group.view_queue) for the overseers and the group's chair and member; the ärende page
    # (errand.view) for the overseers, the organisation's manager and the group it is with — the reader may not.
    Page("styrgrupper: mina ärenden", named("steeringgroups:errands"), SIGNED_IN),
    Page("beredningskö", named("steeringgroups:queue"), ("beredning",)),
    Page("beredningskö, filtrerad", _errand_queue_filtered, ("beredning",)),
    Page("beredningskö, sida 20", named("steeringgroups:queue", query={"sida": 20}), ("beredning",)),
    Page(
        "styrgruppens kö",
        named("steeringgroups:group_queue", slug=BENCH_GROUP_SLUG),
        ERRAND_OVERSEERS + ("steering_chair", "steering_member"),
    ),
    Page("styrgruppssida", named("steeringgroups:detail", slug=BENCH_GROUP_SLUG), SIGNED_IN),
    Page("beslutsregister", named("steeringgroups:decisions"), SIGNED_IN),
    Page(
        "ärendesida",
        on_object(
            "steeringgroups:errand_detail", "steeringgroups.Errand", lambda e: {"pk": e.pk}, title=BENCH_ERRAND_TITLE
        ),
        ERRAND_OVERSEERS + ("org_manager", "steering_chair", "steering_member"),
    ),
    Page("rapporter", named("reports:list"), SIGNED_IN),
    # Follow-up periods (issue 11): the completion board, the period list and a person's list, read by anyone with a
    # role (period.view); the bench's open period is the demo's (or the builder's "Benchperiod").
    Page("uppföljningsperioder", named("measures:periods"), SIGNED_IN),
    Page(
        "uppföljning: tavla",
        on_object("measures:period_detail", "measures.FollowUpPeriod", lambda p: {"pk": p.pk}, state="open"),
        SIGNED_IN,
    ),
    Page(
        "uppföljning: min lista",
        on_object("measures:period_mine", "measures.FollowUpPeriod", lambda p: {"pk": p.pk}, state="open"),
        ("org_manager", "process_leader"),
    ),
    # Issue 12: a person's own notices (newest first, those about what they may no longer see left out) and their
    # choices per category; data: bench/data/core.py (build_notices), 40 per scale and demo account.
    Page("notiser", named("notices:list"), SIGNED_IN),
    Page("notiser, sida 2", named("notices:list", query={"page": 2}), SIGNED_IN),
    Page("mina inställningar", named("notices:preferences"), SIGNED_IN),
]
