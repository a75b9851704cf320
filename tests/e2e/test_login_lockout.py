"""Someone guesses passwords: after five wrong ones the portal's login and the admin's both answer with the Swedish
lockout page (accessible), and the right password does not get through until the lock ends."""

from playwright.sync_api import expect

from .conftest import assert_accessible, log_in


def test_five_wrong_passwords_lock_the_portal_login_with_a_swedish_page(page):
    for _ in range(4):
        log_in(page, "processledare", "fel-losenord")
        expect(page.get_by_role("alert")).to_contain_text("Fel användarnamn eller lösenord")
    log_in(page, "processledare", "fel-losenord")
    expect(page.get_by_role("heading", level=1)).to_have_text("För många inloggningsförsök")
    expect(page.get_by_role("alert")).to_contain_text("Vänta 5 minuter och försök igen")
    assert_accessible(page)
    log_in(page, "processledare")  # the right password, within the window
    expect(page.get_by_role("heading", level=1)).to_have_text("För många inloggningsförsök")
    page.get_by_role("link", name="Till inloggningen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Logga in")


def test_the_admin_login_is_locked_too(page):
    for _ in range(5):
        page.goto("/admin/login/")
        page.locator("#id_username").fill("admin")
        page.locator("#id_password").fill("fel-losenord")
        page.locator("input[type=submit]").click()
        page.wait_for_load_state()
    expect(page.get_by_role("heading", level=1)).to_have_text("För många inloggningsförsök")
    page.goto("/admin/login/")
    page.locator("#id_username").fill("admin")
    page.locator("#id_password").fill("pitea-demo-2026")
    page.locator("input[type=submit]").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("För många inloggningsförsök")
