"""Thin views: ask the rules (vudig.core.rules), bind a form, call one service, show the result or the Swedish error."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import ListView, TemplateView

from vudig.core.concurrency import StaleVersionError
from vudig.core.formviews import ServiceFormView as BaseServiceFormView
from vudig.core.formviews import render_conflict
from vudig.core.pagination import PageMixin
from vudig.core.rules import can
from vudig.core.views_mixins import PermissionRequiredMixin

from . import services
from .constants import GATED_PHASES, PHASE_ORDER, ProjectPhase, TrafficLight
from .forms import AppointOwnerForm, DevelopmentProjectForm, GoalForm, PhaseForm, ProjectForm, StatusReportForm
from .models import DevelopmentProject, FrameProject, ProjectGoal, StatusReport
from .selectors import project_get, project_overview, project_reports, project_timeline, report_age_days


class ProjectMixin(PermissionRequiredMixin):
    """Resolves the project from the URL before the permission check, which is asked about that project."""

    @cached_property
    def project(self) -> FrameProject:
        return get_object_or_404(FrameProject.objects.select_related("steering_group"), slug=self.kwargs["slug"])

    def get_permission_object(self):
        return self.project

    def get_context_data(self, **kwargs):
        return super().get_context_data(project=self.project, **kwargs)


class ServiceFormView(ProjectMixin, BaseServiceFormView):
    """A form for one service about this project; after saving, back to the project."""

    def get_success_url(self):
        return self.project.get_absolute_url()


# -- pages ----------------------------------------------------------------------------------------------------------


# Frame projects per page on the list: Piteå has four, a region hundreds.
PROJECTS_PER_PAGE = 25


class ProjectListView(PermissionRequiredMixin, PageMixin, ListView):
    """The four frame projects: phase, owner, steering group, traffic light and the age of the latest report."""

    permission_action = "portal.view"
    template_name = "projects/project_list.html"
    paginate_by = PROJECTS_PER_PAGE

    def get_queryset(self):
        return project_overview().order_by("order", "pk")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        projects = list(context["page_obj"].object_list)
        for project in projects:
            project.report_age = report_age_days(project.latest_report_published_at)
            project.latest_report_label = dict(TrafficLight.choices).get(project.latest_report_status)
        context["projects"] = projects
        return context


class ProjectDetailView(PermissionRequiredMixin, TemplateView):
    permission_action = "portal.view"
    template_name = "projects/project_detail.html"

    def get_context_data(self, **kwargs):
        project = project_get(slug=self.kwargs["slug"])
        user = self.request.user
        may_report = can(user, "project.report", project)
        goals = project.all_goals
        developments = project.all_development_projects
        phase_index = PHASE_ORDER[project.phase]
        return super().get_context_data(
            project=project,
            may_edit=can(user, "project.edit", project),
            may_report=may_report,
            may_appoint=can(user, "project.appoint_manager", project),
            may_move=can(user, "project.edit", project) or can(user, "project.decide_gate", project),
            phases=[
                {"label": label, "current": i == phase_index, "done": i < phase_index}
                for i, (_value, label) in enumerate(ProjectPhase.choices)
            ],
            goals=[g for g in goals if not g.archived],
            archived_goals=[g for g in goals if g.archived],
            developments=[d for d in developments if not d.archived],
            archived_developments=[d for d in developments if d.archived],
            reports=project_reports(project=project, may_report=may_report),
            timeline_entries=project_timeline(project=project),
            **kwargs,
        )


class ProjectEditView(ServiceFormView):
    permission_action = "project.edit"
    template_name = "projects/project_form.html"
    form_class = ProjectForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = FrameProject.objects.get(pk=self.project.pk)
        kwargs.setdefault("initial", {})["version"] = self.project.version
        return kwargs

    def perform(self, form):
        services.project_update(
            project=self.project,
            by=self.request.user,
            expected_version=form.cleaned_data["version"],
            **{name: form.cleaned_data[name] for name in ProjectForm.Meta.fields},
        )
        messages.success(self.request, _("Rambeskrivningen sparades."))


class AppointOwnerView(ServiceFormView):
    permission_action = "project.appoint_manager"
    template_name = "projects/appoint_form.html"
    form_class = AppointOwnerForm

    def get_initial(self):
        return {"version": self.project.version, "owner": self.project.owner_id}

    def perform(self, form):
        services.project_appoint_owner(
            project=self.project,
            owner=form.cleaned_data["owner"],
            by=self.request.user,
            expected_version=form.cleaned_data["version"],
        )
        messages.success(self.request, _("Ansvarig linjechef är utsedd."))


class PhaseView(ServiceFormView):
    """Move the project to another phase; the gate into genomförande records the steering group's decision."""

    permission_action = "portal.view"
    template_name = "projects/phase_form.html"
    form_class = PhaseForm

    def dispatch(self, request, *args, **kwargs):
        self.request, self.args, self.kwargs = request, args, kwargs
        if request.user.is_authenticated and not (
            self.may_edit or can(request.user, "project.decide_gate", self.project)
        ):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def may_edit(self):
        return can(self.request.user, "project.edit", self.project)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "project": self.project, "gate_only": not self.may_edit}

    def get_initial(self):
        return {"version": self.project.version}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            allowed_moves=PhaseForm.allowed_moves(self.project),
            gate_labels=[dict(ProjectPhase.choices)[p] for p in sorted(GATED_PHASES)],
            **kwargs,
        )

    def perform(self, form):
        data = form.cleaned_data
        change = services.project_move_phase(
            project=self.project,
            to_phase=data["to_phase"],
            by=self.request.user,
            expected_version=data["version"],
            reason=data["reason"],
            decision_text=data["decision_text"],
            decision_date=data["decision_date"],
            decision=data["decision"],
        )
        if change is not None:
            messages.success(
                self.request, _("Projektet är nu i fasen ”%(phase)s”.") % {"phase": change.get_to_phase_display()}
            )


# -- goals and development projects ---------------------------------------------------------------------------------


class _ChildFormView(ServiceFormView):
    """Create (no pk) or edit (pk of a child of THIS project: a forged id of another project's child gives 404)."""

    permission_action = "project.edit"
    model = None

    @cached_property
    def item(self):
        if "pk" not in self.kwargs:
            return None
        return get_object_or_404(self.model, pk=self.kwargs["pk"], project=self.project)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = self.model.objects.get(pk=self.item.pk) if self.item else self.model(project=self.project)
        kwargs.setdefault("initial", {})["version"] = self.item.version if self.item else None
        return kwargs

    def get_context_data(self, **kwargs):
        return super().get_context_data(item=self.item, **kwargs)


class GoalFormView(_ChildFormView):
    model = ProjectGoal
    template_name = "projects/goal_form.html"
    form_class = GoalForm

    def perform(self, form):
        fields = {name: form.cleaned_data[name] for name in GoalForm.Meta.fields}
        if self.item is None:
            services.goal_create(project=self.project, by=self.request.user, **fields)
            messages.success(self.request, _("Projektmålet lades till."))
        else:
            services.goal_update(
                goal=self.item, by=self.request.user, expected_version=form.cleaned_data["version"], **fields
            )
            messages.success(self.request, _("Projektmålet sparades."))


class DevelopmentProjectFormView(_ChildFormView):
    model = DevelopmentProject
    template_name = "projects/development_form.html"
    form_class = DevelopmentProjectForm

    def perform(self, form):
        fields = {name: form.cleaned_data[name] for name in DevelopmentProjectForm.Meta.fields}
        if self.item is None:
            services.development_project_create(project=self.project, by=self.request.user, **fields)
            messages.success(self.request, _("Utvecklingsprojektet kopplades till ramprojektet."))
        else:
            services.development_project_update(
                item=self.item, by=self.request.user, expected_version=form.cleaned_data["version"], **fields
            )
            messages.success(self.request, _("Utvecklingsprojektet sparades."))


class _ArchiveView(ProjectMixin, View):
    """POST only: archive (archived=1) or restore (archived=0) a child of this project."""

    permission_action = "project.edit"
    http_method_names = ["post"]
    model = None

    def run(self, item, archived: bool) -> None:
        raise NotImplementedError

    def post(self, request, slug, pk):
        item = get_object_or_404(self.model, pk=pk, project=self.project)
        archived = request.POST.get("archived", "1") != "0"
        self.run(item, archived)
        messages.success(request, self.done[archived])
        return redirect(self.project)


class GoalArchiveView(_ArchiveView):
    model = ProjectGoal

    def run(self, item, archived):
        services.goal_set_archived(goal=item, by=self.request.user, archived=archived)

    @property
    def done(self):
        return {True: _("Projektmålet arkiverades."), False: _("Projektmålet återställdes.")}


class DevelopmentProjectArchiveView(_ArchiveView):
    model = DevelopmentProject

    def run(self, item, archived):
        services.development_project_set_archived(item=item, by=self.request.user, archived=archived)

    @property
    def done(self):
        return {True: _("Utvecklingsprojektet arkiverades."), False: _("Utvecklingsprojektet återställdes.")}


# -- status reports -------------------------------------------------------------------------------------------------


class _ReportMixin(ProjectMixin):
    @cached_property
    def report(self) -> StatusReport:
        report = get_object_or_404(
            StatusReport.objects.select_related("author", "published_by", "corrects"),
            pk=self.kwargs["pk"],
            project=self.project,
        )
        if not report.is_published and not can(self.request.user, "project.report", self.project):
            raise Http404  # a draft is the reporters' working copy
        return report


class ReportDetailView(_ReportMixin, TemplateView):
    permission_action = "portal.view"
    template_name = "projects/report_detail.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            report=self.report,
            may_report=can(self.request.user, "project.report", self.project),
            corrections=list(self.report.corrections.filter(state="publicerad").order_by("published_at")),
            **kwargs,
        )


class ReportFormView(ServiceFormView):
    """Start a draft (no pk) or change a draft; a published report is frozen and sends the user to its page."""

    permission_action = "project.report"
    template_name = "projects/report_form.html"
    form_class = StatusReportForm

    @cached_property
    def report(self):
        if "pk" not in self.kwargs:
            return None
        return get_object_or_404(StatusReport, pk=self.kwargs["pk"], project=self.project)

    def get(self, request, *args, **kwargs):
        if self.report is not None and self.report.is_published:
            messages.error(
                request, _("Rapporten är publicerad och kan inte ändras. Skriv en rättelse som en ny rapport.")
            )
            return redirect(self.report)
        return super().get(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = (
            StatusReport.objects.get(pk=self.report.pk)
            if self.report
            else StatusReport(project=self.project, author=self.request.user)
        )
        kwargs.setdefault("initial", {})["version"] = self.report.version if self.report else None
        return kwargs

    def get_context_data(self, **kwargs):
        return super().get_context_data(report=self.report, **kwargs)

    def perform(self, form):
        fields = {name: form.cleaned_data[name] for name in StatusReportForm.Meta.fields}
        if self.report is None:
            self.saved = services.status_report_create(project=self.project, by=self.request.user, **fields)
        else:
            self.saved = services.status_report_update(
                report=self.report, by=self.request.user, expected_version=form.cleaned_data["version"], **fields
            )
        messages.success(self.request, _("Utkastet sparades. Publicera det när det är klart."))

    def get_success_url(self):
        return self.saved.get_absolute_url()


class ReportPublishView(ReportDetailView):
    permission_action = "project.report"
    http_method_names = ["post"]

    def post(self, request, slug, pk):
        try:
            services.status_report_publish(
                report=self.report, by=request.user, expected_version=_int_or_none(request.POST.get("version"))
            )
        except StaleVersionError as exc:
            self.report = exc.current
            values = [
                (_("Samlad status"), self.report.get_overall_status_display()),
                (_("Genomfört under perioden"), self.report.done),
            ]
            return render_conflict(self, None, exc, values=values)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Lägesrapporten är publicerad."))
        return redirect(self.report)


class ReportCorrectView(_ReportMixin, View):
    permission_action = "project.report"
    http_method_names = ["post"]

    def post(self, request, slug, pk):
        try:
            correction = services.status_report_start_correction(report=self.report, by=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect(self.report)
        messages.success(request, _("En rättelse är påbörjad som ett nytt utkast. Ändra det och publicera."))
        return redirect("projects:report_edit", slug=self.project.slug, pk=correction.pk)


def _int_or_none(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
