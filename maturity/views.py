"""Thin views: they ask the rules (vudig.core.rules), read through selectors and write through services."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse, reverse_lazy
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView

from vudig.core.concurrency import StaleVersionError
from vudig.core.formviews import ServiceFormView, add_service_errors, render_conflict
from vudig.core.history import timeline
from vudig.core.models import Organisation
from vudig.core.pagination import PageMixin
from vudig.core.rules import can
from vudig.core.views_mixins import PermissionRequiredMixin

from . import selectors, services
from .charts import Series, heatmap_chart, radar_chart
from .constants import GAP_LEVEL, IMPROVEMENT_EXTRA_ROWS, MAX_IMPROVEMENTS, AssessmentStatus
from .descriptors import descriptor_snapshot, descriptor_table
from .forms import (
    AssessmentForm,
    DescriptorForm,
    GapLinkForm,
    ReviewForm,
    RoundForm,
    RoundStatusForm,
    improvement_count_name,
    improvement_prefix,
)
from .models import ASSESSED_KINDS, AreaAssessment, CapabilityArea, PlannedImprovement
from .rules import may_fill_in, organisations_managed_by


def _history_subject(record) -> str:
    """What a history row is about: the assessment, an area, or one of an area's planned improvements."""
    if hasattr(record, "area_assessment"):
        return _("%(area)s: planerad förbättring") % {"area": record.area_assessment.area.name}
    return str(getattr(record, "area", None) or record.instance)


def _assessment_values(assessment) -> list[tuple[str, str]]:
    """Each area's level and motivation as saved, for the conflict panel."""
    rows = []
    for row in assessment.areas.select_related("area"):
        rows.append((_("%(area)s: nivå") % {"area": row.area.name}, "" if row.level is None else str(row.level)))
        rows.append((_("%(area)s: motivering") % {"area": row.area.name}, row.motivation))
    return rows


class RoundMixin:
    @cached_property
    def round(self):
        round = selectors.round_get(year=self.kwargs["year"])
        if round is None:
            raise Http404(_("Det finns ingen omgång för det året."))
        return round


class OrganisationMixin(RoundMixin):
    @cached_property
    def organisation(self):
        return get_object_or_404(Organisation, slug=self.kwargs["org"], kind__in=ASSESSED_KINDS)


class IndexView(PermissionRequiredMixin, TemplateView):
    """The rounds, the organisations the user manages, and links to the year's picture."""

    permission_action = "portal.view"
    template_name = "maturity/index.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            rounds=selectors.round_list(),
            current=selectors.round_current(),
            managed=organisations_managed_by(self.request.user, Organisation.objects.filter(kind__in=ASSESSED_KINDS)),
            can_manage=can(self.request.user, "assessment.round_manage"),
            **kwargs,
        )


class RoundCreateView(PermissionRequiredMixin, ServiceFormView):
    permission_action = "assessment.round_manage"
    template_name = "maturity/round_form.html"
    form_class = RoundForm
    submit_once = True

    def perform(self, form):
        self.saved = services.round_create(**form.cleaned_data, by=self.request.user)
        messages.success(
            self.request, _("Omgången %(year)s är skapad. Öppna den när den ska börja.") % {"year": self.saved.year}
        )

    def get_success_url(self):
        return self.saved.get_absolute_url()


class RoundOverviewView(PermissionRequiredMixin, RoundMixin, PageMixin, TemplateView):
    """Which organisations have submitted, are in review, or are missing."""

    permission_action = "portal.view"
    template_name = "maturity/round_overview.html"
    paginate_by = selectors.ORGANISATIONS_PER_PAGE

    def get_context_data(self, **kwargs):
        context = super().get_context_data(
            object_list=selectors.assessed_organisation_list(),
            round=self.round,
            can_manage=can(self.request.user, "assessment.round_manage"),
            status_form=kwargs.pop("status_form", None) or RoundStatusForm(initial={"version": self.round.version}),
            **kwargs,
        )
        overview = selectors.round_overview_page(round=self.round, page=context["page_obj"])
        context.update(rows=overview.rows, counts=overview.counts)
        return context


class RoundStatusView(RoundOverviewView):
    """Open, close or reopen the round from its overview."""

    permission_action = "assessment.round_manage"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        form = RoundStatusForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Ändringen kunde inte göras. Ladda om sidan och försök igen."))
            return redirect(self.round)
        try:
            services.round_set_status(
                round=self.round,
                status=form.cleaned_data["status"],
                reason=form.cleaned_data["reason"],
                expected_version=form.cleaned_data["version"],
                by=request.user,
            )
        except StaleVersionError as exc:
            return render_conflict(self, form, exc, form_name="status_form", in_panel=True)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect(self.round)
        messages.success(request, _("Omgångens status är ändrad."))
        return redirect(self.round)


class HeatmapView(PermissionRequiredMixin, RoundMixin, PageMixin, TemplateView):
    """Organisations × areas, the spread per area, the change since last year, and the two groups apart."""

    permission_action = "portal.view"
    template_name = "maturity/heatmap.html"
    paginate_by = selectors.ORGANISATIONS_PER_PAGE

    def get_context_data(self, **kwargs):
        context = super().get_context_data(
            object_list=selectors.assessed_organisation_list(), round=self.round, **kwargs
        )
        data = selectors.heatmap(round=self.round, page=context["page_obj"])
        svg = heatmap_chart(
            chart_id="heatmap",
            title=_("Självskattad mognad %(year)s per organisation och område") % {"year": self.round.year},
            columns=[a.name for a in data.areas],
            rows=[(r.organisation.name, r.levels) for r in data.rows],
        )
        context.update(data=data, svg=svg)
        return context


class AssessmentDetailView(PermissionRequiredMixin, OrganisationMixin, TemplateView):
    """One organisation's result: radar against last year and the median of all, with the motivations."""

    permission_action = "portal.view"
    template_name = "maturity/assessment_detail.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        assessment = selectors.assessment_get(round=self.round, organisation=self.organisation)
        visible = selectors.assessment_visible(user=user, assessment=assessment)
        context = {
            "round": self.round,
            "organisation": self.organisation,
            "assessment": assessment if visible else None,
            "can_edit": may_fill_in(user, round=self.round, organisation=self.organisation, assessment=assessment),
            "can_review": assessment is not None and can(user, "assessment.review", assessment),
            "can_link": visible
            and assessment.status != AssessmentStatus.UTKAST
            and can(user, "assessment.edit", assessment),
        }
        if visible:
            areas = list(CapabilityArea.objects.all())
            previous_round = selectors.round_previous(round=self.round)
            previous = selectors.organisation_levels(round=previous_round, organisation=self.organisation)
            medians = selectors.area_medians(round=self.round)
            rows = {r.area_id: r for r in assessment.areas.all()}
            table = [
                {
                    "area": a,
                    "row": rows.get(a.pk),
                    "level": getattr(rows.get(a.pk), "level", None),
                    "previous": previous.get(a.pk),
                    "median": medians.get(a.pk),
                    "descriptor": self.round.descriptors.get(a.slug, {})
                    .get("levels", {})
                    .get(str(getattr(rows.get(a.pk), "level", "")), ""),
                    "gap": (getattr(rows.get(a.pk), "level", None) or 99) <= GAP_LEVEL,
                }
                for a in areas
            ]
            series = [Series(str(self.round.year), [t["level"] for t in table])]
            if previous_round is not None:
                series.append(Series(str(previous_round.year), [t["previous"] for t in table]))
            series.append(Series(_("Median alla"), [t["median"] for t in table]))
            context.update(
                table=table,
                previous_round=previous_round,
                svg=radar_chart(
                    chart_id="radar",
                    title=_("%(org)s %(year)s jämfört med föregående år och medianen")
                    % {"org": self.organisation.name, "year": self.round.year},
                    axes=[a.name for a in areas],
                    series=series,
                ),
                review_form=kwargs.pop("review_form", None) or ReviewForm(initial={"version": assessment.version}),
            )
            if can(user, "assessment.view", assessment):
                context["entries"] = timeline(
                    [
                        assessment.history.all(),
                        AreaAssessment.history.filter(assessment_id=assessment.pk).select_related("area"),
                        PlannedImprovement.history.filter(area_assessment__assessment_id=assessment.pk).select_related(
                            "area_assessment__area"
                        ),
                    ],
                    subject=_history_subject,
                )
        return super().get_context_data(**context, **kwargs)


class AssessmentEditView(PermissionRequiredMixin, OrganisationMixin, FormView):
    """The manager fills in all five areas on one page; save a draft any time, submit when complete."""

    permission_action = "assessment.edit"
    template_name = "maturity/assessment_form.html"
    form_class = AssessmentForm

    def get_permission_object(self):
        return self.organisation

    @cached_property
    def assessment(self):
        return selectors.assessment_get(round=self.round, organisation=self.organisation)

    @cached_property
    def descriptors(self):
        if self.round.descriptors:
            return self.round.descriptors
        return descriptor_snapshot(selectors.capability_areas_with_descriptors())

    @cached_property
    def areas(self):
        return list(selectors.capability_area_list())

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.update(areas=self.areas, descriptors=self.descriptors)
        return kwargs

    def get_initial(self):
        return AssessmentForm.initial_for(self.assessment, self.areas)

    def post(self, request, *args, **kwargs):
        if "add_improvement" in request.POST:
            return self.add_improvement_row(request.POST["add_improvement"])
        return super().post(request, *args, **kwargs)

    def add_improvement_row(self, slug: str):
        """Show the page again with one more empty improvement row for an area, keeping everything typed (no JS).

        Nothing is saved and nothing is validated yet: the typed values come back as the form's initial data.
        """
        initial = {key: self.request.POST.get(key) for key in self.request.POST if key != "csrfmiddlewaretoken"}
        initial.pop("add_improvement", None)
        form = AssessmentForm(initial=initial, areas=self.areas, descriptors=self.descriptors)
        area = next((a for a in self.areas if a.slug == slug), None)
        if area is not None:
            if form.row_counts[slug] >= MAX_IMPROVEMENTS + IMPROVEMENT_EXTRA_ROWS:
                messages.warning(
                    self.request,
                    _("Högst %(max)s planerade förbättringar per område.") % {"max": MAX_IMPROVEMENTS},
                )
            else:
                initial[improvement_count_name(slug)] = form.row_counts[slug] + 1
                form = AssessmentForm(initial=initial, areas=self.areas, descriptors=self.descriptors)
                # The new row's text field takes the focus, so a keyboard user types on where the row appeared.
                new_text = f"{improvement_prefix(slug, form.row_counts[slug] - 1)}-text"
                form.fields[new_text].widget.attrs["autofocus"] = True
        return self.render_to_response(self.get_context_data(form=form))

    def locked_reason(self) -> str:
        if not self.round.is_open:
            return _("Omgången %(year)s är inte öppen, så självskattningen kan inte ändras.") % {
                "year": self.round.year
            }
        if self.assessment is not None and self.assessment.status != AssessmentStatus.UTKAST:
            return _("Självskattningen är %(status)s och kan inte ändras.") % {
                "status": self.assessment.get_status_display().lower()
            }
        return ""

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            round=self.round,
            organisation=self.organisation,
            assessment=self.assessment,
            locked=self.locked_reason(),
            **kwargs,
        )

    def form_valid(self, form):
        submit = "submit" in self.request.POST
        try:
            services.assessment_save(
                round=self.round,
                organisation=self.organisation,
                areas=form.area_inputs(),
                by=self.request.user,
                expected_version=form.cleaned_data.get("version"),
                submit=submit,
            )
        except StaleVersionError as exc:
            return render_conflict(self, form, exc, values=_assessment_values(exc.current))
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        if submit:
            messages.success(self.request, _("Självskattningen är inlämnad. Processledaren granskar den."))
            return redirect("maturity:assessment", year=self.round.year, org=self.organisation.slug)
        messages.success(self.request, _("Utkastet är sparat. Du kan fortsätta senare."))
        return redirect("maturity:edit", year=self.round.year, org=self.organisation.slug)


class ReviewView(AssessmentDetailView):
    """Review, establish or return an assessment from its page."""

    permission_action = "assessment.review"
    http_method_names = ["post"]

    def get_permission_object(self):
        return self.organisation

    def _back(self):
        return redirect("maturity:assessment", year=self.round.year, org=self.organisation.slug)

    def post(self, request, *args, **kwargs):
        form = ReviewForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Välj en giltig granskningsåtgärd."))
            return self._back()
        assessment = selectors.assessment_get(round=self.round, organisation=self.organisation)
        if assessment is None:
            raise Http404
        try:
            services.assessment_review(
                assessment=assessment,
                action=form.cleaned_data["action"],
                comment=form.cleaned_data["comment"],
                expected_version=form.cleaned_data["version"],
                by=request.user,
            )
        except StaleVersionError as exc:
            values = [(_("Status"), exc.current.get_status_display())]
            return render_conflict(self, form, exc, values=values, form_name="review_form", in_panel=True)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return self._back()
        messages.success(request, _("Granskningen är sparad."))
        return self._back()


class GapLinkView(PermissionRequiredMixin, OrganisationMixin, ServiceFormView):
    """Link a gap in one area to the measures and projects that address it."""

    permission_action = "assessment.edit"
    template_name = "maturity/gap_links.html"
    form_class = GapLinkForm

    def get_permission_object(self):
        return self.organisation

    @cached_property
    def area_assessment(self):
        row = (
            AreaAssessment.objects.filter(
                assessment__round=self.round, assessment__organisation=self.organisation, area__slug=self.kwargs["area"]
            )
            .select_related("assessment", "area")
            .prefetch_related("measures", "projects")
            .first()
        )
        if row is None:
            raise Http404
        return row

    def get_initial(self):
        return {
            "measures": list(self.area_assessment.measures.all()),
            "projects": list(self.area_assessment.projects.all()),
        }

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            round=self.round, organisation=self.organisation, row=self.area_assessment, **kwargs
        )

    success_message = gettext_lazy("Kopplingarna är sparade.")

    def perform(self, form):
        services.area_links_set(
            area_assessment=self.area_assessment,
            measures=form.cleaned_data["measures"],
            projects=form.cleaned_data["projects"],
            by=self.request.user,
        )

    def get_success_url(self):
        return reverse("maturity:assessment", kwargs={"year": self.round.year, "org": self.organisation.slug})


class DescriptorListView(PermissionRequiredMixin, TemplateView):
    permission_action = "portal.view"
    template_name = "maturity/descriptor_list.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            table=descriptor_table(selectors.capability_areas_with_descriptors()),
            can_manage=can(self.request.user, "assessment.round_manage"),
            **kwargs,
        )


class DescriptorEditView(PermissionRequiredMixin, ServiceFormView):
    permission_action = "assessment.round_manage"
    template_name = "maturity/descriptor_form.html"
    form_class = DescriptorForm

    @cached_property
    def area(self):
        return get_object_or_404(CapabilityArea, slug=self.kwargs["area"])

    @cached_property
    def level(self):
        if self.kwargs["level"] not in range(1, 6):
            raise Http404
        return self.kwargs["level"]

    def get_initial(self):
        for row in descriptor_table(selectors.capability_areas_with_descriptors().filter(pk=self.area.pk)):
            return {"text": row["levels"][self.level - 1]["text"]}
        return {}

    def get_context_data(self, **kwargs):
        return super().get_context_data(area=self.area, level=self.level, **kwargs)

    success_message = gettext_lazy("Beskrivningen är sparad. Redan öppnade omgångar behåller sina beskrivningar.")
    success_url = reverse_lazy("maturity:descriptors")

    def perform(self, form):
        services.descriptor_set(area=self.area, level=self.level, text=form.cleaned_data["text"], by=self.request.user)
