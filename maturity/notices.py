"""The maturity app's notices (vudig.core.notices): a self-assessment submitted (to the process leaders), returned
with the comment, reviewed and fastställd (to the organisation's managers). Called from services.py inside the step's
transaction; the key carries the assessment's version, so a second submission or return after a fix is a new event
while a repeated request is none."""

from __future__ import annotations

from django.utils.translation import gettext_lazy
from django.utils.translation import gettext_lazy as _

from vudig.core.constants import Role
from vudig.core.notices import Delivery, notify, register_category
from vudig.core.write import role_holders

from .constants import AssessmentStatus

register_category("maturity.submitted", label=gettext_lazy("Självskattning inlämnad"), default=Delivery.IMMEDIATE)
register_category("maturity.returned", label=gettext_lazy("Självskattning återsänd"), default=Delivery.IMMEDIATE)
register_category("maturity.reviewed", label=gettext_lazy("Självskattning granskad"), default=Delivery.DIGEST)
register_category("maturity.established", label=gettext_lazy("Självskattning fastställd"), default=Delivery.DIGEST)

# status reached -> (category, template step, subject)
_STEPS = {
    AssessmentStatus.INLAMNAD: ("maturity.submitted", "submitted", _("Självskattningen %(year)s för %(org)s är inlämnad")),
    AssessmentStatus.UTKAST: ("maturity.returned", "returned", _("Självskattningen %(year)s för %(org)s har skickats tillbaka")),
    AssessmentStatus.GRANSKAD: ("maturity.reviewed", "reviewed", _("Självskattningen %(year)s för %(org)s är granskad")),
    AssessmentStatus.FASTSTALLD: ("maturity.established", "established", _("Självskattningen %(year)s för %(org)s är fastställd")),
}  # fmt: skip


def assessment_step_notify(assessment, *, by=None) -> int:
    """Tell those concerned that ``assessment`` reached its current status (submitted: the process leaders; returned,
    reviewed, fastställd: the organisation's managers). Returns the number of new notices."""
    category, step, subject = _STEPS[assessment.status]
    if assessment.status == AssessmentStatus.INLAMNAD:
        recipients = role_holders(Role.PROCESS_LEADER)
    else:
        recipients = role_holders(Role.ORG_MANAGER, organisation=assessment.organisation_id)
    names = {"year": assessment.round.year, "org": assessment.organisation.name}
    return notify(
        category=category,
        key=f"assessment-{step}:{assessment.pk}:{assessment.version}",
        recipients=[person for person in recipients if by is None or person.pk != by.pk],
        subject=subject % names,
        template=f"maturity/notices/{step}",
        context={"assessment": assessment, "comment": assessment.review_comment, "by": by, **names},
        url=assessment.get_absolute_url(),
        target=assessment,
        view_rule="assessment.view",
    )
