"""Who may keep the forums: the process leader (and administrators); everyone signed in reads them."""

import pytest

from forums.models import Forum
from tests.permission_matrix import assert_matrix_row

MATRIX = {
    "forum.edit": ("forum", {"process_leader", "admin"}),
}


@pytest.mark.parametrize("action", sorted(MATRIX))
def test_role_may_do_exactly_what_the_matrix_says(action, people):
    assert_matrix_row(action=action, obj=Forum.objects.first(), allowed=MATRIX[action][1], people=people)


@pytest.mark.parametrize("who", ["manager", "chair", "beredning", "kommunchef", "reader"])
def test_others_get_403_on_every_forum_write(client, people, who):
    client.force_login(people[who])
    forum = Forum.objects.get(slug="utvecklingsforum")
    assert client.get(f"/forum/{forum.slug}/nytt-mote/").status_code == 403
    assert client.post(f"/forum/{forum.slug}/nytt-mote/", {"date": "2026-12-01"}).status_code == 403
    assert client.post(f"/forum/{forum.slug}/styrgrupper/", {"feeds": []}).status_code == 403
    assert not forum.meetings.exists()


def test_anonymous_is_sent_to_login(client, plan):
    response = client.get("/forum/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
