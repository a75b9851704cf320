"""Swedish that reads right (issue 15, item 5): every page each demo role reaches from the start page and the
navigation, with the demo data loaded, is read as text (markup stripped) and searched for English month names,
capitalised Swedish months after a day ("1 December"), a word said twice in a row ("Öppen Öppen") and a singular
count with a plural noun ("1 ärenden")."""

from __future__ import annotations

import re
from collections import deque
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import Resolver404, resolve

from vudig.portal.demo import DEMO_ACCOUNTS, demo_load

# The admin is Django's own (English by design); every other demo role and an anonymous visitor are read.
ROLES = [a.username for a in DEMO_ACCOUNTS if not a.superuser] + [None]
SKIP_PREFIXES = ("/admin/", "/accounts/logout/", "/static/", "/media/")
MAX_PAGES_PER_ROLE = 400
PAGES_PER_ROUTE = 6

# English month names (capitalised: "Mar" or "May" written small are not dates) that are not also Swedish.
ENGLISH_MONTH = re.compile(
    r"\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|January|February|March|June|July|"
    r"October)\b"
)
# Capitalised month names after a day number: English ("1 April", "17 November") or Swedish written big.
CAPITAL_MONTH_AFTER_DAY = re.compile(
    r"\b\d{1,2}\.? (January|February|April|August|September|November|December|Januari|Februari|Mars|Maj|Juni|"
    r"Juli|Augusti|Oktober)\b"
)
DOUBLED_WORD = re.compile(r"(?<![\w-])([^\W\d_]+) \1(?![\w-])", re.IGNORECASE)
# "1" alone (not 21, 1,5 or 2-1) before a plural noun, or "1 … är" where the noun is the same in both numbers.
SINGULAR_WITH_PLURAL = re.compile(
    r"(?<![\d,.\-/])\b1 (ärenden|punkter|åtgärder|dagar|veckor|månader|timmar|frågor|rader|filer|organisationer|"
    r"förbättringar|bedömningar|rapporter|indikatorer|ledamöter|möten|personer|sidor|poster|kommentarer|"
    r"förvaltningar|uppgifter|saker|steg är|resultat är|beslut är|projekt är|mål är|år är|ärenden är)\b"
)
CHECKS = {
    "engelsk månad": ENGLISH_MONTH,
    "stor månad efter dag": CAPITAL_MONTH_AFTER_DAY,
    "ordet två gånger": DOUBLED_WORD,
    "1 med plural": SINGULAR_WITH_PLURAL,
}


# Text in different blocks (a heading and the table under it, two cells) is not read as one sentence; text inside one
# block is, however it is marked up (a status badge beside the same word in a cell is a doubled word).
BLOCKS = {
    "p",
    "div",
    "section",
    "article",
    "header",
    "footer",
    "nav",
    "main",
    "aside",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "ul",
    "ol",
    "li",
    "dl",
    "dt",
    "dd",
    "table",
    "caption",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "form",
    "fieldset",
    "legend",
    "label",
    "option",
    "select",
    "textarea",
    "button",
    "br",
    "hr",
    "figure",
    "figcaption",
    "details",
    "summary",
    "blockquote",
    "pre",
}


_BLOCK = "\x00"  # marks a block boundary while the text is gathered (source newlines are only spaces)


class _Text(HTMLParser):
    """The page's visible text (script and style left out, blocks kept apart) and its links."""

    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self.links: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in BLOCKS:
            self.parts.append(_BLOCK)
        if tag in ("script", "style", "template"):
            self._skip += 1
        elif tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.links.append(href)

    def handle_endtag(self, tag):
        if tag in BLOCKS:
            self.parts.append(_BLOCK)
        if tag in ("script", "style", "template") and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(re.sub(r"\s+", " ", data))

    @property
    def text(self) -> str:
        blocks = (re.sub(r"\s+", " ", block).strip() for block in "".join(self.parts).split(_BLOCK))
        return " ¶ ".join(block for block in blocks if block)


def _internal(base: str, href: str) -> str | None:
    parts = urlsplit(urljoin(base, href))
    if parts.scheme not in ("", "http") or (parts.netloc and parts.netloc != "testserver"):
        return None
    if parts.path.startswith(SKIP_PREFIXES) or parts.path.endswith((".pdf", ".ics", ".xlsx", ".csv", ".json")):
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _route(url: str) -> str:
    try:
        return resolve(url.split("?")[0]).route
    except Resolver404:
        return url


def _findings(client: Client, who: str) -> tuple[int, list[str]]:
    # The start page, and the person's own pages (issue 12: Notiser, Mina inställningar) whatever the crawl reaches.
    seen, queue, per_route, found = set(), deque(["/", "/notiser/", "/notiser/installningar/"]), {}, []
    while queue and len(seen) < MAX_PAGES_PER_ROLE:
        url = queue.popleft()
        route = _route(url)
        if url in seen or per_route.get(route, 0) >= PAGES_PER_ROUTE:
            continue
        seen.add(url)
        per_route[route] = per_route.get(route, 0) + 1
        response = client.get(url)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        page = _Text()
        page.feed(response.content.decode())
        text = page.text
        for name, pattern in CHECKS.items():
            for match in pattern.finditer(text):
                context = text[max(0, match.start() - 40) : match.end() + 40]
                found.append(f"{who} {url}: {name}: {match.group(0)!r} i …{context}…")
        for href in page.links:
            target = _internal(url, href)
            if target and target not in seen:
                queue.append(target)
    return len(seen), found


def test_the_patterns_catch_what_they_are_for():
    assert ENGLISH_MONTH.search("senast 17 Nov 2026") and ENGLISH_MONTH.search("1 Dec")
    assert not ENGLISH_MONTH.search("17 november 2026, 1 december, mars")
    assert CAPITAL_MONTH_AFTER_DAY.search("1 December") and CAPITAL_MONTH_AFTER_DAY.search("3 Maj 2026")
    assert not CAPITAL_MONTH_AFTER_DAY.search("1 december. December är mörk")
    assert DOUBLED_WORD.search("Status Öppen Öppen") and DOUBLED_WORD.search("Inlämnad inlämnad")
    assert not DOUBLED_WORD.search("12 12 och Öppen, öppen") and not DOUBLED_WORD.search("Öppen Öppna")
    page = _Text()
    page.feed("<h2>Per område</h2><table><tr><th>Område</th><td><span>Öppen</span>\n  Öppen</td></tr></table>")
    assert [m.group(0) for m in DOUBLED_WORD.finditer(page.text)] == ["Öppen Öppen"]
    assert SINGULAR_WITH_PLURAL.search("1 ärenden är satta") and SINGULAR_WITH_PLURAL.search("1 resultat är kvar")
    assert not SINGULAR_WITH_PLURAL.search("21 ärenden, 1 ärende, 11 punkter, 1 resultat, 2-1 punkter")


@pytest.mark.django_db
def test_no_english_months_doubled_words_or_wrong_plurals_on_any_page_a_role_reaches():
    demo_load()
    found, pages = [], 0
    for username in ROLES:
        client = Client(raise_request_exception=False)
        if username:
            client.force_login(get_user_model().objects.get(username=username))
        count, role_found = _findings(client, username or "anonym")
        assert count > 5, f"{username or 'anonym'} reached only {count} pages"
        pages += count
        found += role_found
    print(f"{len(ROLES)} roles, {pages} pages read")
    assert not found, "\n".join(sorted(set(found)))
