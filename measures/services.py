"""Every write to plans, measures and results goes through here: permission, plan state, version check, history."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.text import slugify
from django.utils.translation import gettext as _

from vudig.core.concurrency import bump_version, check_version
from vudig.core.files import DOCUMENT_EXTENSIONS, check_upload
from vudig.core.rules import require
from vudig.core.workflow import check_transition
from vudig.core.write import model_update, set_archived, tracked_save

from .constants import (
    MOTIVATION_MAX_LENGTH,
    PLAN_TRANSITIONS,
    REASON_MAX_LENGTH,
    STATUSES_NEEDING_REASON,
    PlanState,
    ResultStatus,
)
from .models import Comment, Measure, MeasureResult, Plan, StatusDocument
from .notices import plan_step_notify
from .rules import STATE_ACTIONS

UP, DOWN = "up", "down"


# -- guards -----------------------------------------------------------------------------------------------------
def _ensure_content_editable(plan: Plan) -> None:
    """Measures and results of a decided (or superseded) plan are fixed."""
    if plan.is_superseded:
        raise ValidationError(
            _("Planen ”%(plan)s” har ersatts av en nyare version och ändras inte längre.") % {"plan": plan},
            code="superseded",
        )
    if plan.is_decided:
        raise ValidationError(
            _(
                "Planen ”%(plan)s” är beslutad, så dess åtgärder (namn, beskrivning, ansvarig och typ) är låsta. "
                "Starta en ny planversion för att ändra dem; resultat och status följs upp som vanligt."
            )
            % {"plan": plan},
            code="decided",
        )


def _ensure_followup_allowed(plan: Plan) -> None:
    """Results and statuses are followed up until the next version is decided and its period has begun."""
    if plan.is_closed:
        raise ValidationError(
            _(
                "Planen ”%(plan)s” har ersatts av en beslutad version som har börjat gälla; "
                "dess uppföljning är avslutad och statusen visas som den var."
            )
            % {"plan": plan},
            code="superseded",
        )


def _clean_text(value: str, *, label: str, max_length: int, required: bool) -> str:
    value = (value or "").strip()
    if required and not value:
        raise ValidationError(_("Skriv %(label)s.") % {"label": label}, code="required")
    if len(value) > max_length:
        raise ValidationError(
            _("%(label)s får vara högst %(max)d tecken (nu %(n)d).")
            % {"label": label.capitalize(), "max": max_length, "n": len(value)},
            code="max_length",
        )
    return value


def plans_related_to(plan: Plan) -> list[Plan]:
    """The plan and every later version started from it."""
    related, current = [plan], plan
    while True:
        nxt = Plan.objects.filter(predecessor=current).first()
        if nxt is None or nxt in related:
            return related
        related.append(nxt)
        current = nxt


def _check_replacement(
    current: MeasureResult, replacement_measure: Measure | None, replacement_result: MeasureResult | None
) -> None:
    """A replacement may be any active measure or result in any plan, but never the result itself or its measure."""
    if replacement_result is not None:
        if replacement_result.pk == current.pk:
            raise ValidationError(_("Ett resultat kan inte ersätta sig självt."), code="self_replacement")
        if replacement_result.archived:
            raise ValidationError(_("Det ersättande resultatet är arkiverat."), code="archived_replacement")
    if replacement_measure is not None:
        if replacement_measure.pk == current.measure_id:
            raise ValidationError(
                _("Ett resultat kan inte ersättas av sin egen åtgärd. Välj en annan åtgärd eller ett annat resultat."),
                code="self_replacement",
            )
        if replacement_measure.archived:
            raise ValidationError(_("Den ersättande åtgärden är arkiverad."), code="archived_replacement")


def _same_document(document_id: int | None, checked, upload) -> bool:
    """Is the upload the very file the status already rests on (same name, size and bytes)?"""
    stored = StatusDocument.objects.filter(pk=document_id).first() if document_id else None
    if stored is None or (stored.original_name, stored.size) != (checked.display_name, checked.size):
        return False
    try:
        with stored.file.open("rb") as handle:
            same = handle.read() == upload.read()
    except FileNotFoundError:
        return False
    finally:
        upload.seek(0)
    return same


def _check_basis(basis_plan: Plan | None) -> None:
    if basis_plan is not None and not basis_plan.is_decided:
        raise ValidationError(
            _("”%(plan)s” är inte beslutad, så den kan inte vara grund för en status.") % {"plan": basis_plan},
            code="undecided_plan",
        )


# -- results ----------------------------------------------------------------------------------------------------
@transaction.atomic
def measure_result_set_status(
    *,
    result: MeasureResult,
    status: str,
    motivation: str,
    by,
    expected_version: int | None,
    reason: str = "",
    replacement_measure: Measure | None = None,
    replacement_result: MeasureResult | None = None,
    measure: Measure | None = None,
    basis_decision=None,
    basis_plan: Plan | None = None,
    document=None,
) -> MeasureResult:
    """Set a result's status with a required motivation, citing what it rests on (a steering-group decision, a plan
    decision or a document); Alt lösning / Ej genomförd must cite one or say why."""
    require(by, "plan.edit", result)
    if measure is not None and result.measure_id != measure.pk:
        raise ValidationError(_("Resultatet hör inte till den här åtgärden."), code="wrong_measure")
    # Every problem is collected and named by its field, so the form can show them all at once.
    errors: dict[str, list[ValidationError]] = {}

    def check(field: str, func, *args, **kwargs):
        try:
            return func(*args, **kwargs)
        except ValidationError as exc:
            errors.setdefault(field, []).extend(exc.error_list)
            return None

    if status not in ResultStatus.values:
        errors["status"] = [
            ValidationError(_("Okänd status: ”%(status)s”.") % {"status": status}, code="unknown_status")
        ]
    motivation = check(
        "motivation",
        _clean_text,
        motivation,
        label=_("en motivering"),
        max_length=MOTIVATION_MAX_LENGTH,
        required=True,
    )
    needs_reason = status in STATUSES_NEEDING_REASON
    reason = check("reason", _clean_text, reason, label=_("varför"), max_length=REASON_MAX_LENGTH, required=False)
    if not needs_reason and (reason or replacement_measure or replacement_result):
        errors.setdefault("reason", []).append(
            ValidationError(
                _("Skäl och ersättare anges bara för statusarna Alt lösning och Ej genomförd."),
                code="reason_not_allowed",
            )
        )
    check("basis_plan", _check_basis, basis_plan)
    checked = check("document", check_upload, document, extensions=DOCUMENT_EXTENSIONS) if document else None

    current = (
        MeasureResult.objects.select_for_update(of=("self",))
        .select_related("measure__plan__successor")
        .get(pk=result.pk)
    )
    if current.archived:
        raise ValidationError(_("Resultatet är arkiverat. Återställ det först."), code="archived")
    _ensure_followup_allowed(current.measure.plan)
    check("replacement_measure", _check_replacement, current, replacement_measure, None)
    check("replacement_result", _check_replacement, current, None, replacement_result)
    # A document kept from the same status still carries it; a new status rests on what is cited now.
    kept_document_id = current.basis_document_id if status == current.status else None
    if needs_reason and not (reason or basis_decision or basis_plan or document or kept_document_id):
        errors.setdefault("reason", []).append(
            ValidationError(
                _(
                    "Skriv varför, eller ange ett styrgruppsbeslut, ett planbeslut eller ett dokument som grund: "
                    "det krävs för %(status)s."
                )
                % {"status": ResultStatus(status).label},
                code="required",
            )
        )
    if errors:
        raise ValidationError(errors)

    document_id = kept_document_id
    if checked is not None and _same_document(current.basis_document_id, checked, document):
        document_id, checked = current.basis_document_id, None  # the same file sent again: a double submit
    if checked is not None:
        # Refuse a stale page before anything is stored.
        check_version(current=current, expected_version=expected_version)
        stored = StatusDocument(
            result=current,
            original_name=checked.display_name,
            content_type=checked.content_type,
            size=checked.size,
            uploaded_by=by,
        )
        document.seek(0)
        stored.file.save(f"underlag{checked.extension}", document, save=False)
        stored.full_clean()
        stored.save()
        document_id = stored.pk

    # The motivation is what the person wrote: the same status with the same motivation is a double submit (a
    # no-op); with another motivation it is a new follow-up, refused when made from a stale page.
    model_update(
        instance=current,
        values={
            "status": status,
            "status_reason": reason,
            "replacement_measure_id": replacement_measure.pk if replacement_measure else None,
            "replacement_result_id": replacement_result.pk if replacement_result else None,
            "basis_decision_id": basis_decision.pk if basis_decision else None,
            "basis_plan_id": basis_plan.pk if basis_plan else None,
            "basis_document_id": document_id,
        },
        expected_version=expected_version,
        by=by,
        reason=motivation,
        reason_is_input=True,
    )
    return current


def _clean_result_fields(*, title: str, responsible: str, start_date: date | None, end_date: date | None) -> dict:
    if start_date and end_date and end_date < start_date:
        raise ValidationError(
            {
                "end_date": _("Slutdatum (%(end)s) ligger före startdatum (%(start)s).")
                % {"end": end_date, "start": start_date}
            },
            code="dates_out_of_order",
        )
    return {
        "title": _clean_text(title, label=_("resultatets namn"), max_length=300, required=True),
        "responsible": _clean_text(responsible, label=_("ansvarig"), max_length=200, required=False),
        "start_date": start_date,
        "end_date": end_date,
    }


# -- comments ---------------------------------------------------------------------------------------------------
COMMENT_MAX_LENGTH = 2000


@transaction.atomic
def comment_add(*, measure: Measure, text: str, by, result: MeasureResult | None = None) -> Comment:
    """A comment on a measure or one of its results, signed by its author."""
    require(by, "measure.comment", measure)
    if result is not None and result.measure_id != measure.pk:
        raise ValidationError(_("Resultatet hör inte till den här åtgärden."), code="wrong_measure")
    if measure.archived or (result is not None and result.archived):
        raise ValidationError(_("Arkiverade åtgärder och resultat kan inte kommenteras."), code="archived")
    text = _clean_text(text, label=_("en kommentar"), max_length=COMMENT_MAX_LENGTH, required=True)
    comment = Comment(measure=measure, result=result, text=text, author=by)
    tracked_save(comment, by=by, reason=_("Kommentar skriven"))
    return comment


@transaction.atomic
def measure_result_create(
    *,
    measure: Measure,
    title: str,
    by,
    status: str = ResultStatus.EJ_PABORJAD,
    responsible: str = "",
    responsible_user=None,
    start_date: date | None = None,
    end_date: date | None = None,
) -> MeasureResult:
    """Add a result (delresultat/aktivitet) at the end of a measure's results, also in a decided plan in force."""
    require(by, "plan.edit", measure)
    measure = Measure.objects.select_for_update(of=("self",)).select_related("plan__successor").get(pk=measure.pk)
    _ensure_followup_allowed(measure.plan)
    if measure.archived:
        raise ValidationError(_("Åtgärden är arkiverad."), code="archived")
    if status not in ResultStatus.values:
        raise ValidationError(_("Okänd status: ”%(status)s”.") % {"status": status}, code="unknown_status")
    values = _clean_result_fields(title=title, responsible=responsible, start_date=start_date, end_date=end_date)
    last = measure.results.aggregate(m=Max("order"))["m"]
    result = MeasureResult(
        measure=measure,
        status=status,
        responsible_user=responsible_user,
        order=0 if last is None else last + 1,
        **values,
    )
    tracked_save(result, by=by, reason=_("Resultat tillagt"))
    from .periods import period_rows_sync  # a result added while a period is open is on its list too

    period_rows_sync()
    return result


@transaction.atomic
def measure_result_update(
    *,
    result: MeasureResult,
    title: str,
    expected_version: int | None,
    by,
    responsible: str | None = None,
    responsible_user=None,
    start_date: date | None = None,
    end_date: date | None = None,
) -> MeasureResult:
    """Change a result's name, responsible and dates (its status changes through measure_result_set_status).

    ``responsible=None`` changes only the name (and leaves responsible and dates as they are).
    """
    require(by, "plan.edit", result)
    current = (
        MeasureResult.objects.select_for_update(of=("self",))
        .select_related("measure__plan__successor")
        .get(pk=result.pk)
    )
    _ensure_followup_allowed(current.measure.plan)
    if responsible is None:
        values = {"title": _clean_text(title, label=_("resultatets namn"), max_length=300, required=True)}
    else:
        values = _clean_result_fields(title=title, responsible=responsible, start_date=start_date, end_date=end_date)
        values["responsible_user_id"] = responsible_user.pk if responsible_user else None
    model_update(
        instance=current,
        values=values,
        expected_version=expected_version,
        by=by,
        reason=_("Resultatet ändrat"),
    )
    return current


@transaction.atomic
def measure_result_set_archived(*, result: MeasureResult, archived: bool, by) -> MeasureResult:
    """Archive (hide) or restore a result; nothing is ever deleted."""
    require(by, "plan.edit", result)
    current = (
        MeasureResult.objects.select_for_update(of=("self",))
        .select_related("measure__plan__successor")
        .get(pk=result.pk)
    )
    _ensure_followup_allowed(current.measure.plan)
    set_archived(current, archived=archived, by=by, reasons=(_("Resultatet arkiverat"), _("Resultatet återställt")))
    return current


def _move(siblings: list, obj, direction: str) -> bool:
    """Swap obj with its neighbour among ordered siblings; renumber first so orders are distinct."""
    if direction not in (UP, DOWN):
        raise ValidationError(_("Okänd riktning."), code="direction")
    ids = [s.pk for s in siblings]
    index = ids.index(obj.pk)
    target = index - 1 if direction == UP else index + 1
    if target < 0 or target >= len(siblings):
        return False
    siblings[index], siblings[target] = siblings[target], siblings[index]
    for position, sibling in enumerate(siblings):
        if sibling.order != position:
            sibling.order = position
            # Only the moved item says so in its timeline; the neighbour's renumbering carries no reason.
            if sibling.pk == obj.pk:
                sibling._change_reason = _("Flyttad uppåt") if direction == UP else _("Flyttad nedåt")
            sibling.save(update_fields=["order"])
    return True


@transaction.atomic
def measure_result_move(*, result: MeasureResult, direction: str, by) -> bool:
    """Move a result one step up or down among its measure's active results."""
    require(by, "plan.edit", result)
    measure = (
        Measure.objects.select_for_update(of=("self",)).select_related("plan__successor").get(pk=result.measure_id)
    )
    _ensure_followup_allowed(measure.plan)
    siblings = list(measure.results.active().order_by("order", "pk"))
    if result.pk not in {s.pk for s in siblings}:
        raise ValidationError(_("Arkiverade resultat kan inte flyttas."), code="archived")
    return _move(siblings, result, direction)


# -- measures ---------------------------------------------------------------------------------------------------
MEASURE_FIELDS = ("title", "responsible", "responsible_organisation", "category", "description")


@transaction.atomic
def measure_create(
    *,
    plan: Plan,
    title: str,
    responsible: str,
    by,
    responsible_organisation=None,
    category: str = "",
    description: str = "",
) -> Measure:
    """Add a measure at the end of a plan that is not decided."""
    require(by, "plan.edit", plan)
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    _ensure_content_editable(plan)
    last = plan.measures.aggregate(m=Max("order"))["m"]
    measure = Measure(
        plan=plan,
        title=(title or "").strip(),
        responsible=(responsible or "").strip(),
        responsible_organisation=responsible_organisation,
        category=category or "",
        description=(description or "").strip(),
        order=0 if last is None else last + 1,
    )
    tracked_save(measure, by=by, reason=_("Åtgärd tillagd"))
    return measure


@transaction.atomic
def measure_update(*, measure: Measure, expected_version: int | None, by, **values) -> Measure:
    """Change a measure's title, responsible, category or description; a stale page is refused."""
    require(by, "plan.edit", measure)
    unknown = set(values) - set(MEASURE_FIELDS)
    if unknown:
        raise ValueError(f"measure_update does not change {sorted(unknown)}")
    current = Measure.objects.select_for_update(of=("self",)).select_related("plan").get(pk=measure.pk)
    _ensure_content_editable(current.plan)
    values = {k: (v.strip() if isinstance(v, str) else v) for k, v in values.items()}
    model_update(instance=current, values=values, expected_version=expected_version, by=by, reason=_("Åtgärden ändrad"))
    return current


@transaction.atomic
def measure_set_archived(*, measure: Measure, archived: bool, by) -> Measure:
    """Archive (hide from lists) or restore a measure; nothing is ever deleted."""
    require(by, "plan.edit", measure)
    current = Measure.objects.select_for_update(of=("self",)).select_related("plan").get(pk=measure.pk)
    _ensure_content_editable(current.plan)
    set_archived(current, archived=archived, by=by, reasons=(_("Åtgärden arkiverad"), _("Åtgärden återställd")))
    return current


@transaction.atomic
def measure_move(*, measure: Measure, direction: str, by) -> bool:
    """Move a measure one step up or down among its plan's active measures."""
    require(by, "plan.edit", measure)
    plan = Plan.objects.select_for_update().get(pk=measure.plan_id)
    _ensure_content_editable(plan)
    siblings = list(plan.measures.active().order_by("order", "pk"))
    if measure.pk not in {s.pk for s in siblings}:
        raise ValidationError(_("Arkiverade åtgärder kan inte flyttas."), code="archived")
    return _move(siblings, measure, direction)


@transaction.atomic
def measure_set_status(
    *, measure: Measure, status: str, motivation: str, by, expected_version: int | None, reason: str = ""
) -> Measure:
    """Set a measure's own status (what it shows while it has no results), with a required motivation."""
    require(by, "plan.edit", measure)
    if status not in ResultStatus.values:
        raise ValidationError(_("Okänd status: ”%(status)s”.") % {"status": status}, code="unknown_status")
    motivation = _clean_text(motivation, label=_("en motivering"), max_length=MOTIVATION_MAX_LENGTH, required=True)
    needs_reason = status in STATUSES_NEEDING_REASON
    reason = _clean_text(
        reason,
        label=_("varför (krävs för %(status)s)") % {"status": ResultStatus(status).label},
        max_length=REASON_MAX_LENGTH,
        required=needs_reason,
    )
    if not needs_reason and reason:
        raise ValidationError(
            _("Skäl anges bara för statusarna Alt lösning och Ej genomförd."), code="reason_not_allowed"
        )
    current = Measure.objects.select_for_update(of=("self",)).select_related("plan__successor").get(pk=measure.pk)
    if current.archived:
        raise ValidationError(_("Åtgärden är arkiverad. Återställ den först."), code="archived")
    _ensure_followup_allowed(current.plan)
    model_update(
        instance=current,
        values={"status": status, "status_reason": reason},
        expected_version=expected_version,
        by=by,
        reason=motivation,
        reason_is_input=True,
    )
    return current


# -- plans ------------------------------------------------------------------------------------------------------
@transaction.atomic
def plan_update(
    *,
    plan: Plan,
    title: str,
    description: str,
    period_start: date | None,
    period_end: date | None,
    expected_version: int | None,
    by,
) -> Plan:
    """Change a draft or approved plan's title, description and period."""
    require(by, "plan.edit", plan)
    current = Plan.objects.select_for_update().get(pk=plan.pk)
    _ensure_content_editable(current)
    values = {
        "title": (title or "").strip(),
        "description": (description or "").strip(),
        "period_start": period_start,
        "period_end": period_end,
    }
    model_update(instance=current, values=values, expected_version=expected_version, by=by, reason=_("Planen ändrad"))
    return current


@transaction.atomic
def plan_set_state(*, plan: Plan, state: str, comment: str, expected_version: int | None, by) -> Plan:
    """utkast → godkänd (ledningsgruppen, recorded by the process leader) → beslutad (kommunchef only)."""
    if state not in PlanState.values:
        raise ValidationError(_("Okänt planläge: ”%(state)s”.") % {"state": state}, code="unknown_state")
    require(by, STATE_ACTIONS[state], plan)
    comment = _clean_text(comment, label=_("en kommentar"), max_length=MOTIVATION_MAX_LENGTH, required=True)
    current = Plan.objects.select_for_update().get(pk=plan.pk)
    if current.is_superseded:
        _ensure_followup_allowed(current)
    if not check_transition(
        transitions=PLAN_TRANSITIONS, current=current.state, target=state, labels=PlanState.choices
    ):
        return current
    check_version(current=current, expected_version=expected_version)
    current.state = state
    bump_version(current)
    tracked_save(current, by=by, reason=comment, update_fields=["state", "version"])
    plan_step_notify(current, comment=comment, by=by)
    return current


def _unique_slug(base: str) -> str:
    base = slugify(base)[:90] or "plan"
    slug, n = base, 2
    while Plan.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def plan_start_new_version(
    *, plan: Plan, title: str, by, period_start: date | None = None, period_end: date | None = None
) -> Plan:
    """A draft successor of a decided plan, carrying its unfinished measures (and their unfinished results) forward.

    The decided plan stays in force and followed up until the new version is decided and its period has begun.
    """
    require(by, "plan.edit", plan)
    current = Plan.objects.select_for_update().get(pk=plan.pk)
    if current.is_superseded:
        raise ValidationError(
            _("En ny version har redan startats från ”%(plan)s”.") % {"plan": current}, code="superseded"
        )
    if not current.is_decided:
        raise ValidationError(
            _("En ny planversion kan bara startas från en beslutad plan. ”%(plan)s” är %(state)s.")
            % {"plan": current, "state": current.get_state_display().lower()},
            code="not_decided",
        )
    new_plan = Plan(
        slug=_unique_slug(title),
        title=(title or "").strip(),
        description=current.description,
        period_start=period_start,
        period_end=period_end,
        state=PlanState.UTKAST,
        order=current.order + 1,
        predecessor=current,
    )
    tracked_save(new_plan, by=by, reason=_("Ny version av ”%(plan)s”") % {"plan": current})
    reason = _("Överförd från ”%(plan)s” (ej avslutad)") % {"plan": current}
    for position, measure in enumerate(current.measures.active().prefetch_related("results").order_by("order", "pk")):
        results = [r for r in measure.results.all() if not r.archived]
        unfinished = [r for r in results if not r.is_finished]
        if results and not unfinished:
            continue
        copy = Measure(
            plan=new_plan,
            title=measure.title,
            responsible=measure.responsible,
            responsible_organisation_id=measure.responsible_organisation_id,
            category=measure.category,
            description=measure.description,
            order=position,
            predecessor=measure,
        )
        tracked_save(copy, by=by, reason=reason)
        for r_position, result in enumerate(sorted(unfinished, key=lambda r: (r.order, r.pk))):
            tracked_save(
                MeasureResult(
                    measure=copy,
                    title=result.title,
                    responsible=result.responsible,
                    responsible_user_id=result.responsible_user_id,
                    start_date=result.start_date,
                    end_date=result.end_date,
                    status=result.status,
                    order=r_position,
                    predecessor=result,
                ),
                by=by,
                reason=reason,
            )
    return new_plan
