"""The shared trend chart: valid SVG with a text alternative, escaped labels, shapes that do not rest on colour."""

import datetime as dt
import xml.etree.ElementTree as ET

from vudig.core.charts import TrendPoint, trend_chart

NS = "{http://www.w3.org/2000/svg}"


def chart(points, **kwargs):
    return str(
        trend_chart(
            chart_id="t1",
            title="<b>Ärenden</b> via e-tjänst",
            desc="Basvärde 35, mål 60.",
            start=(dt.date(2025, 1, 1), 35.0),
            target=(dt.date(2027, 12, 31), 60.0),
            points=points,
            unit="%",
            **kwargs,
        )
    )


def test_trend_is_valid_svg_with_title_desc_and_a_mark_per_outcome():
    svg = chart(
        [
            TrendPoint(dt.date(2026, 5, 15), "T1", 48.0, True),
            TrendPoint(dt.date(2026, 9, 15), "T2", 47.5, False),
        ]
    )
    root = ET.fromstring(svg)
    assert root.get("role") == "img" and root.get("aria-labelledby") == "t1-title t1-desc"
    assert root.find(f"{NS}title").text == "<b>Ärenden</b> via e-tjänst"  # escaped in the markup, text when read
    assert "&lt;b&gt;" in svg and "<b>" not in svg
    assert root.find(f"{NS}desc").text == "Basvärde 35, mål 60."
    assert "style=" not in svg
    # On track: a filled circle; behind: a hollow diamond (shape, not colour alone); plus one of each in the legend.
    assert len(root.findall(f".//{NS}circle")) == 2
    assert len([p for p in root.findall(f".//{NS}polygon") if p.get("fill") == "#ffffff"]) == 2
    assert "47,5" in svg  # the outcome's label, the Swedish way
    years = [t.text for t in root.findall(f".//{NS}text") if t.text and t.text.isdigit() and len(t.text) == 4]
    assert years == ["2025", "2026", "2027"]


def test_without_outcomes_only_the_line_to_the_target_is_drawn():
    root = ET.fromstring(chart([]))
    assert root.find(f".//{NS}polyline") is None
    assert root.find(f".//{NS}line[@stroke-dasharray]") is not None


def test_coordinates_use_a_decimal_point_under_swedish_formatting(settings):
    settings.LANGUAGE_CODE = "sv"
    svg = chart([TrendPoint(dt.date(2026, 3, 3), "T1", 41.3, True)], format_value=lambda v: f"{v:.1f}")
    root = ET.fromstring(svg)
    circle = root.find(f".//{NS}circle")
    assert "," not in circle.get("cx") and float(circle.get("cy")) > 0


def test_the_same_svg_renders_in_a_weasyprint_pdf():
    from weasyprint import HTML

    svg = chart([TrendPoint(dt.date(2026, 5, 15), "T1", 48.0, True)])
    pdf = HTML(string=f"<html><body><h1>Rapport</h1>{svg}</body></html>").write_pdf()
    assert pdf.startswith(b"%PDF")


def test_compact_trend_fits_a_phone_column_with_its_own_ids():
    points = [TrendPoint(dt.date(2026, 5, 15), "T1", 48.0, True), TrendPoint(dt.date(2026, 9, 15), "T2", 47.5, False)]
    root = ET.fromstring(chart(points, compact=True))
    assert root.get("width") == "288" and "chart--compact" in root.get("class")
    assert root.get("aria-labelledby") == "t1-compact-title t1-compact-desc"
    texts = root.findall(f".//{NS}text")
    assert {"Utfall i fas", "Utfall efter plan", "Rak väg till målet", "Mål"} <= {t.text for t in texts}
    # The legend is one entry per line, each starting inside the chart; at most four year labels.
    legend_rows = {t.get("y") for t in texts if t.text in {"Utfall i fas", "Utfall efter plan", "Rak väg till målet"}}
    assert len(legend_rows) == 3 and all(0 < float(t.get("x")) < 288 for t in texts)
    wide = ET.fromstring(chart(points))
    assert wide.get("width") == "640" and "chart--wide" in wide.get("class")
