"""The process leader follows up the action plan in the browser: filter, change a status with a motivation, see it
in the timeline; a colleague editing the same result at the same time gets the conflict message, not a silent loss."""

from playwright.sync_api import expect

from .conftest import assert_accessible, log_in

MEASURE = "Huvudprocesser, information och digitala lösningar förtydligas"
RESULT = "Verksamhetsspecifikt kartläggningsarbete"
MOTIVATION = "Kartläggningen är klar i alla förvaltningar"


def status_form(page):
    # The inline status form of one result (a <details> that opens without JavaScript), found by its summary: every
    # form's replacement list names every result.
    return page.locator("details.status-change").filter(has=page.locator("summary", has_text=RESULT))


def test_process_leader_changes_a_status_and_a_colleague_gets_the_conflict(page, new_page):
    log_in(page, "processledare")
    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Åtgärder").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Åtgärder")
    assert_accessible(page)

    # Filter: the earlier plan, results that are under way, free text.
    page.get_by_label("Plan", exact=True).select_option(label="Tidigare beslutade VUDIG-åtgärder")
    page.get_by_label("Status på något resultat").select_option(label="Påbörjat")
    page.get_by_label("Fritext").fill("kartläggning")
    page.get_by_role("button", name="Visa").click()
    expect(page.locator("table.measure-table tbody tr")).to_have_count(1)
    expect(page.get_by_role("rowheader", name=MEASURE)).to_be_visible()
    assert_accessible(page)
    list_url = page.url
    measure_url = page.get_by_role("link", name=MEASURE).get_attribute("href")

    # A colleague (the administrator) opens the same measure page in another browser before the save.
    other = new_page()
    log_in(other, "admin")
    other.goto(list_url)
    other.get_by_role("link", name=MEASURE).click()
    status_form(other).locator("summary").click()

    # The process leader changes the status from the list, with a motivation.
    status_form(page).locator("summary").click()
    status_form(page).get_by_label("Ny status").select_option(label="Etablerat")
    status_form(page).get_by_label("Motivering").fill(MOTIVATION)
    assert_accessible(page)
    status_form(page).get_by_role("button", name="Spara status").click()
    expect(page.get_by_role("status").filter(has_text="Status för")).to_contain_text("Etablerat")
    assert page.url == list_url

    # The measure no longer matches "Påbörjat"; the leader opens its page to see the timeline: who, from what to what,
    # and why.
    expect(page.get_by_role("link", name=MEASURE)).to_have_count(0)
    page.goto(measure_url)
    timeline = page.get_by_role("region", name="Historik")
    newest = timeline.get_by_role("listitem").first
    expect(newest).to_contain_text("Pia Processledare")
    expect(newest).to_contain_text("Påbörjat → Etablerat")
    expect(newest).to_contain_text(f"Motivering: {MOTIVATION}")
    assert_accessible(page)

    # The colleague's save comes from a stale page: refused, with the newer value shown.
    status_form(other).get_by_label("Ny status").select_option(label="Ej genomförd")
    status_form(other).get_by_label("Motivering").fill("Avbryts")
    status_form(other).get_by_label("Varför (krävs för Alt lösning / Ej genomförd)").fill("Ingen budget")
    status_form(other).get_by_role("button", name="Spara status").click()
    expect(other.get_by_role("alert").first).to_contain_text("Någon annan har sparat ändringar")
    conflict = other.locator(".notice--conflict")
    expect(conflict).to_contain_text("Det nya värdet")
    expect(conflict).to_contain_text("Etablerat")
    expect(other.get_by_label("Motivering")).to_have_value("Avbryts")  # nothing typed is lost
    assert_accessible(other)


def test_process_leader_sees_plans_and_what_changed(page):
    log_in(page, "processledare")
    expect(page.get_by_role("heading", name="Ändrat i handlingsplanen")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Se allt som ändrats").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Vad har ändrats?")
    expect(page.get_by_role("cell", name="Demo: gruppen har haft sitt första möte.")).to_be_visible()
    assert_accessible(page)
    page.goto("/atgarder/planer/")
    expect(page.get_by_role("rowheader", name="Tidigare beslutade VUDIG-åtgärder")).to_be_visible()
    assert_accessible(page)
    earlier = page.get_by_role("row").filter(
        has=page.get_by_role("rowheader", name="Tidigare beslutade VUDIG-åtgärder")
    )
    earlier.get_by_role("link", name="Starta ny version").click()
    page.get_by_label("Den nya planens titel").fill("VUDIG-åtgärder 2027")
    assert_accessible(page)
    page.get_by_role("button", name="Starta ny version").click()
    expect(page.get_by_role("status").first).to_contain_text("Ny planversion")
    expect(page.get_by_role("rowheader", name="Centrala beredningsgrupper")).to_be_visible()
    assert_accessible(page)
