"""The SVG components: valid markup with a text alternative, escaped labels, no inline styles."""

import xml.etree.ElementTree as ET

from django.utils import translation

from maturity.charts import Series, heatmap_chart, radar_chart

NS = "{http://www.w3.org/2000/svg}"


def test_radar_is_valid_svg_with_title_desc_and_series():
    with translation.override("sv"):
        svg = radar_chart(
            chart_id="r1", title="Socialtjänst 2026", axes=["A", "B", "C", "D", "E"],
            series=[Series("2026", [3, 2.5, 1, 4, 5]), Series("2025", [2, 2, 1, None, 4]), Series("Median", [3] * 5)],
        )  # fmt: skip
    root = ET.fromstring(str(svg))
    assert root.get("role") == "img" and root.get("aria-labelledby") == "r1-title r1-desc"
    assert root.find(f"{NS}title").text == "Socialtjänst 2026"
    desc = root.find(f"{NS}desc").text
    assert "2026: A 3, B 2,5, C 1, D 4, E 5" in desc and "D –" in desc
    # decimal points in coordinates even under the Swedish locale (which writes decimal commas)
    polygons = root.findall(f".//{NS}polygon")
    assert all("," in p.get("points") and ";" not in p.get("points") for p in polygons)
    assert float(polygons[-1].get("points").split()[0].split(",")[0]) > 0
    assert "style=" not in str(svg)


def test_heatmap_escapes_labels_and_writes_each_value():
    svg = heatmap_chart(chart_id="h", title="T", columns=["X", "Y"], rows=[("<b>Org</b>", [1, None]), ("B", [5, 3])])
    assert "<b>" not in str(svg) and "&lt;b&gt;Org&lt;/b&gt;" in str(svg)
    root = ET.fromstring(str(svg))
    texts = [t.text for t in root.iter(f"{NS}text")]
    assert texts.count("1") == 1 and texts.count("–") == 1 and "5" in texts and "3" in texts


def test_the_same_svg_renders_in_a_weasyprint_pdf():
    import io

    from pypdf import PdfReader
    from weasyprint import HTML

    svg = radar_chart(
        chart_id="p", title="PDF", axes=["Ledning", "Utveckling", "Kompetens"], series=[Series("2026", [1, 2, 3])]
    )
    pdf = HTML(string=f"<html><body><h1>Rapport</h1>{svg}</body></html>").write_pdf()
    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert "Rapport" in text and "Utveckling" in text
