"""Thin views: ask the rules (vudig.core.rules), read through selectors, write through services, re-render on bad input."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views import View
from django.views.generic import TemplateView

from vudig.core.formviews import ServiceFormView, add_service_errors
from vudig.core.pagination import PageMixin
from vudig.core.rules import can
from vudig.core.views_mixins import PermissionRequiredMixin

from . import selectors, services
from .constants import PlanState
from .exports import csv_response, xlsx_response
from .forms import (
    ChangesForm,
    CommentForm,
    InlineResultStatusForm,
    MeasureCreateForm,
    MeasureForm,
    MeasureStatusForm,
    NewPlanVersionForm,
    PlanForm,
    PlanStateForm,
    ResultForm,
    ResultStatusForm,
)
from .indicators import indicator_context
from .models import Measure, MeasureResult, Plan, StatusDocument
from .rules import STATE_ACTIONS
from .views_periods import measure_parts_context

PAGE_SIZE = 25


def _next_url(request, default: str) -> str:
    """Where to go back after a write: the page the form came from, if it is ours."""
    candidate = request.POST.get("next") or request.GET.get("next")
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return default


# -- the list ---------------------------------------------------------------------------------------------------
class MeasureListView(PermissionRequiredMixin, PageMixin, TemplateView):
    """Filtered, sorted, paginated measures with their results and the status counts of the whole filtered list."""

    permission_action = "portal.view"
    template_name = "measures/measure_list.html"
    paginate_by = PAGE_SIZE
    context_object_name = "measures"

    def get_context_data(self, **kwargs):
        filterset = selectors.measure_filter(user=self.request.user, data=self.request.GET)
        measures = filterset.qs
        may_edit = can(self.request.user, "plan.edit")
        context = super().get_context_data(
            object_list=measures,
            filter=filterset,
            counts=selectors.status_counts(measures) if selectors.filter_applies(filterset) else [],
            may_edit=may_edit,
            **kwargs,
        )
        if may_edit:
            for measure in context["measures"]:
                for result in measure.results.all():
                    result.status_form = InlineResultStatusForm(result=result)
        return context


class MeasureExportView(PermissionRequiredMixin, View):
    """The list as filtered on the page, as CSV or XLSX (the same selector and FilterSet)."""

    permission_action = "portal.view"

    def get(self, request, fmt: str):
        filterset = selectors.measure_filter(user=request.user, data=request.GET)
        measures = filterset.qs if selectors.filter_applies(filterset) else filterset.queryset.none()
        if fmt == "csv":
            return csv_response(measures)
        if fmt == "xlsx":
            return xlsx_response(measures)
        raise Http404


# -- a measure --------------------------------------------------------------------------------------------------
class MeasureDetailView(PermissionRequiredMixin, TemplateView):
    permission_action = "portal.view"
    template_name = "measures/measure_detail.html"

    def get_context_data(self, **kwargs):
        try:
            measure = selectors.measure_get(user=self.request.user, pk=self.kwargs["pk"])
        except Measure.DoesNotExist:
            raise Http404 from None
        results = list(measure.results.all())
        frame_project = getattr(measure, "frame_project", None)
        may_edit = can(self.request.user, "plan.edit", measure)
        may_follow_up = may_edit and not measure.plan.is_closed
        active_results = [r for r in results if not r.archived]
        if may_follow_up:
            # The list's inline form: what the status rests on and what replaces the result travel as hidden current
            # values (shown above the form, changed on the result's own page), so the page builds no long option
            # lists (every decision, measure and result: 1.8 MB and ~600 ms at a region's scale, issue 19).
            for result in active_results:
                result.status_form = InlineResultStatusForm(result=result)
        may_comment = can(self.request.user, "measure.comment", measure) and not measure.archived
        if may_comment and "comment_form" not in kwargs:
            kwargs["comment_form"] = CommentForm(measure=measure)
        return super().get_context_data(
            measure=measure,
            plan=measure.plan,
            may_follow_up=may_follow_up,
            # Without results the measure's own status is what it shows, so that is what is followed up.
            measure_status_form=MeasureStatusForm(measure=measure)
            if may_follow_up and not active_results and not measure.archived
            else None,
            active_results=active_results,
            archived_results=[r for r in results if r.archived],
            frame_project=frame_project,
            entries=selectors.measure_timeline(measure),
            replaces=selectors.measure_replaces(measure),
            register_decisions=selectors.decisions_about(user=self.request.user, measure=measure),
            comments=selectors.comment_list(measure=measure),
            may_edit=may_edit,
            may_comment=may_comment,
            may_read_documents=can(self.request.user, "measure.document_view", measure),
            **indicator_context(self.request.user, measure),
            **measure_parts_context(self.request.user, measure),
            **kwargs,
        )


class CommentCreateView(PermissionRequiredMixin, View):
    """Add a comment from the measure page; bad input shows the page again with the form and the reason."""

    permission_action = "measure.comment"

    def get_permission_object(self):
        self.measure = get_object_or_404(Measure.objects.select_related("plan"), pk=self.kwargs["pk"])
        return self.measure

    def post(self, request, *args, **kwargs):
        form = CommentForm(request.POST, measure=self.measure)
        if form.is_valid():
            try:
                services.comment_add(
                    measure=self.measure,
                    result=form.cleaned_data["result"],
                    text=form.cleaned_data["text"],
                    by=request.user,
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Kommentaren är sparad."))
                return HttpResponseRedirect(self.measure.get_absolute_url() + "#comments-heading")
        page = MeasureDetailView()
        page.setup(request, pk=self.measure.pk)
        return page.render_to_response(page.get_context_data(comment_form=form), status=400)


class StatusDocumentView(PermissionRequiredMixin, View):
    """Serve a document a status rests on to those who may read it; a guessed id (or one under another measure) is
    404, the public is sent to log in."""

    permission_action = "measure.document_view"

    def get_permission_object(self):
        if not self.request.user.is_authenticated:
            return None
        self.document = get_object_or_404(
            StatusDocument.objects.select_related("result__measure"),
            pk=self.kwargs["document_pk"],
            result__measure_id=self.kwargs["pk"],
        )
        return self.document.result.measure

    def get(self, request, *args, **kwargs):
        try:
            handle = self.document.file.open("rb")
        except FileNotFoundError:
            raise Http404 from None
        return FileResponse(
            handle, as_attachment=True, filename=self.document.original_name, content_type=self.document.content_type
        )


class ResultStatusView(PermissionRequiredMixin, ServiceFormView):
    """Change one result's status: the form lives inline on the list and measure page, and whole here."""

    permission_action = "plan.edit"
    template_name = "measures/result_status.html"
    form_class = ResultStatusForm
    invalid_status = 400

    def get_permission_object(self):
        self.result = get_object_or_404(
            MeasureResult.objects.select_related(
                "measure__plan",
                "replacement_measure",
                "replacement_result",
                "basis_decision__steering_group",
                "basis_decision__errand",
                "basis_plan",
                "basis_document",
            ),
            pk=self.kwargs["result_pk"],
            measure_id=self.kwargs["pk"],  # a result id forged under another measure is not found
        )
        return self.result

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "result": self.result}

    def perform(self, form):
        data = form.cleaned_data
        services.measure_result_set_status(
            result=self.result,
            measure=self.result.measure,
            status=data["status"],
            motivation=data["motivation"],
            reason=data["reason"],
            replacement_measure=data["replacement_measure"],
            replacement_result=data["replacement_result"],
            basis_decision=data["basis_decision"],
            basis_plan=data["basis_plan"],
            document=data["document"],
            expected_version=data["version"],
            by=self.request.user,
        )
        messages.success(
            self.request,
            _("Status för ”%(result)s” är nu %(status)s.")
            % {"result": self.result.title, "status": dict(form.fields["status"].choices)[data["status"]]},
        )

    def get_success_url(self):
        return _next_url(self.request, self.result.measure.get_absolute_url())

    def conflict_values(self, current, form):
        return [(_("Status"), current.get_status_display()), (_("Skäl"), current.status_reason)]

    def get_context_data(self, **kwargs):
        if kwargs.get("conflict") is not None:
            self.result = kwargs["conflict"]  # "Nuvarande status" is the newer one
        return super().get_context_data(
            result=self.result,
            measure=self.result.measure,
            may_read_documents=can(self.request.user, "measure.document_view", self.result.measure),
            next=_next_url(self.request, self.result.measure.get_absolute_url()),
            **kwargs,
        )


class MeasureStatusView(PermissionRequiredMixin, ServiceFormView):
    """Change a measure's own status (the one it shows while it has no results)."""

    permission_action = "plan.edit"
    template_name = "measures/measure_status.html"
    form_class = MeasureStatusForm
    invalid_status = 400

    def get_permission_object(self):
        self.measure = get_object_or_404(Measure.objects.select_related("plan__successor"), pk=self.kwargs["pk"])
        return self.measure

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "measure": self.measure}

    def perform(self, form):
        data = form.cleaned_data
        services.measure_set_status(
            measure=self.measure,
            status=data["status"],
            motivation=data["motivation"],
            reason=data["reason"],
            expected_version=data["version"],
            by=self.request.user,
        )
        messages.success(
            self.request,
            _("Status för ”%(measure)s” är nu %(status)s.")
            % {"measure": self.measure.title, "status": dict(form.fields["status"].choices)[data["status"]]},
        )

    def get_success_url(self):
        return _next_url(self.request, self.measure.get_absolute_url())

    def conflict_values(self, current, form):
        return [(_("Status"), current.get_status_display()), (_("Skäl"), current.status_reason)]

    def get_context_data(self, **kwargs):
        if kwargs.get("conflict") is not None:
            self.measure = kwargs["conflict"]
        return super().get_context_data(measure=self.measure, plan=self.measure.plan, **kwargs)


class _MeasureWriteMixin(PermissionRequiredMixin):
    permission_action = "plan.edit"

    def get_permission_object(self):
        self.measure = get_object_or_404(Measure.objects.select_related("plan"), pk=self.kwargs["pk"])
        return self.measure


class MeasureCreateView(PermissionRequiredMixin, ServiceFormView):
    permission_action = "plan.edit"
    template_name = "measures/measure_form.html"
    form_class = MeasureCreateForm
    invalid_status = 400
    submit_once = True

    def get_form_kwargs(self):
        plans = Plan.objects.exclude(state=PlanState.BESLUTAD).filter(successor__isnull=True)
        return {**super().get_form_kwargs(), "plans": plans}

    def get_initial(self):
        return {"plan": self.request.GET.get("plan")}

    def perform(self, form):
        data = form.cleaned_data
        self.saved = services.measure_create(
            plan=data["plan"],
            title=data["title"],
            responsible=data["responsible"],
            responsible_organisation=data["responsible_organisation"],
            category=data["category"],
            description=data["description"],
            by=self.request.user,
        )
        messages.success(self.request, _("Åtgärden ”%(title)s” är tillagd.") % {"title": self.saved.title})

    def get_success_url(self):
        return self.saved.get_absolute_url()

    def get_context_data(self, **kwargs):
        return super().get_context_data(creating=True, **kwargs)


class MeasureUpdateView(_MeasureWriteMixin, ServiceFormView):
    template_name = "measures/measure_form.html"
    form_class = MeasureForm
    invalid_status = 400

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        # On POST a fresh copy: the form must not change the measure the service checks the version of.
        kwargs["instance"] = Measure.objects.get(pk=self.measure.pk) if "data" in kwargs else self.measure
        return kwargs

    def get_initial(self):
        return {"version": self.measure.version}

    def perform(self, form):
        data = form.cleaned_data
        services.measure_update(
            measure=self.measure,
            expected_version=data["version"],
            by=self.request.user,
            **{k: data[k] for k in services.MEASURE_FIELDS},
        )
        messages.success(self.request, _("Åtgärden är sparad."))

    def get_success_url(self):
        return self.measure.get_absolute_url()

    def get_context_data(self, **kwargs):
        return super().get_context_data(measure=self.measure, plan=self.measure.plan, **kwargs)


class _PostOnlyWrite(View):
    """A button: POST, call the service, say what happened, go back."""

    def act(self, request):  # pragma: no cover - every subclass defines it
        raise NotImplementedError

    def post(self, request, *args, **kwargs):
        try:
            message = self.act(request)
        except ValidationError as exc:
            for text in exc.messages:
                messages.error(request, text)
        else:
            if message:
                messages.success(request, message)
        return HttpResponseRedirect(_next_url(request, self.default_next()))


class MeasureMoveView(_MeasureWriteMixin, _PostOnlyWrite):
    def act(self, request):
        moved = services.measure_move(
            measure=self.measure, direction=request.POST.get("direction", ""), by=request.user
        )
        return _("Åtgärden är flyttad.") if moved else ""

    def default_next(self):
        return reverse("measures:list") + f"?plan={self.measure.plan_id}"


class MeasureArchiveView(_MeasureWriteMixin, _PostOnlyWrite):
    def act(self, request):
        archived = request.POST.get("archived") == "1"
        services.measure_set_archived(measure=self.measure, archived=archived, by=request.user)
        return _("Åtgärden är arkiverad. Den kan återställas.") if archived else _("Åtgärden är återställd.")

    def default_next(self):
        return self.measure.get_absolute_url()


class _ResultWriteMixin(PermissionRequiredMixin):
    permission_action = "plan.edit"

    def get_permission_object(self):
        self.result = get_object_or_404(
            MeasureResult.objects.select_related("measure__plan"),
            pk=self.kwargs["result_pk"],
            measure_id=self.kwargs["pk"],
        )
        return self.result

    def default_next(self):
        return self.result.measure.get_absolute_url()


class ResultMoveView(_ResultWriteMixin, _PostOnlyWrite):
    def act(self, request):
        moved = services.measure_result_move(
            result=self.result, direction=request.POST.get("direction", ""), by=request.user
        )
        return _("Resultatet är flyttat.") if moved else ""


class ResultArchiveView(_ResultWriteMixin, _PostOnlyWrite):
    def act(self, request):
        archived = request.POST.get("archived") == "1"
        services.measure_result_set_archived(result=self.result, archived=archived, by=request.user)
        return _("Resultatet är arkiverat. Det kan återställas.") if archived else _("Resultatet är återställt.")


class ResultCreateView(_MeasureWriteMixin, ServiceFormView):
    template_name = "measures/result_form.html"
    form_class = ResultForm
    invalid_status = 400

    def perform(self, form):
        data = form.cleaned_data
        services.measure_result_create(
            measure=self.measure,
            title=data["title"],
            responsible=data["responsible"],
            responsible_user=data["responsible_user"],
            start_date=data["start_date"],
            end_date=data["end_date"],
            by=self.request.user,
        )
        messages.success(self.request, _("Resultatet är tillagt."))

    def get_success_url(self):
        return self.measure.get_absolute_url()

    def get_context_data(self, **kwargs):
        return super().get_context_data(measure=self.measure, creating=True, **kwargs)


class ResultUpdateView(_ResultWriteMixin, ServiceFormView):
    template_name = "measures/result_form.html"
    form_class = ResultForm
    invalid_status = 400

    def get_initial(self):
        r = self.result
        return {
            "title": r.title,
            "responsible": r.responsible,
            "responsible_user": r.responsible_user_id,
            "start_date": r.start_date,
            "end_date": r.end_date,
            "version": r.version,
        }

    def perform(self, form):
        data = form.cleaned_data
        services.measure_result_update(
            result=self.result,
            title=data["title"],
            responsible=data["responsible"],
            responsible_user=data["responsible_user"],
            start_date=data["start_date"],
            end_date=data["end_date"],
            expected_version=data["version"],
            by=self.request.user,
        )
        messages.success(self.request, _("Resultatet är sparat."))

    def get_success_url(self):
        return self.result.measure.get_absolute_url()

    def get_context_data(self, **kwargs):
        return super().get_context_data(measure=self.result.measure, result=self.result, **kwargs)


class ArchiveView(PermissionRequiredMixin, TemplateView):
    permission_action = "plan.edit"
    template_name = "measures/archive.html"

    def get_context_data(self, **kwargs):
        measures, results = selectors.archived_list()
        return super().get_context_data(archived_measures=measures, archived_results=results, **kwargs)


# -- plans ------------------------------------------------------------------------------------------------------
class PlanListView(PermissionRequiredMixin, TemplateView):
    permission_action = "portal.view"
    template_name = "measures/plan_list.html"

    def get_context_data(self, **kwargs):
        plans = list(selectors.plan_overview())
        return super().get_context_data(plans=plans, in_force=selectors.plan_in_force(plans=plans), **kwargs)


class PlanDetailView(PermissionRequiredMixin, TemplateView):
    """One plan: its state (marked when not decided), period, versions, and who approved and decided it, when, how."""

    permission_action = "portal.view"
    template_name = "measures/plan_detail.html"

    def get_context_data(self, **kwargs):
        plan = get_object_or_404(selectors.plan_overview(), pk=self.kwargs["pk"])
        return super().get_context_data(
            plan=plan,
            in_force=selectors.plan_in_force() == plan,
            state_entries=selectors.plan_state_history(plan),
            register_decisions=selectors.decisions_about(user=self.request.user, plan=plan),
            **kwargs,
        )


class _PlanMixin(PermissionRequiredMixin):
    def get_permission_object(self):
        self.plan = get_object_or_404(Plan, pk=self.kwargs["pk"])
        return self.plan

    def get_context_data(self, **kwargs):
        return super().get_context_data(plan=self.plan, **kwargs)


class PlanUpdateView(_PlanMixin, ServiceFormView):
    permission_action = "plan.edit"
    template_name = "measures/plan_form.html"
    form_class = PlanForm
    invalid_status = 400
    success_url = reverse_lazy("measures:plans")

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = Plan.objects.get(pk=self.plan.pk) if "data" in kwargs else self.plan
        return kwargs

    def get_initial(self):
        return {"version": self.plan.version}

    def perform(self, form):
        data = form.cleaned_data
        services.plan_update(
            plan=self.plan,
            title=data["title"],
            description=data["description"],
            period_start=data["period_start"],
            period_end=data["period_end"],
            expected_version=data["version"],
            by=self.request.user,
        )
        messages.success(self.request, _("Planen är sparad."))


STATE_HEADINGS = {
    PlanState.GODKAND: gettext_lazy("Registrera att ledningsgruppen godkänt planen"),
    PlanState.BESLUTAD: gettext_lazy("Besluta planen (kommunchef)"),
    PlanState.UTKAST: gettext_lazy("Återför planen till utkast"),
}


class PlanStateView(_PlanMixin, ServiceFormView):
    """Record approval (process leader) or decision (kommunchef); the service checks which may do which."""

    permission_action = "portal.view"
    template_name = "measures/plan_state.html"
    form_class = PlanStateForm
    invalid_status = 400
    success_url = reverse_lazy("measures:plans")

    def dispatch(self, request, *args, **kwargs):
        self.target = kwargs["state"]
        if self.target not in STATE_ACTIONS:
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_permission_object(self):
        plan = super().get_permission_object()
        if self.request.user.is_authenticated and not can(self.request.user, STATE_ACTIONS[self.target], plan):
            raise PermissionDenied
        return plan

    def get_initial(self):
        return {"version": self.plan.version}

    def perform(self, form):
        services.plan_set_state(
            plan=self.plan,
            state=self.target,
            comment=form.cleaned_data["comment"],
            expected_version=form.cleaned_data["version"],
            by=self.request.user,
        )
        messages.success(
            self.request,
            _("”%(plan)s” är nu %(state)s.") % {"plan": self.plan.title, "state": PlanState(self.target).label.lower()},
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            target=self.target,
            target_label=PlanState(self.target).label,
            heading=STATE_HEADINGS[self.target],
            **kwargs,
        )


class PlanNewVersionView(_PlanMixin, ServiceFormView):
    permission_action = "plan.edit"
    template_name = "measures/plan_new_version.html"
    form_class = NewPlanVersionForm
    invalid_status = 400

    def perform(self, form):
        data = form.cleaned_data
        self.saved = services.plan_start_new_version(
            plan=self.plan,
            title=data["title"],
            period_start=data["period_start"],
            period_end=data["period_end"],
            by=self.request.user,
        )
        n = self.saved.measures.count()
        messages.success(
            self.request,
            ngettext(
                "Ny planversion ”%(plan)s” är startad med %(n)d ej avslutad åtgärd.",
                "Ny planversion ”%(plan)s” är startad med %(n)d ej avslutade åtgärder.",
                n,
            )
            % {"plan": self.saved.title, "n": n},
        )

    def get_success_url(self):
        return reverse("measures:list") + f"?plan={self.saved.pk}"

    def get_context_data(self, **kwargs):
        return super().get_context_data(in_force=selectors.plan_in_force() == self.plan, **kwargs)


# -- what changed -----------------------------------------------------------------------------------------------
class ChangesView(PermissionRequiredMixin, TemplateView):
    permission_action = "portal.view"
    template_name = "measures/changes.html"

    def get_context_data(self, **kwargs):
        form = ChangesForm(self.request.GET or None)
        since_date = days = None
        if form.is_bound and form.is_valid():
            since_date, days = form.cleaned_data["since"], form.cleaned_data["days"]
        context = selectors.changes_overview(user=self.request.user, since_date=since_date, days=days)
        if not form.is_bound:
            form = ChangesForm(initial={"since": context["since_date"], "days": context["days"]})
        return super().get_context_data(form=form, **context, **kwargs)
