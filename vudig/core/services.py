"""Writes of the shared core: role assignments and outgoing e-mail."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from .models import OutgoingMail


@transaction.atomic
def mail_enqueue(*, key: str, to: list[str], subject: str, body: str) -> OutgoingMail:
    """Queue one e-mail exactly once per key; sending happens in a Celery task after the transaction commits."""
    mail, created = OutgoingMail.objects.get_or_create(key=key, defaults={"to": to, "subject": subject, "body": body})
    if created:
        from .tasks import send_mail_task

        transaction.on_commit(lambda: send_mail_task.delay(mail.pk))
    return mail


@transaction.atomic
def mail_send(*, mail_id: int) -> bool:
    """Send a queued e-mail unless it was already sent; returns whether this call sent it."""
    from django.core.mail import send_mail

    mail = OutgoingMail.objects.select_for_update().filter(pk=mail_id).first()
    if mail is None or mail.sent_at is not None:
        return False
    mail.attempts += 1
    mail.save(update_fields=["attempts"])
    send_mail(mail.subject, mail.body, None, mail.to, fail_silently=False)
    mail.sent_at = timezone.now()
    mail.save(update_fields=["sent_at"])
    return True
