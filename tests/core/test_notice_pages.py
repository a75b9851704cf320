"""The Notiser page, opening a notice, Mina inställningar and the unsubscribe link (vudig.core.notices_views)."""

import re
from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from vudig.core import notices
from vudig.core.constants import Role
from vudig.core.models import Notice, NoticePreference, Organisation, RoleAssignment
from vudig.core.notices import Delivery, register_category, unsubscribe_token
from vudig.core.rules import forget_roles

CATEGORY = "tests.pages"


@pytest.fixture(autouse=True)
def page_category():
    register_category(CATEGORY, label="Sida i test", default=Delivery.IMMEDIATE)
    yield
    notices._CATEGORIES.pop(CATEGORY, None)


def make_notice(person, n, *, target=None, view_rule="", read=False, url=None):
    return Notice.objects.create(
        recipient=person,
        category=CATEGORY,
        key=f"test:{n}",
        subject=f"Händelse nummer {n}",
        url=url or f"/mognad/{n}/",
        target_content_type=ContentType.objects.get_for_model(target) if target else None,
        target_id=target.pk if target else None,
        view_rule=view_rule,
        created_at=timezone.now() - timedelta(minutes=1000 - n),
        read_at=timezone.now() if read else None,
    )


def test_the_list_shows_own_notices_newest_first_with_unread_marked(client, people, org):
    manager = people["manager"]
    make_notice(manager, 1, read=True)
    make_notice(manager, 2)
    make_notice(people["process_leader"], 3)
    client.force_login(manager)
    page = client.get("/notiser/").content.decode()
    assert page.index("Händelse nummer 2") < page.index("Händelse nummer 1")
    assert "Händelse nummer 3" not in page
    assert page.count("notice-item--unread") == 1
    assert "1 oläst" in page  # the header's count


def test_the_header_counts_unread_on_every_page(client, people):
    for n in range(3):
        make_notice(people["reader"], n)
    client.force_login(people["reader"])
    assert "3 olästa" in client.get("/planen/").content.decode()


def test_opening_marks_read_and_leads_to_the_link(client, people):
    notice = make_notice(people["manager"], 7)
    client.force_login(people["manager"])
    response = client.get(f"/notiser/{notice.pk}/")
    assert response.status_code == 302 and response["Location"] == "/mognad/7/"
    notice.refresh_from_db()
    assert notice.read_at is not None
    assert "oläst" not in client.get("/notiser/").content.decode()


def test_another_persons_notice_is_not_found(client, people):
    notice = make_notice(people["manager"], 8)
    client.force_login(people["manager_other_org"])
    assert client.get(f"/notiser/{notice.pk}/").status_code == 404
    assert client.post(f"/notiser/{notice.pk}/").status_code == 404
    notice.refresh_from_db()
    assert notice.read_at is None


def test_signed_out_is_sent_to_log_in(client, people):
    notice = make_notice(people["manager"], 9)
    assert client.get("/notiser/").status_code == 302
    assert client.get(f"/notiser/{notice.pk}/").status_code == 302
    assert client.get("/notiser/installningar/").status_code == 302


def test_a_notice_about_what_the_person_may_no_longer_see_is_hidden_and_links_nowhere(client, people, org):
    manager = people["manager"]
    notice = make_notice(manager, 10, target=org, view_rule="assessment.view")
    client.force_login(manager)
    assert "Händelse nummer 10" in client.get("/notiser/").content.decode()
    RoleAssignment.objects.filter(user=manager, role=Role.ORG_MANAGER).delete()
    forget_roles(manager)
    page = client.get("/notiser/").content.decode()
    assert "Händelse nummer 10" not in page and f"/notiser/{notice.pk}/" not in page
    assert client.get(f"/notiser/{notice.pk}/").status_code == 404


def test_a_link_off_the_site_is_never_followed(client, people):
    notice = make_notice(people["manager"], 11, url="https://evil.example.invalid/")
    client.force_login(people["manager"])
    assert client.get(f"/notiser/{notice.pk}/")["Location"] == "/notiser/"


def _queries(client, path):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(path).status_code == 200
    return len(ctx)


def test_the_list_reads_a_constant_number_of_queries(client, people, org, other_org):
    manager = people["manager"]
    client.force_login(manager)
    make_notice(manager, 0, target=org, view_rule="assessment.view")
    small = _queries(client, "/notiser/")
    for n in range(1, 60):
        make_notice(
            manager, n, target=org if n % 2 else Organisation.objects.get(pk=other_org.pk), view_rule="assessment.view"
        )
    assert _queries(client, "/notiser/") == small
    assert _queries(client, "/notiser/?page=2") == small


def test_the_list_is_paginated(client, people):
    for n in range(30):
        make_notice(people["reader"], n)
    client.force_login(people["reader"])
    first = client.get("/notiser/").content.decode()
    assert "Händelse nummer 29" in first and "Händelse nummer 0<" not in first and "Sida 1 av 2" in first
    assert "Händelse nummer 0<" in client.get("/notiser/?page=2").content.decode()


# -- Mina inställningar ------------------------------------------------------------------------------------------


def test_preferences_show_the_defaults_and_save_a_choice(client, people):
    client.force_login(people["reader"])
    page = client.get("/notiser/installningar/").content.decode()
    assert "Sida i test" in page
    assert re.search(r'name="tests\.pages" value="immediate"[^>]*checked', page)
    response = client.post("/notiser/installningar/", {CATEGORY: Delivery.DIGEST, **_all_defaults(except_=CATEGORY)})
    assert response.status_code == 302
    assert NoticePreference.objects.get(user=people["reader"], category=CATEGORY).delivery == Delivery.DIGEST
    assert notices.preferences_for(people["reader"])[CATEGORY] == Delivery.DIGEST


def _all_defaults(*, except_=None):
    return {c.key: c.default for c in notices.categories() if c.key != except_}


def test_a_bad_choice_is_refused_in_swedish_and_nothing_is_saved(client, people):
    client.force_login(people["reader"])
    response = client.post("/notiser/installningar/", {CATEGORY: "sometimes", **_all_defaults(except_=CATEGORY)})
    assert response.status_code == 400
    assert "Välj ett av alternativen." in response.content.decode()
    assert not NoticePreference.objects.filter(user=people["reader"]).exists()


# -- unsubscribe ----------------------------------------------------------------------------------------------------


def test_unsubscribe_get_asks_and_post_sets_portal_only(client, people):
    person = people["manager"]
    token = unsubscribe_token(person, CATEGORY)
    page = client.get(f"/notiser/avregistrera/{token}/")
    assert page.status_code == 200 and "Vill du sluta få e-post om" in page.content.decode()
    assert not NoticePreference.objects.exists()  # a GET (a mail scanner following links) changes nothing
    done = client.post(f"/notiser/avregistrera/{token}/")
    assert done.status_code == 200 and "Klart." in done.content.decode()
    assert NoticePreference.objects.get(user=person, category=CATEGORY).delivery == Delivery.PORTAL


def test_a_mail_clients_one_click_post_works_without_csrf(people):
    from django.test import Client

    person = people["manager"]
    token = unsubscribe_token(person, CATEGORY)
    response = Client(enforce_csrf_checks=True).post(
        f"/notiser/avregistrera/{token}/", {"List-Unsubscribe": "One-Click"}
    )
    assert response.status_code == 200
    assert NoticePreference.objects.get(user=person, category=CATEGORY).delivery == Delivery.PORTAL


def test_a_reused_link_changes_nothing(client, people):
    person = people["manager"]
    token = unsubscribe_token(person, CATEGORY)
    client.post(f"/notiser/avregistrera/{token}/")
    NoticePreference.objects.filter(user=person).update(delivery=Delivery.IMMEDIATE)  # chose e-mail again
    for response in (client.get(f"/notiser/avregistrera/{token}/"), client.post(f"/notiser/avregistrera/{token}/")):
        assert response.status_code == 410 and "Länken har redan använts." in response.content.decode()
    assert NoticePreference.objects.get(user=person).delivery == Delivery.IMMEDIATE


def test_a_forged_link_changes_nothing(client, people):
    token = unsubscribe_token(people["manager"], CATEGORY)
    forged = token[:-3] + ("AAA" if not token.endswith("AAA") else "BBB")
    for bad in (forged, "nonsense", "x:y:z"):
        response = client.post(f"/notiser/avregistrera/{bad}/")
        assert response.status_code == 400 and "Länken går inte att använda" in response.content.decode()
    assert not NoticePreference.objects.exists()


def test_an_expired_link_changes_nothing(client, people, monkeypatch):
    token = unsubscribe_token(people["manager"], CATEGORY)
    monkeypatch.setattr(notices, "UNSUBSCRIBE_MAX_AGE", timedelta(seconds=-1))
    response = client.post(f"/notiser/avregistrera/{token}/")
    assert response.status_code == 410 and "Länken är för gammal" in response.content.decode()
    assert not NoticePreference.objects.exists()
