from datetime import date

from django.db.models import Count, Max, Prefetch, Q, Sum
from django.db.models.functions import ExtractMonth

from steeringgroups.models import SteeringGroup

from .models import Forum, ForumMeeting


def forum_list():
    """The forums with the groups they feed and meeting counts, in a fixed number of queries."""
    return (
        Forum.objects.prefetch_related(Prefetch("feeds", queryset=SteeringGroup.objects.order_by("order", "pk")))
        .annotate(meeting_count=Count("meetings"), latest_meeting=Max("meetings__date"))
        .order_by("order", "pk")
    )
    # (Meta.ordering is ignored in aggregate queries, hence the explicit order_by.)


def forum_meeting_list(
    *, forum: Forum | None = None, year: int | None = None, month: int | None = None, query: str = ""
):
    """Meetings in date order, each with its forum (for the calendar and a forum's page)."""
    qs = ForumMeeting.objects.select_related("forum")
    if forum is not None:
        qs = qs.filter(forum=forum)
    if year is not None and month is not None:
        # A date range (not __year/__month lookups), so the index on date serves it.
        first = date(year, month, 1)
        qs = qs.filter(date__gte=first, date__lt=date(year + month // 12, month % 12 + 1, 1))
    elif year is not None:
        qs = qs.in_year(year)
    if query:
        qs = qs.filter(Q(topics__icontains=query) | Q(title__icontains=query) | Q(notes__icontains=query))
    return qs.order_by("date", "pk")


def forum_month_counts(*, year: int, forum: Forum | None = None) -> list[dict]:
    """The twelve months of a year with their number of meetings (empty months too), in one query."""
    qs = ForumMeeting.objects.in_year(year)
    if forum is not None:
        qs = qs.filter(forum=forum)
    counts = dict(qs.annotate(m=ExtractMonth("date")).order_by().values_list("m").annotate(n=Count("pk")))
    return [{"month": date(year, m, 1), "number": m, "count": counts.get(m, 0)} for m in range(1, 13)]


def forum_activity(*, start: date, end: date) -> list[dict]:
    """Per forum: meetings and participants within a period (for reports), in one query.

    ``participants_in_period`` sums the meetings whose participant count was recorded (None when none was), and
    ``meetings_with_participants`` says how many meetings that sum covers.
    """
    in_period = Q(meetings__date__gte=start, meetings__date__lte=end)
    return list(
        Forum.objects.annotate(
            meetings_in_period=Count("meetings", filter=in_period),
            participants_in_period=Sum("meetings__participants", filter=in_period),
            meetings_with_participants=Count("meetings", filter=in_period & Q(meetings__participants__isnull=False)),
        )
        .order_by("order", "pk")
        .values("name", "slug", "meetings_in_period", "participants_in_period", "meetings_with_participants")
    )
