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
