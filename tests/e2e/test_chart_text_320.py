"""Issue 15 item 1: charts keep readable text at 320 CSS px.

For every chart page (an indicator's trend on its measure, the maturity heatmap, an organisation's radar, the årshjul) the text of
each SVG chart, as Chromium draws it at a 320 px wide viewport (computed font size times the chart's on-screen scale),
is at least 12 CSS px; the page itself does not scroll sideways, and the chart's own region is focusable and named.
"""

import pytest
from django.utils import timezone

from maturity.constants import SUBMITTED_STATUSES
from maturity.models import Assessment
from measures.models import Indicator

from .conftest import assert_accessible, log_in

WIDTH = 320
MIN_TEXT_PX = 12

CHART_TEXT_JS = """() => [...document.querySelectorAll('svg.chart')].map(svg => {
  const region = svg.closest('.chart-scroll');
  const sizes = [...svg.querySelectorAll('text')].filter(t => t.textContent.trim()).map(t => {
    const scale = t.getScreenCTM().a;  // user units to CSS px, as drawn
    return {text: t.textContent.trim(), px: parseFloat(getComputedStyle(t).fontSize) * scale,
            height: t.getBoundingClientRect().height};
  });
  return {cls: svg.getAttribute('class'), sizes,
          region: region ? {tabindex: region.getAttribute('tabindex'), label: region.getAttribute('aria-label')} : null};
})"""


def _indicator_measure_url():
    indicator = Indicator.objects.select_related("measure").order_by("pk").first()
    assert indicator is not None, "the demo has no indicator to chart"
    return indicator.measure.get_absolute_url()


def _radar_url():
    assessment = (
        Assessment.objects.filter(status__in=SUBMITTED_STATUSES)
        .select_related("round", "organisation")
        .order_by("-round__year", "pk")
        .first()
    )
    assert assessment is not None, "the demo has no submitted self-assessment to chart"
    return f"/mognad/{assessment.round.year}/{assessment.organisation.slug}/"


PAGES = [
    ("trend", lambda: _indicator_measure_url()),
    ("heatmap", lambda: f"/mognad/{timezone.localdate().year}/karta/"),
    ("radar", _radar_url),
    ("wheel", lambda: "/rapporter/arshjul/"),
]


@pytest.mark.parametrize(("kind", "address"), PAGES, ids=[p[0] for p in PAGES])
def test_chart_text_is_at_least_12_px_at_320_px(page, kind, address):
    page.set_viewport_size({"width": WIDTH, "height": 640})
    log_in(page, "processledare")
    url = address()
    assert page.goto(url).status == 200
    charts = page.evaluate(CHART_TEXT_JS)
    assert any(kind in (c["cls"] or "") for c in charts), f"{url}: no {kind} chart among {[c['cls'] for c in charts]}"
    for chart in charts:
        assert chart["sizes"], f"{url}: {chart['cls']} has no text"
        small = [s for s in chart["sizes"] if s["px"] < MIN_TEXT_PX - 0.01]
        assert not small, f"{url}: {chart['cls']} text below {MIN_TEXT_PX} px: {small[:5]}"
        assert chart["region"] and chart["region"]["tabindex"] == "0" and chart["region"]["label"], chart
    assert page.evaluate("() => document.documentElement.scrollWidth") <= WIDTH
    assert_accessible(page)
