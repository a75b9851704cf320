"""Thin views of organisation parts and follow-up periods: ask the rules, read through selectors, write through
services (measures/parts.py, measures/periods.py), re-render on bad input, 409 on a stale form."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View
from django.views.generic import TemplateView

from vudig.core.concurrency import StaleVersionError
from vudig.core.formviews import ServiceFormView, add_service_errors, conflict_context
from vudig.core.pagination import PageMixin
from vudig.core.rules import can
from vudig.core.views_mixins import PermissionRequiredMixin

from . import parts, periods
from .exports_periods import period_csv_response, period_xlsx_response
from .forms_periods import (
    PartAssignForm,
    PartReporterForm,
    PartReportForm,
    PeriodCloseForm,
    PeriodOpenForm,
    PeriodReportForm,
)
from .models import FollowUpPeriod, Measure, OrganisationPart, PeriodReport, Plan

BOARD_PAGE_SIZE = 50
MINE_PAGE_SIZE = 25


# -- periods ----------------------------------------------------------------------------------------------------
class PeriodListView(PermissionRequiredMixin, TemplateView):
    permission_action = "period.view"
    template_name = "measures/periods/period_list.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            periods=list(periods.period_list()),
            mine=periods.open_periods_for(self.request.user),
            may_manage=can(self.request.user, "period.manage"),
            **kwargs,
        )


class PeriodOpenView(PermissionRequiredMixin, ServiceFormView):
    permission_action = "period.manage"
    template_name = "measures/periods/period_open.html"
    form_class = PeriodOpenForm
    invalid_status = 400

    def get_initial(self):
        self.suggestion = periods.period_suggestion()
        return {k: v for k, v in self.suggestion.items() if k in ("kind", "title", "deadline") and v}

    def perform(self, form):
        data = form.cleaned_data
        self.saved = periods.period_open(
            title=data["title"], kind=data["kind"], deadline=data["deadline"], by=self.request.user
        )
        n = self.saved.reports.count()
        messages.success(
            self.request,
            ngettext(
                "Perioden ”%(title)s” är öppnad med %(n)s punkt att rapportera.",
                "Perioden ”%(title)s” är öppnad med %(n)s punkter att rapportera.",
                n,
            )
            % {"title": self.saved.title, "n": n},
        )

    def get_success_url(self):
        return reverse("measures:period_detail", args=[self.saved.pk])

    def get_context_data(self, **kwargs):
        if not hasattr(self, "suggestion"):
            self.suggestion = periods.period_suggestion()
        return super().get_context_data(suggestion=self.suggestion, plan=Plan.objects.in_force().first(), **kwargs)


def _int_or_none(value):
    """A chosen id from the query string, or None when it is not one (junk, or larger than any id column holds)."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if 0 < number < 2**63 else None


class _PeriodMixin(PermissionRequiredMixin):
    def get_permission_object(self):
        try:
            self.period = periods.period_get(pk=self.kwargs["pk"])
        except FollowUpPeriod.DoesNotExist:
            raise Http404 from None
        return self.period


class PeriodDetailView(_PeriodMixin, PageMixin, TemplateView):
    """The completion board: per organisation and per measure, what is klarmarkerat and what is missing; the rows of
    one organisation or measure when one is chosen. Each table pages on its own (a region has thousands of rows);
    the totals cover all."""

    permission_action = "period.view"
    template_name = "measures/periods/period_detail.html"
    object_list = ()

    def get_context_data(self, **kwargs):
        organisation_id = _int_or_none(self.request.GET.get("organisation"))
        measure_id = _int_or_none(self.request.GET.get("measure"))
        rows = rows_page = None
        if organisation_id is not None or measure_id is not None:
            _p, rows_page, rows, _o = self.paginate_queryset(
                periods.period_report_list(period=self.period, organisation_id=organisation_id, measure_id=measure_id),
                BOARD_PAGE_SIZE,
                page_kwarg="rader",
            )
        board = periods.completion_board(period=self.period)
        _p, org_page, _rows, _o = self.paginate_queryset(board.organisations, BOARD_PAGE_SIZE, page_kwarg="org")
        _p, measure_page, _rows, _o = self.paginate_queryset(board.measures, BOARD_PAGE_SIZE, page_kwarg="atgard")
        may_manage = can(self.request.user, "period.manage", self.period)
        return super().get_context_data(
            period=self.period,
            board=board,
            org_page=org_page,
            measure_page=measure_page,
            rows_page=rows_page,
            rows=rows,
            chosen_organisation=organisation_id,
            chosen_measure=measure_id,
            may_manage=may_manage,
            close_form=PeriodCloseForm(initial={"version": self.period.version}) if may_manage else None,
            **kwargs,
        )


class PeriodExportView(_PeriodMixin, View):
    permission_action = "period.view"

    def get(self, request, pk: int, fmt: str):
        rows = periods.period_report_list(period=self.period)
        if fmt == "csv":
            return period_csv_response(self.period, rows)
        if fmt == "xlsx":
            return period_xlsx_response(self.period, rows)
        raise Http404


class PeriodCloseView(_PeriodMixin, View):
    permission_action = "period.manage"

    def post(self, request, *args, **kwargs):
        form = PeriodCloseForm(request.POST)
        form.is_valid()
        try:
            periods.period_close(period=self.period, by=request.user, expected_version=form.cleaned_data.get("version"))
        except StaleVersionError as exc:
            page = PeriodDetailView()
            page.setup(request, pk=self.period.pk)
            page.period = exc.current
            context = page.get_context_data(
                **conflict_context(None, exc, [(_("Läge"), exc.current.get_state_display())])
            )
            return page.render_to_response(context, status=409)
        messages.success(request, _("Perioden är stängd. Rapporterna är frysta och visas som de stod."))
        return HttpResponseRedirect(reverse("measures:period_detail", args=[self.period.pk]))


class PeriodMineView(_PeriodMixin, PageMixin, TemplateView):
    """A person's list for the period: each item they carry, with status, comment, Spara and Klarmarkera, a page of
    25 at a time. After bad input or a conflict, the one item again with its form."""

    permission_action = "period.view"
    template_name = "measures/periods/period_mine.html"
    object_list = ()

    def get_context_data(self, **kwargs):
        mine = periods.my_period_reports_qs(period=self.period, user=self.request.user)
        bound = kwargs.pop("bound_form", None)
        page_obj = None
        if bound is not None:
            rows = [bound.report]
            rows[0].form = bound
        else:
            _p, page_obj, rows, _o = self.paginate_queryset(mine, MINE_PAGE_SIZE, page_kwarg="sida")
            for row in rows:
                row.form = PeriodReportForm(report=row)
        return super().get_context_data(
            period=self.period,
            rows=rows,
            rows_page=page_obj,
            only_one=bound is not None,
            left=mine.filter(completed_at__isnull=True).count(),
            extra_sections=periods.period_todo_sections(period=self.period, user=self.request.user),
            **kwargs,
        )


class PeriodReportView(PermissionRequiredMixin, View):
    """Save one row of the list (Spara / Klarmarkera); bad input or a stale form shows the list again with it."""

    permission_action = "period.report"

    def get_permission_object(self):
        self.report = get_object_or_404(
            PeriodReport.objects.select_related(
                "period", "part__organisation", "result", "measure__plan", "organisation"
            ),
            pk=self.kwargs["report_pk"],
            period_id=self.kwargs["pk"],  # a row of another period under this url is not found
        )
        return self.report

    def post(self, request, *args, **kwargs):
        form = PeriodReportForm(request.POST, report=self.report)
        form.report = self.report
        action = request.POST.get(f"{form.prefix}-action")
        complete, reopen = action == "complete", action == "reopen"
        status_code = 400
        extra = {}
        if form.is_valid():
            try:
                periods.period_report_save(
                    report=self.report,
                    status=form.cleaned_data["status"],
                    comment=form.cleaned_data["comment"],
                    complete=complete,
                    reopen=reopen,
                    by=request.user,
                    expected_version=form.cleaned_data["version"],
                )
            except StaleVersionError as exc:
                extra = conflict_context(
                    form, exc, [(_("Status"), exc.current.status_label), (_("Kommentar"), exc.current.comment)]
                )
                status_code = 409
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                title = self.report.result.title if self.report.result_id else self.report.measure.title
                if reopen:
                    text = _("Klarmarkeringen av ”%(item)s” är ångrad.")
                elif complete:
                    text = _("”%(item)s” är klarmarkerad.")
                else:
                    text = _("Rapporten för ”%(item)s” är sparad.")
                messages.success(request, text % {"item": title})
                url = reverse("measures:period_mine", args=[self.report.period_id])
                return HttpResponseRedirect(f"{url}#row-{self.report.pk}")
        page = PeriodMineView()
        page.setup(request, pk=self.report.period_id)
        page.period = self.report.period
        return page.render_to_response(page.get_context_data(bound_form=form, **extra), status=status_code)


# -- organisation parts -----------------------------------------------------------------------------------------
class PartAssignView(PermissionRequiredMixin, ServiceFormView):
    permission_action = "measure.part_assign"
    template_name = "measures/parts/part_assign.html"
    form_class = PartAssignForm
    invalid_status = 400

    def get_permission_object(self):
        self.measure = get_object_or_404(
            Measure.objects.select_related("plan__successor").prefetch_related("results"), pk=self.kwargs["pk"]
        )
        return self.measure

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "measure": self.measure}

    def perform(self, form):
        data = form.cleaned_data
        organisations = parts.organisations_for_all() if data["all_organisations"] else data["organisations"]
        counts = parts.organisation_parts_assign(
            measure=self.measure, result=data["result"], organisations=organisations, by=self.request.user
        )
        messages.success(
            self.request,
            _("Organisationernas delar är sparade: %(added)s nya, %(restored)s återställda, %(archived)s borttagna.")
            % counts,
        )

    def get_success_url(self):
        return self.measure.get_absolute_url() + "#parts-heading"

    def get_context_data(self, **kwargs):
        return super().get_context_data(measure=self.measure, plan=self.measure.plan, **kwargs)


class _PartMixin(PermissionRequiredMixin):
    def get_permission_object(self):
        self.part = get_object_or_404(
            OrganisationPart.objects.select_related("measure__plan__successor", "result", "organisation", "reporter"),
            pk=self.kwargs["part_pk"],
            measure_id=self.kwargs["pk"],  # a part of another measure under this url is not found
            archived=False,
        )
        return self.part


class PartReportView(_PartMixin, ServiceFormView):
    """An organisation reports its part (status and comment); the manager may also name who reports it."""

    permission_action = "measure.part_report"
    template_name = "measures/parts/part_report.html"
    form_class = PartReportForm
    invalid_status = 400

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "part": self.part}

    def perform(self, form):
        data = form.cleaned_data
        parts.organisation_part_report(
            part=self.part,
            status=data["status"],
            comment=data["comment"],
            by=self.request.user,
            expected_version=data["version"],
        )
        messages.success(self.request, _("%(org)s: delen är rapporterad.") % {"org": self.part.organisation.name})

    def conflict_values(self, current, form):
        return [(_("Status"), current.status_label), (_("Kommentar"), current.comment)]

    def get_success_url(self):
        return self.part.measure.get_absolute_url() + "#parts-heading"

    def get_context_data(self, **kwargs):
        if kwargs.get("conflict") is not None:
            self.part = OrganisationPart.objects.select_related("measure__plan", "result", "organisation").get(
                pk=self.part.pk
            )
        may_delegate = can(self.request.user, "measure.part_delegate", self.part)
        return super().get_context_data(
            entries=parts.part_timeline(part=self.part),
            open_rows=periods.open_rows_of_part(part=self.part),
            part=self.part,
            measure=self.part.measure,
            reporter_form=kwargs.pop("reporter_form", None)
            or (
                PartReporterForm(initial={"username": getattr(self.part.reporter, "username", "")})
                if may_delegate
                else None
            ),
            **kwargs,
        )


class PartReporterView(_PartMixin, View):
    """The manager names the person who reports the organisation's part."""

    permission_action = "measure.part_delegate"

    def post(self, request, *args, **kwargs):
        form = PartReporterForm(request.POST)
        if form.is_valid():
            try:
                saved = parts.organisation_part_set_reporter(
                    part=self.part, username=form.cleaned_data["username"], by=request.user
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(
                    request,
                    _("%(name)s rapporterar nu delen.")
                    % {"name": saved.reporter.get_full_name() or saved.reporter.username}
                    if saved.reporter
                    else _("Ingen särskild rapportör: chefen rapporterar delen."),
                )
                return HttpResponseRedirect(self.part.measure.get_absolute_url() + "#parts-heading")
        page = PartReportView()
        page.setup(request, pk=self.part.measure_id, part_pk=self.part.pk)
        page.part = self.part
        page.request = request
        context = page.get_context_data(form=PartReportForm(part=self.part), reporter_form=form)
        return page.render_to_response(context, status=400)


def measure_parts_context(user, measure) -> dict:
    """What the measure page shows of its organisations' parts and its frozen period statuses (two queries)."""
    overview = parts.part_overview(measure=measure)
    reportable = {
        part.pk
        for _org, cells in overview.rows
        for part in cells
        if part is not None and can(user, "measure.part_report", part)
    }
    return {
        "parts": overview,
        "reportable_part_ids": reportable,
        "may_assign_parts": can(user, "measure.part_assign", measure) and not measure.plan.is_closed,
        "period_history": periods.measure_period_history(measure=measure),
    }
