from celery import shared_task


# idempotent: each reminder's mail key names round, organisation, manager and reminder day, and mail_enqueue
# creates one row per key, so a rerun (or a retry) never e-mails anyone twice.
@shared_task(acks_late=True, autoretry_for=(ConnectionError, OSError), retry_backoff=True, max_retries=5)
def send_reminders_task() -> int:
    """Remind managers whose organisation has not submitted, a set number of days before the round closes."""
    from .services import reminders_send

    return reminders_send()


# idempotent: each mail's key names the improvement, its date and the manager, and mail_enqueue creates one row per
# key, so a rerun the same day (or a retry) e-mails no one twice; a changed date is a new reminder.
@shared_task(acks_late=True, autoretry_for=(ConnectionError, OSError), retry_backoff=True, max_retries=5)
def send_improvement_reminders_task() -> int:
    """Remind managers of planned improvements that are due within two weeks and not finished."""
    from .services import improvement_reminders_send

    return improvement_reminders_send()
