"""Issue 15 item 1: the key lists become stacked rows at 320 CSS px and stay tables on a wide screen.

On each page every table marked by {% stacked_table %} shows one block per row at 320 px: each body cell is a block
of its own, reads "Heading: value" (its data-label is its column's heading), nothing sticks out of the page, and the
table is still announced as a table (role and accessible rows). At 1280 px the same tables are laid out as tables.
"""

import pytest
from django.contrib.auth import get_user_model

from projects.models import FrameProject
from steeringgroups.models import SteeringGroup
from tests.reports.factories import ReportFactory

from .conftest import assert_accessible, log_in

STACKED_JS = """() => [...document.querySelectorAll('table.table--stacked')].map(table => {
  const headings = [...table.querySelectorAll('thead tr:last-child th')].map(th => th.textContent.replace(/\\s+/g, ' ').trim());
  const cells = [...table.querySelectorAll('tbody td')].filter(td => td.textContent.trim() && td.colSpan < Math.max(2, headings.length));
  const first = cells[0];
  return {
    display: getComputedStyle(table).display,
    rowDisplay: table.tBodies[0] && table.tBodies[0].rows[0] ? getComputedStyle(table.tBodies[0].rows[0]).display : null,
    role: table.getAttribute('role'),
    cells: cells.length,
    unlabelled: cells.filter(td => !td.dataset.label).length,
    before: first ? getComputedStyle(first, '::before').content : null,
    firstLabel: first ? first.dataset.label : null,
    headings,
    right: Math.max(0, ...cells.map(td => td.getBoundingClientRect().right)),
  };
})"""


def _project():
    project = FrameProject.objects.filter(project_goals__isnull=False).order_by("pk").first()
    assert project is not None, "the demo has no frame project with goals"
    return f"/ramprojekt/{project.slug}/"


def _group():
    return f"/styrgrupper/{SteeringGroup.objects.order_by('pk').first().slug}/"


def _reports():
    ReportFactory(requested_by=get_user_model().objects.get(username="kommunchef"))  # the demo orders none
    return "/rapporter/"


PAGES = [
    ("planen", None, lambda: "/planen/"),
    ("open-data", None, lambda: "/open-data/"),
    ("project", "processledare", _project),
    ("steering-group", "processledare", _group),
    ("reports", "kommunchef", _reports),
    ("descriptors", "processledare", lambda: "/mognad/nivaer/"),
    ("maturity", "processledare", lambda: "/mognad/"),
]


@pytest.mark.parametrize(("name", "username", "address"), PAGES, ids=[p[0] for p in PAGES])
def test_key_lists_stack_at_320_px_and_stay_tables_when_wide(page, name, username, address):
    if username:
        log_in(page, username)
    url = address()
    page.set_viewport_size({"width": 320, "height": 640})
    assert page.goto(url).status == 200
    tables = page.evaluate(STACKED_JS)
    assert tables, f"{url}: no stacked table"
    assert any(t["cells"] for t in tables), f"{url}: the stacked tables have no rows to show"
    for table in tables:
        assert table["role"] == "table"
        if not table["cells"]:
            continue
        assert table["display"] == "block" and table["rowDisplay"] == "block", table
        assert table["unlabelled"] == 0, f"{url}: {table['unlabelled']} cells without a heading label"
        assert table["firstLabel"] in table["headings"], table
        assert table["before"] == f'"{table["firstLabel"]}: "', table  # CSS writes the heading before the value
        assert table["right"] <= 320, f"{url}: a cell reaches {table['right']} px"
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 320
    assert page.get_by_role("table").count() >= len(tables)  # still tables to assistive technology
    assert_accessible(page)

    page.set_viewport_size({"width": 1280, "height": 800})
    wide = page.evaluate(STACKED_JS)
    assert all(t["display"] == "table" for t in wide), [t["display"] for t in wide]
    assert all(t["before"] in (None, "none", "normal") for t in wide)
