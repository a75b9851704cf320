"""Issue 15 item 1: the header and navigation collapse without JavaScript at narrow widths.

At 320 × 640 CSS px the header (brand plus the closed "Meny" toggle) takes at most a quarter of the viewport's
height, the toggle is reached and opened with the keyboard, and every navigation link is then visible and reachable.
On a wide screen there is no toggle: the navigation is shown open. Runs with JavaScript disabled.
"""

import pytest

from .conftest import assert_accessible, log_in

NARROW = {"width": 320, "height": 640}
WIDE = {"width": 1280, "height": 800}


@pytest.fixture
def no_js_page(browser, portal):
    context = browser.new_context(base_url=portal.url, locale="sv-SE", bypass_csp=True, java_script_enabled=False)
    context.set_default_timeout(15_000)
    yield context.new_page()
    context.close()


def header_height(page) -> float:
    return page.locator(".site-header").bounding_box()["height"]


@pytest.mark.parametrize("username", [None, "processledare", "admin"], ids=["anonym", "processledare", "admin"])
def test_narrow_header_is_a_closed_menu_that_the_keyboard_opens(no_js_page, page, username):
    if username:
        log_in(page, username)  # the login form needs no JavaScript, but axe does: sign in with JS, then reuse
        no_js_page.context.add_cookies(page.context.cookies())
    browser_page = no_js_page
    browser_page.set_viewport_size(NARROW)
    browser_page.goto("/planen/")
    toggle = browser_page.locator("summary.site-menu__toggle")
    assert toggle.is_visible() and toggle.inner_text().strip() == "Meny"
    height = header_height(browser_page)
    assert height <= 0.25 * NARROW["height"], f"the closed header is {height} px high"
    nav_links = browser_page.locator(".site-nav a")
    count = nav_links.count()
    assert count, "no navigation links"
    assert not nav_links.first.is_visible(), "the menu is open at 320 px before anyone asked"
    # Keyboard: skip link, brand, then the toggle; Enter opens it; Tab then reaches every link in turn.
    browser_page.keyboard.press("Tab")
    browser_page.keyboard.press("Tab")
    browser_page.keyboard.press("Tab")
    assert browser_page.evaluate("() => document.activeElement.matches('summary.site-menu__toggle')")
    outline = browser_page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none", "the focused toggle shows no focus outline"
    browser_page.keyboard.press("Enter")
    assert browser_page.locator("details.site-menu").get_attribute("open") is not None
    hrefs = nav_links.evaluate_all("els => els.map(a => a.getAttribute('href'))")
    reached = []
    for _ in range(count + 6):  # the account tools come first, then the links
        browser_page.keyboard.press("Tab")
        focused = browser_page.evaluate(
            "() => document.activeElement.closest('.site-nav') ? document.activeElement.getAttribute('href') : null"
        )
        if focused:
            reached.append(focused)
    assert reached == hrefs, f"keyboard reached {reached}, the navigation has {hrefs}"
    for index in range(count):
        link = nav_links.nth(index)
        assert link.is_visible()
        box = link.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= NARROW["width"], f"{hrefs[index]} is off screen"
    assert browser_page.evaluate("() => document.documentElement.scrollWidth") <= NARROW["width"]
    # The open menu passes axe too (axe needs JavaScript: same page state in the JS context).
    page.set_viewport_size(NARROW)
    page.goto("/planen/")
    page.locator("summary.site-menu__toggle").click()
    assert_accessible(page)


def test_wide_header_shows_the_navigation_open_without_a_toggle(page):
    page.set_viewport_size(WIDE)
    log_in(page, "processledare")
    page.goto("/")
    assert not page.locator("summary.site-menu__toggle").is_visible()
    links = page.locator(".site-nav a")
    assert links.count() > 3
    for index in range(links.count()):
        assert links.nth(index).is_visible()
    assert page.get_by_role("button", name="Logga ut").is_visible()
    # The navigation is still a full-width bar under the brand, not squeezed beside it.
    nav = page.locator(".site-nav").bounding_box()
    brand = page.locator(".site-brand").bounding_box()
    assert nav["y"] >= brand["y"] + brand["height"] - 1
    assert_accessible(page)
