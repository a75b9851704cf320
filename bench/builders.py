"""The data builders' registry and the helpers they share; the builders themselves live in ``bench.data``.

Synthetic data for benchmarks, one builder per app, run in ``order`` into a throw-away database. Scale 1 is Piteå as
it stands: the real plan (``plan_load``), the demo accounts (``demo_load``), plus a few years of growth (history rows,
meetings). Scale N adds N-1 "municipalities" of the same shape (organisations, measures with results, frame
projects, steering groups, forums), so every volume is about N times scale 1.

Adding a builder: a function in the app's module under ``bench/data/`` (a new module is imported in
``bench/data/__init__.py``), registered next to it::

    from bench.builders import Builder, bulk_with_history, register

    def build_errands(scale: int, rng: random.Random) -> dict[str, int]:
        ...  # bulk_with_history() / history_rows() for tracked models
        return {"errands": n, "errand history": m}

    register(Builder(name="errands", build=build_errands, order=55))

The apps know nothing of the bench. Keep to these rules: use bulk inserts (the synthetic rows are not business
events, so services are bypassed on purpose), keep the data deterministic from ``rng``, make the volume proportional
to ``scale``, and leave the base data's first rows (lowest pks) alone, because pages are measured on them and must
show the same thing at every scale.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.contrib.auth import get_user_model
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
    """Every registered builder, in the order they run."""
    return sorted(_REGISTRY.values(), key=lambda b: (b.order, b.name))


# -- helpers for builders --------------------------------------------------------------------------------------


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


def bulk_with_history(objs: list, model, user=None) -> list:
    """bulk_create with one "+" history row per object (fast, unlike save())."""
    if not objs:
        return []
    return bulk_create_with_history(objs, model, batch_size=BATCH, default_user=user, default_change_reason=REASON)


def process_leader():
    """The demo process leader, who "made" most synthetic rows (None before the base data is loaded)."""
    return get_user_model().objects.filter(username="processledare").first()


def spread_dates(rng: random.Random, per_year: int) -> list[dt.datetime]:
    """``per_year`` moments a year over the last HISTORY_YEARS years, oldest first."""
    now = timezone.now()
    return sorted(now - dt.timedelta(days=rng.uniform(0, 365 * HISTORY_YEARS)) for _ in range(per_year * HISTORY_YEARS))
