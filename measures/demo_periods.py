"""Demo follow-up period: open, with some organisations' parts reported and klarmarkerade and some not (local demo)."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from vudig.core import demo

from .constants import PeriodKind, ResultStatus
from .models import FollowUpPeriod, PeriodReport, Plan
from .periods import my_period_reports, period_open, period_report_save

# (demo account, status, comment): these managers have reported their organisation's parts; the others have not.
REPORTED = [
    ("chef.utbildning", ResultStatus.PABORJAT, "Demo: kartläggningen pågår på tre av fem skolområden."),
    ("chef.pitebo", ResultStatus.ETABLERAT, "Demo: systemförvaltningsmodellen används i alla våra system."),
]


@demo.register
def load(users) -> None:
    """Open this year's T2 follow-up once; two managers report (and klarmarkera) their parts, the rest stay missing."""
    leader = users.get("processledare")
    plan = Plan.objects.in_force().first()
    if leader is None or plan is None:
        return
    today = timezone.localdate()
    title = f"{PeriodKind.TERTIAL_2.label} {today.year} (demo)"
    period = FollowUpPeriod.objects.filter(plan=plan, title=title).first()
    if period is None:
        period = period_open(
            title=title,
            kind=PeriodKind.TERTIAL_2,
            opens_on=today - timedelta(days=30),
            deadline=today + timedelta(days=14),
            by=leader,
        )
    if not period.is_open:
        return
    for username, status, comment in REPORTED:
        user = users.get(username)
        if user is None:
            continue
        for row in my_period_reports(period=period, user=user):
            if row.completed_at is None:  # idempotent: a row already klarmarkerad is left as it is
                period_report_save(
                    report=row, status=status, comment=comment, complete=True, by=user, expected_version=row.version
                )
    # The process leader has started on the plan's own items: one klarmarkerad, one saved as a draft.
    own = my_period_reports(period=period, user=leader)
    if any(r.status for r in own):
        return  # idempotent: an earlier run has started
    for row, complete in zip(own[:2], (True, False), strict=False):
        period_report_save(
            report=PeriodReport.objects.select_related("part", "result").get(pk=row.pk),
            status=ResultStatus.PABORJAT,
            comment="Demo: arbetet pågår enligt plan.",
            complete=complete,
            by=leader,
            expected_version=row.version,
        )
