"""A resident reads the decided plan without logging in: the plan's sections and statuses with today's follow-up
beside them, a frame project's public page, the accessibility statement from the footer, the open-data catalogue
and a styled Swedish page for a wrong request. Every page passes axe-core."""

from playwright.sync_api import expect

from .conftest import assert_accessible


def test_resident_reads_the_plan_a_project_and_the_accessibility_statement(page):
    page.goto("/planen/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Bästa möjliga för Piteå – plan för digitalisering")
    toc = page.get_by_role("navigation", name="Innehåll på sidan")
    for heading in ("Nuläge", "Strategi", "Utvecklingsåtgärder", "Tidigare åtgärder"):
        expect(toc.get_by_role("link", name=heading)).to_be_visible()
    toc.get_by_role("link", name="Strategi").click()
    strategy = page.get_by_role(
        "table", name="Strategin: mål, motivering och det kommuncentrala digitaliseringsarbetet"
    )
    expect(strategy.get_by_role("rowheader", name="Ökad effekt av digitalisering")).to_be_visible()
    previous = page.get_by_role("table", name="Tidigare beslutade VUDIG-åtgärder: status enligt planen och i dag")
    expect(previous.get_by_role("columnheader", name="Status enligt planen")).to_be_visible()
    expect(previous.get_by_role("columnheader", name="Status i dag (uppföljning)")).to_be_visible()
    expect(page.get_by_role("heading", name="3. Många hinder för utveckling")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Projektets sida: Intern digitalisering").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Intern digitalisering")
    expect(page.get_by_text("Fas i dag", exact=True)).to_be_visible()
    expect(page.get_by_role("heading", name="Mål och syfte")).to_be_visible()
    expect(page.get_by_role("link", name="Logga in")).to_be_visible()  # still anonymous: nothing asked for a login
    assert_accessible(page)

    page.get_by_role("contentinfo").get_by_role("link", name="Tillgänglighetsredogörelse").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Tillgänglighet för VUDIG")
    expect(page.get_by_role("heading", name="Tillsyn")).to_be_visible()
    expect(page.get_by_role("link", name="Anmäl brister i digital offentlig service till Digg")).to_be_visible()
    expect(page.get_by_text("Sidor med breda tabeller kräver vågrät rullning i smala fönster")).to_be_visible()
    assert_accessible(page)


def test_open_data_offers_the_catalogue_excel_files_and_data_dictionaries(page):
    page.goto("/open-data/")
    expect(page.get_by_role("link", name="catalog.ttl")).to_be_visible()
    expect(page.get_by_role("link", name="measures.xlsx")).to_be_visible()
    expect(page.get_by_role("table", name="Datadictionary för Åtgärder och resultat")).to_be_visible()
    expect(page.get_by_text("CC0 1.0 Universell")).to_be_visible()
    assert_accessible(page)
    response = page.request.get("/open-data/catalog.ttl")
    assert response.ok and response.headers["content-type"].startswith("text/turtle")


def test_a_wrong_request_gets_a_swedish_page(page):
    response = page.goto("/accounts/logout/")
    assert response.status == 405
    expect(page.get_by_role("heading", level=1)).to_have_text("Sidan kan inte öppnas så här")
    assert_accessible(page)
