"""A newcomer opens the portal, reads the plan at a glance, signs in and out; every page passes axe-core."""

from playwright.sync_api import expect

from .conftest import assert_accessible, log_in


def test_visitor_sees_the_plan_at_a_glance(page):
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Bästa möjliga för Piteå – plan för digitalisering")
    expect(page.locator("html")).to_have_attribute("lang", "sv")
    expect(page.get_by_role("heading", name="Ramprojekt")).to_be_visible()
    expect(page.get_by_role("heading", name="Införande av systemförvaltning")).to_be_visible()
    expect(page.get_by_role("row", name="Framtidens digitala tjänster")).to_be_visible()
    assert_accessible(page)


def test_skip_link_is_the_first_stop_for_keyboard_users(page):
    page.goto("/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Hoppa till huvudinnehållet")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()


def test_process_leader_signs_in_and_out(page):
    page.goto("/accounts/login/")
    assert_accessible(page)
    log_in(page, "processledare")
    expect(page.get_by_text("Inloggad som")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Logga ut").click()
    expect(page.get_by_role("link", name="Logga in")).to_be_visible()


def test_wrong_password_shows_a_swedish_error_and_keeps_the_username(page):
    log_in(page, "processledare", "fel-losenord")
    expect(page.get_by_role("alert")).to_contain_text("Fel användarnamn eller lösenord")
    expect(page.get_by_label("Användarnamn")).to_have_value("processledare")
    assert_accessible(page)


def test_open_data_page_is_public_and_accessible(page):
    page.goto("/open-data/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Öppna data")
    expect(page.get_by_role("link", name="measures.csv")).to_be_visible()
    assert_accessible(page)


def test_admin_sees_administration_in_navigation(page):
    log_in(page, "admin")
    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Administration").click()
    expect(page.get_by_role("heading", name="Grunddata, planer och roller")).to_be_visible()


def test_the_accessibility_check_itself_catches_a_violation(page):
    # Guards the guard: a page with an unlabeled form field must fail assert_accessible.
    page.set_content('<html lang="sv"><body><main><h1>Prov</h1><input type="text"></main></body></html>')
    try:
        assert_accessible(page)
    except AssertionError as exc:
        assert "label" in str(exc)
    else:
        raise AssertionError("axe-core reported nothing for an unlabeled input")


def test_visitor_reads_the_whole_plan_page(page):
    page.goto("/")
    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Planen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bästa möjliga för Piteå – plan för digitalisering")
    assert_accessible(page)
    # The follow-up today, one plan at a time: the earlier decided measures are one link away.
    page.get_by_role("navigation", name="Välj plan").get_by_role(
        "link", name="Tidigare beslutade VUDIG-åtgärder"
    ).click()
    followup = page.get_by_role("table", name="Uppföljning i dag: Tidigare beslutade VUDIG-åtgärder")
    expect(followup.get_by_role("row", name="Digitaliseringsgrupp")).to_contain_text("Alt lösning")
    assert_accessible(page)
