"""Forum writes: meetings recorded and changed with history, stale saves refused, the groups a forum feeds."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from forums import services
from forums.models import Forum, ForumMeeting
from tests.steeringgroups.factories import SteeringGroupFactory
from vudig.core.concurrency import StaleVersionError

from .factories import ForumFactory, ForumMeetingFactory

DAY = datetime.date(2026, 10, 5)


@pytest.fixture
def leader(people):
    """The process leader keeps the forums' meetings."""
    return people["process_leader"]


@pytest.fixture
def forum(plan):
    return Forum.objects.get(slug="it-strategforum")


# -- forum_meeting_create -------------------------------------------------------------------------------------------
def test_create_records_the_meeting_with_clean_topics_and_history(forum, leader):
    meeting = services.forum_meeting_create(
        forum=forum, date=DAY, title="Höstmöte", topics=" AI,  molntjänster,, e-arkiv ", participants=14, by=leader
    )
    meeting = ForumMeeting.objects.get(pk=meeting.pk)
    assert (meeting.forum, meeting.date, meeting.title, meeting.participants) == (forum, DAY, "Höstmöte", 14)
    assert meeting.topics == "AI, molntjänster, e-arkiv"
    assert meeting.topic_list == ["AI", "molntjänster", "e-arkiv"]
    assert meeting.version == 1
    [created] = meeting.history.all()
    assert (created.history_type, created.history_user, created.history_change_reason) == (
        "+",
        leader,
        "Möte registrerat",
    )


def test_create_needs_only_forum_and_date(forum, leader):
    meeting = services.forum_meeting_create(forum=forum, date=DAY, by=leader)
    assert (meeting.title, meeting.topics, meeting.participants, meeting.notes) == ("", "", None, "")
    assert forum.meetings.get() == meeting


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"participants": 10_001}, "participants", "Kontrollera att detta värde är mindre än eller lika med 10000."),
        ({"title": "x" * 201}, "title", "Säkerställ att detta värde har som mest 200 tecken (den har 201)."),
        ({"date": None}, "date", "Detta fält får inte vara null."),
        ({"topics": "a, " * 200}, "topics", "Säkerställ att detta värde har som mest 500 tecken"),
    ],
)
def test_create_refuses_invalid_input_in_swedish_and_saves_nothing(forum, leader, values, field, message):
    with pytest.raises(ValidationError) as excinfo:
        services.forum_meeting_create(**{"forum": forum, "date": DAY, "by": leader, **values})
    assert message in " ".join(excinfo.value.message_dict[field])
    assert not ForumMeeting.objects.exists()
    assert not ForumMeeting.history.exists()


# -- forum_meeting_update -------------------------------------------------------------------------------------------
def test_update_changes_the_meeting_bumps_the_version_and_keeps_history(leader):
    meeting = ForumMeetingFactory(title="Vårmöte", participants=8)
    updated = services.forum_meeting_update(
        meeting=meeting,
        expected_version=1,
        date=DAY,
        title="Flyttat vårmöte",
        topics="Säkerhet ,AI",
        participants=9,
        notes="Protokoll skickat.",
        by=leader,
    )
    stored = ForumMeeting.objects.get(pk=meeting.pk)
    assert updated.version == stored.version == 2
    assert (stored.date, stored.title, stored.topics, stored.participants, stored.notes) == (
        DAY,
        "Flyttat vårmöte",
        "Säkerhet, AI",
        9,
        "Protokoll skickat.",
    )
    newest = stored.history.first()
    assert (newest.history_type, newest.history_user, newest.history_change_reason) == ("~", leader, "Möte ändrat")
    assert newest.prev_record.title == "Vårmöte"


def test_update_from_a_stale_page_is_refused_with_the_newer_meeting(leader, people):
    meeting = ForumMeetingFactory(title="Vårmöte")
    services.forum_meeting_update(meeting=meeting, expected_version=1, date=DAY, title="Kollegans rubrik", by=leader)
    with pytest.raises(StaleVersionError) as excinfo:
        services.forum_meeting_update(meeting=meeting, expected_version=1, date=DAY, title="Min rubrik", by=leader)
    assert "Någon annan har sparat ändringar" in excinfo.value.messages[0]
    assert excinfo.value.current.title == "Kollegans rubrik" and excinfo.value.current.version == 2
    stored = ForumMeeting.objects.get(pk=meeting.pk)
    assert (stored.title, stored.version, stored.history.count()) == ("Kollegans rubrik", 2, 2)


def test_update_without_the_version_seen_is_refused(leader):
    meeting = ForumMeetingFactory(title="Vårmöte")
    with pytest.raises(StaleVersionError):
        services.forum_meeting_update(meeting=meeting, expected_version=None, date=DAY, title="Ny rubrik", by=leader)
    assert ForumMeeting.objects.get(pk=meeting.pk).title == "Vårmöte"


def test_update_refuses_invalid_input_in_swedish_and_changes_nothing(leader):
    meeting = ForumMeetingFactory(title="Vårmöte", participants=8)
    with pytest.raises(ValidationError) as excinfo:
        services.forum_meeting_update(
            meeting=meeting, expected_version=1, date=DAY, title="Ny rubrik", participants=20_000, by=leader
        )
    assert excinfo.value.message_dict["participants"] == [
        "Kontrollera att detta värde är mindre än eller lika med 10000."
    ]
    stored = ForumMeeting.objects.get(pk=meeting.pk)
    assert (stored.title, stored.participants, stored.version, stored.history.count()) == ("Vårmöte", 8, 1, 1)


# -- forum_set_feeds ------------------------------------------------------------------------------------------------
def test_set_feeds_replaces_the_groups_with_history(leader, extern_group, intern_group):
    forum = ForumFactory(feeds=[extern_group])
    other = SteeringGroupFactory()
    services.forum_set_feeds(forum=forum, groups=[intern_group, other], by=leader)
    assert set(Forum.objects.get(pk=forum.pk).feeds.all()) == {intern_group, other}
    assert set(intern_group.forums.all()) == {forum}  # the group sees the forum that feeds it
    assert not extern_group.forums.filter(pk=forum.pk).exists()
    newest = forum.history.first()
    assert (newest.history_user, newest.history_change_reason) == (leader, "Styrgrupper ändrade")
    assert {row.steeringgroup_id for row in newest.feeds.all()} == {intern_group.pk, other.pk}


def test_setting_the_same_groups_again_changes_nothing(leader, extern_group, intern_group):
    forum = ForumFactory()
    services.forum_set_feeds(forum=forum, groups=[extern_group, intern_group], by=leader)
    history = forum.history.count()
    services.forum_set_feeds(forum=forum, groups=[intern_group, extern_group], by=leader)
    assert set(forum.feeds.all()) == {extern_group, intern_group}
    assert forum.history.count() == history


def test_set_feeds_to_none_clears_them(leader, extern_group):
    forum = ForumFactory(feeds=[extern_group])
    services.forum_set_feeds(forum=forum, groups=[], by=leader)
    assert not forum.feeds.exists()
    assert not forum.history.first().feeds.exists()
