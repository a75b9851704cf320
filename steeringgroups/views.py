"""Thin views: ask the rules (vudig.core.rules), call a selector or a service, render."""

from __future__ import annotations

import re
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.utils.translation import ngettext
from django.views import View
from django.views.generic import TemplateView

from vudig.core.concurrency import StaleVersionError
from vudig.core.formviews import ServiceFormView, add_service_errors, render_conflict
from vudig.core.history import timeline
from vudig.core.pagination import PageMixin
from vudig.core.rules import can, roles_of
from vudig.core.submit_once import submission_claim, submission_done, submission_earlier, submission_key
from vudig.core.views_mixins import PermissionRequiredMixin
from vudig.core.widgets import PlainSelect

from . import exports, selectors, services
from .constants import (
    ACTION_BUTTONS,
    ACTIONS,
    AGENDA_OPEN_STATES,
    TOPIC_RULES,
    AgendaKind,
    DecisionKind,
    ErrandAction,
    ItemOutcome,
    MeetingState,
    SignerRole,
)
from .forms import (
    AdjustersForm,
    AgendaAddForm,
    AnswerForm,
    AttendanceForm,
    CancelForm,
    CloseForm,
    ConfirmForm,
    DeadlineForm,
    DecisionForm,
    ErrandForm,
    FollowUpForm,
    FollowUpStatusForm,
    FreeItemForm,
    MeetingEditForm,
    MeetingPlanForm,
    PlanDecisionForm,
    ProposalForm,
    TransitionForm,
)
from .models import Attachment, Errand, Meeting

PAGE_SIZE = 50


def _errors_to_messages(request, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


def _errand_values(errand) -> list[tuple[str, str]]:
    """The ärende as the other person left it, for the conflict panel."""
    return [(_("Status"), errand.get_state_display()), (_("Hos"), str(errand.holder))]


class GroupMixin:
    def get_group(self):
        if not hasattr(self, "_group"):
            self._group = selectors.steering_group_get(slug=self.kwargs["slug"])
            if self._group is None:
                raise Http404
        return self._group

    def get_permission_object(self):
        return self.get_group()


class GroupListView(PermissionRequiredMixin, TemplateView):
    """The three steering groups, their areas and what the portal sends them."""

    permission_action = "portal.view"
    template_name = "steeringgroups/group_list.html"

    def get_context_data(self, **kwargs):
        groups = list(selectors.steering_group_list())
        topics_by_group = {g.slug: [] for g in groups}
        for topic, rule in TOPIC_RULES.items():
            topics_by_group.setdefault(rule.group_slug, []).append(topic.label)
        rows = [{"group": g, "topics": topics_by_group.get(g.slug, [])} for g in groups]
        return super().get_context_data(rows=rows, **kwargs)


class GroupDetailView(GroupMixin, PermissionRequiredMixin, TemplateView):
    permission_action = "portal.view"
    template_name = "steeringgroups/group_detail.html"

    def get_context_data(self, **kwargs):
        group = self.get_group()
        context = {"group": group, "decisions": selectors.decision_register(group=group)[:10]}
        if can(self.request.user, "group.view_queue", group):
            context["meetings"] = selectors.meeting_list(group=group)
        return super().get_context_data(**context, **kwargs)


class _PagedMixin(PageMixin):
    paginate_by = PAGE_SIZE
    page_kwarg = "sida"


class QueueMixin(_PagedMixin):
    template_name = "steeringgroups/errand_queue.html"
    group = None

    def get_context_data(self, **kwargs):
        filterset = selectors.errand_queue(user=self.request.user, data=self.request.GET, group=self.group)
        return super().get_context_data(object_list=filterset.qs, filter=filterset, group=self.group, **kwargs)


class BeredningQueueView(QueueMixin, PermissionRequiredMixin, TemplateView):
    """The beredning's queue: every open ärende, filterable."""

    permission_action = "errand.triage"


class GroupQueueView(GroupMixin, QueueMixin, PermissionRequiredMixin, TemplateView):
    """One steering group's queue."""

    permission_action = "group.view_queue"

    def get_context_data(self, **kwargs):
        self.group = self.get_group()
        return super().get_context_data(**kwargs)


class ErrandListView(PermissionRequiredMixin, _PagedMixin, TemplateView):
    """My ärenden, with links to the queues this person works in."""

    permission_action = "portal.view"
    template_name = "steeringgroups/errand_list.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        roles = roles_of(user)
        my_groups = [g for g in selectors.steering_group_list() if roles.in_group(g.pk)]
        return super().get_context_data(
            object_list=selectors.errand_list_mine(user=user),
            may_triage=can(user, "errand.triage"),
            my_groups=my_groups,
            **kwargs,
        )


class ErrandCreateView(PermissionRequiredMixin, ServiceFormView):
    permission_action = "errand.submit"
    template_name = "steeringgroups/errand_form.html"
    form_class = ErrandForm
    invalid_status = 400
    submit_once = True

    def perform(self, form):
        data = form.cleaned_data
        self.saved = services.errand_submit(
            by=self.request.user,
            title=data["title"],
            description=data["description"],
            organisation=data["organisation"],
            topic=data["topic"],
            urgency=data["urgency"],
            wanted_by=data["wanted_by"],
            forum=data["forum"],
            measures=data["measures"],
            projects=data["projects"],
            upload=data["attachment"],
        )
        messages.success(
            self.request, _("Ärendet %(ref)s är inskickat till beredningen.") % {"ref": self.saved.reference}
        )

    def get_success_url(self):
        return self.saved.get_absolute_url()


class ErrandMixin:
    def get_errand(self) -> Errand:
        if not hasattr(self, "_errand"):
            self._errand = selectors.errand_get(user=self.request.user, pk=self.kwargs["pk"])
            if self._errand is None:
                raise Http404  # not found, or not the person's to read: the same answer, so ids cannot be probed
        return self._errand

    def get_permission_object(self):
        if not self.request.user.is_authenticated:
            return None
        return self.get_errand()


class ErrandDetailView(ErrandMixin, PermissionRequiredMixin, TemplateView):
    permission_action = "errand.view"
    template_name = "steeringgroups/errand_detail.html"

    def get_context_data(self, **kwargs):
        errand = self.get_errand()
        user = self.request.user
        actions = services.errand_available_actions(errand=errand, user=user)
        forms = []
        for action in actions:
            if action == ErrandAction.ANSWER:
                continue
            rule = ACTIONS[action]
            form = kwargs.pop(f"form_{action}", None) or TransitionForm(
                initial={
                    "action": action,
                    "version": errand.version,
                    "group": selectors.topic_suggested_group(topic=errand.topic) if rule.needs_group else None,
                },
                prefix=action,
            )
            forms.append({"action": action, "label": ACTION_BUTTONS[action], "rule": rule, "form": form})
        # A refused answer keeps its form (with the reason) even when the ärende no longer waits for one.
        answer_form = kwargs.pop("answer_form", None)
        if answer_form is None and ErrandAction.ANSWER in actions:
            answer_form = AnswerForm(initial={"version": errand.version})
        proposal_form = None
        if can(user, "errand.triage", errand) and errand.is_open and errand.state != "beslutad":
            proposal_form = kwargs.pop("proposal_form", None) or ProposalForm(
                initial={"version": errand.version, "proposed_decision": errand.proposed_decision}
            )
        return super().get_context_data(
            errand=errand,
            proposal_form=proposal_form,
            action_forms=forms,
            answer_form=answer_form,
            suggested_group=selectors.topic_suggested_group(topic=errand.topic),
            topic_rule=TOPIC_RULES[errand.topic],
            regulatory_area=selectors.errand_regulatory_area(errand),
            questions=selectors.errand_open_questions(errand),
            entries=timeline([errand.history.all()], subject=lambda r: f"Ä-{r.id}"),
            **kwargs,
        )

    def _conflict(self, form, exc, action: str):
        """The ärende page again as the other person left it, with this form and what was typed in it: 409."""
        self._errand = selectors.errand_get(user=self.request.user, pk=self.get_errand().pk)
        if action not in services.errand_available_actions(errand=self._errand, user=self.request.user):
            form = None  # the newer state no longer offers this form: the message goes in the conflict panel
        form_name = "answer_form" if action == ErrandAction.ANSWER else f"form_{action}"
        return render_conflict(self, form, exc, values=_errand_values(self._errand), form_name=form_name)


class ErrandTransitionView(ErrandDetailView):
    """POST one action from the ärende page; the service decides whether it is legal and allowed."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        errand = self.get_errand()
        action = request.POST.get("action_name", "")
        if action not in ACTIONS or action in services.MEETING_ACTIONS or action == ErrandAction.ANSWER:
            messages.error(request, _("Okänd åtgärd."))
            return redirect(errand)
        form = TransitionForm(request.POST, prefix=action)
        if form.is_valid():
            try:
                services.errand_transition(
                    errand=errand,
                    action=action,
                    by=request.user,
                    reason=form.cleaned_data["reason"],
                    group=form.cleaned_data["group"],
                    expected_version=form.cleaned_data["version"],
                )
            except PermissionDenied:
                raise
            except StaleVersionError as exc:
                return self._conflict(form, exc, action)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("%(action)s.") % {"action": ErrandAction(action).label})
                return redirect(errand)
        self._errand = selectors.errand_get(user=request.user, pk=errand.pk)
        context = self.get_context_data(**{f"form_{action}": form})
        return self.render_to_response(context, status=400)


class ErrandProposalView(ErrandDetailView):
    """The beredning writes its förslag till beslut."""

    permission_action = "errand.triage"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        errand = self.get_errand()
        form = ProposalForm(request.POST)
        if form.is_valid():
            try:
                services.errand_set_proposal(
                    errand=errand,
                    text=form.cleaned_data["proposed_decision"],
                    by=request.user,
                    expected_version=form.cleaned_data["version"],
                )
            except StaleVersionError as exc:
                self._errand = selectors.errand_get(user=request.user, pk=errand.pk)
                values = [(_("Förslag till beslut"), self._errand.proposed_decision)]
                return render_conflict(self, form, exc, values=values, form_name="proposal_form")
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Förslaget till beslut är sparat."))
                return redirect(errand)
        return self.render_to_response(self.get_context_data(proposal_form=form), status=400)


class ErrandAnswerView(ErrandDetailView):
    """The submitter answers a request for more information, optionally with a file."""

    permission_action = "errand.answer"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        errand = self.get_errand()
        form = AnswerForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                from django.db import transaction

                with transaction.atomic():
                    services.errand_transition(
                        errand=errand,
                        action=ErrandAction.ANSWER,
                        by=request.user,
                        reason=form.cleaned_data["reason"],
                        expected_version=form.cleaned_data["version"],
                    )
                    if form.cleaned_data["attachment"]:
                        services.attachment_add(errand=errand, upload=form.cleaned_data["attachment"], by=request.user)
            except StaleVersionError as exc:
                return self._conflict(form, exc, ErrandAction.ANSWER)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Tack! Ditt svar är skickat till beredningen."))
                return redirect(errand)
        self._errand = selectors.errand_get(user=request.user, pk=errand.pk)
        return self.render_to_response(self.get_context_data(answer_form=form), status=400)


class AttachmentView(PermissionRequiredMixin, View):
    """Serve an attachment to those who may read its ärende; everyone else gets 404 (or the login page)."""

    permission_action = "errand.view"

    def get_permission_object(self):
        if not self.request.user.is_authenticated:
            return None
        self.attachment = get_object_or_404(
            Attachment.objects.select_related("errand").filter(errand__in=Errand.objects.for_user(self.request.user)),
            pk=self.kwargs["pk"],
        )
        return self.attachment.errand

    def get(self, request, *args, **kwargs):
        attachment = self.attachment
        try:
            handle = attachment.file.open("rb")
        except FileNotFoundError:
            raise Http404 from None
        return FileResponse(
            handle, as_attachment=True, filename=attachment.original_name, content_type=attachment.content_type
        )


SLUG = re.compile(r"[-a-zA-Z0-9_]+")


class DecisionRegisterMixin:
    def get_filters(self):
        group = None
        slug = self.kwargs.get("slug") or self.request.GET.get("grupp")
        if slug:
            # A slug is letters, digits and dashes: anything else (a NUL byte PostgreSQL refuses) names no group.
            group = selectors.steering_group_get(slug=slug) if SLUG.fullmatch(slug) else None
            if group is None:
                raise Http404
        try:
            year = int(self.request.GET.get("ar") or 0) or None
        except ValueError:
            year = None
        if year is not None and not 1900 <= year <= 9999:
            year = None
        kind = self.request.GET.get("slag", "")
        return {"group": group, "year": year, "kind": kind if kind in DecisionKind.values else ""}


class DecisionRegisterView(DecisionRegisterMixin, PermissionRequiredMixin, _PagedMixin, TemplateView):
    """The one decision register: steering-group decisions, gate decisions and plan decisions; filter and export."""

    permission_action = "decision.read"
    template_name = "steeringgroups/decision_list.html"

    def get_context_data(self, **kwargs):
        filters = self.get_filters()
        query = {k: v for k, v in (("ar", filters["year"] or ""), ("slag", filters["kind"])) if v}
        if filters["group"]:
            query["grupp"] = filters["group"].slug
        return super().get_context_data(
            object_list=selectors.decision_register(**filters),
            # Drawn in Python: a region's 300 groups were 300 template loops and 600 models a page (issue 19).
            group_select=PlainSelect(choices=[("", _("Alla")), *selectors.steering_group_choices()]).render(
                "grupp", [filters["group"].slug] if filters["group"] else [], {"id": "f-grupp"}
            ),
            years=selectors.decision_years(),
            kinds=DecisionKind.choices,
            may_record_plan_decision=can(self.request.user, "plan.approve") or can(self.request.user, "plan.decide"),
            export_query=urlencode(query),
            **filters,
            **kwargs,
        )


class DecisionExportView(DecisionRegisterMixin, PermissionRequiredMixin, View):
    permission_action = "decision.read"

    def get(self, request, fmt: str):
        decisions = selectors.decision_register(**self.get_filters())
        if fmt == "csv":
            return exports.csv_response(decisions)
        if fmt == "xlsx":
            return exports.xlsx_response(decisions)
        raise Http404


class PlanDecisionCreateView(PermissionRequiredMixin, ServiceFormView):
    """KLG's approval or kommunchef's beslut on a plan, with its dnr, recorded in the register."""

    permission_action = "portal.view"
    template_name = "steeringgroups/plan_decision_form.html"
    form_class = PlanDecisionForm
    invalid_status = 400

    def perform(self, form):
        self.saved = services.plan_decision_record(
            by=self.request.user, body=form.cleaned_data.pop("decided_body"), **form.cleaned_data
        )
        messages.success(self.request, _("Beslutet om planen är registrerat."))

    def get_success_url(self):
        return self.saved.get_absolute_url()


class DecisionDetailView(PermissionRequiredMixin, TemplateView):
    """One decision: what it concerns, where it was taken, and its uppdrag with their status."""

    permission_action = "decision.read"
    template_name = "steeringgroups/decision_detail.html"

    def get_decision(self):
        if not hasattr(self, "_decision"):
            self._decision = selectors.decision_get(pk=self.kwargs["pk"])
            if self._decision is None:
                raise Http404
        return self._decision

    def get_context_data(self, **kwargs):
        decision = self.get_decision()
        user = self.request.user
        rows = []
        for item in decision.follow_ups.all():
            item.decision = decision
            form = None
            if can(user, "followup.update", item):
                form = kwargs.pop(f"status_{item.pk}", None) or FollowUpStatusForm(
                    initial={"version": item.version, "status": item.status, "comment": item.comment},
                    prefix=f"f{item.pk}",
                )
            rows.append({"item": item, "form": form})
        follow_up_form = None
        if decision.steering_group_id and can(user, "group.decide", decision):
            follow_up_form = kwargs.pop("follow_up_form", None) or FollowUpForm(people=_people())
        return super().get_context_data(
            decision=decision,
            rows=rows,
            follow_up_form=follow_up_form,
            entries=selectors.decision_history(decision),
            **kwargs,
        )


def _people():
    return get_user_model().objects.filter(is_active=True).order_by("last_name", "first_name", "pk")


class FollowUpCreateView(DecisionDetailView):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        decision = self.get_decision()
        form = FollowUpForm(request.POST, people=_people())
        if form.is_valid():
            try:
                services.followup_create(decision=decision, by=request.user, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Uppdraget är registrerat."))
                return redirect(decision)
        return self.render_to_response(self.get_context_data(follow_up_form=form), status=400)


class FollowUpStatusView(DecisionDetailView):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        decision = self.get_decision()
        item = next((f for f in decision.follow_ups.all() if f.pk == self.kwargs["follow_up"]), None)
        if item is None:
            raise Http404
        form = FollowUpStatusForm(request.POST, prefix=f"f{item.pk}")
        if form.is_valid():
            try:
                services.followup_update(
                    follow_up=item,
                    status=form.cleaned_data["status"],
                    comment=form.cleaned_data["comment"],
                    expected_version=form.cleaned_data["version"],
                    by=request.user,
                )
            except StaleVersionError as exc:
                self._decision = selectors.decision_get(pk=decision.pk)
                fresh = next(f for f in self._decision.follow_ups.all() if f.pk == item.pk)
                values = [(_("Status"), fresh.get_status_display()), (_("Kommentar"), fresh.comment)]
                return render_conflict(self, form, exc, values=values, form_name=f"status_{item.pk}")
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Uppdragets status är sparad."))
                return redirect(decision)
        return self.render_to_response(self.get_context_data(**{f"status_{item.pk}": form}), status=400)


class MeetingPlanView(GroupMixin, PermissionRequiredMixin, ServiceFormView):
    permission_action = "group.decide"
    template_name = "steeringgroups/meeting_plan.html"
    form_class = MeetingPlanForm
    invalid_status = 400
    submit_once = True

    def get_context_data(self, **kwargs):
        return super().get_context_data(group=self.get_group(), **kwargs)

    def perform(self, form):
        meetings = services.meeting_plan(
            group=self.get_group(),
            dates=form.cleaned_data["dates"],
            place=form.cleaned_data["place"],
            start_time=form.cleaned_data["start_time"],
            end_time=form.cleaned_data["end_time"],
            link=form.cleaned_data["link"],
            by=self.request.user,
        )
        messages.success(
            self.request,
            ngettext("%(n)s möte är planerat.", "%(n)s möten är planerade.", len(meetings)) % {"n": len(meetings)},
        )

    def get_success_url(self):
        return self.get_group().get_absolute_url()


class MeetingMixin:
    def get_meeting(self) -> Meeting:
        if not hasattr(self, "_meeting"):
            self._meeting = selectors.meeting_get(pk=self.kwargs["pk"])
            if self._meeting is None:
                raise Http404
        return self._meeting

    def get_permission_object(self):
        return self.get_meeting()


# The confirmation each irreversible step asks for (a required box, so it works without JavaScript).
CONFIRM_LABELS = {
    "notice": _lazy("Jag har kontrollerat dagordningen och skickar kallelsen"),
    "cancel": _lazy("Jag ställer in mötet"),
    "close": _lazy("Jag avslutar mötet; protokollet går till justering"),
    "justera": _lazy("Jag justerar protokollet"),
}


def _confirm_form(name, form_class=ConfirmForm, data=None):
    """A step's confirmation form; each has its own prefix so field ids stay unique on the page."""
    return form_class(data, prefix=name, confirm_label=CONFIRM_LABELS[name])


class MeetingDetailView(MeetingMixin, PermissionRequiredMixin, TemplateView):
    """One meeting through its life: agenda, kallelse, the meeting itself, justering and the protocol."""

    permission_action = "meeting.view"
    template_name = "steeringgroups/meeting_detail.html"

    def get_context_data(self, **kwargs):
        meeting = self.get_meeting()
        user = self.request.user
        state = meeting.state
        is_chair = can(user, "group.decide", meeting)
        may_chair = is_chair and not meeting.is_frozen and state != MeetingState.INSTALLT
        agenda_open = state in AGENDA_OPEN_STATES
        recording = state == MeetingState.PAGAR and is_chair
        items = []
        for item in meeting.items.all():
            form = None
            if recording and item.outcome == ItemOutcome.PENDING and item.kind != AgendaKind.OPENING:
                form = kwargs.pop(f"decision_{item.pk}", None) or DecisionForm(
                    initial={"item": item.pk},
                    prefix=f"p{item.pk}",
                    errand_item=bool(item.errand_id),
                    group=meeting.steering_group,
                )
            items.append({"item": item, "form": form})
        context = {
            "meeting": meeting,
            "entries": selectors.meeting_history(meeting),
            "items": items,
            "may_chair": may_chair,
            "agenda_open": agenda_open and may_chair,
            "recording": recording,
            "follow_ups": list(selectors.follow_up_open_for_group(group=meeting.steering_group)),
        }
        if may_chair and agenda_open:
            context["edit_form"] = kwargs.pop("edit_form", None) or MeetingEditForm(
                prefix="edit",
                initial={
                    "version": meeting.version,
                    "date": meeting.date,
                    "start_time": meeting.start_time,
                    "end_time": meeting.end_time,
                    "place": meeting.place,
                    "link": meeting.link,
                    "agenda_deadline": meeting.agenda_deadline,
                    "adjuncts": list(meeting.adjuncts.all()),
                },
                people=selectors.adjunct_candidates(group=meeting.steering_group),
            )
            context["cancel_form"] = kwargs.pop("cancel_form", None) or _confirm_form("cancel", CancelForm)
            if state == MeetingState.PLANERAT:
                context["notice_form"] = kwargs.pop("notice_form", None) or _confirm_form("notice")
        if may_chair and state in AGENDA_OPEN_STATES | {MeetingState.PAGAR}:
            context["agenda_form"] = kwargs.pop("agenda_form", None) or AgendaAddForm(
                queue=selectors.group_queue_for_agenda(group=meeting.steering_group)
            )
        may_add = can(user, "meeting.add_item", meeting) and (state in AGENDA_OPEN_STATES or recording)
        if may_add:
            context["item_form"] = kwargs.pop("item_form", None) or FreeItemForm()
        if recording:
            rows = list(meeting.attendance.all())
            context["attendance_form"] = kwargs.pop("attendance_form", None) or AttendanceForm(rows=rows)
            present = [r.person_id for r in rows if r.presence in services.PRESENT and r.person_id != user.pk]
            context["adjusters_form"] = kwargs.pop("adjusters_form", None) or AdjustersForm(
                initial={"adjusters": [s.person_id for s in meeting.signers.all() if s.role == SignerRole.JUSTERARE]},
                people=get_user_model().objects.filter(pk__in=present).order_by("last_name", "first_name"),
            )
            context["close_form"] = kwargs.pop("close_form", None) or _confirm_form("close", CloseForm)
        if state == MeetingState.AVSLUTAT:
            mine = next((s for s in meeting.signers.all() if s.person_id == user.pk), None)
            if mine is not None and mine.confirmed_at is None:
                context["justera_form"] = kwargs.pop("justera_form", None) or _confirm_form("justera")
            if is_chair:
                context["deadline_form"] = kwargs.pop("deadline_form", None) or DeadlineForm(
                    initial={"justering_deadline": meeting.justering_deadline}
                )
        return super().get_context_data(**context, **kwargs)


class MeetingActionView(MeetingDetailView):
    """POST one step of a meeting's life; the service decides whether it is legal now and for this person.

    Each handler returns a success message, or raises ValidationError; a bad form re-renders the page with what was
    typed (400), a stale version shows the newer meeting (409).
    """

    http_method_names = ["post"]
    permission_action = "meeting.view"
    handlers = {
        "edit": "edit",
        "notice": "notice",
        "cancel": "cancel",
        "start": "start",
        "attendance": "attendance",
        "adjusters": "adjusters",
        "item": "add_item",
        "reports": "add_reports",
        "move": "move",
        "remove": "remove",
        "presenter": "presenter",
        "close": "close",
        "justera": "justera",
        "deadline": "deadline",
    }

    def post(self, request, *args, **kwargs):
        meeting = self.get_meeting()
        handler = self.handlers.get(self.kwargs["action"])
        if handler is None:
            raise Http404
        self.form_name, self.form, message = None, None, None
        try:
            message = getattr(self, handler)(request, meeting)
        except StaleVersionError as exc:
            self._meeting = selectors.meeting_get(pk=meeting.pk)
            values = [
                (_("Datum"), f"{self._meeting.date:%Y-%m-%d} {self._meeting.start_time:%H:%M}"),
                (_("Plats"), self._meeting.place),
                (_("Status"), self._meeting.get_state_display()),
            ]
            return render_conflict(self, self.form, exc, values=values, form_name=self.form_name or "form")
        except ValidationError as exc:
            if self.form is None:
                _errors_to_messages(request, exc)
                return redirect(meeting)
            add_service_errors(self.form, exc)
        if message is None and self.form is not None and self.form.errors:
            self._meeting = selectors.meeting_get(pk=meeting.pk)
            return self.render_to_response(self.get_context_data(**{self.form_name: self.form}), status=400)
        if message:
            messages.success(request, message)
        return redirect(meeting)

    def _bound(self, name, form):
        self.form_name, self.form = name, form
        return form.is_valid()

    def edit(self, request, meeting):
        form = MeetingEditForm(
            request.POST, prefix="edit", people=selectors.adjunct_candidates(group=meeting.steering_group)
        )
        if not self._bound("edit_form", form):
            return None
        data = form.cleaned_data
        services.meeting_update(
            meeting=meeting,
            by=request.user,
            day=data["date"],
            start_time=data["start_time"],
            end_time=data["end_time"],
            place=data["place"],
            link=data["link"],
            agenda_deadline=data["agenda_deadline"],
            adjuncts=data["adjuncts"],
            expected_version=data["version"],
        )
        return _("Mötet är ändrat.")

    def notice(self, request, meeting):
        if not self._bound("notice_form", _confirm_form("notice", data=request.POST)):
            return None
        services.meeting_send_notice(meeting=meeting, by=request.user)
        return _("Kallelsen skickas till ledamöterna och de adjungerade.")

    def cancel(self, request, meeting):
        form = _confirm_form("cancel", CancelForm, data=request.POST)
        if not self._bound("cancel_form", form):
            return None
        services.meeting_cancel(meeting=meeting, by=request.user, reason=form.cleaned_data["reason"])
        return _("Mötet är inställt.")

    def start(self, request, meeting):
        services.meeting_start(meeting=meeting, by=request.user)
        return _("Mötet är öppnat. Punkterna har fått sina paragrafnummer.")

    def attendance(self, request, meeting):
        form = AttendanceForm(request.POST, rows=list(meeting.attendance.all()))
        if not self._bound("attendance_form", form):
            return None
        services.attendance_record(meeting=meeting, presences=form.presences(), by=request.user)
        return _("Närvaron är registrerad.")

    def adjusters(self, request, meeting):
        present = [a.person_id for a in meeting.attendance.all()]
        form = AdjustersForm(request.POST, people=get_user_model().objects.filter(pk__in=present))
        if not self._bound("adjusters_form", form):
            return None
        services.meeting_elect_adjusters(meeting=meeting, people=form.cleaned_data["adjusters"], by=request.user)
        return _("Justerarna är valda.")

    def add_item(self, request, meeting):
        form = FreeItemForm(request.POST)
        if not self._bound("item_form", form):
            return None
        services.agenda_item_add(meeting=meeting, by=request.user, **form.cleaned_data)
        return _("Punkten är tillagd.")

    def add_reports(self, request, meeting):
        items = services.meeting_add_status_reports(meeting=meeting, by=request.user)
        if not items:
            return _("Inga nya lägesrapporter att lägga till.")
        return ngettext(
            "%(n)s lägesrapport är tillagd som information.",
            "%(n)s lägesrapporter är tillagda som information.",
            len(items),
        ) % {"n": len(items)}

    def move(self, request, meeting):
        services.agenda_item_move(
            meeting=meeting,
            item_id=_int(request.POST.get("item")),
            direction=request.POST.get("direction", ""),
            by=request.user,
        )
        return _("Dagordningen är ändrad.")

    def remove(self, request, meeting):
        services.agenda_item_remove(meeting=meeting, item_id=_int(request.POST.get("item")), by=request.user)
        return _("Punkten är borttagen från dagordningen.")

    def presenter(self, request, meeting):
        services.agenda_item_set_presenter(
            meeting=meeting,
            item_id=_int(request.POST.get("item")),
            presenter=request.POST.get("presenter", ""),
            by=request.user,
        )
        return _("Föredragande är sparad.")

    def close(self, request, meeting):
        form = _confirm_form("close", CloseForm, data=request.POST)
        if not self._bound("close_form", form):
            return None
        services.meeting_close(
            meeting=meeting, by=request.user, justering_deadline=form.cleaned_data["justering_deadline"]
        )
        return _("Mötet är avslutat. Protokollet har gått till ordföranden och justerarna.")

    def justera(self, request, meeting):
        if not self._bound("justera_form", _confirm_form("justera", data=request.POST)):
            return None
        services.meeting_justera(meeting=meeting, by=request.user)
        if Meeting.objects.filter(pk=meeting.pk, state=MeetingState.JUSTERAT).exists():
            return _("Protokollet är justerat och låst. PDF:en skapas och kan laddas ned strax.")
        return _("Du har justerat protokollet. Det låses när alla har justerat.")

    def deadline(self, request, meeting):
        form = DeadlineForm(request.POST)
        if not self._bound("deadline_form", form):
            return None
        services.meeting_set_justering_deadline(
            meeting=meeting, deadline=form.cleaned_data["justering_deadline"], by=request.user
        )
        return _("Tiden för justering är ändrad.")


_REQUIRED = object()


def _int(value, default=_REQUIRED) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        if default is not _REQUIRED:
            return default
        raise ValidationError(_("Punkten finns inte på mötets dagordning.")) from None


class MeetingAgendaAddView(MeetingDetailView):
    permission_action = "meeting.add_item"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        meeting = self.get_meeting()
        form = AgendaAddForm(request.POST, queue=selectors.group_queue_for_agenda(group=meeting.steering_group))
        if form.is_valid():
            try:
                items = services.meeting_add_errands(
                    meeting=meeting, errands=form.cleaned_data["errands"], by=request.user
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(
                    request,
                    ngettext(
                        "%(n)s ärende är satt på dagordningen.", "%(n)s ärenden är satta på dagordningen.", len(items)
                    )
                    % {"n": len(items)},
                )
                return redirect(meeting)
        return self.render_to_response(self.get_context_data(agenda_form=form), status=400)


class MeetingDecideView(MeetingDetailView):
    """The chair records what the meeting did with one item: beslut, bordlagt, återremiss or information noterad.

    A form refused for one field comes back with everything typed (400, the error summary takes focus). It submits
    once (vudig.core.submit_once): the same form sent again, even at the same moment, records nothing new and leads
    back to the meeting; a unique row taken by a parallel request is answered by asking the service again, so the
    chair gets its Swedish refusal (e.g. the item is already handled), never a 500.
    """

    permission_action = "group.decide"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        meeting = self.get_meeting()
        key = submission_key(request)
        earlier = submission_earlier(key=key)
        if earlier is not None:
            return self._repeated(earlier)
        prefix = request.POST.get("prefix", "")
        item_id = _int(request.POST.get(f"{prefix}-item" if prefix else "item"), default=None)
        is_errand = any(i.pk == item_id and i.errand_id for i in meeting.items.all())
        form = DecisionForm(request.POST, prefix=prefix or None, errand_item=is_errand, group=meeting.steering_group)
        if not form.is_valid():
            return self._refused(form, item_id)
        data = form.cleaned_data
        with transaction.atomic():
            earlier = submission_claim(key=key, user=request.user)
            if earlier is not None:
                return self._repeated(earlier)
            try:
                message = self._record_once(meeting, data)
            except ValidationError as exc:
                transaction.set_rollback(True)  # refused: the claim goes, so the corrected form can be sent
                add_service_errors(form, exc)
                refusal = exc
            else:
                submission_done(key=key, location=meeting.get_absolute_url())
                refusal = None
        if refusal is not None:
            return self._refused(form, data["item"], refusal)
        messages.success(request, message)
        return redirect(meeting)

    def _repeated(self, earlier):
        messages.info(self.request, _("Formuläret var redan skickat. Inget nytt registrerades."))
        return redirect(earlier.location or self.get_meeting().get_absolute_url())

    def _refused(self, form, item_id, exc: ValidationError | None = None):
        """The meeting page again with the form as typed; when the item has no form now, the reason on top."""
        self._meeting = meeting = selectors.meeting_get(pk=self.get_meeting().pk)
        shown = meeting.is_recording and any(
            i.pk == item_id and i.outcome == ItemOutcome.PENDING and i.kind != AgendaKind.OPENING
            for i in meeting.items.all()
        )
        if not shown:
            if exc is not None:
                _errors_to_messages(self.request, exc)
            else:
                messages.error(self.request, _("Punkten finns inte på mötets dagordning."))
        context = {f"decision_{item_id}": form} if shown else {}
        return self.render_to_response(self.get_context_data(**context), status=400)

    def _record_once(self, meeting, data) -> str:
        try:
            return self._record(meeting, data)
        except IntegrityError:
            # A parallel request took the same row (a §, the item's decision) a moment ago: now it is visible and the
            # service refuses with its own message; if not, the generic one.
            try:
                return self._record(meeting, data)
            except IntegrityError as exc:
                raise ValidationError(
                    _("Det gick inte att spara: samma uppgift sparades samtidigt av någon annan. Ladda om sidan.")
                ) from exc

    def _record(self, meeting, data) -> str:
        item_id, by = data["item"], self.request.user
        if data["outcome"] == "table":
            services.agenda_item_table(meeting=meeting, item_id=item_id, reason=data["reason"], by=by)
            return _("Punkten är bordlagd.")
        if data["outcome"] == "remit":
            services.agenda_item_remit(meeting=meeting, item_id=item_id, reason=data["reason"], by=by)
            return _("Ärendet är återremitterat till beredningen.")
        if data["outcome"] == "note":
            services.agenda_item_note(meeting=meeting, item_id=item_id, minutes=data["minutes"], by=by)
            return _("Informationen är noterad.")
        services.agenda_item_decide(
            meeting=meeting,
            item_id=item_id,
            text=data["text"],
            follow_up_owner=data["follow_up_owner"],
            follow_up_date=data["follow_up_date"],
            minutes=data["minutes"],
            project=data.get("project"),
            by=by,
        )
        return _("Beslutet är registrerat.")


class MeetingProtocolView(MeetingMixin, PermissionRequiredMixin, View):
    """The protocol PDF: readable under the same rule as the register once justerat (see rules.py)."""

    permission_action = "meeting.view_protocol"

    def get(self, request, *args, **kwargs):
        meeting = self.get_meeting()
        if not meeting.protocol_pdf:
            raise Http404
        try:
            handle = meeting.protocol_pdf.open("rb")
        except FileNotFoundError:
            raise Http404 from None
        name = f"protokoll-{meeting.steering_group.slug}-{meeting.date:%Y-%m-%d}.pdf"
        return FileResponse(handle, as_attachment=True, filename=name, content_type="application/pdf")


class MeetingAgendaPdfView(MeetingMixin, PermissionRequiredMixin, View):
    """The agenda as PDF, from the kallelse on (the same file the members got by e-mail)."""

    permission_action = "meeting.view"

    def get(self, request, *args, **kwargs):
        meeting = self.get_meeting()
        if meeting.state == MeetingState.PLANERAT and not can(request.user, "group.decide", meeting):
            raise Http404
        pdf = services.meeting_agenda_pdf(meeting=meeting)
        response = HttpResponse(pdf, content_type="application/pdf")
        name = f"dagordning-{meeting.steering_group.slug}-{meeting.date:%Y-%m-%d}.pdf"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
