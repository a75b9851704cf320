"""Bench data for the forums: copies of the forums and four meetings a year in each."""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from bench.builders import BATCH, HISTORY_YEARS, Builder, bulk_with_history, process_leader, register
from forums.models import Forum, ForumMeeting
from steeringgroups.models import SteeringGroup


def build_forums(scale: int, rng: random.Random) -> dict[str, int]:
    """N-1 copies of the forums (feeding their copy's groups), and four meetings a year for a few years in each."""
    leader = process_leader()
    base = list(Forum.objects.prefetch_related("feeds").order_by("pk"))
    groups = SteeringGroup.objects.in_bulk(field_name="slug")
    forums = bulk_with_history(
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
    bulk_with_history(meetings, ForumMeeting, leader)
    return {"forums": len(forums), "forum feeds": len(feeds), "forum meetings": len(meetings)}


register(Builder(name="forums", build=build_forums, order=40))
