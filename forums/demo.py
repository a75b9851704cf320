"""Demo forum meetings so the forum pages and calendar have something to show (local use only)."""

from datetime import timedelta

from django.utils import timezone

from vudig.core import demo

from .models import Forum, ForumMeeting
from .services import forum_meeting_create

DEMO_MEETINGS = [
    # (forum slug, days from today, title, topics, participants)
    ("utvecklingsforum", -60, "Digitalt först i praktiken", "e-tjänster, tillgänglighet", 34),
    ("utvecklingsforum", 30, "Erfarenheter av AI i handläggning", "AI, GDPR", None),
    ("it-strategforum", -20, "Molntjänster och NIS2", "molntjänster, NIS", 12),
    ("framtidens-digitala-tjanster", 14, "Gemensam digital ingång", "e-tjänster", None),
]


@demo.register
def load(users) -> None:
    """Add the demo meetings once (matched on forum and date)."""
    today = timezone.localdate()
    for slug, offset, title, topics, participants in DEMO_MEETINGS:
        forum = Forum.objects.filter(slug=slug).first()
        date = today + timedelta(days=offset)
        if forum is None or ForumMeeting.objects.filter(forum=forum, title=title).exists():
            continue
        forum_meeting_create(
            forum=forum, date=date, title=title, topics=topics, participants=participants, by=users["processledare"]
        )
