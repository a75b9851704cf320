"""The process leader keeps each forum's meetings; everyone with an account reads them and the calendar."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from forums.models import Forum, ForumMeeting
from forums.selectors import forum_activity, forum_list
from forums.services import forum_meeting_create
from forums.views import FORUMS_PER_PAGE, MEETINGS_PER_PAGE
from steeringgroups.models import SteeringGroup


@pytest.fixture
def leader_client(client, people):
    client.force_login(people["process_leader"])
    return client


@pytest.fixture
def forum(plan):
    return Forum.objects.get(slug="it-strategforum")


def test_forum_list_shows_purpose_responsible_and_the_groups_each_feeds(client, people):
    client.force_login(people["reader"])
    html = client.get("/forum/").content.decode()
    assert "Framtidens digitala tjänster" in html
    assert "IT-miljö och infrastruktur" in html  # IT-strategforum feeds it, from the plan data


def test_process_leader_records_a_meeting_and_it_keeps_history(leader_client, forum, people):
    response = leader_client.post(
        f"/forum/{forum.slug}/nytt-mote/",
        {"date": "2026-10-05", "title": "Höstmöte", "topics": "AI,  molntjänster,,", "participants": "14", "notes": ""},
    )
    meeting = ForumMeeting.objects.get(forum=forum)
    assert response.status_code == 302 and response["Location"] == f"/forum/moten/{meeting.pk}/"
    assert meeting.topic_list == ["AI", "molntjänster"]
    assert meeting.history.first().history_user == people["process_leader"]
    page = leader_client.get(f"/forum/moten/{meeting.pk}/").content.decode()
    assert "Höstmöte" in page and "Historik" in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"date": "", "participants": "3"}, "Ange mötets datum."),
        ({"date": "5 oktober", "participants": "3"}, "Ange datumet som ÅÅÅÅ-MM-DD."),
        ({"date": "2026-10-05", "participants": "-2"}, "större än eller lika med 0"),
        ({"date": "2026-10-05", "participants": "många"}, "Ange antalet deltagare som ett heltal."),
        ({"date": "2026-10-05", "title": "x" * 201}, "som mest 200 tecken"),
    ],
)
def test_bad_input_re_renders_in_swedish_and_saves_nothing(leader_client, forum, data, message):
    response = leader_client.post(f"/forum/{forum.slug}/nytt-mote/", data)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html and "Något behöver rättas" in html
    assert not ForumMeeting.objects.exists()


def test_second_save_from_a_stale_page_is_refused_and_shows_the_newer_value(leader_client, forum, people):
    meeting = forum_meeting_create(forum=forum, date=date(2026, 10, 5), title="Första", by=people["process_leader"])
    form = {"date": "2026-10-05", "title": "Anna skrev", "topics": "", "participants": "", "notes": "", "version": "1"}
    assert leader_client.post(f"/forum/moten/{meeting.pk}/andra/", form).status_code == 302
    stale = {**form, "title": "Bo skrev", "version": "1"}
    response = leader_client.post(f"/forum/moten/{meeting.pk}/andra/", stale)
    assert response.status_code == 409
    html = response.content.decode()
    assert "Någon annan har sparat" in html and "Anna skrev" in html
    assert "Det nya värdet" in html and 'value="Bo skrev"' in html  # the newer value beside what the user typed
    assert 'name="version" value="2"' in html  # saving again is a deliberate choice, made with the newer in view
    meeting.refresh_from_db()
    assert meeting.title == "Anna skrev"


def test_feeds_are_set_by_the_process_leader_with_history(leader_client, forum, plan):

    extern = SteeringGroup.objects.get(slug="extern-digitalisering")
    assert leader_client.post(f"/forum/{forum.slug}/styrgrupper/", {"feeds": [extern.pk]}).status_code == 302
    assert list(forum.feeds.all()) == [extern]
    assert leader_client.post(f"/forum/{forum.slug}/styrgrupper/", {"feeds": ["999999"]}).status_code == 302
    assert list(forum.feeds.all()) == [extern]  # an unknown (forged) id changes nothing


def test_calendar_groups_a_years_meetings_by_month_and_exports_ics(client, people, forum):
    forum_meeting_create(forum=forum, date=date(2026, 3, 10), title="Vår", by=people["process_leader"])
    forum_meeting_create(forum=forum, date=date(2025, 3, 10), title="Förra året", by=people["process_leader"])
    client.force_login(people["reader"])
    # One month at a time (a region has thousands of meetings a year), with every month's count to move between.
    response = client.get("/forum/kalender/?ar=2026&manad=3")
    months = response.context["months"]
    assert len(months) == 12 and [m["count"] for m in months] == [0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0]
    assert [m.title for m in response.context["meetings"]] == ["Vår"]
    html = response.content.decode()
    assert "ar=2026&amp;manad=4" in html and "ar=2025&amp;manad=3" in html
    assert list(client.get("/forum/kalender/?ar=2026&manad=4").context["meetings"]) == []
    assert client.get("/forum/kalender/?ar=2026&manad=13").context["month"] == 12
    ics = client.get("/forum/kalender.ics?ar=2026").content.decode()
    assert "DTSTART;VALUE=DATE:20260310" in ics and "Förra året" not in ics and ics.startswith("BEGIN:VCALENDAR")
    assert client.get("/forum/kalender/?ar=inte-ett-ar").status_code == 200


def test_forum_activity_counts_meetings_in_a_period(people, forum):
    forum_meeting_create(forum=forum, date=date(2026, 3, 10), by=people["process_leader"])
    forum_meeting_create(forum=forum, date=date(2026, 9, 10), by=people["process_leader"])
    activity = {
        row["name"]: row["meetings_in_period"] for row in forum_activity(start=date(2026, 1, 1), end=date(2026, 6, 30))
    }
    assert activity["IT-strategforum"] == 1 and activity["Utvecklingsforum"] == 0


def test_forum_activity_sums_the_recorded_participants_in_the_period(people, forum):
    for day, participants in ((date(2026, 2, 1), 12), (date(2026, 3, 1), None), (date(2026, 4, 1), 30)):
        forum_meeting_create(forum=forum, date=day, participants=participants, by=people["process_leader"])
    forum_meeting_create(forum=forum, date=date(2026, 8, 1), participants=99, by=people["process_leader"])
    rows = {row["name"]: row for row in forum_activity(start=date(2026, 1, 1), end=date(2026, 6, 30))}
    row = rows["IT-strategforum"]
    assert (row["meetings_in_period"], row["participants_in_period"], row["meetings_with_participants"]) == (3, 42, 2)
    assert rows["Utvecklingsforum"]["participants_in_period"] is None


def _grow(n):
    forums = list(Forum.objects.all())
    ForumMeeting.objects.bulk_create(
        ForumMeeting(forum=forums[i % len(forums)], date=date(2026, 1 + i % 12, 1 + i % 28), topics="AI, e-arkiv")
        for i in range(n)
    )


@pytest.mark.parametrize("url", ["/forum/", "/forum/kalender/?ar=2026&manad=1", "/forum/it-strategforum/"])
def test_forum_pages_run_the_same_number_of_queries_at_any_size(client, people, url):
    client.force_login(people["reader"])
    counts = []
    for n in (1, 10, 200):
        _grow(n)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries.captured_queries))
    assert counts[0] == counts[1] == counts[2], counts


def test_forum_list_and_a_busy_calendar_month_are_paginated_at_a_flat_query_count(client, people):

    client.force_login(people["reader"])
    counts = []
    for more in (40, 20, 60):  # 46, 66 and 126 forums; 80, 120 and 240 meetings in May
        start = Forum.objects.count()
        forums = Forum.objects.bulk_create(
            Forum(name=f"Forum {i}", slug=f"forum-{i}", purpose="Syfte", responsible="Alla", order=100 + i)
            for i in range(start, start + more)
        )
        ForumMeeting.objects.bulk_create(ForumMeeting(forum=f, date=date(2026, 5, 4)) for f in forums for _ in range(2))
        with CaptureQueriesContext(connection) as queries:
            listed = client.get("/forum/?page=2")
            month = client.get("/forum/kalender/?ar=2026&manad=5&sida=2")
        counts.append(len(queries.captured_queries))
    assert counts[0] == counts[1] == counts[2], counts
    assert len(listed.context["forums"]) == FORUMS_PER_PAGE
    assert len(month.context["meetings"].object_list) == MEETINGS_PER_PAGE
    assert month.context["months"][4]["count"] == 240


def test_forums_keep_the_plans_order_everywhere(client, people):
    expected = ["Utvecklingsforum", "E-nämndens beredningsgrupp", "Utvecklingsnätverk e-tjänster", "IT-strategforum",
                "IT-stödsträffar", "Framtidens digitala tjänster"]  # fmt: skip
    assert [f.name for f in forum_list()] == expected


@pytest.mark.parametrize(
    "query, message, shown",
    [
        ("forum=%00", "Forumet finns inte. Kalendern visar alla forum.", None),
        ("forum=finns-inte", "Forumet finns inte. Kalendern visar alla forum.", None),
        ("ar=%00&manad=3", "Året ska vara ett tal mellan 2000 och 2100.", (None, 3)),
        ("ar=tjugo&manad=3", "Året ska vara ett tal mellan 2000 och 2100.", (None, 3)),
        ("ar=1899&manad=3", "Året ska vara ett tal mellan 2000 och 2100.", (2000, 3)),
        ("ar=2026&manad=mars", "Månaden ska vara ett tal mellan 1 och 12.", (2026, None)),
        ("ar=2026&manad=0", "Månaden ska vara ett tal mellan 1 och 12.", (2026, 1)),
        ("ar=2026&manad=13", "Månaden ska vara ett tal mellan 1 och 12.", (2026, 12)),
    ],
)
def test_calendar_reads_its_parameters_through_a_form_and_shows_junk_as_a_swedish_message(
    client, people, forum, query, message, shown
):
    client.force_login(people["reader"])
    response = client.get(f"/forum/kalender/?{query}")
    assert response.status_code == 200
    assert message in response.content.decode()
    assert response.context["selected_forum"] is None
    if shown:  # the nearest allowed value for a number out of range, today's for the rest
        today = timezone.localdate()
        year, month = shown
        assert response.context["year"] == (year or today.year)
        assert response.context["month"] == (month or today.month)


def test_calendar_with_good_parameters_shows_no_message(client, people, forum):
    client.force_login(people["reader"])
    response = client.get(f"/forum/kalender/?ar=2026&manad=3&forum={forum.slug}")
    assert response.status_code == 200 and response.context["selected_forum"] == forum
    assert "Något i adressen kunde inte användas" not in response.content.decode()


@pytest.mark.parametrize("query", ["forum=%00", "forum=finns-inte", "ar=%00", "ar=tjugo", "ar=3000"])
def test_calendar_file_refuses_junk_parameters_in_swedish_instead_of_failing(client, people, forum, query):
    client.force_login(people["reader"])
    response = client.get(f"/forum/kalender.ics?{query}")
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/plain")
    assert "finns inte" in response.content.decode() or "Året ska vara" in response.content.decode()
