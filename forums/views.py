from datetime import date

from django.contrib import messages
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import ListView, TemplateView

from vudig.core.formviews import ServiceFormView
from vudig.core.history import timeline
from vudig.core.pagination import PageMixin
from vudig.core.views_mixins import PermissionRequiredMixin

from . import services
from .calendar_export import meetings_to_ics
from .forms import CalendarQueryForm, ForumFeedsForm, ForumMeetingForm
from .models import Forum, ForumMeeting
from .selectors import forum_list, forum_meeting_list, forum_month_counts

# Forums per page on the list, and meetings per page within a month of the calendar: a regional deployment has
# hundreds of forums and thousands of meetings a year, so neither page shows everything at once.
FORUMS_PER_PAGE = 25
MEETINGS_PER_PAGE = 50


class ForumListView(PermissionRequiredMixin, PageMixin, ListView):
    permission_action = "portal.view"
    template_name = "forums/forum_list.html"
    paginate_by = FORUMS_PER_PAGE
    context_object_name = "forums"

    def get_queryset(self):
        return forum_list()


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


class ForumMeetingFormView(PermissionRequiredMixin, ServiceFormView):
    """Record a new meeting (forum slug in the URL) or change one (meeting pk in the URL)."""

    permission_action = "forum.edit"
    template_name = "forums/meeting_form.html"
    form_class = ForumMeetingForm
    invalid_status = 400

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        if "pk" in kwargs:
            self.meeting = get_object_or_404(ForumMeeting.objects.select_related("forum"), pk=kwargs["pk"])
            self.forum = self.meeting.forum
        else:
            self.meeting = None
            self.forum = get_object_or_404(Forum, slug=kwargs["slug"])

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        if self.request.method == "POST":
            # A copy: the form must not edit the stored meeting before the service has checked its version.
            kwargs["instance"] = ForumMeeting(forum=self.forum)
        else:
            kwargs["instance"] = self.meeting
            kwargs["initial"] = {"version": self.meeting.version} if self.meeting else {}
        return kwargs

    def perform(self, form):
        data = {k: form.cleaned_data[k] for k in ("date", "title", "topics", "participants", "notes")}
        if self.meeting is None:
            self.saved = services.forum_meeting_create(forum=self.forum, by=self.request.user, **data)
            messages.success(self.request, _("Mötet är registrerat."))
        else:
            self.saved = services.forum_meeting_update(
                meeting=self.meeting, expected_version=form.cleaned_data.get("version"), by=self.request.user, **data
            )
            messages.success(self.request, _("Mötet är ändrat."))

    def get_success_url(self):
        return reverse("forums:meeting", kwargs={"pk": self.saved.pk})

    def get_context_data(self, **kwargs):
        return super().get_context_data(forum=self.forum, meeting=self.meeting, **kwargs)


class ForumMeetingDetailView(PermissionRequiredMixin, TemplateView):
    permission_action = "portal.view"
    template_name = "forums/meeting_detail.html"

    def get_context_data(self, **kwargs):
        meeting = get_object_or_404(ForumMeeting.objects.select_related("forum"), pk=self.kwargs["pk"])
        return super().get_context_data(meeting=meeting, entries=timeline([meeting.history.all()]), **kwargs)


def _calendar_query(request) -> tuple[CalendarQueryForm, int, int, Forum | None]:
    """The calendar's parameters read by a form: (form, year, month, forum); junk falls back to today and all forums."""
    form = CalendarQueryForm(request.GET)
    today = timezone.localdate()
    return form, form.year(today.year), form.month(today.month), form.selected_forum()


class ForumCalendarView(PermissionRequiredMixin, PageMixin, TemplateView):
    """One month of a year's meetings (paginated), with every month's count to move between them."""

    permission_action = "portal.view"
    template_name = "forums/calendar.html"
    paginate_by = MEETINGS_PER_PAGE
    page_kwarg = "sida"

    def get_context_data(self, **kwargs):
        query_form, year, month, forum = _calendar_query(self.request)
        context = super().get_context_data(
            object_list=forum_meeting_list(forum=forum, year=year, month=month),
            query_form=query_form,
            year=year,
            month=month,
            selected_forum=forum,
            forums=Forum.objects.order_by("order", "pk").only("slug", "name"),
            months=forum_month_counts(year=year, forum=forum),
            selected_month=date(year, month, 1),
            **kwargs,
        )
        context["meetings"] = context["page_obj"]
        return context


class ForumCalendarIcsView(PermissionRequiredMixin, View):
    permission_action = "portal.view"

    def get(self, request):
        query_form, year, _month, forum = _calendar_query(request)
        if query_form.errors:
            # A calendar program cannot show a message inside the file, so a bad link is refused in words instead
            # of answered with another year's or every forum's meetings.
            return HttpResponseBadRequest(
                " ".join(e for errors in query_form.errors.values() for e in errors),
                content_type="text/plain; charset=utf-8",
            )
        body = meetings_to_ics(forum_meeting_list(forum=forum, year=year), host=request.get_host())
        response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="forum-{year}.ics"'
        return response
