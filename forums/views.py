from datetime import date

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from vudig.core.concurrency import StaleVersionError
from vudig.core.history import timeline
from vudig.core.views_mixins import PermissionRequiredMixin

from . import services
from .calendar_export import meetings_to_ics
from .forms import ForumFeedsForm, ForumMeetingForm
from .models import Forum, ForumMeeting
from .selectors import forum_list, forum_meeting_list, forum_month_counts

# Forums per page on the list, and meetings per page within a month of the calendar: a regional deployment has
# hundreds of forums and thousands of meetings a year, so neither page shows everything at once.
FORUMS_PER_PAGE = 25
MEETINGS_PER_PAGE = 50


class ForumListView(PermissionRequiredMixin, TemplateView):
    permission_action = "portal.view"
    template_name = "forums/forum_list.html"

    def get_context_data(self, **kwargs):
        page = Paginator(forum_list(), FORUMS_PER_PAGE).get_page(self.request.GET.get("page"))
        return super().get_context_data(forums=page.object_list, page_obj=page, **kwargs)


class ForumDetailView(PermissionRequiredMixin, TemplateView):
    permission_action = "portal.view"
    template_name = "forums/forum_detail.html"

    def get_context_data(self, **kwargs):
        forum = get_object_or_404(forum_list(), slug=self.kwargs["slug"])
        today = timezone.localdate()
        meetings = list(forum_meeting_list(forum=forum))
        return super().get_context_data(
            forum=forum,
            upcoming=[m for m in meetings if m.date >= today],
            past=[m for m in reversed(meetings) if m.date < today],
            feeds_form=ForumFeedsForm(initial={"feeds": list(forum.feeds.all())}),
            **kwargs,
        )


class ForumFeedsUpdateView(PermissionRequiredMixin, View):
    permission_action = "forum.edit"

    def post(self, request, slug):
        forum = get_object_or_404(Forum, slug=slug)
        form = ForumFeedsForm(request.POST)
        if form.is_valid():
            services.forum_set_feeds(forum=forum, groups=form.cleaned_data["feeds"], by=request.user)
            messages.success(request, _("Styrgrupperna för %(forum)s är sparade.") % {"forum": forum.name})
        else:
            messages.error(request, _("Välj bland de styrgrupper som finns. Inget ändrades."))
        return redirect(forum.get_absolute_url())


class ForumMeetingFormView(PermissionRequiredMixin, TemplateView):
    """Record a new meeting (forum slug in the URL) or change one (meeting pk in the URL)."""

    permission_action = "forum.edit"
    template_name = "forums/meeting_form.html"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        if "pk" in kwargs:
            self.meeting = get_object_or_404(ForumMeeting.objects.select_related("forum"), pk=kwargs["pk"])
            self.forum = self.meeting.forum
        else:
            self.meeting = None
            self.forum = get_object_or_404(Forum, slug=kwargs["slug"])

    def get(self, request, *args, **kwargs):
        initial = {"version": self.meeting.version} if self.meeting else {}
        form = ForumMeetingForm(instance=self.meeting, initial=initial)
        return self.render_to_response(self.get_context_data(form=form))

    def post(self, request, *args, **kwargs):
        # A copy: the form must not edit the stored meeting before the service has checked its version.
        form = ForumMeetingForm(request.POST, instance=ForumMeeting(forum=self.forum))
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        data = {k: form.cleaned_data[k] for k in ("date", "title", "topics", "participants", "notes")}
        if self.meeting is None:
            meeting = services.forum_meeting_create(forum=self.forum, by=request.user, **data)
            messages.success(request, _("Mötet är registrerat."))
            return redirect("forums:meeting", pk=meeting.pk)
        try:
            meeting = services.forum_meeting_update(
                meeting=self.meeting, expected_version=form.cleaned_data.get("version"), by=request.user, **data
            )
        except StaleVersionError as exc:
            form.add_error(None, exc.messages[0])
            return self.render_to_response(self.get_context_data(form=form, newer=exc.current), status=409)
        messages.success(request, _("Mötet är ändrat."))
        return redirect("forums:meeting", pk=meeting.pk)

    def get_context_data(self, **kwargs):
        return super().get_context_data(forum=self.forum, meeting=self.meeting, **kwargs)


class ForumMeetingDetailView(PermissionRequiredMixin, TemplateView):
    permission_action = "portal.view"
    template_name = "forums/meeting_detail.html"

    def get_context_data(self, **kwargs):
        meeting = get_object_or_404(ForumMeeting.objects.select_related("forum"), pk=self.kwargs["pk"])
        return super().get_context_data(meeting=meeting, entries=timeline([meeting.history.all()]), **kwargs)


def _year_and_forum(request):
    try:
        year = int(request.GET.get("ar", ""))
    except ValueError:
        year = timezone.localdate().year
    year = min(max(year, 2000), 2100)
    forum = Forum.objects.filter(slug=request.GET.get("forum", "")).first()
    return year, forum


def _month(request) -> int:
    """The month asked for (?manad=1–12), else this month."""
    try:
        month = int(request.GET.get("manad", ""))
    except ValueError:
        month = timezone.localdate().month
    return min(max(month, 1), 12)


class ForumCalendarView(PermissionRequiredMixin, TemplateView):
    """One month of a year's meetings (paginated), with every month's count to move between them."""

    permission_action = "portal.view"
    template_name = "forums/calendar.html"

    def get_context_data(self, **kwargs):
        year, forum = _year_and_forum(self.request)
        month = _month(self.request)
        meetings = Paginator(forum_meeting_list(forum=forum, year=year, month=month), MEETINGS_PER_PAGE).get_page(
            self.request.GET.get("sida")
        )
        query = self.request.GET.copy()
        query.pop("sida", None)
        query["ar"], query["manad"] = year, month
        base = self.request.GET.copy()
        for name in ("sida", "ar", "manad"):
            base.pop(name, None)
        return super().get_context_data(
            year=year,
            month=month,
            selected_forum=forum,
            forums=Forum.objects.order_by("order", "pk").only("slug", "name"),
            months=forum_month_counts(year=year, forum=forum),
            selected_month=date(year, month, 1),
            meetings=meetings,
            query=query.urlencode(),
            forum_query=base.urlencode(),
            **kwargs,
        )


class ForumCalendarIcsView(PermissionRequiredMixin, View):
    permission_action = "portal.view"

    def get(self, request):
        year, forum = _year_and_forum(request)
        body = meetings_to_ics(forum_meeting_list(forum=forum, year=year), host=request.get_host())
        response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="forum-{year}.ics"'
        return response
