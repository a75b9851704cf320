"""Notices (vudig.core.notices): one per (recipient, key), mailed per the person's choice, with one-click unsubscribe."""

from pathlib import Path

import pytest
from django.core import mail

from tests.factories import UserFactory
from vudig.core.models import Notice, NoticePreference, OutgoingMail
from vudig.core.notices import _CATEGORIES, Delivery, notify, register_category, unsubscribe_token

TEMPLATES_DIR = Path(__file__).parent / "templates"
CATEGORY = "tests.returned"


@pytest.fixture(autouse=True)
def sample_category(settings):
    """A category and e-mail template of the tests' own (core has no workflow step of its own)."""
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], TEMPLATES_DIR]}]
    register_category(CATEGORY, label="Självskattning återsänd (test)", default=Delivery.IMMEDIATE)
    register_category("tests.digest", label="Sammanfattning (test)", default=Delivery.DIGEST)
    yield
    _CATEGORIES.pop(CATEGORY, None)
    _CATEGORIES.pop("tests.digest", None)


def send(recipients, *, key="assessment-returned:1:1", org=None, category=CATEGORY, **extra):
    return notify(
        category=category,
        key=key,
        recipients=recipients,
        subject="Er självskattning 2026 har skickats tillbaka",
        template="tests/notices/sample",
        context={"org": org},
        url="/mognad/sjalvskattning/1/",
        **extra,
    )


@pytest.mark.django_db
def test_the_same_step_twice_gives_one_notice_and_one_mail(django_capture_on_commit_callbacks, settings, org):
    settings.VUDIG_BASE_URL = "http://vudig.test"
    manager = UserFactory(username="chef-a")
    with django_capture_on_commit_callbacks(execute=True):
        assert send([manager], org=org, target=org, view_rule="assessment.view") == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert send([manager], org=org, target=org, view_rule="assessment.view") == 0
    assert Notice.objects.filter(key="assessment-returned:1:1", recipient=manager).count() == 1
    notice = Notice.objects.get(recipient=manager)
    assert OutgoingMail.objects.filter(key=f"notice:{notice.pk}").count() == 1
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == "Er självskattning 2026 har skickats tillbaka"
    assert message.to == [manager.email]
    assert "http://vudig.test/mognad/sjalvskattning/1/" in message.body
    assert f"Självskattningen för {org.name} har skickats tillbaka." in message.body


@pytest.mark.django_db
def test_the_mail_has_an_html_part_the_absolute_link_and_one_click_unsubscribe(
    django_capture_on_commit_callbacks, settings, org
):
    settings.VUDIG_BASE_URL = "https://vudig.example.invalid/"
    manager = UserFactory(username="chef-b")
    with django_capture_on_commit_callbacks(execute=True):
        send([manager], org=org)
    message = mail.outbox[0]
    link = "https://vudig.example.invalid/mognad/sjalvskattning/1/"
    assert link in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html" and f'href="{link}"' in html
    unsubscribe = message.extra_headers["List-Unsubscribe"]
    assert unsubscribe.startswith("<https://vudig.example.invalid/notiser/avregistrera/") and unsubscribe.endswith(">")
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert unsubscribe[1:-1] in message.body and unsubscribe[1:-1] in html


@pytest.mark.django_db
def test_a_new_version_of_the_event_is_a_new_notice(django_capture_on_commit_callbacks, org):
    manager = UserFactory(username="chef-c")
    with django_capture_on_commit_callbacks(execute=True):
        send([manager], key="assessment-returned:1:1", org=org)
        send([manager], key="assessment-returned:1:2", org=org)
    assert Notice.objects.filter(recipient=manager).count() == 2
    assert len(mail.outbox) == 2


@pytest.mark.django_db
def test_duplicates_inactive_people_and_people_without_an_address(django_capture_on_commit_callbacks, org):
    manager = UserFactory(username="chef-d")
    no_address = UserFactory(username="utan-adress", email="")
    gone = UserFactory(username="slutat", is_active=False)
    with django_capture_on_commit_callbacks(execute=True):
        assert send([manager, manager, None, no_address, gone], org=org) == 3
    assert Notice.objects.filter(key="assessment-returned:1:1").count() == 3
    assert [m.to for m in mail.outbox] == [[manager.email]]


@pytest.mark.django_db
def test_the_persons_choice_decides_the_mail(django_capture_on_commit_callbacks, org):
    portal_only = UserFactory(username="bara-portal")
    digest = UserFactory(username="veckobrev")
    NoticePreference.objects.create(user=portal_only, category=CATEGORY, delivery=Delivery.PORTAL)
    NoticePreference.objects.create(user=digest, category=CATEGORY, delivery=Delivery.DIGEST)
    with django_capture_on_commit_callbacks(execute=True):
        assert send([portal_only, digest], org=org) == 2
    assert mail.outbox == []
    assert dict(Notice.objects.values_list("recipient__username", "delivery")) == {
        "bara-portal": Delivery.PORTAL,
        "veckobrev": Delivery.DIGEST,
    }


@pytest.mark.django_db
def test_a_digest_category_is_not_mailed_at_once(django_capture_on_commit_callbacks, org):
    person = UserFactory(username="person-digest")
    with django_capture_on_commit_callbacks(execute=True):
        assert send([person], org=org, category="tests.digest") == 1
    assert mail.outbox == []
    assert Notice.objects.get(recipient=person).delivery == Delivery.DIGEST


@pytest.mark.django_db
def test_a_step_rolled_back_leaves_no_notice_and_sends_nothing(django_capture_on_commit_callbacks, org):
    from django.db import transaction

    manager = UserFactory(username="chef-e")
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        send([manager], org=org)
        raise RuntimeError("the step failed")
    assert not Notice.objects.filter(recipient=manager).exists()
    assert mail.outbox == []


@pytest.mark.django_db
def test_unknown_category_or_rule_is_a_programming_error(org):
    manager = UserFactory(username="chef-f")
    with pytest.raises(ValueError):
        send([manager], category="tests.no-such-category")
    with pytest.raises(ValueError):
        send([manager], view_rule="no.such.rule")
    with pytest.raises(ValueError):
        register_category("tests.bad", label="x", default="sometimes")
    assert not Notice.objects.exists()


@pytest.mark.django_db
def test_no_recipients_makes_nothing():
    assert send([]) == 0
    assert not Notice.objects.exists()


@pytest.mark.django_db
def test_an_unsubscribe_token_names_the_person_and_category_with_its_own_nonce():
    person = UserFactory(username="avreg")
    first, second = unsubscribe_token(person, CATEGORY), unsubscribe_token(person, CATEGORY)
    assert first != second
