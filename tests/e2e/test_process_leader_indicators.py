"""The process leader gives a frame-project measure of the plan in force an indicator (nyckeltal) with a baseline and
a target, records its outcome for the open follow-up period, and sees the trend chart with its table and the on
track / behind mark; a target date before the baseline and an outcome that is not a number are explained at once."""

import datetime as dt

from django.utils import timezone
from playwright.sync_api import expect

from measures.constants import PeriodKind
from measures.models import FollowUpPeriod, Measure, Plan

from .conftest import assert_accessible, log_in

MEASURE = "Intern digitalisering"
NAME = "Interna e-tjänster i drift"


def open_period(plan) -> FollowUpPeriod:
    # The periods' own pages are another story (the process leader opens a period there); this one needs one open.
    period = FollowUpPeriod.objects.open().filter(plan=plan).order_by("deadline").first()
    if period is None:
        today = timezone.localdate()
        period = FollowUpPeriod.objects.create(
            plan=plan, kind=PeriodKind.BOKSLUT, title="Bokslut 2026", opens_on=today, deadline=today + dt.timedelta(30)
        )
    return period


def test_process_leader_adds_an_indicator_records_an_outcome_and_sees_the_trend(page):
    plan = Plan.objects.in_force().get()
    measure = Measure.objects.get(plan=plan, title=MEASURE)
    period = open_period(plan)

    log_in(page, "processledare")
    page.goto(measure.get_absolute_url())
    section = page.get_by_role("region", name="Nyckeltal")
    # The demo's indicator is there already, with its T1 outcome and mark.
    expect(section.get_by_role("heading", name="Avtal och beslut som signeras digitalt")).to_be_visible()
    assert_accessible(page)
    section.get_by_role("link", name="Lägg till nyckeltal").click()

    page.get_by_label("Nyckeltal").fill(NAME)
    page.get_by_label("Enhet").fill("st")
    page.get_by_label("Basvärde").fill("12")
    page.get_by_label("Basår").fill("2025")
    page.get_by_label("Målvärde").fill("40")
    page.get_by_label("Måldatum").fill("2024-12-31")
    page.get_by_label("Högre är bättre").check()
    page.get_by_label("Källa").fill("E-tjänsteplattformen")
    assert_accessible(page)
    page.get_by_role("button", name="Spara nyckeltalet").click()

    # The target date before the baseline year: said at once, the summary has the focus, nothing typed is lost.
    summary = page.locator(".error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("ligger före basåret 2025")
    expect(page.get_by_label("Basvärde")).to_have_value("12")
    assert_accessible(page)
    summary.get_by_role("link", name="Måldatum").click()
    expect(page.get_by_label("Måldatum")).to_be_focused()
    page.get_by_label("Måldatum").fill("2027-12-31")
    page.get_by_role("button", name="Spara nyckeltalet").click()
    expect(page.get_by_role("status").filter(has_text="är tillagt")).to_contain_text(NAME)

    article = page.get_by_role("article", name=NAME)
    expect(article).to_contain_text("Inget utfall ännu")
    article.get_by_role("link", name=f"Registrera utfall för {period.title}").click()
    expect(page.get_by_label("Uppföljningsperiod")).to_have_value(str(period.pk))
    page.get_by_label("Utfall").fill("ungefär 30")
    page.get_by_role("button", name="Spara utfallet").click()
    expect(page.locator(".error-summary")).to_contain_text("måste vara ett tal, till exempel 42 eller 12,5")
    expect(page.get_by_label("Utfall")).to_have_value("ungefär 30")
    assert_accessible(page)
    page.get_by_label("Utfall").fill("30")
    page.get_by_label("Kommentar").fill("Tre nya interna e-tjänster sedan T1.")
    page.get_by_role("button", name="Spara utfallet").click()
    expect(page.get_by_role("status").filter(has_text="Utfallet")).to_contain_text("30 st")

    # The trend: a chart with a text alternative, its numbers in a table, and the mark from the line to the target.
    article = page.get_by_role("article", name=NAME)
    chart = article.get_by_role("img", name=f"{NAME}: utfall mot mål")
    expect(chart).to_be_visible()
    expected_mark = "I fas" if _line(period.deadline) <= 30 else "Efter plan"
    expect(article.locator(".track").first).to_have_text(expected_mark)
    table = article.get_by_role("table", name=f"Utfall för {NAME}")
    expect(table.get_by_role("row", name=period.title)).to_contain_text("30 st")
    expect(table).to_contain_text("Tre nya interna e-tjänster sedan T1.")
    assert_accessible(page)

    # At 320 px the page does not scroll sideways, and the chart scales down with it.
    page.set_viewport_size({"width": 320, "height": 900})
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    assert chart.bounding_box()["width"] <= 320
    assert_accessible(page)
    # In print the tools are gone and the chart stays.
    page.emulate_media(media="print")
    expect(article.get_by_role("link", name="Ändra nyckeltalet")).to_be_hidden()
    expect(chart).to_be_visible()


def _line(day: dt.date) -> float:
    """The straight line from 12 on 1 January 2025 to 40 on 31 December 2027, at ``day``."""
    start, end = dt.date(2025, 1, 1), dt.date(2027, 12, 31)
    return 12 + 28 * min(max((day - start).days / (end - start).days, 0), 1)
