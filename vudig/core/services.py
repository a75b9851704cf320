"""Writes of the shared core: role assignments and outgoing e-mail."""

from __future__ import annotations

import base64
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, send_mail
from django.db import transaction
from django.utils import timezone

from .models import OutgoingMail
from .outbox import outbox_enqueue
from .tasks import send_mail_task


@transaction.atomic
def mail_enqueue(
    *,
    key: str,
    to: list[str],
    subject: str,
    body: str,
    attachments=(),
    html: str = "",
    headers: dict[str, str] | None = None,
) -> OutgoingMail:
    """Queue one e-mail exactly once per key; sending happens in a Celery task, through the outbox, after commit.

    ``attachments``: (filename, content bytes, mimetype) triples, kept with the mail until it is sent.
    ``html``: an HTML alternative of ``body`` (the text stays the main part). ``headers``: extra headers, e.g. a
    notice's ``List-Unsubscribe`` and ``List-Unsubscribe-Post``.
    """
    files = [
        {"filename": name, "mimetype": mimetype, "content": base64.b64encode(content).decode("ascii")}
        for name, content, mimetype in attachments
    ]
    mail, created = OutgoingMail.objects.get_or_create(
        key=key,
        defaults={
            "to": to,
            "subject": subject,
            "body": body,
            "attachments": files,
            "html_body": html,
            "headers": dict(headers or {}),
        },
    )
    if created:
        outbox_enqueue(send_mail_task, mail.pk)
    return mail


def mail_send(*, mail_id: int) -> bool:
    """Send a queued e-mail unless it was already sent; returns whether this call sent it.

    Three steps, each committed on its own: claim the mail and count the attempt (under the row lock), talk to the
    mail server (no lock, no transaction), then record the outcome. So a failed attempt stays counted, a slow server
    holds no lock, and a duplicate delivery that finds the mail claimed leaves it to the attempt in flight.
    """

    mail = _mail_claim(mail_id=mail_id)
    if mail is None:
        return False
    try:
        if mail.attachments or mail.html_body or mail.headers:
            message = EmailMultiAlternatives(mail.subject, mail.body, None, mail.to, headers=mail.headers or None)
            if mail.html_body:
                message.attach_alternative(mail.html_body, "text/html")
            for file in mail.attachments:
                message.attach(file["filename"], base64.b64decode(file["content"]), file["mimetype"])
            message.send(fail_silently=False)
        else:
            send_mail(mail.subject, mail.body, None, mail.to, fail_silently=False)
    except BaseException:
        OutgoingMail.objects.filter(pk=mail.pk).update(sending_since=None)
        raise
    OutgoingMail.objects.filter(pk=mail.pk).update(sent_at=timezone.now(), sending_since=None)
    return True


@transaction.atomic
def _mail_claim(*, mail_id: int) -> OutgoingMail | None:
    """The mail, claimed for one attempt (counted), or None when it is gone, sent, or another attempt has it."""
    mail = OutgoingMail.objects.select_for_update().filter(pk=mail_id).first()
    if mail is None or mail.sent_at is not None:
        return None
    now = timezone.now()
    # A claim older than the task's hard time limit belongs to an attempt that was killed: take it over.
    if mail.sending_since and now - mail.sending_since < timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT):
        return None
    mail.attempts += 1
    mail.sending_since = now
    mail.save(update_fields=["attempts", "sending_since"])
    return mail
