from celery import shared_task


# idempotent: the service locks the meeting and returns quietly when the PDF already exists or the meeting is gone.
@shared_task(bind=True, acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def meeting_protocol_task(self, meeting_id: int) -> bool:
    """Render a justerat protocol to PDF under MEDIA_ROOT."""
    from .services import meeting_protocol_generate

    return meeting_protocol_generate(meeting_id=meeting_id)
