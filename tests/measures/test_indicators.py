"""Indicators (nyckeltal): adding, changing, archiving, recording outcomes per period, and on track / behind."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from measures import indicators
from measures.constants import MeasureCategory, PeriodState, PlanState
from measures.indicator_demo import INDICATORS, T1_TITLE
from measures.models import FollowUpPeriod, Indicator, IndicatorValue, Measure, Plan
from vudig.core.concurrency import StaleVersionError
from vudig.portal.demo import demo_load

from .factories import MeasureFactory, PlanFactory

BASE = {
    "name": "Ärenden via e-tjänst",
    "unit": "%",
    "baseline_value": "35",
    "baseline_year": "2025",
    "target_value": "60",
    "target_date": dt.date(2027, 12, 31),
    "source": "E-tjänsteplattformen",
}


@pytest.fixture
def measure(plan):
    return Measure.objects.get(plan__slug="plan-for-digitalisering", title="Extern digitalisering")


@pytest.fixture
def period(measure):
    return FollowUpPeriod.objects.create(
        plan=measure.plan, title="T1 2026", opens_on=dt.date(2026, 4, 1), deadline=dt.date(2026, 5, 15)
    )


@pytest.fixture
def leader(people):
    return people["process_leader"]


@pytest.fixture
def indicator(measure, leader):
    return indicators.indicator_create(measure=measure, by=leader, **BASE)


def errors_of(excinfo) -> dict:
    return {field: [e.message for e in errs] for field, errs in excinfo.value.error_dict.items()}


# -- the line --------------------------------------------------------------------------------------------------
def test_expected_value_runs_straight_from_the_baseline_year_start_to_the_target_date():
    i = Indicator(
        baseline_value=Decimal(0), baseline_year=2026, target_value=Decimal(100), target_date=dt.date(2027, 1, 1)
    )
    assert indicators.expected_at(i, dt.date(2026, 1, 1)) == 0
    assert indicators.expected_at(i, dt.date(2026, 7, 2)) == Decimal(182) / Decimal(365) * 100
    assert indicators.expected_at(i, dt.date(2027, 1, 1)) == 100
    assert indicators.expected_at(i, dt.date(2028, 1, 1)) == 100  # after the target date: the target
    assert indicators.expected_at(i, dt.date(2025, 6, 1)) == 0  # before the baseline: the baseline


@pytest.mark.parametrize(
    ("higher", "value", "on_track"),
    [(True, "50", True), (True, "49.9", False), (False, "50", True), (False, "49.9", True), (False, "50.1", False)],
)
def test_on_track_respects_which_way_is_better(higher, value, on_track):
    # Halfway in time the line is at 50 (from 0 up to 100, or from 100 down to 0).
    start, target = (Decimal(0), Decimal(100)) if higher else (Decimal(100), Decimal(0))
    i = Indicator(
        baseline_value=start, baseline_year=2026, target_value=target, target_date=dt.date(2026, 12, 31),
        higher_is_better=higher,
    )  # fmt: skip
    halfway = dt.date(2026, 1, 1) + (dt.date(2026, 12, 31) - dt.date(2026, 1, 1)) / 2
    assert indicators.is_on_track(i, Decimal(value), halfway) is on_track


def test_each_outcome_is_read_at_its_periods_deadline_and_the_latest_marks_the_indicator(indicator, leader, period):
    later = FollowUpPeriod.objects.create(
        plan=period.plan, title="T2 2026", opens_on=dt.date(2026, 8, 1), deadline=dt.date(2026, 9, 15)
    )
    # The line: 35 on 2025-01-01, 60 on 2027-12-31. At 2026-05-15 it is about 46.4, at 2026-09-15 about 49.2.
    indicators.indicator_record_value(indicator=indicator, period=later, value="48", by=leader)
    indicators.indicator_record_value(indicator=indicator, period=period, value="47", by=leader)
    view = indicators.indicator_list(measure=indicator.measure)[0]
    assert [(o.period.title, o.on_track) for o in view.outcomes] == [("T1 2026", True), ("T2 2026", False)]
    assert view.on_track is False and view.latest.period == later
    assert view.latest.expected_text == "49,21 %"


# -- adding and changing ----------------------------------------------------------------------------------------
def test_process_leader_adds_an_indicator_to_a_decided_plans_measure_with_history(indicator, measure):
    assert measure.plan.state == PlanState.BESLUTAD
    assert (indicator.baseline_value, indicator.baseline_year, indicator.target_value) == (35, 2025, 60)
    assert indicator.higher_is_better and indicator.order == 0
    assert indicator.history.first().history_change_reason == "Nyckeltal tillagt"
    assert indicator.history.first().history_user.username == "processledare"


def test_every_problem_is_named_at_once_on_its_field_and_nothing_is_saved(measure, leader):
    before = Indicator.objects.count()
    with pytest.raises(ValidationError) as excinfo:
        indicators.indicator_create(
            measure=measure, by=leader, name="", baseline_value="trettio", baseline_year="förra året",
            target_value="60 %", target_date=None,
        )  # fmt: skip
    errors = errors_of(excinfo)
    assert set(errors) == {"name", "baseline_value", "baseline_year", "target_value", "target_date"}
    assert errors["baseline_value"] == [
        "Basvärdet måste vara ett tal, till exempel 42 eller 12,5 (du skrev ”trettio”)."
    ]
    assert errors["baseline_year"] == ["Basåret måste vara ett årtal, till exempel 2025."]
    assert Indicator.objects.count() == before


def test_a_target_date_before_the_baseline_year_is_refused_with_a_clear_message(measure, leader):
    with pytest.raises(ValidationError) as excinfo:
        indicators.indicator_create(measure=measure, by=leader, **{**BASE, "target_date": dt.date(2024, 12, 31)})
    assert errors_of(excinfo) == {
        "target_date": [
            "Måldatum (2024-12-31) ligger före basåret 2025: målet måste nås efter att basvärdet mättes. "
            "Välj ett senare måldatum eller ett tidigare basår."
        ]
    }
    assert not Indicator.objects.filter(measure=measure).exists()


def test_swedish_numbers_are_understood(measure, leader):
    saved = indicators.indicator_create(
        measure=measure, by=leader, **{**BASE, "baseline_value": "1 200,5", "target_value": "−3,25"}
    )
    assert (saved.baseline_value, saved.target_value) == (Decimal("1200.5"), Decimal("-3.25"))


def test_the_same_name_twice_on_a_measure_is_refused(indicator, measure, leader):
    with pytest.raises(ValidationError) as excinfo:
        indicators.indicator_create(measure=measure, by=leader, **{**BASE, "name": BASE["name"].upper()})
    assert "name" in errors_of(excinfo)


def test_update_from_a_stale_page_is_refused_and_a_repeat_is_a_no_op(indicator, leader):
    values = {**BASE, "target_value": "65"}
    indicators.indicator_update(indicator=indicator, expected_version=1, by=leader, **values)
    indicators.indicator_update(indicator=indicator, expected_version=1, by=leader, **values)  # a double submit
    indicator.refresh_from_db()
    assert (indicator.target_value, indicator.version, indicator.history.count()) == (65, 2, 2)
    with pytest.raises(StaleVersionError) as excinfo:
        indicators.indicator_update(indicator=indicator, expected_version=1, by=leader, **{**BASE, "unit": "st"})
    assert excinfo.value.current.target_value == 65
    indicator.refresh_from_db()
    assert indicator.unit == "%"


def test_archiving_hides_the_indicator_keeps_its_outcomes_and_can_be_undone(indicator, leader, period):
    indicators.indicator_record_value(indicator=indicator, period=period, value="40", by=leader)
    indicators.indicator_set_archived(indicator=indicator, archived=True, by=leader)
    indicators.indicator_set_archived(indicator=indicator, archived=True, by=leader)  # repeat: no-op
    indicator.refresh_from_db()
    assert indicator.archived and indicator.history.count() == 2 and indicator.values.count() == 1
    context = indicators.indicator_context(leader, indicator.measure)
    assert context["indicators"] == [] and [v.indicator for v in context["archived_indicators"]] == [indicator]
    with pytest.raises(ValidationError):
        indicators.indicator_record_value(indicator=indicator, period=period, value="41", by=leader)
    indicators.indicator_set_archived(indicator=indicator, archived=False, by=leader)
    indicator.refresh_from_db()
    assert not indicator.archived


def test_a_closed_plan_takes_no_new_indicators(people, leader):
    old = PlanFactory(state=PlanState.BESLUTAD, period_start=dt.date(2020, 1, 1))
    PlanFactory(state=PlanState.BESLUTAD, predecessor=old, period_start=dt.date(2021, 1, 1))
    measure = MeasureFactory(plan=old)
    with pytest.raises(ValidationError) as excinfo:
        indicators.indicator_create(measure=measure, by=leader, **BASE)
    assert excinfo.value.code == "superseded"


# -- outcomes ---------------------------------------------------------------------------------------------------
def test_an_outcome_is_recorded_once_per_period_and_corrected_with_the_version_seen(indicator, leader, period):
    first = indicators.indicator_record_value(
        indicator=indicator, period=period, value="41,5", comment="Vår", by=leader
    )
    again = indicators.indicator_record_value(
        indicator=indicator, period=period, value="41.5", comment="Vår", by=leader
    )
    assert again.pk == first.pk and again.version == 1 and first.history.count() == 1  # a double submit
    corrected = indicators.indicator_record_value(
        indicator=indicator, period=period, value="42", comment="Rättat", expected_version=1, by=leader
    )
    assert corrected.pk == first.pk and corrected.value == 42 and corrected.version == 2
    assert IndicatorValue.objects.filter(indicator=indicator).count() == 1
    assert corrected.history.first().history_change_reason == "Utfall ändrat för T1 2026"


def test_a_new_value_over_one_recorded_meanwhile_is_a_conflict(indicator, people, period):
    indicators.indicator_record_value(indicator=indicator, period=period, value="40", by=people["admin"])
    with pytest.raises(StaleVersionError) as excinfo:
        # The leader's form was opened before the admin's value existed (no version).
        indicators.indicator_record_value(indicator=indicator, period=period, value="45", by=people["process_leader"])
    assert excinfo.value.current.value == 40


@pytest.mark.parametrize("typed", ["fyrtio", "12,5,3", "", "NaN", "1,23456"])
def test_an_outcome_that_is_not_a_number_gets_a_clear_swedish_message_and_nothing_is_saved(
    indicator, leader, period, typed
):
    with pytest.raises(ValidationError) as excinfo:
        indicators.indicator_record_value(indicator=indicator, period=period, value=typed, by=leader)
    message = errors_of(excinfo)["value"][0]
    assert message.startswith(("Utfallet måste vara ett tal", "Skriv utfallet", "Utfallet får ha högst fyra"))
    assert not IndicatorValue.objects.exists()


def test_a_closed_period_is_frozen(indicator, leader, period):
    indicators.indicator_record_value(indicator=indicator, period=period, value="40", by=leader)
    period.state = PeriodState.CLOSED
    period.save()
    with pytest.raises(ValidationError) as excinfo:
        indicators.indicator_record_value(indicator=indicator, period=period, value="50", expected_version=1, by=leader)
    assert errors_of(excinfo) == {"period": ["Perioden ”T1 2026” är stängd: dess utfall är låsta och kan inte ändras."]}
    assert IndicatorValue.objects.get().value == 40


def test_a_period_of_another_plan_is_refused(indicator, leader):
    other = FollowUpPeriod.objects.create(
        plan=Plan.objects.get(slug="tidigare-atgarder"), title="Annan", deadline=dt.date(2026, 5, 1),
        opens_on=dt.date(2026, 4, 1),
    )  # fmt: skip
    with pytest.raises(ValidationError) as excinfo:
        indicators.indicator_record_value(indicator=indicator, period=other, value="40", by=leader)
    assert errors_of(excinfo) == {"period": ["Perioden hör till en annan plan än åtgärden."]}


def test_a_value_after_the_deadline_is_accepted_and_marked_late(indicator, leader, period):
    saved = indicators.indicator_record_value(indicator=indicator, period=period, value="40", by=leader)
    assert saved.is_late is (timezone.localdate() > period.deadline)
    saved.recorded_at = dt.datetime(2026, 5, 15, 23, 0, tzinfo=timezone.get_current_timezone())
    assert not saved.is_late
    saved.recorded_at = dt.datetime(2026, 5, 16, 0, 30, tzinfo=timezone.get_current_timezone())
    assert saved.is_late
    saved.period.deadline = dt.date(2099, 1, 1)
    assert not saved.is_late


def test_formatting_drops_trailing_zeros_and_uses_the_decimal_comma():
    assert indicators.format_number(Decimal("12.5000")) == "12,5"
    assert indicators.format_number(Decimal("40.0000")) == "40"
    assert indicators.with_unit(Decimal("3.25"), "timmar") == "3,25 timmar"


# -- the demo ---------------------------------------------------------------------------------------------------
def test_demo_gives_the_effect_measures_indicators_with_outcomes_once(plan):
    demo_load()
    in_force = Plan.objects.in_force().get()
    demo = Indicator.objects.filter(measure__plan=in_force)
    assert demo.count() == len(INDICATORS)
    assert set(demo.values_list("measure__category", flat=True)) == {MeasureCategory.EFFECT}
    assert demo.values("measure").distinct().count() == 4
    t1 = FollowUpPeriod.objects.get(plan=in_force, title=T1_TITLE)
    assert t1.state == PeriodState.CLOSED
    assert IndicatorValue.objects.filter(period=t1).count() == len(INDICATORS)
    assert not any(v.is_late for v in IndicatorValue.objects.filter(period=t1).select_related("period"))
    counts = (Indicator.history.count(), IndicatorValue.history.count(), FollowUpPeriod.objects.count())
    demo_load()
    assert (Indicator.history.count(), IndicatorValue.history.count(), FollowUpPeriod.objects.count()) == counts
    marks = {v.on_track for v in indicators.indicator_views(demo.prefetch_related("values__period"), charts=False)}
    assert marks == {True, False}  # the demo shows both marks


def test_indicators_move_up_and_down_among_the_active_ones(indicator, measure, leader):
    second = indicators.indicator_create(measure=measure, by=leader, **{**BASE, "name": "Andra"})
    assert indicators.indicator_move(indicator=second, direction="up", by=leader)
    assert [v.indicator.name for v in indicators.indicator_list(measure=measure)] == ["Andra", BASE["name"]]
    assert not indicators.indicator_move(indicator=second, direction="up", by=leader)  # already first
    assert second.history.first().history_change_reason == "Flyttad uppåt"
    indicators.indicator_set_archived(indicator=indicator, archived=True, by=leader)
    with pytest.raises(ValidationError):
        indicators.indicator_move(indicator=indicator, direction="up", by=leader)


@pytest.mark.parametrize("who", ["anonymous", "reader", "manager", "manager_other_org", "kommunchef", "beredning"])
def test_a_refused_person_changes_nothing_through_the_services(people, indicator, period, who):
    user = people[who]
    with pytest.raises(PermissionDenied):
        indicators.indicator_create(measure=indicator.measure, by=user, **{**BASE, "name": "Smuggel"})
    with pytest.raises(PermissionDenied):
        indicators.indicator_update(indicator=indicator, expected_version=1, by=user, **{**BASE, "unit": "st"})
    with pytest.raises(PermissionDenied):
        indicators.indicator_set_archived(indicator=indicator, archived=True, by=user)
    with pytest.raises(PermissionDenied):
        indicators.indicator_move(indicator=indicator, direction="down", by=user)
    with pytest.raises(PermissionDenied):
        indicators.indicator_record_value(indicator=indicator, period=period, value="40", by=user)
    indicator.refresh_from_db()
    assert (Indicator.objects.count(), indicator.version, IndicatorValue.objects.count()) == (1, 1, 0)


def test_a_periods_overview_says_which_indicators_have_an_outcome_and_which_are_missing(
    indicator, measure, leader, period
):
    other = indicators.indicator_create(measure=measure, by=leader, **{**BASE, "name": "Saknas"})
    archived = indicators.indicator_create(measure=measure, by=leader, **{**BASE, "name": "Arkiverat"})
    indicators.indicator_set_archived(indicator=archived, archived=True, by=leader)
    value = indicators.indicator_record_value(indicator=indicator, period=period, value="40", by=leader)
    overview = indicators.indicator_period_overview(period=period)
    assert overview == {measure.pk: [(indicator, value), (other, None)]}
