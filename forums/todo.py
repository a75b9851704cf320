"""The forums' part of the start page's "Att göra" (vudig.core.todo): for the process leader, the forum meetings
held without a record (no anteckningar yet). One query."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from vudig.core.rules import can, roles_of
from vudig.core.todo import TodoItem, register_provider

from .models import ForumMeeting


def meetings_without_record(user) -> list[TodoItem]:
    """The forum meetings already held whose notes are empty, oldest first (one query)."""
    if not can(user, "forum.edit") or not roles_of(user).is_process_leader:
        return []
    today = timezone.localdate()
    return [
        TodoItem(
            title=_("Anteckna forummötet %(forum)s den %(date)s")
            % {"forum": meeting.forum.name, "date": date_format(meeting.date, "j F Y")},
            url=reverse("forums:meeting_edit", kwargs={"pk": meeting.pk}),
            kind=_("Forum"),
        )
        for meeting in ForumMeeting.objects.filter(date__lt=today, notes="")
        .select_related("forum")
        .order_by("date", "pk")
    ]


register_provider("forums.meetings_without_record", meetings_without_record)
