"""Writes for forums: their meetings and which steering groups they feed."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from vudig.core.concurrency import bump_version, check_version

from .models import Forum, ForumMeeting


@transaction.atomic
def forum_meeting_create(
    *, forum: Forum, date: date, title: str = "", topics: str = "", participants: int | None = None, notes: str = "", by
) -> ForumMeeting:
    """Record a forum meeting."""
    meeting = ForumMeeting(
        forum=forum, date=date, title=title, topics=_clean_topics(topics), participants=participants, notes=notes
    )
    meeting.full_clean()
    meeting._change_reason = "Möte registrerat"
    meeting._history_user = by
    meeting.save()
    return meeting


@transaction.atomic
def forum_meeting_update(
    *,
    meeting: ForumMeeting,
    expected_version: int | None,
    date: date,
    title: str = "",
    topics: str = "",
    participants: int | None = None,
    notes: str = "",
    by,
) -> ForumMeeting:
    """Change a forum meeting; refuses a save made from a stale page."""
    current = ForumMeeting.objects.select_for_update().get(pk=meeting.pk)
    check_version(current=current, expected_version=expected_version)
    current.date, current.title, current.topics = date, title, _clean_topics(topics)
    current.participants, current.notes = participants, notes
    current.full_clean()
    bump_version(current)
    current._change_reason = "Möte ändrat"
    current._history_user = by
    current.save()
    return current


@transaction.atomic
def forum_set_feeds(*, forum: Forum, groups, by) -> Forum:
    """Set which steering groups a forum feeds questions to."""
    forum._change_reason = "Styrgrupper ändrade"
    forum._history_user = by
    forum.feeds.set(groups)
    return forum


def _clean_topics(topics: str) -> str:
    """Normalise "a,  b ,,c" to "a, b, c" so topics read and filter the same everywhere."""
    return ", ".join(t.strip() for t in topics.split(",") if t.strip())
