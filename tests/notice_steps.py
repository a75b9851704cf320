"""Checks shared by the apps' notice tests (tests/<app>/test_notices.py): a workflow step, run twice, leaves exactly
one notice per recipient under its key and, when the person's delivery is e-mail at once, exactly one e-mail with
the one link and the Swedish subject."""

from __future__ import annotations

from django.conf import settings

from vudig.core.models import Notice, OutgoingMail
from vudig.core.notices import set_preferences, visible


def notices_for(key: str):
    return Notice.objects.filter(key=key).select_related("recipient")


def shown_to(user) -> list:
    """The person's notices as the Notiser page shows them (those they may no longer see left out)."""
    return visible(user, Notice.objects.for_user(user))


def prefer(user, category: str, delivery: str) -> None:
    """The person's choice on Mina inställningar."""
    set_preferences(user, {category: delivery})


def assert_once(key: str, people, *, subject: str | None = None, url: str | None = None, mailed=True):
    """Each of ``people`` has one notice under ``key`` (nobody else has one), and one e-mail or none.

    ``mailed``: True (everyone with an address gets one: e-mail at once), False (nobody: digest or portal), or the
    people who chose e-mail at once.
    """
    found = list(notices_for(key))
    assert sorted(n.recipient_id for n in found) == sorted(p.pk for p in people), key
    mails = {m.key: m for m in OutgoingMail.objects.filter(key__in=[f"notice:{n.pk}" for n in found])}
    mailed_ids = {p.pk for p in people} if mailed is True else {p.pk for p in mailed or ()}
    for notice in found:
        mail = mails.get(f"notice:{notice.pk}")
        if notice.recipient_id not in mailed_ids or not notice.recipient.email:
            assert mail is None, f"{key}: {notice.recipient} got an e-mail"
            continue
        assert mail is not None and mail.to == [notice.recipient.email], f"{key}: no e-mail to {notice.recipient}"
        assert OutgoingMail.objects.filter(key=f"notice:{notice.pk}").count() == 1
        if subject is not None:
            assert mail.subject == subject
        if url is not None:
            assert settings.VUDIG_BASE_URL.rstrip("/") + url in mail.body
    return found
