"""The process leader records that an earlier result was solved another way: "Alt lösning", resting on a recorded
steering-group decision, replaced by a measure of the plan in force. A forgotten motivation is shown at once, with
focus on the summary; the replacement's page says what it replaces; a comment follows."""

import datetime

from playwright.sync_api import expect

from measures.models import Measure, MeasureResult
from steeringgroups.models import Decision, SteeringGroup
from tests.factories import UserFactory
from tests.steeringgroups.factories import AgendaItemFactory, ErrandFactory, MeetingFactory
from vudig.core.models import Organisation

from .conftest import assert_accessible, log_in

RESULT = "Ekonomi- & affärsgrupp"
REPLACEMENT = "Utarbeta digitaliseringsstrategi"


def record_decision() -> Decision:
    # A decision as the steering group's register holds it (its own story is told in test_errand_to_decision).
    group = SteeringGroup.objects.get(slug="extern-digitalisering")
    meeting = MeetingFactory(steering_group=group, date=datetime.date(2026, 5, 12))
    item = AgendaItemFactory(meeting=meeting, order=4, title="Ekonomi- och affärsfrågor")
    errand = ErrandFactory(
        organisation=Organisation.objects.get(slug="socialtjanst"), title="Ekonomi- och affärsfrågor"
    )
    return Decision.objects.create(
        agenda_item=item,
        errand=errand,
        meeting=meeting,
        steering_group=group,
        paragraph=12,  # the register's § for the group's year, not the agenda position
        text="Ekonomi- och affärsfrågorna bereds i digitaliseringsstrategins arbete i stället för i en egen grupp.",
        follow_up_owner="Processledaren",
        follow_up_date=datetime.date(2026, 12, 1),
        decided_on=datetime.date(2026, 5, 12),
        decided_by=UserFactory(),
    )


def test_process_leader_sets_alt_losning_on_a_decision_with_a_replacement_in_the_plan_in_force(page):
    decision = record_decision()
    result = MeasureResult.objects.select_related("measure").get(measure__plan__slug="tidigare-atgarder", title=RESULT)
    replacement = Measure.objects.get(plan__slug="plan-for-digitalisering", title=REPLACEMENT)

    log_in(page, "processledare")
    page.goto(result.measure.get_absolute_url())
    form = page.locator("details.status-change").filter(has=page.locator("summary", has_text=RESULT))
    form.locator("summary").click()
    # The measure page's inline form offers status, motivation, reason and document; what the status rests on and
    # what replaces the result are chosen on the result's own page, linked from the form.
    expect(form.get_by_label("Grund: styrgruppsbeslut")).to_have_count(0)
    form.get_by_role("link", name="Grund eller ersättning").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(RESULT)
    page.get_by_label("Ny status").select_option(label="Alt lösning")
    page.get_by_label("Grund: styrgruppsbeslut").select_option(value=str(decision.pk))
    page.get_by_label("Ersätts av åtgärd").select_option(value=str(replacement.pk))
    assert_accessible(page)
    page.get_by_role("button", name="Spara status").click()

    # The motivation was forgotten: every error in one summary, which has the focus and links to the field.
    summary = page.locator(".error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Skriv en motivering")
    assert_accessible(page)
    summary.get_by_role("link", name="Motivering").click()
    expect(page.get_by_label("Motivering")).to_be_focused()
    # Nothing chosen is lost.
    expect(page.get_by_label("Grund: styrgruppsbeslut")).to_have_value(str(decision.pk))
    expect(page.get_by_label("Ersätts av åtgärd")).to_have_value(str(replacement.pk))
    page.get_by_label("Motivering").fill("Styrgruppen beslutade en annan väg")
    page.get_by_role("button", name="Spara status").click()
    expect(page.get_by_role("status").filter(has_text="Status för")).to_contain_text("Alt lösning")
    expect(page.get_by_role("heading", level=1)).to_have_text(result.measure.title)  # back on the measure page

    # The earlier measure's page names the decision; its timeline names the replacement, never an id.
    row = page.locator("li.result").filter(has=page.locator(".result__title", has_text=RESULT))
    expect(row.locator(".result__basis")).to_contain_text("Extern digitalisering 2026 § 12, 2026-05-12")
    expect(row.locator(".result__basis")).not_to_contain_text("§4")
    timeline = page.get_by_role("region", name="Historik")
    expect(timeline.get_by_role("listitem").first).to_contain_text(REPLACEMENT)
    expect(timeline.get_by_role("listitem").first).to_contain_text("Extern digitalisering 2026 § 12, 2026-05-12")
    assert_accessible(page)

    # The replacement, in the plan in force, says what it replaces; the leader comments there.
    page.get_by_role("link", name=REPLACEMENT).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(REPLACEMENT)
    replaces = page.get_by_role("region", name="Ersätter")
    expect(replaces).to_contain_text(f"ersätter ”{RESULT}” i ”{result.measure.title}”")
    comments = page.get_by_role("region", name="Kommentarer")
    comments.get_by_label("Kommentar").fill("Ekonomi- och affärsfrågorna tas med i strategin.")
    comments.get_by_role("button", name="Spara kommentaren").click()
    expect(page.get_by_role("status").filter(has_text="Kommentaren")).to_be_visible()
    entry = page.get_by_role("region", name="Kommentarer").locator(".comment").last
    expect(entry).to_contain_text("Pia Processledare")
    expect(entry).to_contain_text("Ekonomi- och affärsfrågorna tas med i strategin.")
    assert_accessible(page)
