"""Writes for forums: their meetings and which steering groups they feed (the process leader's, forum.edit)."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from vudig.core.rules import require
from vudig.core.write import model_update, tracked_save

from .models import Forum, ForumMeeting


@transaction.atomic
def forum_meeting_create(
    *, forum: Forum, date: date, title: str = "", topics: str = "", participants: int | None = None, notes: str = "", by
) -> ForumMeeting:
    """Record a forum meeting."""
    require(by, "forum.edit", forum)
    meeting = ForumMeeting(
        forum=forum, date=date, title=title, topics=_clean_topics(topics), participants=participants, notes=notes
    )
    tracked_save(meeting, by=by, reason=_("Möte registrerat"))
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
    """Change a forum meeting; the same form sent again is a no-op, another change from a stale page is refused."""
    current = ForumMeeting.objects.select_for_update().select_related("forum").get(pk=meeting.pk)
    require(by, "forum.edit", current.forum)
    values = {
        "date": date,
        "title": title,
        "topics": _clean_topics(topics),
        "participants": participants,
        "notes": notes,
    }
    model_update(
        instance=current,
        values=values,
        expected_version=expected_version,
        by=by,
        reason=_("Möte ändrat"),
    )
    return current


@transaction.atomic
def forum_set_feeds(*, forum: Forum, groups, by) -> Forum:
    """Set which steering groups a forum feeds questions to."""
    require(by, "forum.edit", forum)
    forum._change_reason = _("Styrgrupper ändrade")
    forum._history_user = by
    forum.feeds.set(groups)
    return forum


def _clean_topics(topics: str) -> str:
    """Normalise "a,  b ,,c" to "a, b, c" so topics read and filter the same everywhere."""
    return ", ".join(t.strip() for t in topics.split(",") if t.strip())
