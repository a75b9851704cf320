"""The maturity app's part of the start page's "Att göra" (vudig.core.todo): the manager's self-assessment of the
open round (missing, a draft, or returned with the process leader's comment), the assessments waiting for the
process leader's review, and the planned improvements of one's organisations. Constant queries per provider."""

from __future__ import annotations

from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from vudig.core.models import Organisation
from vudig.core.rules import can, roles_of
from vudig.core.todo import TodoItem, TodoItems, first_of, is_overdue, register_provider

from .constants import AssessmentStatus, RoundStatus
from .models import Assessment, AssessmentRound
from .selectors import open_improvements_for


def own_self_assessments(user) -> list[TodoItem]:
    """For a manager: each managed organisation's assessment in each open round that is not yet handed in (three
    queries: rounds, organisations, assessments)."""
    org_ids = roles_of(user).managed_organisation_ids
    if not org_ids:
        return []
    rounds = list(AssessmentRound.objects.filter(status=RoundStatus.OPPEN).order_by("closes_on", "year"))
    if not rounds:
        return []
    organisations = list(Organisation.objects.filter(pk__in=org_ids).order_by("order", "name"))
    assessments = {
        (a.round_id, a.organisation_id): a
        for a in Assessment.objects.filter(round__in=rounds, organisation_id__in=org_ids).only(
            "pk", "round_id", "organisation_id", "status", "review_comment"
        )
    }
    items = []
    for round in rounds:
        for organisation in organisations:
            assessment = assessments.get((round.pk, organisation.pk))
            if assessment is not None and assessment.status != AssessmentStatus.UTKAST:
                continue
            names = {"org": organisation.name, "year": round.year}
            detail = ""
            if assessment is None:
                title = _("Påbörja självskattningen %(year)s för %(org)s") % names
            elif assessment.review_comment.strip():
                title = _("Komplettera självskattningen %(year)s för %(org)s (återskickad)") % names
                detail = assessment.review_comment.strip()
            else:
                title = _("Lämna in självskattningen %(year)s för %(org)s") % names
            items.append(
                TodoItem(
                    title=title,
                    detail=detail,
                    url=reverse("maturity:edit", kwargs={"year": round.year, "org": organisation.slug}),
                    kind=_("Självskattning"),
                    due=round.closes_on,
                    overdue=is_overdue(round.closes_on),
                )
            )
    return items


def assessments_to_review(user, limit: int | None = None) -> TodoItems:
    """For the process leader: the handed-in assessments to review and the reviewed ones to fastställa (one query
    of plain rows, never the answers); with a ``limit`` the first ``limit`` and a count (two queries). The items
    have no due date, so this order is the to-do list's."""
    if not can(user, "assessment.review"):
        return TodoItems()
    rows = (
        Assessment.objects.filter(status__in=(AssessmentStatus.INLAMNAD, AssessmentStatus.GRANSKAD))
        .order_by("round__year", "organisation__order", "pk")
        .values_list("status", "round__year", "organisation__name", "organisation__slug")
    )
    rows, total = first_of(rows, limit)
    to_review = _("Granska självskattning %(year)s för %(org)s")
    to_confirm = _("Fastställ självskattning %(year)s för %(org)s")
    kind = _("Självskattning")
    items = TodoItems(total=total)
    for status, year, org_name, org_slug in rows:
        items.append(
            TodoItem(
                title=(to_review if status == AssessmentStatus.INLAMNAD else to_confirm)
                % {"org": org_name, "year": year},
                # The assessment's page holds the review form (the review address itself takes POST only).
                url=reverse("maturity:assessment", kwargs={"year": year, "org": org_slug}),
                kind=kind,
            )
        )
    if total is None:
        items.total = len(items)
    return items


def planned_improvements(user, limit: int | None = None) -> TodoItems:
    """The unfinished planned improvements on this person's list (open_improvements_for: one query, soonest first,
    as the to-do list orders them); with a ``limit`` the first ``limit`` and a count (two queries): the process
    leader's list holds every overdue improvement of the region."""
    found = open_improvements_for(user)
    found, total = first_of(found, limit)
    items = TodoItems(total=total)
    for improvement in found:
        assessment = improvement.area_assessment.assessment
        items.append(
            TodoItem(
                title=_("%(area)s (%(org)s): %(text)s")
                % {
                    "area": improvement.area_assessment.area.name,
                    "org": assessment.organisation.name,
                    "text": Truncator(improvement.text).chars(120) or str(improvement),
                },
                url=reverse("maturity:improvement", kwargs={"pk": improvement.pk}),
                kind=_("Förbättring"),
                due=improvement.due,
                overdue=is_overdue(improvement.due),
            )
        )
    if total is None:
        items.total = len(items)
    return items


register_provider("maturity.self_assessment", own_self_assessments)
register_provider("maturity.review", assessments_to_review, limited=True)
register_provider("maturity.improvements", planned_improvements, limited=True)
