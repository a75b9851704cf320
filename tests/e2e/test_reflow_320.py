"""Issue 15 item 1: every page a role reaches from the navigation and the start page reflows at 320 CSS px (WCAG
1.4.10, no horizontal scroll of the page) and axe-core (wcag2a, wcag2aa, wcag21aa) finds nothing serious or critical.

A bounded crawl per role: same-origin GET links, depth 2, at most 40 pages; downloads, logout and admin skipped.
All failures of a role are gathered before the test fails, so one run lists every page that still overflows.
"""

from urllib.parse import urljoin, urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe

from .conftest import BLOCKING_IMPACTS, log_in

WIDTH = 320
MAX_DEPTH = 2
MAX_PAGES = 40
TAGS = ["wcag2a", "wcag2aa", "wcag21aa"]
SKIP_PREFIXES = ("/admin/", "/accounts/logout/", "/static/", "/media/", "/oidc/")
SKIP_SUFFIXES = (".pdf", ".csv", ".xlsx", ".json", ".ttl", ".jsonld", ".ics", ".svg", ".png", ".xml", ".txt")
SKIP_WORDS = ("ladda-ner", "export", "download", "pdf", "csv", "xlsx")

OWN_PAGES = ("/notiser/", "/notiser/installningar/")

# One account per role of DEMO_ACCOUNTS (anonymous first: the public pages).
ROLES = [
    None,
    "processledare",
    "kommunchef",
    "chef.socialtjanst",
    "ordf.extern",
    "ledamot.extern",
    "beredning",
    "lasare",
    "admin",  # sees every page; the Django admin itself is skipped
]


def crawlable(path: str) -> bool:
    lowered = path.lower()
    return (
        not path.startswith(SKIP_PREFIXES)
        and not lowered.endswith(SKIP_SUFFIXES)
        and not any(word in lowered for word in SKIP_WORDS)
    )


def links_on(page, origin: str) -> list[str]:
    hrefs = page.eval_on_selector_all("a[href]:not([download])", "els => els.map(a => a.getAttribute('href'))")
    found = []
    for href in hrefs:
        if not href or href.startswith(("#", "mailto:", "tel:", "javascript:")):
            continue
        parts = urlsplit(urljoin(page.url, href))
        if f"{parts.scheme}://{parts.netloc}" != origin:
            continue
        if crawlable(parts.path):  # distinct pages, not every filter or page number of a list
            found.append(parts.path)
    return found


def overflow_and_axe(page) -> list[str]:
    problems = []
    width = page.evaluate("() => document.documentElement.scrollWidth")
    if width > WIDTH:
        problems.append(f"scrollWidth {width} px (+{width - WIDTH})")
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": TAGS}, "resultTypes": ["violations"]})
    for violation in results.response["violations"]:
        if violation.get("impact") in BLOCKING_IMPACTS:
            targets = [node["target"] for node in violation["nodes"]][:3]
            problems.append(f"axe {violation['id']} ({violation['impact']}) {targets}")
    return problems


@pytest.mark.parametrize("username", ROLES, ids=[r or "anonym" for r in ROLES])
def test_every_crawled_page_reflows_at_320_px_and_passes_axe(new_page, portal, username):
    page = new_page()
    page.set_viewport_size({"width": WIDTH, "height": 640})
    if username:
        log_in(page, username)
    origin = portal.url.rstrip("/")
    # The start page, and the person's own pages every page's header links to (issue 12), whatever the crawl's cap.
    queue = [("/", 0), *((path, 1) for path in OWN_PAGES if username)]
    seen = {"/", *OWN_PAGES}
    visited = 0
    failures = []
    while queue and visited < MAX_PAGES:
        path, depth = queue.pop(0)
        response = page.goto(path)
        if response is None or "text/html" not in (response.headers.get("content-type") or ""):
            continue
        visited += 1
        if urlsplit(page.url).path.startswith("/accounts/login/") and path != "/accounts/login/":
            continue  # a link this role may not follow; the public-links test is item 2's
        for problem in overflow_and_axe(page):
            failures.append(f"{path}: {problem}")
        if depth < MAX_DEPTH:
            for link in links_on(page, origin):
                if link not in seen:
                    seen.add(link)
                    queue.append((link, depth + 1))
    assert visited > 3, f"the crawl reached only {visited} pages"
    assert not failures, f"{username or 'anonym'} ({visited} sidor):\n" + "\n".join(failures)


def test_printed_pages_keep_the_content_and_drop_navigation_tools_and_forms(new_page):
    page = new_page()
    page.emulate_media(media="print")
    page.goto("/planen/")
    assert page.locator("h1").first.is_visible()
    assert not page.locator(".site-nav").first.is_visible()
    assert not page.get_by_text("Logga in").first.is_visible()
    page.emulate_media(media="screen")  # the login form itself does not print
    log_in(page, "processledare")
    page.emulate_media(media="print")
    page.goto("/atgarder/")
    assert page.locator("main form").count() and not page.locator("main form").first.is_visible()
    page.goto("/forum/")
    assert page.locator("table").first.is_visible()
    # The table prints whole: its scroll region no longer clips it.
    assert page.evaluate("() => getComputedStyle(document.querySelector('.table-scroll')).overflowX") == "visible"
    assert not page.locator(".site-account").first.is_visible()
    external = page.evaluate(
        "() => { const a = document.createElement('a'); a.href = 'https://www.pitea.se/'; a.textContent = 'Piteå';"
        " document.querySelector('main').append(a); return getComputedStyle(a, '::after').content; }"
    )
    assert "https://www.pitea.se/" in external
