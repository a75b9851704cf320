"""Issue 11's first done-when, on the demo data: the process leader adds a result under a measure of the plan in
force with a responsible and dates, sets its status with a recorded steering-group decision as its basis, and starts
the next version; the plan in force is still followed up (a status is changed again), the draft is nowhere public
(`/`, `/planen/`, open data), and open data shows the new status."""

import json

from playwright.sync_api import expect

from steeringgroups.constants import DecisionKind
from steeringgroups.models import Decision

from .conftest import assert_accessible, log_in

PLAN = "Bästa möjliga för Piteå – plan för digitalisering"
MEASURE = "Förtydligat centralt digitaliseringsansvar"
RESULT = "Roller och mandat beskrivna"
DRAFT = "Plan för digitalisering 2027–2030"


def test_process_leader_follows_up_the_plan_in_force_while_the_next_version_is_a_draft(page, new_page):
    log_in(page, "processledare")
    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Åtgärder").click()
    page.get_by_label("Plan", exact=True).select_option(label=PLAN)
    page.get_by_role("button", name="Visa").click()
    page.get_by_role("link", name=MEASURE, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(MEASURE)
    expect(page.get_by_text("Inga resultat ännu.")).to_be_visible()
    expect(page.get_by_role("link", name="Ändra åtgärden")).to_have_count(0)  # the wording is locked
    assert_accessible(page)
    measure_url = page.url

    # A result (delresultat) under the decided measure, with a responsible and dates.
    page.get_by_role("link", name="Lägg till resultat").click()
    page.get_by_label("Resultat (obligatoriskt)").fill(RESULT)
    page.get_by_label("Ansvarig", exact=True).fill("Digitaliseringsstrateg, KLF")
    page.get_by_label("Startdatum").fill("2026-01-15")
    page.get_by_label("Slutdatum").fill("2030-06-30")
    assert_accessible(page)
    page.get_by_role("button", name="Spara").click()
    expect(page.get_by_role("status").first).to_contain_text("Resultatet är tillagt")
    result = page.locator("li.result", has_text=RESULT)
    expect(result).to_contain_text("Digitaliseringsstrateg, KLF")
    expect(result).to_contain_text("2026-01-15 – 2030-06-30")

    # Its status, with a motivation and the steering group's recorded decision (the demo's justerat meeting) as its
    # basis; the measure's consolidated status follows.
    decision = Decision.objects.filter(kind=DecisionKind.MOTE, paragraph__isnull=False).order_by("pk").first()
    assert decision is not None, "load_demo records a justerat meeting with decisions"
    # The basis is chosen on the result's own page, linked from the measure page's inline form.
    result.locator("summary").click()
    result.get_by_role("link", name="Grund eller ersättning").click()
    page.get_by_label("Ny status").select_option(label="Påbörjat")
    page.get_by_label("Motivering").fill("Arbetet med rollbeskrivningarna har startat")
    page.get_by_label("Grund: styrgruppsbeslut").select_option(value=str(decision.pk))
    assert_accessible(page)
    page.get_by_role("button", name="Spara status").click()
    expect(page.get_by_role("status").filter(has_text="Status för")).to_contain_text("Påbörjat")
    expect(page.locator(".facts")).to_contain_text("Påbörjat")
    result = page.locator("li.result", has_text=RESULT)
    basis = result.locator(".result__basis")
    expect(basis.get_by_role("link", name=decision.reference)).to_have_attribute("href", decision.get_absolute_url())
    assert_accessible(page)

    # The next version is started: a draft.
    page.goto("/atgarder/planer/")
    row = page.get_by_role("row").filter(has=page.get_by_role("rowheader", name=PLAN))
    row.get_by_role("link", name="Starta ny version").click()
    page.get_by_label("Den nya planens titel").fill(DRAFT)
    page.get_by_role("button", name="Starta ny version").click()
    expect(page.get_by_role("status").first).to_contain_text("Ny planversion")
    expect(page.locator(".measure-table__plan .plan-state").first).to_have_text("Utkast")
    assert_accessible(page)

    # The plan in force is still followed up: results can be added and their status changed.
    page.goto(measure_url)
    expect(page.get_by_text("Den här planen gäller och följs upp")).to_be_visible()
    expect(page.get_by_role("link", name="Lägg till resultat")).to_be_visible()
    result = page.locator("li.result", has_text=RESULT)
    expect(result.locator("summary")).to_have_text("Ändra status: " + RESULT)
    result.locator("summary").click()
    result.get_by_label("Ny status").select_option(label="Framtagen")
    result.get_by_label("Motivering").fill("Rollerna och mandaten är beskrivna")
    result.get_by_role("button", name="Spara status").click()
    expect(page.get_by_role("status").filter(has_text="Status för")).to_contain_text("Framtagen")
    # The form kept the decision it rested on (it is the result's standing basis).
    expect(page.locator("li.result", has_text=RESULT).locator(".result__basis")).to_contain_text(decision.reference)
    assert_accessible(page)

    # The public sees the plan in force, never the draft; open data has the new status.
    public = new_page()
    public.goto("/")
    expect(public.get_by_text(PLAN).first).to_be_visible()
    expect(public.get_by_text(DRAFT)).to_have_count(0)
    assert_accessible(public)
    public.goto("/planen/")
    expect(
        public.get_by_role("heading", level=3, name=PLAN)
    ).to_be_visible()  # the follow-up today, under the decided document
    expect(public.get_by_text(DRAFT)).to_have_count(0)
    assert_accessible(public)
    records = json.loads(public.request.get("/open-data/measures.json").text())
    assert all(r["plan_state"] == "beslutad" for r in records)
    assert DRAFT not in {r["plan_title"] for r in records}
    measure = next(r for r in records if r["title"] == MEASURE and r["in_force"])
    assert measure["status"] == "framtagen" and measure["overdue"] is False
    assert measure["results"] == [{"title": RESULT, "status": "framtagen", "status_label": "Framtagen"}]
    assert "Pia Processledare" not in json.dumps(records, ensure_ascii=False)  # no person's name
