from celery import shared_task


# idempotent: the service locks the meeting and returns quietly when the PDF already exists or the meeting is gone.
@shared_task(bind=True, acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def meeting_protocol_task(self, meeting_id: int) -> bool:
    """Render a justerat protocol to PDF under MEDIA_ROOT."""
    from .services import meeting_protocol_generate

    return meeting_protocol_generate(meeting_id=meeting_id)


# idempotent: each person's notice (and so its mail) is keyed on meeting, notice round and the meeting's time, so a
# rerun makes nothing new; an older round (the meeting moved again since) sends nothing.
@shared_task(bind=True, acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def meeting_notice_task(self, meeting_id: int, notice_round: int) -> int:
    """The kallelse (agenda PDF and .ics), its update or the cancellation, as notices to members and adjungerade."""
    from .services import meeting_notice_send

    return meeting_notice_send(meeting_id=meeting_id, notice_round=notice_round)


# idempotent: a reminder is marked on the uppdrag (reminded_at) in the same transaction as its notice is made, and
# every notice's key names the uppdrag and its due date, so one notice per owner, uppdrag and date (soon due; overdue).
@shared_task(bind=True, acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def followup_reminders_task(self) -> int:
    """Remind owners of uppdrag due within the next days, and tell them of those past their date (daily beat)."""
    from .services import followup_send_reminders

    return followup_send_reminders()
