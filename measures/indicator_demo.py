"""Sample indicators (nyckeltal) on the plan in force's four frame-project (effect) measures, with outcomes for the
demo follow-up periods (local demo only).

Registered as its own loader (imported at the end of measures/demo.py), so it runs after the measures' own demo and
sees any open follow-up period that loader made. It makes the earlier, closed period "Uppföljning T1 2026" itself when
the plan has none by that title, records T1's outcomes while it is still open and then closes it; an open period
made by another loader gets outcomes too. Every step looks for what an earlier run left, so running again adds
nothing.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from vudig.core import demo
from vudig.core.write import tracked_save

from .constants import MeasureCategory, PeriodKind, PeriodState
from .indicators import indicator_create, indicator_record_value
from .models import FollowUpPeriod, Indicator, IndicatorValue, Measure, Plan

T1_TITLE = "Uppföljning T1 2026"
T1_OPENS, T1_DEADLINE = dt.date(2026, 4, 1), dt.date(2026, 5, 15)
T1_RECORDED_AT = dt.datetime(2026, 5, 12, 10, 0, tzinfo=dt.UTC)

# (measure, name, unit, baseline, baseline year, target, target date, higher is better, source,
#  outcome at T1, outcome in an open period, comment at T1)
INDICATORS = [
    (
        "Extern digitalisering",
        "Ärenden som kan startas via e-tjänst",
        "%",
        "38",
        2025,
        "70",
        dt.date(2027, 12, 31),
        True,
        "Kommunens e-tjänsteplattform, andel av ärendetyperna i ärendekatalogen",
        "54",
        "61",
        "Demo: bygglov och färdtjänst gick över till e-tjänst under våren.",
    ),
    (
        "Extern digitalisering",
        "Samtal till kontaktcenter som besvaras inom två minuter",
        "%",
        "61",
        2025,
        "85",
        dt.date(2027, 12, 31),
        True,
        "Telefonistatistik, kontaktcenter",
        "63",
        "70",
        "Demo: sommarens bemanning sänkte svarstiderna tillfälligt.",
    ),
    (
        "Intern digitalisering",
        "Avtal och beslut som signeras digitalt",
        "%",
        "22",
        2025,
        "80",
        dt.date(2027, 6, 30),
        True,
        "E-signeringstjänsten och diariet",
        "41",
        "58",
        "Demo: digital signering är införd i kommunledningsförvaltningen, övriga förvaltningar följer i höst.",
    ),
    (
        "IT-miljö och infrastruktur",
        "Genomsnittlig tid att lösa ett supportärende",
        "timmar",
        "18",
        2025,
        "8",
        dt.date(2027, 12, 31),
        False,
        "IT-supportens ärendesystem",
        "13",
        "11",
        "Demo: självbetjäningsportalen för lösenord minskade ärendena till supporten.",
    ),
    (
        "Införande systemförvaltning",
        "Verksamhetssystem med förvaltningsplan enligt den gemensamma modellen",
        "%",
        "15",
        2025,
        "100",
        dt.date(2027, 12, 31),
        True,
        "Systemförteckningen",
        "55",
        "66",
        "Demo: socialtjänstens och utbildningens system är först ut.",
    ),
]


@demo.register
def load(users) -> None:
    """Indicators on the effect measures of the plan in force, with outcomes at T1 (closed) and in any open period."""
    leader = users.get("processledare")
    plan = Plan.objects.in_force().first()
    if leader is None or plan is None:
        return
    measures = {m.title: m for m in Measure.objects.active().filter(plan=plan, category=MeasureCategory.EFFECT)}
    t1 = _t1_period(plan, leader)
    open_periods = list(FollowUpPeriod.objects.open().filter(plan=plan).exclude(pk=t1.pk).order_by("deadline"))
    for (
        measure_title,
        name,
        unit,
        baseline,
        year,
        target,
        target_date,
        higher,
        source,
        at_t1,
        later,
        comment,
    ) in INDICATORS:
        measure = measures.get(measure_title)
        if measure is None:
            continue
        indicator = Indicator.objects.filter(measure=measure, name=name).first()
        if indicator is None:  # idempotent: added once
            indicator = indicator_create(
                measure=measure,
                name=name,
                unit=unit,
                baseline_value=Decimal(baseline),
                baseline_year=year,
                target_value=Decimal(target),
                target_date=target_date,
                higher_is_better=higher,
                source=source,
                by=leader,
            )
        if t1.is_open and not IndicatorValue.objects.filter(indicator=indicator, period=t1).exists():
            value = indicator_record_value(
                indicator=indicator, period=t1, value=Decimal(at_t1), comment=comment, by=leader
            )
            # As if reported in time: the demo is loaded after T1's deadline, which would mark every value late.
            IndicatorValue.objects.filter(pk=value.pk).update(recorded_at=T1_RECORDED_AT)
        for period in open_periods:
            if not IndicatorValue.objects.filter(indicator=indicator, period=period).exists():
                indicator_record_value(indicator=indicator, period=period, value=Decimal(later), by=leader)
    _close(t1, leader)


def _t1_period(plan: Plan, leader) -> FollowUpPeriod:
    """The earlier period, made open (so its outcomes go through the service) unless it is there already."""
    period, created = FollowUpPeriod.objects.get_or_create(
        plan=plan,
        title=T1_TITLE,
        defaults={
            "kind": PeriodKind.TERTIAL_1,
            "opens_on": T1_OPENS,
            "deadline": T1_DEADLINE,
            "state": PeriodState.OPEN,
            "opened_by": leader,
        },
    )
    return period


def _close(period: FollowUpPeriod, leader) -> None:
    """Close T1 as the process leader would once its deadline has passed (the periods' own service is not ours)."""
    if not period.is_open or period.deadline >= timezone.localdate():
        return
    period.state = PeriodState.CLOSED
    period.closed_at = timezone.now()
    period.version += 1
    tracked_save(period, by=leader, reason="Demo: perioden stängd", update_fields=["state", "closed_at", "version"])
