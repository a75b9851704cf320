"""Every write to frame projects, their goals, development projects, phases and status reports goes through here.

Each service asks require() (the rule lives in projects/rules.py), locks the row it changes, refuses a stale save
(version check), validates with full_clean() and names the change for the history timeline.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from vudig.core.concurrency import bump_version, check_version
from vudig.core.rules import require
from vudig.core.workflow import check_transition
from vudig.core.write import model_update, set_archived, tracked_save

from . import notices
from .constants import (
    GATED_PHASES,
    PHASE_TRANSITIONS,
    REPORT_TRANSITIONS,
    DevelopmentStatus,
    GoalStatus,
    ProjectPhase,
    ReportState,
    is_backwards,
)
from .models import DevelopmentProject, FrameProject, PhaseChange, ProjectGoal, StatusReport

PROJECT_TEXT_FIELDS = ("purpose", "assignment", "implementation", "goals", "reference_group")


def _set_archived(model, pk, *, by, archived: bool, reasons: tuple[str, str]):
    """Archive or restore one of a project's items (goal, development project); repeating is a no-op."""
    current = _locked(model, pk)
    require(by, "project.edit", current.project)
    set_archived(current, archived=archived, by=by, reasons=reasons)
    return current


def _locked(model, pk):
    return model.objects.select_for_update().get(pk=pk)


# -- frame projects -------------------------------------------------------------------------------------------------


@transaction.atomic
def project_update(*, project: FrameProject, by, expected_version: int | None, **fields: str) -> FrameProject:
    """Change a project's rambeskrivning and reference group (process leader); refuses a stale page."""
    require(by, "project.edit", project)
    unknown = set(fields) - set(PROJECT_TEXT_FIELDS)
    if unknown:
        raise ValueError(f"not editable here: {sorted(unknown)}")
    current = _locked(FrameProject, project.pk)
    model_update(
        instance=current,
        values=fields,
        expected_version=expected_version,
        by=by,
        reason=_("Rambeskrivningen ändrades."),
    )
    return current


@transaction.atomic
def project_appoint_owner(*, project: FrameProject, owner, by, expected_version: int | None) -> FrameProject:
    """Kommunchef appoints the responsible line manager, who becomes the project's owner (writes status reports)."""
    require(by, "project.appoint_manager", project)
    if owner is None or not owner.is_active:
        raise ValidationError({"owner": _("Välj en aktiv person som ansvarig linjechef.")})
    current = _locked(FrameProject, project.pk)
    if current.owner_id == owner.pk:
        return current  # appointing the same person again changes nothing (a repeated submit is safe)
    check_version(current=current, expected_version=expected_version)
    current.owner = owner
    current.owner_appointed_by = by
    current.owner_appointed_at = timezone.now()
    bump_version(current)
    tracked_save(
        current,
        by=by,
        reason=_("%(by)s utsåg %(owner)s till ansvarig linjechef.")
        % {"by": by.get_full_name() or by.username, "owner": owner.get_full_name() or owner.username},
        update_fields=["owner", "owner_appointed_by", "owner_appointed_at", "version", "updated_at"],
    )
    notices.owner_appointed(current)
    return current


@transaction.atomic
def project_move_phase(
    *,
    project: FrameProject,
    to_phase: str,
    by,
    expected_version: int | None,
    reason: str = "",
    decision_text: str = "",
    decision_date: datetime.date | None = None,
    decision=None,
) -> PhaseChange | None:
    """Move a project to another phase; the only place phases change. Returns None when already there (no-op).

    Into genomförande needs the project.decide_gate right and a recorded decision of the project's own steering
    group: cited (``decision``), or written here (date and text), which records it in the group's decision register
    through the recorder the steering groups register (see register_gate_decision_recorder). Every other move needs
    project.edit; a move backwards needs a reason.
    """
    current = _locked(FrameProject, project.pk)
    if to_phase not in ProjectPhase.values:
        raise ValidationError({"to_phase": _("Okänd fas.")}, code="unknown_phase")
    gated = to_phase in GATED_PHASES
    require(by, "project.decide_gate" if gated else "project.edit", current)
    if not check_transition(
        transitions=PHASE_TRANSITIONS, current=current.phase, target=to_phase, labels=ProjectPhase.choices
    ):
        return None
    check_version(current=current, expected_version=expected_version)
    reason, decision_text = reason.strip(), decision_text.strip()
    errors = {}
    if is_backwards(current=current.phase, target=to_phase) and not reason:
        errors["reason"] = _("Att gå tillbaka till en tidigare fas kräver en motivering.")
    if gated and decision is not None:
        if decision.steering_group_id != current.steering_group_id:
            errors["decision"] = _(
                "Beslutet är fattat av %(other)s. Projektet går till genomförande bara med ett beslut av sin egen "
                "styrgrupp, %(own)s."
            ) % {"other": decision.steering_group or decision.decided_body or "–", "own": current.steering_group}
        elif decision.decided_on > timezone.localdate():
            errors["decision"] = _("Beslutsdatum kan inte ligga i framtiden.")
        else:
            decision_text, decision_date = decision.text, decision.decided_on
    elif gated:
        if not decision_text:
            errors["decision_text"] = _("Styrgruppens beslut måste anges för att projektet ska gå till genomförande.")
        if decision_date is None:
            errors["decision_date"] = _("Ange datum för styrgruppens beslut.")
        elif decision_date > timezone.localdate():
            errors["decision_date"] = _("Beslutsdatum kan inte ligga i framtiden.")
    elif decision_text or decision_date or decision is not None:
        errors["decision_text"] = _("Ett styrgruppsbeslut registreras bara när projektet går till genomförande.")
    if errors:
        raise ValidationError(errors)
    if gated and decision is None:
        if _gate_decision_recorder is None:
            raise ValidationError({"decision": _("Beslutsregistret är inte tillgängligt.")}, code="no_register")
        decision = _gate_decision_recorder(project=current, text=decision_text, decided_on=decision_date, by=by)
    change = PhaseChange(
        project=current,
        decision=decision if gated else None,
        from_phase=current.phase,
        to_phase=to_phase,
        reason=reason,
        decision_group=current.steering_group if gated else None,
        decision_date=decision_date if gated else None,
        decision_text=decision_text if gated else "",
        recorded_by=by,
    )
    change.full_clean()
    change.save()
    current.phase = to_phase
    bump_version(current)
    history_reason = reason
    if gated:
        history_reason = _("Styrgruppens beslut %(date)s: %(text)s") % {"date": decision_date, "text": decision_text}
        if reason:
            history_reason = f"{reason} – {history_reason}"
    tracked_save(current, by=by, reason=history_reason, update_fields=["phase", "version", "updated_at"])
    if gated:
        notices.gate_passed(change)
    return change


# The steering groups (a layer above) record a gate decision written on the project page as a real decision in their
# register: steeringgroups.apps registers steeringgroups.services.gate_decision_record here at start-up.
_gate_decision_recorder = None


def register_gate_decision_recorder(recorder) -> None:
    """Set the function that records a gate decision: (project=, text=, decided_on=, by=) -> Decision."""
    global _gate_decision_recorder
    _gate_decision_recorder = recorder


# -- project goals --------------------------------------------------------------------------------------------------


@transaction.atomic
def goal_create(
    *, project: FrameProject, by, title: str, description: str = "", status: str = GoalStatus.FORSLAG
) -> ProjectGoal:
    """Add a projektmål (usually while planning); it goes last."""
    require(by, "project.edit", project)
    last = ProjectGoal.objects.filter(project=project).order_by("-order").values_list("order", flat=True).first()
    goal = ProjectGoal(project=project, title=title, description=description, status=status, order=(last or 0) + 1)
    tracked_save(goal, by=by, reason=_("Projektmålet lades till."))
    return goal


@transaction.atomic
def goal_update(
    *, goal: ProjectGoal, by, expected_version: int | None, title: str, description: str, status: str
) -> ProjectGoal:
    """Refine a projektmål or change its status; refuses a stale page."""
    current = _locked(ProjectGoal, goal.pk)
    require(by, "project.edit", current.project)
    model_update(
        instance=current,
        values={"title": title, "description": description, "status": status},
        expected_version=expected_version,
        by=by,
        reason=_("Projektmålet ändrades."),
    )
    return current


@transaction.atomic
def goal_set_archived(*, goal: ProjectGoal, by, archived: bool) -> ProjectGoal:
    """Archive a projektmål (it leaves the page but keeps its history) or restore it; repeating is a no-op."""
    reasons = (_("Projektmålet arkiverades."), _("Projektmålet återställdes."))
    return _set_archived(ProjectGoal, goal.pk, by=by, archived=archived, reasons=reasons)


# -- development projects -------------------------------------------------------------------------------------------


@transaction.atomic
def development_project_create(
    *,
    project: FrameProject,
    by,
    name: str,
    owner: str,
    description: str = "",
    organisation=None,
    status: str = DevelopmentStatus.PAGAR,
) -> DevelopmentProject:
    """Link an ongoing development project to the frame project."""
    require(by, "project.edit", project)
    item = DevelopmentProject(
        project=project, name=name, owner=owner, description=description, organisation=organisation, status=status
    )
    tracked_save(item, by=by, reason=_("Utvecklingsprojektet kopplades till ramprojektet."))
    return item


@transaction.atomic
def development_project_update(
    *,
    item: DevelopmentProject,
    by,
    expected_version: int | None,
    name: str,
    owner: str,
    description: str,
    organisation,
    status: str,
) -> DevelopmentProject:
    """Change a development project's owner, status or description; refuses a stale page."""
    current = _locked(DevelopmentProject, item.pk)
    require(by, "project.edit", current.project)
    values = {"name": name, "owner": owner, "description": description, "organisation": organisation, "status": status}
    model_update(
        instance=current,
        values=values,
        expected_version=expected_version,
        by=by,
        reason=_("Utvecklingsprojektet ändrades."),
    )
    return current


@transaction.atomic
def development_project_set_archived(*, item: DevelopmentProject, by, archived: bool) -> DevelopmentProject:
    """Archive (unlink from the page, keep history) or restore a development project; repeating is a no-op."""
    reasons = (_("Utvecklingsprojektet arkiverades."), _("Utvecklingsprojektet återställdes."))
    return _set_archived(DevelopmentProject, item.pk, by=by, archived=archived, reasons=reasons)


# -- status reports -------------------------------------------------------------------------------------------------

REPORT_FIELDS = ("period_start", "period_end", "overall_status", "done", "next_steps", "risks")


@transaction.atomic
def status_report_create(
    *,
    project: FrameProject,
    by,
    period_start: datetime.date,
    period_end: datetime.date,
    overall_status: str,
    done: str,
    next_steps: str,
    risks: str = "",
    corrects: StatusReport | None = None,
) -> StatusReport:
    """Start a lägesrapport as a draft (the project's owner, or the process leader)."""
    require(by, "project.report", project)
    if corrects is not None and (corrects.project_id != project.pk or not corrects.is_published):
        raise ValidationError(_("En rättelse måste gälla en publicerad rapport i samma ramprojekt."))
    report = StatusReport(
        project=project,
        period_start=period_start,
        period_end=period_end,
        overall_status=overall_status,
        done=done,
        next_steps=next_steps,
        risks=risks,
        corrects=corrects,
        author=by,
    )
    tracked_save(report, by=by, reason=_("Lägesrapporten påbörjades."))
    return report


@transaction.atomic
def status_report_update(*, report: StatusReport, by, expected_version: int | None, **fields) -> StatusReport:
    """Change a draft report; a published report is frozen and refused."""
    current = _locked(StatusReport, report.pk)
    require(by, "project.report", current.project)
    if current.is_published:
        raise ValidationError(
            _("Rapporten är publicerad och kan inte ändras. Skriv en rättelse som en ny rapport."), code="frozen"
        )
    unknown = set(fields) - set(REPORT_FIELDS)
    if unknown:
        raise ValueError(f"not editable here: {sorted(unknown)}")
    model_update(
        instance=current, values=fields, expected_version=expected_version, by=by, reason=_("Utkastet ändrades.")
    )
    return current


@transaction.atomic
def status_report_publish(*, report: StatusReport, by, expected_version: int | None) -> StatusReport:
    """Publish a draft: from now on it is frozen. Publishing an already published report is a no-op."""
    current = _locked(StatusReport, report.pk)
    require(by, "project.report", current.project)
    if not check_transition(
        transitions=REPORT_TRANSITIONS,
        current=current.state,
        target=ReportState.PUBLICERAD,
        labels=ReportState.choices,
    ):
        return current
    check_version(current=current, expected_version=expected_version)
    current.state = ReportState.PUBLICERAD
    current.published_at = timezone.now()
    current.published_by = by
    bump_version(current)
    tracked_save(
        current,
        by=by,
        reason=_("Lägesrapporten publicerades."),
        update_fields=["state", "published_at", "published_by", "version", "updated_at"],
    )
    notices.report_published(current)
    return current


@transaction.atomic
def status_report_start_correction(*, report: StatusReport, by) -> StatusReport:
    """A published report cannot change; its correction is a new draft for the same period, linked to it."""
    original = StatusReport.objects.select_related("project").get(pk=report.pk)
    if not original.is_published:
        raise ValidationError(_("Ett utkast rättas genom att ändra det; bara publicerade rapporter får rättelser."))
    return status_report_create(
        project=original.project,
        by=by,
        corrects=original,
        **{name: getattr(original, name) for name in REPORT_FIELDS},
    )
