"""Junk in, no 5xx out: every page a role can reach gets junk in its GET parameters, every form on it junk values.

The portal is crawled from the start page as each role that has forms of its own (links within the portal only, the
admin and sign-out left out), with the demo data loaded. Each page is fetched again with junk in every parameter its
GET forms have and in the common list parameters; each POST form on it is sent once with a junk value in every field
(hidden ones too: version numbers, ids). Whatever the portal answers (400, 403, 404, 409, a re-rendered form, a
redirect), it must never be a server error.
"""

from __future__ import annotations

from collections import deque
from html.parser import HTMLParser
from urllib.parse import urlencode, urljoin, urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.urls import Resolver404, resolve

ROLES = ["processledare", "chef.socialtjanst", "ordf.extern", "beredning"]
SKIP_PREFIXES = ("/admin/", "/accounts/logout/", "/static/", "/media/")
COMMON_PARAMS = ["page", "plan", "status", "year", "sort", "q", "organisation", "from", "to", "month", "kind", "round"]
JUNK_VALUES = ["abc", "-1", "99999999999999999999", "2026-13-45", "' OR 1=1 --", "x" * 3000, "\u0000", "[]"]
MAX_PAGES_PER_ROLE = 120
# Pages of one view differ only in the object: two of each are enough (a measure page, a second measure page …).
PAGES_PER_ROUTE = 2


class _Page(HTMLParser):
    """The links and forms of one page: (method, action, field names) per form."""

    def __init__(self):
        super().__init__()
        self.links: list[str] = []
        self.forms: list[dict] = []
        self._form = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        elif tag == "form":
            self._form = {"method": (attrs.get("method") or "get").lower(), "action": attrs.get("action"), "fields": []}
            self.forms.append(self._form)
        elif tag in ("input", "select", "textarea", "button") and self._form is not None and attrs.get("name"):
            self._form["fields"].append(attrs["name"])

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None


def _internal(base: str, href: str) -> str | None:
    url = urljoin(base, href)
    parts = urlsplit(url)
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


def _crawl(client) -> tuple[list[str], list[tuple[str, dict]], list[str]]:
    """Pages reached (a few per view), POST forms found (one action per view, its fields) and server errors."""
    seen, queue, forms, errors, per_route = set(), deque(["/"]), {}, [], {}
    while queue and len(seen) < MAX_PAGES_PER_ROLE:
        url = queue.popleft()
        route = _route(url)
        if url in seen or per_route.get(route, 0) >= PAGES_PER_ROUTE:
            continue
        seen.add(url)
        per_route[route] = per_route.get(route, 0) + 1
        response = client.get(url)
        if response.status_code >= 500:
            errors.append(f"GET {url} → {response.status_code}")
            continue
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        page = _Page()
        page.feed(response.content.decode("utf-8", "replace"))
        for href in page.links:
            target = _internal(url, href)
            if target and target not in seen:
                queue.append(target)
        for form in page.forms:
            action = _internal(url, form["action"] or url) or url.split("?")[0]
            key = (form["method"], _route(action))
            entry = forms.setdefault(key, [action.split("?")[0], set()])
            entry[1].update(form["fields"])
    return sorted(seen), sorted((method, action, fields) for (method, _r), (action, fields) in forms.items()), errors


@pytest.mark.django_db
@pytest.mark.parametrize("username", ROLES)
def test_junk_in_every_parameter_and_form_field_never_gives_a_server_error(username, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    call_command("load_demo", verbosity=0)
    client = Client(raise_request_exception=False)
    client.force_login(get_user_model().objects.get(username=username))
    pages, forms, errors = _crawl(client)
    assert len(pages) > 10
    print(f"{username}: {len(pages)} pages, {len(forms)} forms")
    for url in pages:
        path = url.split("?")[0]
        for value in JUNK_VALUES[:3]:
            response = client.get(path + "?" + urlencode({name: value for name in COMMON_PARAMS}))
            if response.status_code >= 500:
                errors.append(f"GET {path} with {value[:20]!r} → {response.status_code}")
    for method, action, fields in forms:
        fields = sorted(fields - {"csrfmiddlewaretoken"})
        for value in JUNK_VALUES:
            data = {name: value for name in fields}
            response = client.get(action, data) if method == "get" else client.post(action, data)
            if response.status_code >= 500:
                errors.append(
                    f"{method.upper()} {action} fields={fields} value={value[:20]!r} → {response.status_code}"
                )
    assert not errors, "\n".join(errors)


@pytest.mark.django_db
def test_answering_an_arende_that_waits_for_no_answer_is_refused_with_the_reason(client, people, org):
    from django.urls import reverse

    from steeringgroups.services import errand_submit

    errand = errand_submit(
        by=people["manager"],
        title="Fråga",
        description="Text.",
        organisation=org,
        topic="molntjanster",
        urgency=2,
    )
    client.force_login(people["manager"])
    response = client.post(
        reverse("steeringgroups:errand_answer", kwargs={"pk": errand.pk}), {"reason": "Svar", "version": errand.version}
    )
    assert response.status_code in (400, 403)  # refused, not a 500 (it was a TypeError)
    if response.status_code == 400:
        assert "Svar" in response.content.decode()  # what was typed is kept, with the reason


def test_integer_in_lookups_ignore_numbers_no_column_holds(db):
    from steeringgroups.models import SteeringGroup

    first = SteeringGroup.objects.order_by("pk").first()
    assert list(SteeringGroup.objects.filter(pk__in=[first.pk, 99999999999999999999])) == [first]
    assert not SteeringGroup.objects.filter(pk__in=[99999999999999999999, -99999999999999999999]).exists()
