import smtplib

from celery import shared_task


# idempotent: mail_send counts and claims the attempt under the row lock and returns quietly once sent_at is set or
# another attempt holds the claim, so neither a retry nor a duplicate delivery sends twice.
@shared_task(
    bind=True,
    acks_late=True,
    autoretry_for=(smtplib.SMTPException, ConnectionError, OSError),
    retry_backoff=True,
    retry_backoff_max=600,
    max_retries=8,
)
def send_mail_task(self, mail_id: int) -> bool:
    """Send one queued e-mail."""
    from .services import mail_send

    return mail_send(mail_id=mail_id)


# idempotent: rows are claimed under a row lock (skip locked) and each task they name is idempotent itself, so a
# second beat, a worker start-up at the same time or a run twice sends nothing twice that would do work twice.
@shared_task(acks_late=True)
def outbox_redispatch_task() -> int:
    """Send background work that waits (broker was down) or is stuck (worker killed) to the broker again."""
    from .outbox import outbox_redispatch

    return outbox_redispatch()


# idempotent: each person's digest has the mail key digest:<user>:<iso week> and mail_enqueue makes one row per key,
# so a second run (or a second beat) in the same week sends nobody a second digest.
@shared_task(acks_late=True)
def notice_digest_task() -> int:
    """The Monday digest: each person's "Att göra" and the week's notices, one e-mail each."""
    from .digest import digest_send

    return digest_send()
