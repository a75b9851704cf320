"""Server-rendered SVG charts from plain data: the same markup serves web pages and WeasyPrint PDFs.

Each function returns safe SVG with role="img", a <title> and a <desc> holding a text alternative; pages show the
same numbers in a data table next to it. Colours are SVG presentation attributes (no inline styles, so the
strict CSP holds), and series differ by dash pattern and marker as well as colour.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

MAX_LEVEL = 5
# Sequential blues for levels 1-5, each with a text colour that keeps 4.5:1 contrast on it.
LEVEL_FILL = {1: "#eff3ff", 2: "#bdd7e7", 3: "#6baed6", 4: "#2171b5", 5: "#08306b"}
LEVEL_TEXT = {1: "#1b1b1b", 2: "#1b1b1b", 3: "#1b1b1b", 4: "#ffffff", 5: "#ffffff"}
SERIES_STYLES = [
    {"stroke": "#004b87", "fill": "#004b87", "fill_opacity": "0.25", "dash": "", "marker": "circle"},
    {"stroke": "#a4161a", "fill": "none", "fill_opacity": "0", "dash": "8 4", "marker": "square"},
    {"stroke": "#1b1b1b", "fill": "none", "fill_opacity": "0", "dash": "2 3", "marker": "diamond"},
    # The target: green, long dash and dot, round markers.
    {"stroke": "#1a7f37", "fill": "none", "fill_opacity": "0", "dash": "10 3 2 3", "marker": "circle"},
]


@dataclass(frozen=True)
class Series:
    label: str
    values: list[float | None]


def _fmt(value: float | None) -> str:
    if value is None:
        return "–"
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}".replace(".", ",")


def radar_chart(*, chart_id: str, title: str, axes: list[str], series: list[Series], size: int = 420) -> SafeString:
    """A radar (spider) chart of levels 1–5 on each axis; up to four series (this year, last year, median, target)."""
    width, height = size + 200, size + 60
    cx, cy, radius = width / 2, size / 2 + 20, size / 2 - 30
    n = len(axes)

    def point(i: int, value: float) -> tuple[float, float]:
        angle = -math.pi / 2 + 2 * math.pi * i / n
        r = radius * value / MAX_LEVEL
        return round(cx + r * math.cos(angle), 1), round(cy + r * math.sin(angle), 1)

    rings = [
        {"level": level, "points": " ".join(f"{x},{y}" for x, y in (point(i, level) for i in range(n)))}
        for level in range(1, MAX_LEVEL + 1)
    ]
    spokes = []
    for i, label in enumerate(axes):
        x, y = point(i, MAX_LEVEL)
        lx, ly = point(i, MAX_LEVEL + 0.55)
        anchor = "middle" if abs(lx - cx) < 5 else ("start" if lx > cx else "end")
        spokes.append({"x": x, "y": y, "lx": lx, "ly": ly + 5, "anchor": anchor, "label": label})
    drawn = []
    for k, (s, style) in enumerate(zip(series, SERIES_STYLES, strict=False)):
        points = [point(i, v) for i, v in enumerate(s.values) if v is not None]
        drawn.append(
            {
                "label": s.label,
                "style": style,
                "points": " ".join(f"{x},{y}" for x, y in points),
                "markers": [{"x": x, "y": y, "x0": round(x - 4, 1), "y0": round(y - 4, 1)} for x, y in points],
                "complete": len(points) == n,
                "legend_y": height + 24 * k,
            }
        )
    desc = "; ".join(
        f"{s.label}: " + ", ".join(f"{axis} {_fmt(v)}" for axis, v in zip(axes, s.values, strict=True)) for s in series
    )
    context = {
        "id": chart_id,
        "title": title,
        "desc": _("Nivå 1–5 per område. %(values)s.") % {"values": desc},
        "width": width,
        "height": height + 24 * len(series),
        "cx": cx,
        "cy": cy,
        "rings": rings,
        "spokes": spokes,
        "series": drawn,
        "ring_labels": [{"level": r["level"], "x": cx + 4, "y": point(0, r["level"])[1] + 4} for r in rings],
    }
    return mark_safe(render_to_string("maturity/charts/radar.svg", context))  # noqa: S308 (autoescaped template)


def heatmap_chart(
    *,
    chart_id: str,
    title: str,
    columns: list[str],
    rows: list[tuple[str, list[int | None]]],
    targets: list[list[int | None]] | None = None,
) -> SafeString:
    """Rows × columns of levels 1–5 as coloured cells with the number written in each (not colour alone); with
    ``targets`` (one list per row) each cell also shows its target level in parentheses."""
    label_width, cell_w, cell_h, head_h = 230, 136, 26, 52
    cells = []
    for r, (label, values) in enumerate(rows):
        y = head_h + r * cell_h
        row_cells = []
        row_targets = targets[r] if targets else [None] * len(values)
        for c, value in enumerate(values):
            text = _fmt(value) if row_targets[c] is None else f"{_fmt(value)} ({_fmt(row_targets[c])})"
            row_cells.append(
                {
                    "x": label_width + c * cell_w,
                    "tx": label_width + c * cell_w + cell_w / 2,
                    "value": text,
                    "fill": LEVEL_FILL.get(value, "#ffffff"),
                    "text": LEVEL_TEXT.get(value, "#1b1b1b"),
                }
            )
        cells.append({"label": label, "y": y, "ty": y + cell_h / 2 + 5, "cells": row_cells})
    headers = [{"x": label_width + c * cell_w + cell_w / 2, "label": col} for c, col in enumerate(columns)]
    filled = sum(1 for _label, values in rows for v in values if v is not None)
    context = {
        "id": chart_id,
        "title": title,
        "desc": _(
            "Värmekarta med %(rows)s och %(cols)s områden, %(filled)s skattade nivåer. "
            "Mörkare ruta betyder högre nivå; varje ruta visar nivån som siffra. Samma värden finns i tabellen."
        )
        % {
            "rows": ngettext("%(n)d organisation", "%(n)d organisationer", len(rows)) % {"n": len(rows)},
            "cols": len(columns),
            "filled": filled,
        }
        + (str(_(" Inom parentes målnivån.")) if targets and any(t is not None for ts in targets for t in ts) else ""),
        "width": label_width + cell_w * len(columns) + 2,
        "height": head_h + cell_h * len(rows) + 2,
        "cell_w": cell_w,
        "cell_h": cell_h,
        "head_h": head_h,
        "label_width": label_width,
        "headers": headers,
        "rows": cells,
    }
    return mark_safe(render_to_string("maturity/charts/heatmap.svg", context))  # noqa: S308 (autoescaped template)
