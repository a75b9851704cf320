"""Thin views: they ask the rules (vudig.core.rules), read through selectors and write through services."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.generic import FormView, TemplateView, View

from vudig.core.concurrency import StaleVersionError
from vudig.core.formviews import ServiceFormView, add_service_errors, render_conflict
from vudig.core.history import timeline
from vudig.core.identity.backends import LOCAL_BACKEND
from vudig.core.models import Organisation
from vudig.core.pagination import PageMixin
from vudig.core.rules import can
from vudig.core.views_mixins import PermissionRequiredMixin

from . import exports, selectors, services
from .charts import Series, heatmap_chart, radar_chart
from .constants import (
    GAP_LEVEL,
    IMPROVEMENT_EXTRA_ROWS,
    INVITATION_DAYS,
    MAX_IMPROVEMENTS,
    MIN_ANSWERS_FOR_AGGREGATE,
    MIN_COMPARISON_GROUP,
    AssessmentStatus,
    RoundStatus,
)
from .descriptors import descriptor_snapshot, descriptor_table
from .forms import (
    AssessmentForm,
    DescriptorForm,
    GapLinkForm,
    ImprovementFollowUpForm,
    InvitationAcceptForm,
    RespondentAnswerForm,
    RespondentInviteForm,
    ReviewForm,
    RoundForm,
    RoundStatusForm,
    TargetsForm,
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


def _area_result(round, area, row, previous, medians, central) -> dict:
    """One area's line on the results page: level, target (own, else the process leader's), gap, last year, median."""
    level = getattr(row, "level", None)
    target = getattr(row, "target", None) or central.get(area.pk)
    gap = None if level is None or target is None else max(target - level, 0)
    return {
        "area": area,
        "row": row,
        "level": level,
        "target": target,
        "own_target": getattr(row, "target", None) is not None,
        "gap_size": gap,
        "previous": previous.get(area.pk),
        "median": medians.get(area.pk),
        "descriptor": round.descriptors.get(area.slug, {}).get("levels", {}).get(str(level or ""), ""),
        # Below its target; without a target, at or below the plan's gap level.
        "gap": bool(gap) if target is not None else (level or 99) <= GAP_LEVEL,
    }


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
            respondent_of=selectors.respondent_rounds_of(self.request.user),
            to_follow_up=selectors.open_improvements_for(self.request.user)[: selectors.TO_FOLLOW_UP_SHOWN],
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
        context.update(rows=overview.rows, counts=overview.counts, gaps=selectors.largest_gaps(round=self.round))
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
        if (
            form.cleaned_data["status"] == RoundStatus.STANGD
            and self.round.is_open
            and not form.cleaned_data["confirm"]
        ):
            # Closing stops every organisation still filling in: ask first, saying how many have not submitted.
            return self.render_to_response(
                self.get_context_data(
                    confirm_close=True,
                    not_submitted=selectors.round_not_submitted_count(round=self.round),
                    status_form=form,
                )
            )
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
        messages.success(request, ROUND_MESSAGES[form.cleaned_data["status"]] % {"year": self.round.year})
        return redirect(self.round)


ROUND_MESSAGES = {
    RoundStatus.OPPEN: gettext_lazy("Omgången %(year)s är öppen. Cheferna kan fylla i sina självskattningar."),
    RoundStatus.STANGD: gettext_lazy("Omgången %(year)s är stängd."),
    RoundStatus.PLANERAD: gettext_lazy("Omgången %(year)s är planerad."),
}


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
            targets=[r.targets for r in data.rows],
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
            "can_manage_respondents": can(user, "respondent.manage", self.organisation),
            "can_link": visible
            and assessment.status != AssessmentStatus.UTKAST
            and can(user, "assessment.edit", assessment),
        }
        if visible:
            areas = list(CapabilityArea.objects.all())
            previous_round = selectors.round_previous(round=self.round)
            previous = selectors.organisation_levels(round=previous_round, organisation=self.organisation)
            medians = selectors.area_medians(round=self.round)
            central = selectors.central_targets(round=self.round).get(self.organisation.kind, {})
            rows = {r.area_id: r for r in assessment.areas.all()}
            table = [_area_result(self.round, a, rows.get(a.pk), previous, medians, central) for a in areas]
            series = [Series(str(self.round.year), [t["level"] for t in table])]
            if previous_round is not None:
                series.append(Series(str(previous_round.year), [t["previous"] for t in table]))
            series.append(Series(_("Median alla"), [t["median"] for t in table]))
            if any(t["target"] is not None for t in table):
                series.append(Series(_("Mål"), [t["target"] for t in table]))
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

    def respondent_view(self) -> dict:
        """The respondents' answers beside the form: how many answered and, from three answers on, each area's
        spread (aggregates only; the rule respondent.view_aggregate says who may see them)."""
        if not can(self.request.user, "respondent.view_aggregate", self.organisation):
            return {}
        summary = selectors.respondent_summary(round=self.round, organisation=self.organisation)
        by_area = {s.area.pk: s for s in summary.spread or []}
        return {"summary": summary, "by_area": by_area}

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
            central_targets=selectors.central_targets(round=self.round).get(self.organisation.kind, {}),
            respondents=self.respondent_view(),
            previous_improvements=selectors.previous_improvements(round=self.round, organisation=self.organisation),
            min_answers=MIN_ANSWERS_FOR_AGGREGATE,
            **kwargs,
        )

    def form_valid(self, form):
        submit = "submit" in self.request.POST
        # "För över" on one of last year's unfinished improvements saves the draft and copies that one in.
        carry = tuple(int(v) for v in self.request.POST.getlist("carry_over") if v.isdigit())
        if carry:
            submit = False
        try:
            services.assessment_save(
                round=self.round,
                organisation=self.organisation,
                areas=form.area_inputs(),
                by=self.request.user,
                expected_version=form.cleaned_data.get("version"),
                submit=submit,
                carry_over=carry,
            )
        except StaleVersionError as exc:
            return render_conflict(self, form, exc, values=_assessment_values(exc.current))
        except services.SubmissionRefused as exc:
            # The draft is saved; the page shows it again (now with the saved rows' ids and the new version, so the
            # next submit updates the same rows) with the reasons in the error summary, which takes the focus.
            self.__dict__.pop("assessment", None)
            form = AssessmentForm(
                data=form.data_after_save(self.assessment), areas=self.areas, descriptors=self.descriptors
            )
            form.is_valid()
            add_service_errors(form, exc)
            messages.warning(
                self.request,
                _("Utkastet är sparat men inte inlämnat. Rätta det som står nedan och lämna in igen."),
            )
            return self.form_invalid(form)
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        if submit:
            messages.success(self.request, _("Självskattningen är inlämnad. Processledaren granskar den."))
            return redirect("maturity:assessment", year=self.round.year, org=self.organisation.slug)
        if carry:
            messages.success(
                self.request,
                _("Utkastet är sparat och förbättringen är överförd till %(year)s. Ange när den ska vara klar.")
                % {"year": self.round.year},
            )
        else:
            messages.success(self.request, _("Utkastet är sparat. Du kan fortsätta senare."))
        return redirect("maturity:edit", year=self.round.year, org=self.organisation.slug)


# What the flash message says after each review action: what happened, not that "the review is saved".
REVIEW_MESSAGES = {
    "review": gettext_lazy("Självskattningen är markerad som granskad."),
    "return": gettext_lazy("Självskattningen är tillbakaskickad till chefen med din kommentar."),
    "establish": gettext_lazy("Självskattningen är fastställd."),
}


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
            # The page again with the comment as typed and the reason in the error summary (which takes the focus).
            add_service_errors(form, exc)
            return self.render_to_response(self.get_context_data(review_form=form))
        messages.success(request, REVIEW_MESSAGES[form.cleaned_data["action"]])
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


class TargetsView(PermissionRequiredMixin, RoundMixin, ServiceFormView):
    """The process leader's target level per area for förvaltningar and bolag (an organisation may set its own)."""

    permission_action = "assessment.round_manage"
    template_name = "maturity/targets_form.html"
    form_class = TargetsForm

    @cached_property
    def areas(self):
        return list(selectors.capability_area_list())

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "areas": self.areas}

    def get_initial(self):
        central = selectors.central_targets(round=self.round)
        return {
            TargetsForm.field_name(kind, area): central.get(kind, {}).get(area.pk)
            for kind in ASSESSED_KINDS
            for area in self.areas
        }

    def get_context_data(self, **kwargs):
        return super().get_context_data(round=self.round, **kwargs)

    success_message = gettext_lazy("Målnivåerna är sparade.")

    def perform(self, form):
        services.targets_set(round=self.round, levels=form.levels(), by=self.request.user)

    def get_success_url(self):
        return self.round.get_absolute_url()


# -- respondents ----------------------------------------------------------------------------------------------
class RespondentOverviewView(PermissionRequiredMixin, OrganisationMixin, PageMixin, ServiceFormView):
    """The manager's view of the organisation's respondents: who has answered (never what), the response rate, the
    spread and median per area from three answers on; invite more and remind those who have not answered."""

    permission_action = "respondent.manage"
    template_name = "maturity/respondent_overview.html"
    form_class = RespondentInviteForm
    paginate_by = selectors.RESPONDENTS_PER_PAGE

    def get_permission_object(self):
        return self.organisation

    def get_context_data(self, **kwargs):
        self.object_list = selectors.respondent_list(round=self.round, organisation=self.organisation)
        return super().get_context_data(
            round=self.round,
            organisation=self.organisation,
            summary=selectors.respondent_summary(round=self.round, organisation=self.organisation),
            min_answers=MIN_ANSWERS_FOR_AGGREGATE,
            **kwargs,
        )

    def perform(self, form):
        self.saved = services.respondent_invite(
            round=self.round, organisation=self.organisation, by=self.request.user, **form.cleaned_data
        )
        if self.saved.user_id:
            messages.success(
                self.request,
                _("%(who)s är respondent och har fått ett e-postmeddelande med en länk till svaret.")
                % {"who": self.saved},
            )
        else:
            messages.success(
                self.request,
                ngettext(
                    "En inbjudan är skickad till %(email)s. Länken gäller i %(days)s dag.",
                    "En inbjudan är skickad till %(email)s. Länken gäller i %(days)s dagar.",
                    INVITATION_DAYS,
                )
                % {"email": self.saved.email, "days": INVITATION_DAYS},
            )

    def get_success_url(self):
        return reverse("maturity:respondents", kwargs={"year": self.round.year, "org": self.organisation.slug})


class RespondentRemindView(PermissionRequiredMixin, OrganisationMixin, TemplateView):
    """One click: one reminder e-mail to each respondent who has not answered (or to the one named)."""

    permission_action = "respondent.manage"
    http_method_names = ["post"]

    def get_permission_object(self):
        return self.organisation

    def post(self, request, *args, **kwargs):
        raw = request.POST.get("respondent") or None
        try:
            n = services.respondents_remind(
                round=self.round,
                organisation=self.organisation,
                by=request.user,
                respondent_id=int(raw) if raw and raw.isdigit() else (None if raw is None else -1),
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            if n:
                messages.success(
                    request,
                    ngettext("En påminnelse är skickad.", "%(n)s påminnelser är skickade, en till var och en.", n)
                    % {"n": n},
                )
            else:
                messages.info(request, _("Ingen påminnelse skickades: alla har svarat eller är redan påminda i dag."))
        return redirect("maturity:respondents", year=self.round.year, org=self.organisation.slug)


class InvitationView(FormView):
    """An e-mailed invitation link: the invitee chooses a password once and answers with that limited account."""

    template_name = "maturity/invitation.html"
    form_class = InvitationAcceptForm

    def dispatch(self, request, *args, **kwargs):
        try:
            self.respondent = services.invitation_read(kwargs["token"])
        except services.InvitationInvalid as exc:
            response = render(request, "maturity/invitation_invalid.html", {"reason": exc.messages[0]}, status=400)
            return response
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        return {"name": self.respondent.name}

    def get_context_data(self, **kwargs):
        return super().get_context_data(respondent=self.respondent, **kwargs)

    def form_valid(self, form):
        try:
            user = services.invitation_accept(
                token=self.kwargs["token"], name=form.cleaned_data["name"], password=form.cleaned_data["password1"]
            )
        except services.InvitationInvalid as exc:
            return render(self.request, "maturity/invitation_invalid.html", {"reason": exc.messages[0]}, status=400)
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        # Signed in through the local password backend: with VUDIG_LOCAL_LOGIN=admins an invited account cannot stay in.
        login(self.request, user, backend=LOCAL_BACKEND)
        messages.success(self.request, _("Ditt konto är skapat. Svara på de fem områdena nedan."))
        return redirect("maturity:answer", year=self.respondent.round.year, org=self.respondent.organisation.slug)


class AnswerView(OrganisationMixin, FormView):
    """A respondent's own answer for the organisation's round; no one else reads it (rule respondent.view_answer)."""

    template_name = "maturity/answer_form.html"
    form_class = RespondentAnswerForm

    def dispatch(self, request, *args, **kwargs):
        self.request, self.args, self.kwargs = request, args, kwargs
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        self.respondent = selectors.respondent_for(user=request.user, round=self.round, organisation=self.organisation)
        if self.respondent is None or not can(request.user, "respondent.view_answer", self.respondent):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def areas(self):
        return list(selectors.capability_area_list())

    def get_form_kwargs(self):
        descriptors = self.round.descriptors or descriptor_snapshot(selectors.capability_areas_with_descriptors())
        return {**super().get_form_kwargs(), "areas": self.areas, "descriptors": descriptors}

    def get_initial(self):
        return RespondentAnswerForm.initial_for(self.respondent)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            round=self.round,
            organisation=self.organisation,
            respondent=self.respondent,
            locked="" if self.round.is_open else _("Omgången %(year)s är stängd.") % {"year": self.round.year},
            **kwargs,
        )

    def form_valid(self, form):
        try:
            services.respondent_answer(respondent=self.respondent, answers=form.answers(), by=self.request.user)
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Ditt svar är sparat. Du kan ändra det så länge omgången är öppen."))
        return redirect("maturity:answer", year=self.round.year, org=self.organisation.slug)


class ImprovementFollowUpView(PermissionRequiredMixin, ServiceFormView):
    """Follow up one planned improvement of a submitted assessment: its status and a comment, through the year."""

    permission_action = "assessment.edit"
    template_name = "maturity/improvement_follow_up.html"
    form_class = ImprovementFollowUpForm

    @cached_property
    def improvement(self):
        return get_object_or_404(
            PlannedImprovement.objects.select_related(
                "area_assessment__area",
                "area_assessment__assessment__organisation",
                "area_assessment__assessment__round",
            ),
            pk=self.kwargs["pk"],
        )

    def get_permission_object(self):
        return self.improvement.area_assessment.assessment

    def get_initial(self):
        i = self.improvement
        return {"status": i.status, "comment": i.follow_up_comment, "version": i.version}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            improvement=self.improvement, assessment=self.improvement.area_assessment.assessment, **kwargs
        )

    def conflict_values(self, current, form):
        return [(_("Status"), current.get_status_display()), (_("Kommentar"), current.follow_up_comment)]

    def perform(self, form):
        saved = services.improvement_follow_up(
            improvement=self.improvement,
            status=form.cleaned_data["status"],
            comment=form.cleaned_data["comment"],
            expected_version=form.cleaned_data["version"],
            by=self.request.user,
        )
        messages.success(
            self.request, _("Uppföljningen är sparad: %(status)s.") % {"status": saved.get_status_display().lower()}
        )

    def get_success_url(self):
        return self.improvement.area_assessment.assessment.get_absolute_url()


# -- comparison and exports ------------------------------------------------------------------------------------------
class ComparisonView(PermissionRequiredMixin, RoundMixin, PageMixin, TemplateView):
    """Each organisation against the median of all, of its kind and its own last year (groups of five or more)."""

    permission_action = "portal.view"
    template_name = "maturity/comparison.html"
    paginate_by = selectors.ORGANISATIONS_PER_PAGE

    def get_context_data(self, **kwargs):
        context = super().get_context_data(
            object_list=selectors.assessed_organisation_list(),
            round=self.round,
            min_group=MIN_COMPARISON_GROUP,
            **kwargs,
        )
        context["data"] = selectors.comparison(round=self.round, page=context["page_obj"])
        return context


class ExportView(PermissionRequiredMixin, RoundMixin, View):
    """The heatmap or the comparison of a round, every organisation, as CSV or XLSX."""

    permission_action = "portal.view"
    table = ""  # "heatmap" or "comparison"

    def get(self, request, *args, **kwargs):
        fmt = kwargs["fmt"]
        if fmt not in ("csv", "xlsx"):
            raise Http404
        if self.table == "heatmap":
            header, rows = exports.heatmap_table(selectors.heatmap(round=self.round))
            name, sheet = f"mognad-{self.round.year}-varmekarta", _("Värmekarta %(year)s")
        else:
            header, rows = exports.comparison_table(selectors.comparison(round=self.round))
            name, sheet = f"mognad-{self.round.year}-jamforelse", _("Jämförelse %(year)s")
        return exports.table_response(
            fmt=fmt, filename=name, sheet=sheet % {"year": self.round.year}, header=header, rows=rows
        )
