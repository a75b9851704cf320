"""Issue 15 item 1: after a failed server-side submit the error summary has the focus and its links lead to fields.

One form (or more) per app, each submitted empty or invalid as the role that uses it: the browser's own required-field
check is switched off (novalidate) so the server answers, as it does for a browser that has none. The page that comes
back must put the focus on the error summary (no JavaScript needed: autofocus on a focusable summary), every link in
the summary must point at an element on the page, and the page passes axe.
"""

import pytest
from django.utils import timezone

from measures.models import MeasureResult
from projects.models import FrameProject

from .conftest import assert_accessible, log_in

EMPTY_FORM_JS = """form => {
  form.noValidate = true;
  for (const el of form.elements) {
    if (el.type === 'hidden' || el.type === 'submit' || el.type === 'button') continue;
    if (el.type === 'radio' || el.type === 'checkbox') { el.checked = false; continue; }
    if (el.tagName === 'SELECT') { const blank = [...el.options].find(o => o.value === ''); if (blank) el.value = ''; continue; }
    if (el.type !== 'file') el.value = '';
  }
}"""

SUMMARY_STATE_JS = """() => {
  const summary = document.querySelector('.error-summary');
  if (!summary) return null;
  const links = [...summary.querySelectorAll('a[href]')].map(a => a.getAttribute('href'));
  return {
    focused: document.activeElement === summary,
    active: document.activeElement ? document.activeElement.outerHTML.slice(0, 80) : null,
    links,
    missing: links.filter(h => !h.startsWith('#') || !document.getElementById(decodeURIComponent(h.slice(1)))),
  };
}"""


def _result():
    return MeasureResult.objects.select_related("measure").order_by("pk").first()


def _project_slug():
    return FrameProject.objects.order_by("pk").first().slug


# (app, role, address, the submit button's accessible name); the address may need the database (a callable).
FORMS = [
    ("measures", "processledare", lambda: f"/atgarder/{_result().measure_id}/resultat/{_result().pk}/status/", None),
    ("measures", "processledare", lambda: "/atgarder/ny/", None),
    ("maturity", "chef.socialtjanst", lambda: f"/mognad/{timezone.localdate().year}/socialtjanst/skattning/", None),
    ("steeringgroups", "chef.socialtjanst", lambda: "/styrgrupper/arenden/nytt/", None),
    ("steeringgroups", "ordf.extern", lambda: "/styrgrupper/extern-digitalisering/moten/planera/", None),
    ("reports", "kommunchef", lambda: "/rapporter/", "Beställ rapport"),
    ("reports", "processledare", lambda: "/rapporter/arshjul/ny/", None),
    ("forums", "processledare", lambda: "/forum/utvecklingsforum/nytt-mote/", None),
    ("projects", "processledare", lambda: f"/ramprojekt/{_project_slug()}/lagesrapporter/ny/", None),
    ("accounts", "lasare", lambda: "/accounts/password_change/", None),
]


@pytest.mark.parametrize(
    ("app", "username", "address", "button"), FORMS, ids=[f"{f[0]}-{i}" for i, f in enumerate(FORMS)]
)
def test_failed_submit_focuses_the_error_summary_with_working_links(page, app, username, address, button):
    log_in(page, username)
    url = address()
    response = page.goto(url)
    assert response.status == 200, f"{url}: {response.status}"
    main = page.locator("main")
    if button:
        form = main.locator("form", has=page.get_by_role("button", name=button)).first
    else:
        form = main.locator("form[method=post]").last
    assert form.count(), f"{url}: no form"
    form.evaluate(EMPTY_FORM_JS)
    submit = form.locator("button[type=submit], input[type=submit], button:not([type])").last
    with page.expect_navigation():
        submit.click()
    state = page.evaluate(SUMMARY_STATE_JS)
    assert state is not None, f"{url}: no error summary after an empty submit ({page.url})"
    assert state["focused"], f"{url}: the focus is on {state['active']}, not the error summary"
    assert not state["missing"], f"{url}: summary links lead nowhere: {state['missing']}"
    assert_accessible(page)
