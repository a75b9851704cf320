from celery import shared_task


# idempotent: every reminder is a PeriodReminder row unique per period, person and reminder day, and its mail key
# names the same, so a rerun (or a retry, or a second beat) never e-mails anyone twice.
@shared_task(acks_late=True, autoretry_for=(ConnectionError, OSError), retry_backoff=True, max_retries=5)
def period_reminders_task() -> int:
    """Remind everyone with items left to report in an open follow-up period (28 and 7, or 7 and 1, days before)."""
    from .periods import period_reminders_send

    return period_reminders_send()
