"""Thin views: ask the rules (vudig.core.rules), call a selector or a service, render."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from vudig.core.concurrency import StaleVersionError
from vudig.core.formviews import ServiceFormView, add_service_errors, render_conflict
from vudig.core.history import timeline
from vudig.core.pagination import PageMixin
from vudig.core.rules import can, roles_of
from vudig.core.views_mixins import PermissionRequiredMixin

from . import selectors, services
from .constants import ACTION_BUTTONS, ACTIONS, TOPIC_RULES, ErrandAction, ItemOutcome
from .forms import AgendaAddForm, AnswerForm, DecisionForm, ErrandForm, FreezeForm, MeetingPlanForm, TransitionForm
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
        return super().get_context_data(
            errand=errand,
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


class DecisionRegisterView(PermissionRequiredMixin, _PagedMixin, TemplateView):
    """What was decided, when, on which ärende: for all groups or one."""

    permission_action = "portal.view"
    template_name = "steeringgroups/decision_list.html"

    def get_context_data(self, **kwargs):
        group = None
        if "slug" in self.kwargs:
            group = selectors.steering_group_get(slug=self.kwargs["slug"])
            if group is None:
                raise Http404
        return super().get_context_data(
            object_list=selectors.decision_register(group=group),
            group=group,
            groups=selectors.steering_group_list(),
            **kwargs,
        )


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
            by=self.request.user,
        )
        messages.success(self.request, _("%(n)s möten är planerade.") % {"n": len(meetings)})

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


class MeetingDetailView(MeetingMixin, PermissionRequiredMixin, TemplateView):
    permission_action = "group.view_queue"
    template_name = "steeringgroups/meeting_detail.html"

    def get_context_data(self, **kwargs):
        meeting = self.get_meeting()
        may_chair = can(self.request.user, "group.decide", meeting) and not meeting.is_frozen
        items = []
        for item in meeting.items.all():
            form = None
            if may_chair and item.errand_id and item.outcome == ItemOutcome.PENDING:
                form = kwargs.pop(f"decision_{item.errand_id}", None) or DecisionForm(
                    initial={"errand": item.errand_id}, prefix=f"p{item.pk}"
                )
            items.append({"item": item, "form": form})
        agenda_form = None
        if may_chair:
            agenda_form = kwargs.pop("agenda_form", None) or AgendaAddForm(
                queue=selectors.group_queue_for_agenda(group=meeting.steering_group)
            )
        return super().get_context_data(
            meeting=meeting,
            items=items,
            may_chair=may_chair,
            agenda_form=agenda_form,
            freeze_form=(kwargs.pop("freeze_form", None) or FreezeForm(initial={"version": meeting.version}))
            if may_chair
            else None,
            **kwargs,
        )


class MeetingAgendaAddView(MeetingDetailView):
    permission_action = "group.decide"
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
                messages.success(request, _("%(n)s ärenden är satta på dagordningen.") % {"n": len(items)})
                return redirect(meeting)
        return self.render_to_response(self.get_context_data(agenda_form=form), status=400)


class MeetingDecideView(MeetingDetailView):
    """The chair records a decision on, or tables, an ärende on this meeting's agenda."""

    permission_action = "group.decide"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        meeting = self.get_meeting()
        prefix = request.POST.get("prefix", "")
        form = DecisionForm(request.POST, prefix=prefix or None)
        if not form.is_valid():
            messages.error(request, _("Beslutet kunde inte läsas. Kontrollera fälten."))
            return redirect(meeting)
        data = form.cleaned_data
        try:
            if data["outcome"] == "table":
                services.agenda_item_table(
                    meeting=meeting, errand_id=data["errand"], reason=data["reason"], by=request.user
                )
                messages.success(request, _("Ärendet är bordlagt och tillbaka i styrgruppens kö."))
            else:
                services.agenda_item_decide(
                    meeting=meeting,
                    errand_id=data["errand"],
                    text=data["text"],
                    follow_up_owner=data["follow_up_owner"],
                    follow_up_date=data["follow_up_date"],
                    by=request.user,
                )
                messages.success(request, _("Beslutet är registrerat."))
        except ValidationError as exc:
            add_service_errors(form, exc)
            if not any(i.errand_id == data["errand"] for i in meeting.items.all()):
                _errors_to_messages(request, exc)
                return redirect(meeting)
            self._meeting = selectors.meeting_get(pk=meeting.pk)
            context = self.get_context_data(**{f"decision_{data['errand']}": form})
            return self.render_to_response(context, status=400)
        return redirect(meeting)


class MeetingFreezeView(MeetingDetailView):
    permission_action = "group.decide"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        meeting = self.get_meeting()
        form = FreezeForm(request.POST)
        try:
            services.meeting_freeze(
                meeting=meeting,
                by=request.user,
                expected_version=form.cleaned_data["version"] if form.is_valid() else -1,
            )
        except StaleVersionError as exc:
            self._meeting = selectors.meeting_get(pk=meeting.pk)
            values = [
                (_("Protokollet"), _("Justerat") if self._meeting.is_frozen else _("Inte justerat")),
                (_("Ärenden på dagordningen"), str(len(self._meeting.items.all()))),
            ]
            return render_conflict(self, None, exc, values=values)
        except ValidationError as exc:
            _errors_to_messages(request, exc)
        else:
            messages.success(request, _("Protokollet är justerat. PDF:en skapas och kan laddas ned strax."))
        return redirect(meeting)


class MeetingProtocolView(MeetingMixin, PermissionRequiredMixin, View):
    permission_action = "group.view_queue"

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
