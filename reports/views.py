from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from vudig.core.formviews import ServiceFormView
from vudig.core.history import timeline
from vudig.core.pagination import PageMixin
from vudig.core.rules import can
from vudig.core.views_mixins import PermissionRequiredMixin

from .annual_cycle import condensed_for_year, wheel, wheel_for_year
from .constants import ReportState
from .forms import AnnualCycleQueryForm, AnnualEventForm, ReportRequestForm
from .models import AnnualEvent, Report
from .selectors import report_list, report_organisations_for
from .services import annual_event_delete, annual_event_save, report_list_seen, report_request

# Reports per page on the list: the årshjul and the managers add hundreds a year in a region.
REPORTS_PER_PAGE = 25


def _may_request_any(user) -> bool:
    return can(user, "report.request") or report_organisations_for(user=user).exists()


class ReportListView(PermissionRequiredMixin, PageMixin, ServiceFormView):
    """The reports page: request a report, follow its state, download it."""

    permission_action = "portal.view"
    template_name = "reports/report_list.html"
    form_class = ReportRequestForm
    paginate_by = REPORTS_PER_PAGE
    context_object_name = "reports"
    submit_once = True

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get(self, request, *args, **kwargs):
        report_list_seen(user=request.user)  # the reports ready by now leave kommunchef's "Att göra"
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        if not _may_request_any(request.user):
            raise PermissionDenied
        return super().post(request, *args, **kwargs)

    def perform(self, form):
        data = form.cleaned_data
        report = report_request(
            kind=data["kind"],
            period_start=data["period_start"],
            period_end=data["period_end"],
            organisation=data.get("organisation"),
            by=self.request.user,
        )
        messages.success(self.request, _("Rapporten är beställd: %(r)s.") % {"r": report})

    def get_success_url(self):
        return reverse("reports:list")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            object_list=report_list(user=self.request.user),
            may_request=_may_request_any(self.request.user),
            states=ReportState,
            **kwargs,
        )


def _visible_report(request, pk) -> Report:
    report = get_object_or_404(Report.objects.select_related("organisation", "requested_by"), pk=pk)
    if not can(request.user, "report.view", report):
        raise PermissionDenied
    return report


class ReportDetailView(PermissionRequiredMixin, TemplateView):
    """One report: what was asked for, its state (with the reason when it failed) and its history."""

    permission_action = "portal.view"
    template_name = "reports/report_detail.html"

    def get_context_data(self, **kwargs):
        report = _visible_report(self.request, self.kwargs["pk"])
        return super().get_context_data(
            report=report, entries=timeline([report.history.all()], subject=lambda r: _("rapporten")), **kwargs
        )


class ReportStatusView(PermissionRequiredMixin, View):
    """The state of one report as JSON, for the reports page's script (static/js/report-status.js) to update its row.

    The same rule as the report's page (report.view); the cells come from the row's own partials, so the script
    holds no markup or Swedish of its own.
    """

    permission_action = "portal.view"

    def get(self, request, *args, **kwargs):
        report = _visible_report(request, kwargs["pk"])
        cells = {"report": report}
        return JsonResponse(
            {
                "state": report.state,
                "final": report.is_final,
                "state_html": render_to_string("reports/includes/_report_state.html", cells, request=request),
                "file_html": render_to_string("reports/includes/_report_file.html", cells, request=request),
                "announcement": _("%(report)s: %(state)s.") % {"report": report, "state": report.get_state_display()},
            }
        )


class ReportDownloadView(PermissionRequiredMixin, TemplateView):
    """A finished report's PDF (or, in the subclasses, its JSON twin, Word copy or workbook of appendices), only to
    those who may see it (the same rule report.view for all; files are never served directly)."""

    permission_action = "portal.view"
    file_field = "file"
    filename_attr = "filename"
    content_type = "application/pdf"

    def get(self, request, *args, **kwargs):
        report = _visible_report(request, kwargs["pk"])
        stored = getattr(report, self.file_field)
        if report.state != ReportState.KLAR or not stored:
            raise Http404(_("Rapporten är inte klar."))
        return FileResponse(
            stored.open("rb"),
            as_attachment=True,
            filename=getattr(report, self.filename_attr),
            content_type=self.content_type,
        )


class ReportJsonDownloadView(ReportDownloadView):
    """The JSON twin: every figure of the PDF, machine-readable."""

    file_field = "json_file"
    filename_attr = "json_filename"
    content_type = "application/json"


class ReportDocxDownloadView(ReportDownloadView):
    """The Word copy, for writing the tjänsteskrivelse around the report."""

    file_field = "docx_file"
    filename_attr = "docx_filename"
    content_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class ReportXlsxDownloadView(ReportDownloadView):
    """The workbook of the appendices too long to print (a region's report), every row."""

    file_field = "xlsx_file"
    filename_attr = "xlsx_filename"
    content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class AnnualCycleView(PermissionRequiredMixin, TemplateView):
    """The årshjul of a year: the wheel and, beside it, the same events as a list."""

    permission_action = "portal.view"
    template_name = "reports/annual_cycle.html"

    def get_context_data(self, **kwargs):
        query_form = AnnualCycleQueryForm(self.request.GET)
        year = query_form.value("ar", timezone.localdate().year)
        return super().get_context_data(
            query_form=query_form,
            year=year,
            wheel=wheel_for_year(year, today=timezone.localdate()),
            may_edit=can(self.request.user, "annualcycle.edit"),
            **kwargs,
        )


class AnnualEventFormView(PermissionRequiredMixin, ServiceFormView):
    """Add or change an event of the årshjul (process leader)."""

    permission_action = "annualcycle.edit"
    template_name = "reports/annual_event_form.html"
    form_class = AnnualEventForm

    def dispatch(self, request, *args, **kwargs):
        self.event = get_object_or_404(AnnualEvent, pk=kwargs["pk"]) if "pk" in kwargs else None
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        if self.event is None:
            return {"start_date": timezone.localdate()}
        e = self.event
        return {
            "title": e.title,
            "kind": e.kind,
            "start_date": e.start_date,
            "end_date": e.end_date,
            "description": e.description,
            "is_report_point": e.is_report_point,
            "version": e.version,
        }

    def perform(self, form):
        data = form.cleaned_data
        self.saved = annual_event_save(
            event=self.event,
            title=data["title"],
            kind=data["kind"],
            start_date=data["start_date"],
            end_date=data["end_date"],
            description=data["description"],
            is_report_point=data["is_report_point"],
            expected_version=data.get("version"),
            by=self.request.user,
        )
        messages.success(self.request, _("Händelsen ”%(t)s” är sparad.") % {"t": self.saved.title})

    def get_success_url(self):
        return reverse("reports:annual_cycle") + f"?ar={self.saved.year}"

    def get_context_data(self, **kwargs):
        entries = timeline([self.event.history.all()]) if self.event else []
        return super().get_context_data(event=self.event, entries=entries, **kwargs)


class AnnualEventDeleteView(PermissionRequiredMixin, TemplateView):
    """Confirm, then remove an event of the årshjul."""

    permission_action = "annualcycle.edit"
    template_name = "reports/annual_event_confirm_delete.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(event=get_object_or_404(AnnualEvent, pk=self.kwargs["pk"]), **kwargs)

    def post(self, request, *args, **kwargs):
        event = get_object_or_404(AnnualEvent, pk=kwargs["pk"])
        year = event.year
        annual_event_delete(event=event, by=request.user)
        messages.success(request, _("Händelsen är borttagen."))
        return HttpResponseRedirect(reverse("reports:annual_cycle") + f"?ar={year}")


def home_wheel_context() -> dict:
    """The årshjul for the start page (this year, today marked), with crowded kinds condensed per month."""
    today = timezone.localdate()
    return {"annual_wheel": wheel(year=today.year, events=condensed_for_year(today.year), today=today)}
