"""Every write of the maturity app: rounds, assessments, reviews, descriptors, gap links and reminders."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from vudig.core.concurrency import bump_version, check_version
from vudig.core.constants import Role
from vudig.core.models import OutgoingMail
from vudig.core.rules import require
from vudig.core.services import mail_enqueue
from vudig.core.workflow import check_transition
from vudig.core.write import model_update, role_holders, tracked_save

from .constants import (
    ASSESSMENT_TRANSITIONS,
    IMPROVEMENT_REMINDER_DAYS,
    INVITATION_DAYS,
    LEVELS,
    MAX_IMPROVEMENTS,
    REMINDER_DAYS_BEFORE_CLOSING,
    ROUND_TRANSITIONS,
    SUBMITTED_STATUSES,
    AssessmentStatus,
    ImprovementStatus,
    RoundStatus,
)
from .descriptors import descriptor_snapshot
from .models import (
    ASSESSED_KINDS,
    AreaAssessment,
    Assessment,
    AssessmentRound,
    CapabilityArea,
    LevelDescriptor,
    PlannedImprovement,
    Respondent,
    RespondentAnswer,
    TargetLevel,
)
from .notices import assessment_step_notify
from .selectors import assessed_organisation_list, capability_areas_with_descriptors


# -- rounds ---------------------------------------------------------------------------------------------------
@transaction.atomic
def round_create(*, year: int, opens_on: datetime.date, closes_on: datetime.date, by) -> AssessmentRound:
    """Plan a new yearly round (status planerad); it is opened with round_set_status."""
    require(by, "assessment.round_manage")
    if AssessmentRound.objects.filter(year=year).exists():
        raise ValidationError({"year": _("Det finns redan en omgång för %(year)s.") % {"year": year}})
    round = AssessmentRound(year=year, opens_on=opens_on, closes_on=closes_on)
    tracked_save(round, by=by, reason=_("Omgången skapades"))
    return round


@transaction.atomic
def round_set_status(
    *, round: AssessmentRound, status: str, by, expected_version: int | None, reason: str = ""
) -> AssessmentRound:
    """Open or close a round; reopening a closed round needs a recorded reason. Opening copies the descriptors."""
    require(by, "assessment.round_manage")
    current = AssessmentRound.objects.select_for_update().get(pk=round.pk)
    if status == current.status:
        return current  # a repeated request is a no-op
    check_version(current=current, expected_version=expected_version)
    check_transition(transitions=ROUND_TRANSITIONS, current=current.status, target=status, labels=RoundStatus.choices)
    reason = (reason or "").strip()
    if current.status == RoundStatus.STANGD and not reason:
        raise ValidationError({"reason": _("Ange varför den stängda omgången öppnas igen.")})
    if status == RoundStatus.OPPEN and not current.descriptors:
        current.descriptors = descriptor_snapshot(capability_areas_with_descriptors())
    current.status = status
    bump_version(current)
    tracked_save(
        current,
        by=by,
        reason=reason or (_("Omgången öppnades") if status == RoundStatus.OPPEN else _("Omgången stängdes")),
    )
    return current


# -- assessments ----------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class ImprovementInput:
    """One planned-improvement row of the form: ``id`` when it is stored already, ``delete`` when "Ta bort" is ticked."""

    id: int | None = None
    text: str = ""
    owner: str = ""
    due: datetime.date | None = None
    delete: bool = False

    @property
    def is_empty(self) -> bool:
        return not (self.text.strip() or self.owner.strip() or self.due)


@dataclass(frozen=True)
class AreaInput:
    """What the form sends for one area; every field may be empty in a draft."""

    level: int | None = None
    motivation: str = ""
    evidence: str = ""
    target: int | None = None
    # Every row the form showed, in order (empty ones too, so an error can name the row by its position).
    improvements: tuple[ImprovementInput, ...] = ()


def _check_complete(areas: dict[CapabilityArea, AreaInput]) -> None:
    errors = {}
    for area, data in areas.items():
        names = {"area": area.name}
        if data.level is None:
            errors[f"{area.slug}-level"] = _("Välj en nivå för %(area)s innan du lämnar in.") % names
        if not data.motivation.strip():
            errors[f"{area.slug}-motivation"] = _("Skriv en motivering för %(area)s innan du lämnar in.") % names
        for i, improvement in enumerate(data.improvements):
            if improvement.delete or improvement.is_empty:
                continue
            key, row = f"{area.slug}-improvements-{i}", {"n": i + 1, **names}
            if not improvement.text.strip():
                errors[f"{key}-text"] = _("Beskriv förbättring %(n)s för %(area)s innan du lämnar in.") % row
            if not improvement.owner.strip():
                errors[f"{key}-owner"] = (
                    _("Ange vem som är ansvarig för förbättring %(n)s för %(area)s innan du lämnar in.") % row
                )
            if improvement.due is None:
                errors[f"{key}-due"] = (
                    _("Ange när förbättring %(n)s för %(area)s ska vara klar innan du lämnar in.") % row
                )
    if errors:
        raise ValidationError(errors)


def _check_improvement_rows(areas: dict[CapabilityArea, AreaInput], stored: dict[int, PlannedImprovement]) -> None:
    """Refuse rows that point at an improvement of another area (or one that is gone), and too many rows."""
    seen = set()
    for area, data in areas.items():
        kept = 0
        for improvement in data.improvements:
            if improvement.id is not None:
                current = stored.get(improvement.id)
                if current is None or current.area_assessment.area_id != area.pk or improvement.id in seen:
                    raise ValidationError(
                        _("En planerad förbättring för %(area)s finns inte längre. Ladda om sidan; inget sparades.")
                        % {"area": area.name}
                    )
                seen.add(improvement.id)
            if not (improvement.delete or improvement.is_empty):
                kept += 1
        if kept > MAX_IMPROVEMENTS:
            raise ValidationError(
                _("Högst %(max)s planerade förbättringar per område; %(area)s har %(n)s. Inget sparades.")
                % {"max": MAX_IMPROVEMENTS, "area": area.name, "n": kept}
            )


def _save_improvements(*, row: AreaAssessment, inputs, stored: dict[int, PlannedImprovement], by) -> None:
    """Create, change or delete one area's planned improvements; unchanged rows write no history."""
    # New rows go after the existing ones; a row keeps its place, so removing one never rewrites the others.
    next_order = 1 + max((p.order for p in stored.values() if p.area_assessment_id == row.pk), default=-1)
    for improvement in inputs:
        current = stored.get(improvement.id) if improvement.id is not None else None
        if improvement.delete or improvement.is_empty:
            if current is not None:  # "Ta bort" ticked, or every field cleared
                current._change_reason = _("Förbättringen togs bort")
                current._history_user = by
                current.delete()
            continue
        values = {"text": improvement.text.strip(), "owner": improvement.owner.strip(), "due": improvement.due}
        if current is not None and all(getattr(current, k) == v for k, v in values.items()):
            continue
        if current is None:
            current = PlannedImprovement(area_assessment=row, order=next_order)
            next_order += 1
        for key, value in values.items():
            setattr(current, key, value)
        tracked_save(current, by=by, reason=_("Sparad av chef"))


class SubmissionRefused(ValidationError):
    """Submitting was refused for the reasons given, but the draft was saved: ``assessment`` is the saved draft."""

    def __init__(self, errors, *, assessment: Assessment):
        super().__init__(errors)
        self.assessment = assessment


def assessment_save(
    *,
    round: AssessmentRound,
    organisation,
    areas: dict[CapabilityArea, AreaInput],
    by,
    expected_version: int | None,
    submit: bool = False,
    carry_over: tuple[int, ...] = (),
) -> Assessment:
    """Save a draft (and submit it when ``submit``): only in an open round, only while it is a draft.

    ``carry_over``: ids of last year's unfinished improvements to copy into this draft (each once).

    A submission refused because the assessment is incomplete still saves the draft (nothing typed is lost) and then
    raises SubmissionRefused; any other refusal (closed round, stale version, bad level) saves nothing.
    """
    assessment, refusal = _assessment_save(
        round=round,
        organisation=organisation,
        areas=areas,
        by=by,
        expected_version=expected_version,
        submit=submit,
        carry_over=carry_over,
    )
    if refusal is not None:
        raise SubmissionRefused(refusal.error_dict, assessment=assessment)
    return assessment


@transaction.atomic
def _assessment_save(*, round, organisation, areas, by, expected_version, submit, carry_over=()):
    require(by, "assessment.edit", organisation)
    round = AssessmentRound.objects.select_for_update().get(pk=round.pk)
    if not round.is_open:
        raise ValidationError(_("Omgången %(year)s är inte öppen; inget sparades.") % {"year": round.year})
    all_areas = list(CapabilityArea.objects.all())
    if {a.pk for a in areas} != {a.pk for a in all_areas}:
        raise ValidationError(_("Alla fem områden måste skickas med; inget sparades."))
    for area, data in areas.items():
        if data.level is not None and data.level not in LEVELS:
            raise ValidationError({f"{area.slug}-level": _("Nivån måste vara mellan 1 och 5.")})
        if data.target is not None and data.target not in LEVELS:
            raise ValidationError({f"{area.slug}-target": _("Målnivån måste vara mellan 1 och 5.")})
    assessment, created = Assessment.objects.select_for_update().get_or_create(round=round, organisation=organisation)
    if not created:
        check_version(current=assessment, expected_version=expected_version)
    if assessment.status != AssessmentStatus.UTKAST:
        raise ValidationError(
            _("Självskattningen är %(status)s och kan inte ändras.")
            % {"status": assessment.get_status_display().lower()}
        )
    stored = {
        p.pk: p
        for p in PlannedImprovement.objects.filter(area_assessment__assessment=assessment).select_related(
            "area_assessment"
        )
    }
    _check_improvement_rows(areas, stored)
    refusal = None
    if submit:
        try:
            _check_complete(areas)
        except ValidationError as exc:
            refusal, submit = exc, False  # save what was typed as the draft, refuse only the submission
    existing = {row.area_id: row for row in assessment.areas.all()}
    for area, data in areas.items():
        row = existing.get(area.pk) or AreaAssessment(assessment=assessment, area=area)
        values = {
            "level": data.level,
            "motivation": data.motivation.strip(),
            "evidence": data.evidence.strip(),
            "target": data.target,
        }
        if not (row.pk and all(getattr(row, k) == v for k, v in values.items())):  # unchanged: no history row
            for key, value in values.items():
                setattr(row, key, value)
            tracked_save(row, by=by, reason=_("Sparad av chef"))
        _save_improvements(row=row, inputs=data.improvements, stored=stored, by=by)
    _carry_over(assessment=assessment, ids=tuple(carry_over), by=by)
    if submit:
        check_transition(
            transitions=ASSESSMENT_TRANSITIONS,
            current=assessment.status,
            target=AssessmentStatus.INLAMNAD,
            labels=AssessmentStatus.choices,
        )
        assessment.status = AssessmentStatus.INLAMNAD
        assessment.submitted_at = timezone.now()
    if not created:
        bump_version(assessment)
    tracked_save(assessment, by=by, reason=_("Inlämnad") if submit else _("Utkast sparat"))
    if submit:
        assessment_step_notify(assessment, by=by)
    return assessment, refusal


REVIEW_TARGETS = {
    "review": AssessmentStatus.GRANSKAD,
    "return": AssessmentStatus.UTKAST,
    "establish": AssessmentStatus.FASTSTALLD,
}


@transaction.atomic
def assessment_review(*, assessment: Assessment, action: str, comment: str, by, expected_version: int | None):
    """The process leader marks it granskad, returns it to the manager with a comment, or fastställer it."""
    require(by, "assessment.review", assessment)
    if action not in REVIEW_TARGETS:
        raise ValidationError(_("Okänd granskningsåtgärd."))
    target = REVIEW_TARGETS[action]
    current = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if current.status == target:
        return current  # repeated request
    check_version(current=current, expected_version=expected_version)
    check_transition(
        transitions=ASSESSMENT_TRANSITIONS, current=current.status, target=target, labels=AssessmentStatus.choices
    )
    comment = (comment or "").strip()
    if action == "return" and not comment:
        raise ValidationError({"comment": _("Skriv vad chefen behöver ändra när du skickar tillbaka.")})
    if comment:
        current.review_comment = comment
    current.status = target
    bump_version(current)
    tracked_save(current, by=by, reason=comment or dict(AssessmentStatus.choices)[target])
    assessment_step_notify(current, by=by)
    return current


# -- central targets -----------------------------------------------------------------------------------------
@transaction.atomic
def targets_set(*, round: AssessmentRound, levels: dict[tuple[str, CapabilityArea], int | None], by) -> int:
    """Set (or clear, with None) the process leader's target per organisation kind and area; returns rows changed.

    Every value is checked before anything is written, so a bad one saves nothing; an unchanged value writes no
    history.
    """
    require(by, "assessment.round_manage")
    round = AssessmentRound.objects.select_for_update().get(pk=round.pk)
    if round.status == RoundStatus.STANGD:
        raise ValidationError(_("Omgången %(year)s är stängd; målnivåerna kan inte ändras.") % {"year": round.year})
    for (kind, area), level in levels.items():
        if kind not in ASSESSED_KINDS:
            raise ValidationError(_("Målnivåer sätts bara för förvaltningar och bolag."))
        if level is not None and level not in LEVELS:
            raise ValidationError({f"{kind}-{area.slug}": _("Målnivån måste vara mellan 1 och 5.")})
    stored = {(t.kind, t.area_id): t for t in TargetLevel.objects.filter(round=round)}
    changed = 0
    for (kind, area), level in levels.items():
        row = stored.get((kind, area.pk))
        if level is None:
            if row is not None:
                row._change_reason, row._history_user = _("Målnivån togs bort"), by
                row.delete()
                changed += 1
            continue
        if row is not None and row.level == level:
            continue
        row = row or TargetLevel(round=round, kind=kind, area=area)
        row.level = level
        tracked_save(row, by=by, reason=_("Målnivån sattes"))
        changed += 1
    return changed


# -- descriptors and gap links ----------------------------------------------------------------------------------
@transaction.atomic
def descriptor_set(*, area: CapabilityArea, level: int, text: str, by) -> LevelDescriptor:
    """Change the text of one level of one area; rounds already opened keep their own copy."""
    require(by, "assessment.round_manage")
    if level not in LEVELS:
        raise ValidationError({"level": _("Nivån måste vara mellan 1 och 5.")})
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Beskrivningen får inte vara tom.")})
    row = LevelDescriptor.objects.select_for_update().filter(area=area, level=level).first()
    if row is not None and row.text == text:
        return row
    row = row or LevelDescriptor(area=area, level=level)
    row.text = text
    tracked_save(row, by=by, reason=_("Nivåbeskrivningen ändrades"))
    return row


@transaction.atomic
def area_links_set(*, area_assessment: AreaAssessment, measures, projects, by) -> AreaAssessment:
    """Link a gap to the measures and projects that address it (allowed also after fastställd)."""
    require(by, "assessment.edit", area_assessment.assessment)
    if area_assessment.assessment.status == AssessmentStatus.UTKAST:
        raise ValidationError(_("Lämna in självskattningen innan du kopplar åtgärder till den."))
    area_assessment.measures.set(measures)
    area_assessment.projects.set(projects)
    return area_assessment


# -- reminders ------------------------------------------------------------------------------------------------
def reminders_send(*, today: datetime.date | None = None) -> int:
    """E-mail managers of organisations that have not submitted, once per reminder day; returns how many queued."""

    today = today or timezone.localdate()
    queued = 0
    for round in AssessmentRound.objects.filter(status=RoundStatus.OPPEN, closes_on__gte=today):
        days_left = (round.closes_on - today).days
        due = [d for d in REMINDER_DAYS_BEFORE_CLOSING if days_left <= d]
        if not due:
            continue
        days = min(due)  # a late run sends the nearest reminder, not every one it missed
        done = set(
            Assessment.objects.filter(round=round, status__in=SUBMITTED_STATUSES).values_list(
                "organisation_id", flat=True
            )
        )
        missing = {org.pk: org for org in assessed_organisation_list() if org.pk not in done}
        managers = role_holders(Role.ORG_MANAGER, organisation=missing).annotate(
            managed_id=F("role_assignments__organisation_id")
        )
        for user in managers.order_by("pk", "managed_id"):
            org = missing[user.managed_id]
            if not user.email:
                continue
            key = f"maturity-reminder:{round.pk}:{org.pk}:{user.pk}:{days}"
            if OutgoingMail.objects.filter(key=key).exists():
                continue
            mail_enqueue(
                key=key,
                to=[user.email],
                subject=_("Påminnelse: självskattningen %(year)s för %(org)s") % {"year": round.year, "org": org.name},
                body=_(
                    "Hej %(name)s,\n\n%(org)s har ännu inte lämnat in sin självskattning av mognad för %(year)s. "
                    "Omgången stänger %(closes)s (%(days)s).\n\n"
                    "Fyll i och lämna in den i VUDIG-portalen under Mognad.\n"
                )
                % {
                    "name": user.get_full_name() or user.username,
                    "org": org.name,
                    "year": round.year,
                    "closes": round.closes_on.isoformat(),
                    "days": ngettext("om %(n)d dag", "om %(n)d dagar", days_left) % {"n": days_left},
                },
            )
            queued += 1
    return queued


# -- respondents ----------------------------------------------------------------------------------------------
INVITATION_SALT = "maturity.respondent-invitation"


class InvitationInvalid(ValidationError):
    """An invitation link that is forged, expired, used or gone; the message says which, in Swedish."""


def invitation_token(respondent: Respondent) -> str:
    """The signed, timestamped token of a respondent's invitation link (it names the respondent and the e-mail)."""
    return signing.dumps({"r": respondent.pk, "e": respondent.email}, salt=INVITATION_SALT)


def invitation_read(token: str) -> Respondent:
    """The respondent a valid, unused invitation link names; InvitationInvalid otherwise."""
    try:
        data = signing.loads(token, salt=INVITATION_SALT, max_age=datetime.timedelta(days=INVITATION_DAYS))
    except signing.SignatureExpired:
        raise InvitationInvalid(
            _("Inbjudan har gått ut. Be chefen som bjöd in dig att skicka en påminnelse med en ny länk.")
        ) from None
    except signing.BadSignature:
        raise InvitationInvalid(
            _("Länken är inte giltig. Kontrollera att du har kopierat hela länken från e-postmeddelandet.")
        ) from None
    respondent = (
        Respondent.objects.filter(pk=data.get("r"), email=data.get("e")).select_related("round", "organisation").first()
    )
    if respondent is None:
        raise InvitationInvalid(_("Inbjudan finns inte längre."))
    if respondent.accepted_at is not None or respondent.user_id is not None:
        raise InvitationInvalid(_("Inbjudan är redan använd. Logga in med ditt konto för att svara."))
    return respondent


def _respondent_link(respondent: Respondent) -> str:
    base = settings.VUDIG_BASE_URL.rstrip("/")
    if respondent.user_id is None:
        return base + reverse("maturity:invitation", kwargs={"token": invitation_token(respondent)})
    return base + reverse(
        "maturity:answer", kwargs={"year": respondent.round.year, "org": respondent.organisation.slug}
    )


def _respondent_mail(respondent: Respondent, *, key: str, reminder: bool) -> None:
    names = {
        "name": respondent.name or respondent.email,
        "org": respondent.organisation.name,
        "year": respondent.round.year,
        "closes": respondent.round.closes_on.isoformat(),
        "link": _respondent_link(respondent),
        "days": INVITATION_DAYS,
    }
    subject = (
        _("Påminnelse: svara på självskattningen %(year)s för %(org)s")
        if reminder
        else _("Du är inbjuden att svara på självskattningen %(year)s för %(org)s")
    ) % names
    body = (
        _(
            "Hej %(name)s,\n\nDu är utsedd att svara på %(org)s självskattning av mognad för %(year)s: en nivå 1–5 och "
            "en kommentar för vart och ett av planens fem områden. Ditt svar läses bara av dig; chefen och "
            "processledaren ser bara sammanställningar av minst tre svar.\n\nSvara senast %(closes)s:\n%(link)s\n"
        )
        % names
    )
    if respondent.user_id is None:
        body += (
            ngettext(
                "\nLänken gäller i %(days)s dag och kan användas en gång för att skapa ditt konto.\n",
                "\nLänken gäller i %(days)s dagar och kan användas en gång för att skapa ditt konto.\n",
                INVITATION_DAYS,
            )
            % names
        )
    mail_enqueue(key=key, to=[respondent.email], subject=subject, body=body)


def _open_round_for_respondents(round: AssessmentRound) -> AssessmentRound:
    current = AssessmentRound.objects.select_for_update().get(pk=round.pk)
    if not current.is_open:
        raise ValidationError(_("Omgången %(year)s är inte öppen; inget sparades.") % {"year": current.year})
    return current


@transaction.atomic
def respondent_invite(*, round: AssessmentRound, organisation, email: str, name: str = "", by) -> Respondent:
    """Name a respondent for the organisation's round: someone with an account by their e-mail, otherwise an
    e-mailed invitation whose signed link makes a limited account once. One e-mail per respondent."""
    require(by, "respondent.manage", organisation)
    if organisation.kind not in ASSESSED_KINDS:
        raise ValidationError(_("Bara förvaltningar och bolag har respondenter."))
    round = _open_round_for_respondents(round)
    email = (email or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError({"email": _("Ange en giltig e-postadress.")}) from None
    if Respondent.objects.filter(round=round, organisation=organisation, email__iexact=email).exists():
        raise ValidationError(
            {"email": _("%(email)s är redan respondent för %(year)s.") % {"email": email, "year": round.year}}
        )
    user = get_user_model().objects.filter(email__iexact=email, is_active=True).order_by("pk").first()
    respondent = Respondent(
        round=round,
        organisation=organisation,
        email=email,
        name=(name or "").strip() or (user.get_full_name() if user else ""),
        user=user,
        invited_by=by if getattr(by, "is_authenticated", False) else None,
    )
    tracked_save(respondent, by=by, reason=_("Inbjuden som respondent"))
    _respondent_mail(respondent, key=f"maturity-respondent-invitation:{respondent.pk}", reminder=False)
    return respondent


@transaction.atomic
def invitation_accept(*, token: str, name: str, password: str):
    """Use an invitation link once: make the invitee's limited account (no role) and tie it to the respondent."""
    respondent = invitation_read(token)
    respondent = Respondent.objects.select_for_update().select_related("round", "organisation").get(pk=respondent.pk)
    if respondent.accepted_at is not None or respondent.user_id is not None:  # a second tab, a double click
        raise InvitationInvalid(_("Inbjudan är redan använd. Logga in med ditt konto för att svara."))
    User = get_user_model()
    username = respondent.email[:150]
    if User.objects.filter(username__iexact=username).exists():
        raise InvitationInvalid(
            _("Det finns redan ett konto för %(email)s. Logga in med det för att svara.") % {"email": respondent.email}
        )
    candidate = User(username=username, email=respondent.email, first_name=(name or "").strip()[:150])
    try:
        validate_password(password, user=candidate)
    except ValidationError as exc:
        raise ValidationError({"password1": exc.messages}) from None
    candidate.set_password(password)
    candidate.full_clean()
    candidate.save()
    respondent.user = candidate
    respondent.accepted_at = timezone.now()
    respondent.name = (name or "").strip() or respondent.name
    tracked_save(respondent, by=candidate, reason=_("Inbjudan användes; kontot skapades"))
    return candidate


@transaction.atomic
def respondent_answer(*, respondent: Respondent, answers: dict, by) -> Respondent:
    """Save a respondent's own answer: a level 1–5 and a comment for every area, while the round is open.

    ``answers``: {CapabilityArea: (level or None, comment)}. Either every area is answered and all is saved, or
    nothing is.
    """
    require(by, "respondent.answer", respondent)
    current = Respondent.objects.select_for_update(of=("self",)).select_related("round").get(pk=respondent.pk)
    if not current.round.is_open:
        raise ValidationError(_("Omgången %(year)s är stängd; svaret sparades inte.") % {"year": current.round.year})
    if {a.pk for a in answers} != set(CapabilityArea.objects.values_list("pk", flat=True)):
        raise ValidationError(_("Alla fem områden måste skickas med; inget sparades."))
    errors = {}
    for area, (level, _comment) in answers.items():
        if level is None:
            errors[f"{area.slug}-level"] = _("Välj en nivå för %(area)s.") % {"area": area.name}
        elif level not in LEVELS:
            errors[f"{area.slug}-level"] = _("Nivån måste vara mellan 1 och 5.")
    if errors:
        raise ValidationError(errors)
    stored = {a.area_id: a for a in current.answers.all()}
    for area, (level, comment) in answers.items():
        row = stored.get(area.pk) or RespondentAnswer(respondent=current, area=area)
        comment = (comment or "").strip()
        if row.pk and row.level == level and row.comment == comment:
            continue
        row.level, row.comment = level, comment
        row.full_clean()
        row.save()
    current.answered_at = timezone.now()
    tracked_save(current, by=by, reason=_("Svarade"), update_fields=["answered_at"])
    return current


@transaction.atomic
def respondents_remind(
    *, round: AssessmentRound, organisation, by, respondent_id: int | None = None, today: datetime.date | None = None
) -> int:
    """E-mail every respondent of the organisation who has not answered (or the one named), one e-mail each a day;
    returns how many were queued. A repeat the same day (a double click) sends nothing more."""
    require(by, "respondent.manage", organisation)
    round = _open_round_for_respondents(round)
    today = today or timezone.localdate()
    pending = Respondent.objects.filter(round=round, organisation=organisation, answered_at__isnull=True)
    if respondent_id is not None:
        if not pending.filter(pk=respondent_id).exists():
            raise ValidationError(
                _(
                    "Respondenten hör inte till %(org)s omgång %(year)s eller har redan svarat; ingen påminnelse skickades."
                )
                % {"org": organisation.name, "year": round.year}
            )
        pending = pending.filter(pk=respondent_id)
    queued = 0
    for respondent in pending.select_for_update(of=("self",)).select_related("round", "organisation"):
        if respondent.reminded_on == today:
            continue
        _respondent_mail(
            respondent, key=f"maturity-respondent-reminder:{respondent.pk}:{today.isoformat()}", reminder=True
        )
        respondent.reminded_on = today
        tracked_save(respondent, by=by, reason=_("Påmind"), update_fields=["reminded_on"])
        queued += 1
    return queued


# -- improvements followed up -----------------------------------------------------------------------------------
@transaction.atomic
def improvement_follow_up(
    *, improvement: PlannedImprovement, status: str, comment: str, by, expected_version: int | None
) -> PlannedImprovement:
    """Record where a submitted assessment's planned improvement stands (status and comment); also after the round
    has closed, since the follow-up runs through the year. A repeat is a no-op; a stale form is refused."""
    current = (
        PlannedImprovement.objects.select_for_update(of=("self",))
        .select_related("area_assessment__assessment")
        .get(pk=improvement.pk)
    )
    assessment = current.area_assessment.assessment
    require(by, "assessment.edit", assessment)
    if assessment.status == AssessmentStatus.UTKAST:
        raise ValidationError(_("Lämna in självskattningen innan du följer upp förbättringarna."))
    if status not in ImprovementStatus.values:
        raise ValidationError({"status": _("Välj en giltig status.")})
    comment = (comment or "").strip()
    label = ImprovementStatus(status).label
    model_update(
        instance=current,
        values={"status": status, "follow_up_comment": comment},
        expected_version=expected_version,
        by=by,
        reason=f"{label}: {comment}" if comment else str(label),
    )
    return current


def improvement_reminders_send(*, today: datetime.date | None = None) -> int:
    """E-mail the managers of each organisation whose submitted, unfinished improvement is due within
    IMPROVEMENT_REMINDER_DAYS days: one e-mail per manager and improvement and date; returns how many were queued."""
    today = today or timezone.localdate()
    due_soon = list(
        PlannedImprovement.objects.of_submitted()
        .unfinished()
        .filter(due__gte=today, due__lte=today + datetime.timedelta(days=IMPROVEMENT_REMINDER_DAYS))
        .select_related("area_assessment__area", "area_assessment__assessment__organisation")
        .order_by("pk")
    )
    by_org: dict[int, list[PlannedImprovement]] = {}
    for improvement in due_soon:
        by_org.setdefault(improvement.area_assessment.assessment.organisation_id, []).append(improvement)
    managers = role_holders(Role.ORG_MANAGER, organisation=list(by_org)).annotate(
        managed_id=F("role_assignments__organisation_id")
    )
    queued = 0
    for user in managers.order_by("pk", "managed_id"):
        if not user.email:
            continue
        for improvement in by_org.get(user.managed_id, []):
            key = f"maturity-improvement-reminder:{improvement.pk}:{improvement.due.isoformat()}:{user.pk}"
            if OutgoingMail.objects.filter(key=key).exists():
                continue
            org = improvement.area_assessment.assessment.organisation
            mail_enqueue(
                key=key,
                to=[user.email],
                subject=_("Påminnelse: förbättring för %(area)s ska vara klar %(due)s")
                % {"area": improvement.area_assessment.area.name, "due": improvement.due.isoformat()},
                body=_(
                    'Hej %(name)s,\n\n%(org)s planerade i sin självskattning: "%(text)s" (ansvarig: %(owner)s), '
                    "klart senast %(due)s. Status nu: %(status)s.\n\nFölj upp den i VUDIG-portalen under Mognad.\n"
                )
                % {
                    "name": user.get_full_name() or user.username,
                    "org": org.name,
                    "text": improvement.text,
                    "owner": improvement.owner,
                    "due": improvement.due.isoformat(),
                    "status": improvement.get_status_display().lower(),
                },
            )
            queued += 1
    return queued


def _carry_over(*, assessment: Assessment, ids, by) -> int:
    """Copy unfinished improvements of the organisation's previous round into this draft (each once)."""
    if not ids:
        return 0
    previous = AssessmentRound.objects.filter(year__lt=assessment.round.year).order_by("-year").first()
    candidates = {
        p.pk: p
        for p in PlannedImprovement.objects.of_submitted()
        .unfinished()
        .filter(
            pk__in=ids,
            area_assessment__assessment__round=previous,
            area_assessment__assessment__organisation=assessment.organisation,
        )
        .select_related("area_assessment")
    }
    if previous is None or set(ids) - set(candidates):
        raise ValidationError(
            _("Bara förra årets ofärdiga förbättringar för %(org)s kan föras över; inget sparades.")
            % {"org": assessment.organisation.name}
        )
    rows = {r.area_id: r for r in assessment.areas.all()}
    already = set(
        PlannedImprovement.objects.filter(area_assessment__assessment=assessment, carried_from__in=ids).values_list(
            "carried_from_id", flat=True
        )
    )
    created = 0
    for pk in ids:
        if pk in already:
            continue
        old = candidates[pk]
        row = rows.get(old.area_assessment.area_id)
        if row is None:
            row = AreaAssessment(assessment=assessment, area_id=old.area_assessment.area_id)
            tracked_save(row, by=by, reason=_("Sparad av chef"))
            rows[row.area_id] = row
        order = 1 + max(row.improvements.values_list("order", flat=True), default=-1)
        # The date is left for the manager to set anew: last year's has passed or is about to.
        copy = PlannedImprovement(area_assessment=row, text=old.text, owner=old.owner, order=order, carried_from=old)
        tracked_save(copy, by=by, reason=_("Överförd från %(year)s") % {"year": previous.year})
        created += 1
    return created
