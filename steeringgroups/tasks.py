from celery import shared_task


# idempotent: the service locks the meeting and returns quietly when the PDF already exists or the meeting is gone.
@shared_task(bind=True, acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def meeting_protocol_task(self, meeting_id: int) -> bool:
    """Render a justerat protocol to PDF under MEDIA_ROOT."""
    from .services import meeting_protocol_generate

    return meeting_protocol_generate(meeting_id=meeting_id)


# idempotent: each recipient's mail is keyed on meeting, notice round and person, so a rerun queues nothing new; an
# older round (the meeting moved again since) sends nothing.
@shared_task(bind=True, acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def meeting_notice_task(self, meeting_id: int, notice_round: int) -> int:
    """Queue the kallelse (agenda PDF and .ics) or its update to the members and adjungerade."""
    from .services import meeting_notice_send

    return meeting_notice_send(meeting_id=meeting_id, notice_round=notice_round)


# idempotent: a reminder is marked on the uppdrag (reminded_at) in the same transaction as its mail is queued, and the
# mail key names the uppdrag and its due date, so one mail per person per uppdrag (again only if the date moves).
@shared_task(bind=True, acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def followup_reminders_task(self) -> int:
    """Remind owners of uppdrag due within the next days (beat)."""
    from .services import followup_send_reminders

    return followup_send_reminders()
