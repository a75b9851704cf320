"""The forum services ask forum.edit themselves: a refused person gets PermissionDenied and nothing is written."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from forums.models import Forum, ForumMeeting
from forums.services import forum_meeting_create, forum_meeting_update, forum_set_feeds
from steeringgroups.models import SteeringGroup

KEEPERS = ["process_leader", "admin"]
REFUSED = ["anonymous", "no_role", "reader", "kommunchef", "manager", "member", "chair", "beredning"]


@pytest.fixture
def forum(plan):
    return Forum.objects.get(slug="it-strategforum")


@pytest.mark.parametrize("who", REFUSED)
def test_a_refused_person_cannot_record_a_meeting(forum, people, who):
    with pytest.raises(PermissionDenied):
        forum_meeting_create(forum=forum, date=date(2026, 10, 5), title="Höstmöte", by=people[who])
    assert not ForumMeeting.objects.filter(forum=forum).exists()


@pytest.mark.parametrize("who", REFUSED)
def test_a_refused_person_cannot_change_a_meeting(forum, people, who):
    meeting = forum_meeting_create(forum=forum, date=date(2026, 10, 5), title="Höstmöte", by=people["process_leader"])
    with pytest.raises(PermissionDenied):
        forum_meeting_update(
            meeting=meeting, expected_version=meeting.version, date=date(2026, 10, 6), title="Ändrat", by=people[who]
        )
    meeting.refresh_from_db()
    assert (meeting.title, meeting.date, meeting.version, meeting.history.count()) == (
        "Höstmöte",
        date(2026, 10, 5),
        1,
        1,
    )


@pytest.mark.parametrize("who", REFUSED)
def test_a_refused_person_cannot_change_which_groups_a_forum_feeds(forum, people, who):
    before = set(forum.feeds.values_list("pk", flat=True))
    with pytest.raises(PermissionDenied):
        forum_set_feeds(forum=forum, groups=SteeringGroup.objects.all(), by=people[who])
    assert (
        set(forum.feeds.values_list("pk", flat=True))
        == before
        != set(SteeringGroup.objects.values_list("pk", flat=True))
    )


@pytest.mark.parametrize("who", KEEPERS)
def test_the_forums_keepers_may_write(forum, people, who):
    meeting = forum_meeting_create(forum=forum, date=date(2026, 10, 5), title="Höstmöte", by=people[who])
    forum_meeting_update(meeting=meeting, expected_version=1, date=date(2026, 10, 5), title="Ändrat", by=people[who])
    forum_set_feeds(forum=forum, groups=SteeringGroup.objects.all(), by=people[who])
    meeting.refresh_from_db()
    assert (meeting.title, meeting.version) == ("Ändrat", 2)
    assert forum.feeds.count() == SteeringGroup.objects.count()
