"""Server-rendered SVG charts that know no app: the same markup serves web pages and WeasyPrint PDFs.

Like maturity/charts.py, a chart is safe SVG with role="img", a <title> and a <desc> holding the text alternative; the
page or report shows the same numbers in a data table beside it. Colours are SVG presentation attributes (no inline
styles, so the strict CSP holds) and meaning never rests on colour alone: lines differ by dash, marks by shape.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

# Blue for the outcome, near-black for the line to the target, dark red for a mark that is behind; all keep at least
# 4.5:1 against white.
OUTCOME_COLOUR = "#004b87"
TARGET_COLOUR = "#1b1b1b"
BEHIND_COLOUR = "#a4161a"
GRID_COLOUR = "#c8c8c8"


@dataclass(frozen=True)
class TrendPoint:
    """One outcome: when (the follow-up period's deadline), its name, its value and whether it is on track."""

    day: dt.date
    label: str
    value: float
    on_track: bool


def _nice_step(span: float, ticks: int = 5) -> float:
    """A round step (1, 2 or 5 × 10ⁿ) that divides ``span`` into about ``ticks`` parts."""
    if span <= 0:
        return 1.0
    raw = span / ticks
    magnitude = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 5, 10):
        if raw <= factor * magnitude:
            return factor * magnitude
    return 10 * magnitude


COMPACT_WIDTH = 288  # a 320 px screen less the page's margins


def _legend(*, width: int, height: int, compact: bool) -> list[dict]:
    """The four legend entries (mark and words): in a row under the plot, or one per line in the compact chart."""
    labels = [
        ("on_track", _("Utfall i fas")),
        ("behind", _("Utfall efter plan")),
        ("line", _("Rak väg till målet")),
        ("target", _("Mål")),
    ]
    if compact:
        places = [(20, height - 86 + 22 * i) for i in range(len(labels))]
    else:
        places = [(26, height - 20), (186, height - 20), (368, height - 20), (540, height - 20)]
    return [
        {"kind": kind, "label": label, "x": x, "y": y, "ty": y + 4, "tx": x + (18 if kind == "line" else 12)}
        for (kind, label), (x, y) in zip(labels, places, strict=True)
    ]


def _default_format(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.2f}".rstrip("0").replace(".", ",")


def trend_chart(
    *,
    chart_id: str,
    title: str,
    desc: str,
    start: tuple[dt.date, float],
    target: tuple[dt.date, float],
    points: list[TrendPoint],
    unit: str = "",
    format_value: Callable[[float], str] = _default_format,
    width: int | None = None,
    height: int | None = None,
    compact: bool = False,
) -> SafeString:
    """Outcomes over time against the straight line from a start value to a target value (dashed), with the y axis
    in ``unit``; an outcome on track is a filled circle, one behind a hollow dark-red diamond.

    ``compact`` draws the same chart for a narrow column (288 wide, at most four year labels, the legend as a list
    under the plot) so a phone shows it at its drawn size, text 12–13 px; its ids end in ``-compact``."""
    if compact:
        chart_id = f"{chart_id}-compact"
        width, height = width or COMPACT_WIDTH, height or 360
        left, right, top, bottom = 56, 16, 28, 124
    else:
        width, height = width or 640, height or 300
        left, right, top, bottom = 72, 28, 28, 76
    plot_w, plot_h = width - left - right, height - top - bottom
    (start_day, start_value), (target_day, target_value) = start, target
    first_day = min([start_day, *(p.day for p in points)])
    last_day = max([target_day, *(p.day for p in points)])
    day_span = max((last_day - first_day).days, 1)

    values = [start_value, target_value, *(p.value for p in points)]
    low, high = min(values), max(values)
    step = _nice_step(high - low if high > low else abs(high) or 1.0)
    y_min = math.floor(low / step) * step
    y_max = math.ceil(high / step) * step
    if y_max == y_min:
        y_max = y_min + step
    # Values that start at zero or above keep the axis there (no negative ticks for a share or a count).
    if low >= 0 > y_min:
        y_min = 0.0

    def x(day: dt.date) -> float:
        return round(left + plot_w * (day - first_day).days / day_span, 1)

    def y(value: float) -> float:
        return round(top + plot_h * (1 - (value - y_min) / (y_max - y_min)), 1)

    y_ticks = []
    tick = y_min
    while tick <= y_max + step / 1000:
        y_ticks.append({"y": y(tick), "ty": y(tick) + 4, "label": format_value(tick)})
        tick += step
    years = list(range(first_day.year + (first_day > dt.date(first_day.year, 1, 1)), last_day.year + 1))
    every = max(1, math.ceil(len(years) / (4 if compact else 8)))
    x_ticks = [
        {"x": x(dt.date(year, 1, 1)), "label": str(year)} for year in years[::every] if dt.date(year, 1, 1) >= first_day
    ]
    outcome_path = [(x(start_day), y(start_value))] + [
        (x(p.day), y(p.value)) for p in sorted(points, key=lambda p: p.day)
    ]
    marks = []
    for p in points:
        px, py = x(p.day), y(p.value)
        marks.append(
            {
                "x": px,
                "y": py,
                "on_track": p.on_track,
                "diamond": f"{px},{py - 7} {px + 7},{py} {px},{py + 7} {px - 7},{py}",
                "label": format_value(p.value),
                "ly": py - 11 if py - 11 > top + 8 else py + 20,
            }
        )
    legend = _legend(width=width, height=height, compact=compact)
    context = {
        "id": chart_id,
        "title": title,
        "desc": desc,
        "width": width,
        "height": height,
        "left": left,
        "right_edge": width - right,
        "top": top,
        "bottom_edge": top + plot_h,
        "axis_label": unit,
        "y_ticks": y_ticks,
        "x_ticks": x_ticks,
        "x_label_y": top + plot_h + 20,
        "target_line": {"x1": x(start_day), "y1": y(start_value), "x2": x(target_day), "y2": y(target_value)},
        "start_mark": {"x": x(start_day) - 5, "y": y(start_value) - 5},
        "target_mark": {
            "x": x(target_day),
            "y": y(target_value),
            "points": f"{x(target_day)},{y(target_value) - 8} {x(target_day) + 8},{y(target_value) + 6} "
            f"{x(target_day) - 8},{y(target_value) + 6}",
        },
        "outcome_points": " ".join(f"{px},{py}" for px, py in outcome_path),
        "has_points": bool(points),
        "marks": marks,
        "colours": {"outcome": OUTCOME_COLOUR, "target": TARGET_COLOUR, "behind": BEHIND_COLOUR, "grid": GRID_COLOUR},
        "legend": legend,
        "compact": compact,
    }
    return mark_safe(render_to_string("core/charts/trend.svg", context))  # noqa: S308 (autoescaped template)
