"""Indicators (nyckeltal) of a measure: their writes (services), reads (selectors) and whether each is on track.

An indicator is on track when its latest outcome is at least as good as the straight line from the baseline (at the
start of the baseline year) to the target (on the target date), read at the deadline of the outcome's follow-up
period; "better" is higher or lower as the indicator says.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Prefetch, prefetch_related_objects
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

from vudig.core.charts import TrendPoint, trend_chart
from vudig.core.concurrency import bump_version, check_version
from vudig.core.history import timeline
from vudig.core.rules import can, require
from vudig.core.write import is_repeat, model_update, set_archived, tracked_save

from .constants import PlanState
from .models import FollowUpPeriod, Indicator, IndicatorValue, Measure, OrganisationPart
from .services import _move  # the one renumbering rule for results, measures and indicators

NAME_MAX_LENGTH = 200
UNIT_MAX_LENGTH = 40
SOURCE_MAX_LENGTH = 300
COMMENT_MAX_LENGTH = 2000
# What the database column holds: 16 digits, 4 of them decimals.
MAX_DECIMALS = 4
MAX_ABS = Decimal("1e12")
EARLIEST_YEAR, LATEST_YEAR = 1990, 2100


# -- numbers as people type them ---------------------------------------------------------------------------------
def parse_number(value, *, label: str) -> Decimal:
    """A number as typed in Swedish ("12,5", "1 200", "-3") or given as a number; a clear Swedish refusal otherwise."""
    if isinstance(value, Decimal):
        number = value
    elif isinstance(value, int | float):
        number = Decimal(str(value))
    else:
        text = (value or "").strip().replace("\u00a0", "").replace(" ", "").replace("\u2212", "-").replace(",", ".")
        if not text:
            raise ValidationError(_("Skriv %(label)s.") % {"label": label}, code="required")
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise ValidationError(
                _("%(label)s måste vara ett tal, till exempel 42 eller 12,5 (du skrev ”%(value)s”).")
                % {"label": label.capitalize(), "value": value},
                code="not_a_number",
            ) from None
    if not number.is_finite():
        raise ValidationError(
            _("%(label)s måste vara ett tal, till exempel 42 eller 12,5.") % {"label": label.capitalize()},
            code="not_a_number",
        )
    if abs(number) >= MAX_ABS:
        raise ValidationError(
            _("%(label)s är för stort: högst tolv siffror före decimaltecknet.") % {"label": label.capitalize()},
            code="too_large",
        )
    if -number.as_tuple().exponent > MAX_DECIMALS and number != number.quantize(Decimal(1).scaleb(-MAX_DECIMALS)):
        raise ValidationError(
            _("%(label)s får ha högst fyra decimaler.") % {"label": label.capitalize()}, code="too_many_decimals"
        )
    return number


def format_number(value: Decimal | None) -> str:
    """A number the Swedish way, without trailing zeros: 12,5 and 40 (never 40,0000)."""
    if value is None:
        return "–"
    normalized = value.normalize()
    text = f"{normalized:f}"
    decimals = len(text.split(".")[1]) if "." in text else 0
    return number_format(Decimal(text), decimal_pos=decimals)


def with_unit(value: Decimal | None, unit: str) -> str:
    text = format_number(value)
    return f"{text} {unit}" if unit and value is not None else text


# -- on track or behind ------------------------------------------------------------------------------------------
def baseline_date(indicator: Indicator) -> dt.date:
    return dt.date(indicator.baseline_year, 1, 1)


def expected_at(indicator: Indicator, day: dt.date) -> Decimal:
    """The value on the straight line from the baseline (1 January of its year) to the target (its date) at ``day``.

    Before the baseline the line gives the baseline, after the target date the target.
    """
    start, end = baseline_date(indicator), indicator.target_date
    span = (end - start).days
    if span <= 0 or day >= end:
        return indicator.target_value
    if day <= start:
        return indicator.baseline_value
    share = Decimal((day - start).days) / Decimal(span)
    return indicator.baseline_value + (indicator.target_value - indicator.baseline_value) * share


def is_on_track(indicator: Indicator, value: Decimal, day: dt.date) -> bool:
    """At least as good as the line at ``day``, higher or lower being better as the indicator says."""
    expected = expected_at(indicator, day)
    return value >= expected if indicator.higher_is_better else value <= expected


@dataclass
class Outcome:
    """One recorded value, read against the line at its period's deadline."""

    value: IndicatorValue
    period: FollowUpPeriod
    expected: Decimal
    on_track: bool

    @property
    def value_text(self) -> str:
        return with_unit(self.value.value, self.value.indicator.unit)

    @property
    def expected_text(self) -> str:
        return with_unit(self.expected.quantize(Decimal("0.01")), self.value.indicator.unit)


@dataclass
class IndicatorView:
    """An indicator as the measure page and the report show it: outcomes in period order, the latest mark, the chart."""

    indicator: Indicator
    outcomes: list[Outcome]
    chart: str = ""

    @property
    def latest(self) -> Outcome | None:
        return self.outcomes[-1] if self.outcomes else None

    @property
    def on_track(self) -> bool | None:
        """On track (True) or behind (False) by its latest outcome; None before any outcome is recorded."""
        return self.latest.on_track if self.latest else None

    @property
    def baseline_text(self) -> str:
        return with_unit(self.indicator.baseline_value, self.indicator.unit)

    @property
    def target_text(self) -> str:
        return with_unit(self.indicator.target_value, self.indicator.unit)

    @property
    def direction_text(self) -> str:
        return _("Högre är bättre") if self.indicator.higher_is_better else _("Lägre är bättre")


def track_label(on_track: bool | None) -> str:
    if on_track is None:
        return _("Inget utfall ännu")
    return _("I fas") if on_track else _("Efter plan")


def indicator_chart(view: IndicatorView, *, chart_id: str) -> str:
    """The trend chart of an indicator's outcomes against the straight line to its target, with its text alternative."""
    indicator = view.indicator
    unit = indicator.unit
    points = [
        TrendPoint(day=o.period.deadline, label=o.period.title, value=float(o.value.value), on_track=o.on_track)
        for o in view.outcomes
    ]
    outcome_text = "; ".join(
        _("%(period)s: %(value)s (%(mark)s)")
        % {"period": o.period.title, "value": o.value_text, "mark": track_label(o.on_track).lower()}
        for o in view.outcomes
    )
    desc = _(
        "Basvärde %(baseline)s år %(year)s, mål %(target)s senast %(date)s; %(direction)s. Den streckade linjen är "
        "den raka vägen från basvärdet till målet. %(outcomes)s"
    ) % {
        "baseline": view.baseline_text,
        "year": indicator.baseline_year,
        "target": view.target_text,
        "date": date_format(indicator.target_date, "j F Y"),
        "direction": view.direction_text.lower(),
        "outcomes": (_("Utfall: %(list)s.") % {"list": outcome_text}) if outcome_text else _("Inget utfall ännu."),
    }
    chart = {
        "chart_id": chart_id,
        "title": _("%(name)s: utfall mot mål") % {"name": indicator.name},
        "desc": desc,
        "unit": unit,
        "start": (baseline_date(indicator), float(indicator.baseline_value)),
        "target": (indicator.target_date, float(indicator.target_value)),
        "points": points,
        "format_value": lambda v: format_number(Decimal(str(round(v, MAX_DECIMALS)))),
    }
    # The wide chart, then the same chart drawn for a phone; the stylesheets show one of them (PDFs the wide one).
    return trend_chart(**chart) + trend_chart(**chart, compact=True)


def _values_prefetch() -> Prefetch:
    return Prefetch(
        "values",
        queryset=IndicatorValue.objects.select_related("period", "recorded_by").order_by("period__deadline", "pk"),
    )


def indicator_views(indicators, *, charts: bool = True, id_prefix: str = "indicator") -> list[IndicatorView]:
    """IndicatorView for each (prefetched) indicator: its outcomes read against the line, and (unless archived) its
    chart."""
    views = []
    for indicator in indicators:
        outcomes = [
            Outcome(
                value=v,
                period=v.period,
                expected=expected_at(indicator, v.period.deadline),
                on_track=is_on_track(indicator, v.value, v.period.deadline),
            )
            for v in indicator.values.all()
        ]
        view = IndicatorView(indicator=indicator, outcomes=outcomes)
        if charts and not indicator.archived:
            view.chart = indicator_chart(view, chart_id=f"{id_prefix}-{indicator.pk}")
        views.append(view)
    return views


# -- selectors ---------------------------------------------------------------------------------------------------
def indicator_list(*, measure: Measure) -> list[IndicatorView]:
    """A measure's indicators (active ones first, then the archived) with their outcomes and charts, in two queries."""
    qs = (
        Indicator.objects.filter(measure=measure)
        .order_by("archived", "order", "pk")
        .prefetch_related(_values_prefetch())
    )
    return indicator_views(qs)


def indicator_report_list(*, measures) -> list[tuple[Measure, list[IndicatorView]]]:
    """The active indicators of these measures, grouped by measure in their order, for the report (two queries);
    without charts (the report draws them once it has cut the outcomes to its period)."""
    qs = (
        Indicator.objects.active()
        .filter(measure__in=measures, measure__archived=False)
        .select_related("measure")
        .order_by("measure__order", "measure_id", "order", "pk")
        .prefetch_related(_values_prefetch())
    )
    grouped: dict[int, tuple[Measure, list]] = {}
    for view in indicator_views(qs, charts=False):
        measure = view.indicator.measure
        grouped.setdefault(measure.pk, (measure, []))[1].append(view)
    return list(grouped.values())


def open_periods_for(measure: Measure):
    """The follow-up periods of the measure's plan that are open for reporting, by deadline."""
    return FollowUpPeriod.objects.open().filter(plan_id=measure.plan_id).order_by("deadline", "pk")


def indicator_period_overview(*, period: FollowUpPeriod) -> dict[int, list[tuple[Indicator, IndicatorValue | None]]]:
    """For a follow-up period: each active indicator of its plan's active measures with its outcome in that period,
    or None while missing, by measure id (two queries): what a period's list and completion board show."""
    qs = (
        Indicator.objects.active()
        .filter(measure__plan_id=period.plan_id, measure__archived=False)
        .order_by("measure_id", "order", "pk")
        .prefetch_related(Prefetch("values", queryset=IndicatorValue.objects.filter(period=period)))
    )
    overview: dict[int, list] = {}
    for indicator in qs:
        values = list(indicator.values.all())
        overview.setdefault(indicator.measure_id, []).append((indicator, values[0] if values else None))
    return overview


def indicator_get(*, measure_pk: int, pk: int) -> Indicator:
    """One indicator under its measure (an id forged under another measure is not found)."""
    return Indicator.objects.select_related("measure__plan__successor", "measure__responsible_organisation").get(
        pk=pk, measure_id=measure_pk
    )


def indicator_open_data() -> dict[int, list[dict]]:
    """Active indicators of active measures in decided plans, with their outcomes, by measure id: one query of rows."""
    rows = (
        Indicator.objects.active()
        .filter(measure__archived=False, measure__plan__state=PlanState.BESLUTAD)
        .order_by("measure_id", "order", "pk", "values__period__deadline", "values__period_id")
        .values_list(
            "measure_id",
            "pk",
            "name",
            "unit",
            "baseline_value",
            "baseline_year",
            "target_value",
            "target_date",
            "higher_is_better",
            "source",
            "values__period__title",
            "values__period__deadline",
            "values__value",
        )
    )
    by_measure: dict[int, list[dict]] = {}
    current: dict[int, dict] = {}
    for (
        measure_id,
        pk,
        name,
        unit,
        baseline,
        year,
        target,
        target_date,
        higher,
        source,
        period,
        deadline,
        value,
    ) in rows:
        record = current.get(pk)
        if record is None:
            probe = Indicator(baseline_value=baseline, baseline_year=year, target_value=target, target_date=target_date)
            probe.higher_is_better = higher
            record = current[pk] = {
                "name": name,
                "unit": unit,
                "baseline": _json_number(baseline),
                "baseline_year": year,
                "target": _json_number(target),
                "target_date": target_date.isoformat(),
                "higher_is_better": higher,
                "source": source,
                "on_track": None,
                "values": [],
                "_probe": probe,
            }
            by_measure.setdefault(measure_id, []).append(record)
        if period is not None:
            record["values"].append(
                {"period": period, "period_deadline": deadline.isoformat(), "value": _json_number(value)}
            )
            record["on_track"] = is_on_track(record["_probe"], value, deadline)
    for record in current.values():
        del record["_probe"]
    return by_measure


def _json_number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


# -- services ----------------------------------------------------------------------------------------------------
def _ensure_open_measure(measure: Measure) -> None:
    if measure.archived:
        raise ValidationError(_("Åtgärden är arkiverad."), code="archived")
    if measure.plan.is_closed:
        raise ValidationError(
            _(
                "Planen ”%(plan)s” har ersatts av en beslutad version som har börjat gälla; "
                "dess uppföljning är avslutad."
            )
            % {"plan": measure.plan},
            code="superseded",
        )


def _text(value: str, *, label: str, max_length: int, required: bool, errors: dict, field: str) -> str:
    value = (value or "").strip()
    if required and not value:
        errors.setdefault(field, []).append(ValidationError(_("Skriv %(label)s.") % {"label": label}, code="required"))
    elif len(value) > max_length:
        errors.setdefault(field, []).append(
            ValidationError(
                _("%(label)s får vara högst %(max)d tecken (nu %(n)d).")
                % {"label": label.capitalize(), "max": max_length, "n": len(value)},
                code="max_length",
            )
        )
    return value


def _clean_indicator(
    *,
    measure: Measure,
    name: str,
    unit: str,
    baseline_value,
    baseline_year,
    target_value,
    target_date: dt.date | None,
    higher_is_better: bool,
    source: str,
    exclude_pk: int | None = None,
) -> dict:
    """Every field checked at once: all problems come back together, each on its field."""
    errors: dict[str, list[ValidationError]] = {}

    def number(field, value, label):
        try:
            return parse_number(value, label=label)
        except ValidationError as exc:
            errors.setdefault(field, []).extend(exc.error_list)
            return None

    values = {
        "name": _text(name, label=_("nyckeltalets namn"), max_length=NAME_MAX_LENGTH, required=True, errors=errors,
                      field="name"),
        "unit": _text(unit, label=_("enheten"), max_length=UNIT_MAX_LENGTH, required=False, errors=errors,
                      field="unit"),
        "source": _text(source, label=_("källan"), max_length=SOURCE_MAX_LENGTH, required=False, errors=errors,
                        field="source"),
        "baseline_value": number("baseline_value", baseline_value, _("basvärdet")),
        "target_value": number("target_value", target_value, _("målvärdet")),
        "higher_is_better": bool(higher_is_better),
    }  # fmt: skip
    year = None
    if baseline_year in (None, ""):
        errors.setdefault("baseline_year", []).append(ValidationError(_("Skriv basåret."), code="required"))
    else:
        try:
            year = int(str(baseline_year).strip())
        except ValueError:
            errors.setdefault("baseline_year", []).append(
                ValidationError(_("Basåret måste vara ett årtal, till exempel 2025."), code="not_a_year")
            )
        else:
            if not EARLIEST_YEAR <= year <= LATEST_YEAR:
                errors.setdefault("baseline_year", []).append(
                    ValidationError(
                        _("Basåret måste vara ett årtal mellan %(min)d och %(max)d.")
                        % {"min": EARLIEST_YEAR, "max": LATEST_YEAR},
                        code="not_a_year",
                    )
                )
                year = None
    if target_date is None:
        errors.setdefault("target_date", []).append(ValidationError(_("Ange måldatum."), code="required"))
    elif year is not None and target_date <= dt.date(year, 1, 1):
        errors.setdefault("target_date", []).append(
            ValidationError(
                _(
                    "Måldatum (%(date)s) ligger före basåret %(year)d: målet måste nås efter att basvärdet mättes. "
                    "Välj ett senare måldatum eller ett tidigare basår."
                )
                % {"date": target_date.isoformat(), "year": year},
                code="target_before_baseline",
            )
        )
    if (
        values["baseline_value"] is not None
        and values["target_value"] is not None
        and values["baseline_value"] == values["target_value"]
    ):
        errors.setdefault("target_value", []).append(
            ValidationError(_("Målvärdet är detsamma som basvärdet: ange det värde som ska nås."), code="no_change")
        )
    # Compared here, not with iexact: SQLite folds only ASCII letters, and names start with Å, Ä and Ö.
    taken = Indicator.objects.filter(measure=measure).exclude(pk=exclude_pk).values_list("name", flat=True)
    if values["name"] and values["name"].casefold() in {name.casefold() for name in taken}:
        errors.setdefault("name", []).append(
            ValidationError(
                _("Åtgärden har redan ett nyckeltal som heter ”%(name)s”.") % {"name": values["name"]},
                code="duplicate",
            )
        )
    if errors:
        raise ValidationError(errors)
    values["baseline_year"] = year
    values["target_date"] = target_date
    return values


@transaction.atomic
def indicator_create(
    *,
    measure: Measure,
    name: str,
    baseline_value,
    baseline_year,
    target_value,
    target_date: dt.date | None,
    by,
    unit: str = "",
    higher_is_better: bool = True,
    source: str = "",
) -> Indicator:
    """Add an indicator at the end of a measure's indicators (also in a decided plan: it is follow-up, not wording)."""
    require(by, "indicator.edit", measure)
    current = Measure.objects.select_for_update(of=("self",)).select_related("plan__successor").get(pk=measure.pk)
    _ensure_open_measure(current)
    values = _clean_indicator(
        measure=current,
        name=name,
        unit=unit,
        baseline_value=baseline_value,
        baseline_year=baseline_year,
        target_value=target_value,
        target_date=target_date,
        higher_is_better=higher_is_better,
        source=source,
    )
    last = current.indicators.aggregate(m=Max("order"))["m"]
    indicator = Indicator(measure=current, order=0 if last is None else last + 1, **values)
    tracked_save(indicator, by=by, reason=_("Nyckeltal tillagt"))
    return indicator


def _locked_indicator(indicator: Indicator) -> Indicator:
    return (
        Indicator.objects.select_for_update(of=("self",))
        .select_related("measure__plan__successor")
        .get(pk=indicator.pk)
    )


@transaction.atomic
def indicator_update(
    *,
    indicator: Indicator,
    name: str,
    baseline_value,
    baseline_year,
    target_value,
    target_date: dt.date | None,
    expected_version: int | None,
    by,
    unit: str = "",
    higher_is_better: bool = True,
    source: str = "",
) -> Indicator:
    """Change an indicator's name, unit, baseline, target, direction or source; a stale page is refused."""
    require(by, "indicator.edit", indicator.measure)
    current = _locked_indicator(indicator)
    _ensure_open_measure(current.measure)
    if current.archived:
        raise ValidationError(_("Nyckeltalet är arkiverat. Återställ det först."), code="archived")
    values = _clean_indicator(
        measure=current.measure,
        name=name,
        unit=unit,
        baseline_value=baseline_value,
        baseline_year=baseline_year,
        target_value=target_value,
        target_date=target_date,
        higher_is_better=higher_is_better,
        source=source,
        exclude_pk=current.pk,
    )
    model_update(
        instance=current, values=values, expected_version=expected_version, by=by, reason=_("Nyckeltalet ändrat")
    )
    return current


@transaction.atomic
def indicator_set_archived(*, indicator: Indicator, archived: bool, by) -> Indicator:
    """Archive (hide from the page, the report and open data) or restore an indicator; its outcomes are kept."""
    require(by, "indicator.edit", indicator.measure)
    current = _locked_indicator(indicator)
    _ensure_open_measure(current.measure)
    set_archived(current, archived=archived, by=by, reasons=(_("Nyckeltalet arkiverat"), _("Nyckeltalet återställt")))
    return current


@transaction.atomic
def indicator_move(*, indicator: Indicator, direction: str, by) -> bool:
    """Move an indicator one step up or down among its measure's active indicators."""
    require(by, "indicator.edit", indicator.measure)
    measure = (
        Measure.objects.select_for_update(of=("self",)).select_related("plan__successor").get(pk=indicator.measure_id)
    )
    _ensure_open_measure(measure)
    siblings = list(measure.indicators.active().ordered())
    if indicator.pk not in {s.pk for s in siblings}:
        raise ValidationError(_("Arkiverade nyckeltal kan inte flyttas."), code="archived")
    return _move(siblings, indicator, direction)


CARRIER_ATTR = "active_parts"


def carriers_prefetch(lookup: str = "parts") -> Prefetch:
    """The measure's active organisation parts, as rule ``indicator.record`` reads them (``measure.active_parts``)."""
    return Prefetch(lookup, queryset=OrganisationPart.objects.active(), to_attr=CARRIER_ATTR)


def with_carriers(measure: Measure) -> Measure:
    """The measure with its active parts prefetched (one query, none if they already are), for ``indicator.record``."""
    if not hasattr(measure, CARRIER_ATTR):
        prefetch_related_objects([measure], carriers_prefetch())
    return measure


@transaction.atomic
def indicator_record_value(
    *,
    indicator: Indicator,
    period: FollowUpPeriod | None,
    value,
    by,
    expected_version: int | None = None,
    comment: str = "",
) -> IndicatorValue:
    """Record (or correct) an indicator's outcome for an open follow-up period of its measure's plan.

    One value per period: recording again changes it (with the version the person saw; a stale page is refused).
    The same value and comment again is a no-op. A closed period's values are frozen; after the deadline a value is
    accepted and marked late.
    """
    require(by, "indicator.record", with_carriers(indicator.measure))
    errors: dict[str, list[ValidationError]] = {}
    number = None
    try:
        number = parse_number(value, label=_("utfallet"))
    except ValidationError as exc:
        errors.setdefault("value", []).extend(exc.error_list)
    comment = _text(comment, label=_("kommentaren"), max_length=COMMENT_MAX_LENGTH, required=False, errors=errors,
                    field="comment")  # fmt: skip
    current = _locked_indicator(indicator)
    _ensure_open_measure(current.measure)
    if current.archived:
        raise ValidationError(_("Nyckeltalet är arkiverat. Återställ det först."), code="archived")
    if period is None:
        errors.setdefault("period", []).append(ValidationError(_("Välj en uppföljningsperiod."), code="required"))
    else:
        period = FollowUpPeriod.objects.select_for_update().get(pk=period.pk)
        if period.plan_id != current.measure.plan_id:
            errors.setdefault("period", []).append(
                ValidationError(_("Perioden hör till en annan plan än åtgärden."), code="wrong_plan")
            )
        elif not period.is_open:
            errors.setdefault("period", []).append(
                ValidationError(
                    _("Perioden ”%(period)s” är stängd: dess utfall är låsta och kan inte ändras.")
                    % {"period": period.title},
                    code="closed_period",
                )
            )
    if errors:
        raise ValidationError(errors)

    stored = IndicatorValue.objects.select_for_update().filter(indicator=current, period=period).first()
    if stored is None:
        stored = IndicatorValue(
            indicator=current, period=period, value=number, comment=comment, recorded_by=by, recorded_at=timezone.now()
        )
        tracked_save(stored, by=by, reason=_("Utfall registrerat för %(period)s") % {"period": period.title})
        return stored
    values = {"value": number, "comment": comment}
    if is_repeat(stored, values):
        return stored  # a double submit
    check_version(current=stored, expected_version=expected_version)
    stored.value, stored.comment = number, comment
    stored.recorded_by, stored.recorded_at = by, timezone.now()
    bump_version(stored)
    tracked_save(
        stored,
        by=by,
        reason=_("Utfall ändrat för %(period)s") % {"period": period.title},
        update_fields=["value", "comment", "recorded_by", "recorded_at", "version"],
    )
    return stored


def indicator_context(user, measure: Measure) -> dict:
    """What the measure page needs for its indicators section (at most three queries, whatever the number)."""
    views = indicator_list(measure=measure)
    writable = not measure.archived and not measure.plan.is_closed
    may_record = writable and can(user, "indicator.record", with_carriers(measure))
    return {
        "indicators": [v for v in views if not v.indicator.archived],
        "archived_indicators": [v for v in views if v.indicator.archived],
        "open_periods": list(open_periods_for(measure)) if may_record else [],
        "may_edit_indicators": writable and can(user, "indicator.edit", measure),
        "may_record_indicators": may_record,
    }


# Fields the timeline leaves out: when and by whom an outcome was recorded is the entry's own time and person.
_TIMELINE_IGNORED = {"recorded_at", "recorded_by"}
_NUMBER_FIELDS = {"value", "baseline_value", "target_value"}


def indicator_timeline(measure: Measure) -> list:
    """Who added or changed the measure's indicators and their outcomes, when and to what, named (four queries)."""
    names = dict(Indicator.objects.filter(measure=measure).values_list("pk", "name"))
    value_history = IndicatorValue.history.filter(indicator_id__in=list(names))
    periods = dict(FollowUpPeriod.objects.filter(pk__in=value_history.values("period_id")).values_list("pk", "title"))

    def subject(record):
        if record.instance_type is Indicator:
            return _("Nyckeltal: %(name)s") % {"name": names.get(record.id, record.name)}
        return _("Utfall: %(name)s, %(period)s") % {
            "name": names.get(record.indicator_id, ""),
            "period": periods.get(record.period_id, ""),
        }

    entries = timeline(
        [Indicator.history.filter(measure_id=measure.pk), value_history], subject=subject, ignore=_TIMELINE_IGNORED
    )
    for entry in entries:
        for change in entry.changes:
            if change.field in _NUMBER_FIELDS:
                change.old, change.new = (_number_text(v) for v in (change.old, change.new))
    return entries


def _number_text(text: str) -> str:
    try:
        return format_number(Decimal(text)) if text else text
    except InvalidOperation:
        return text
