"""Issue 19: the measure list's inline status form carries what the status rests on and what replaces the result as
hidden inputs with their current values (the long lists are on the result's own page), so a status changed from the
list keeps them, and the list shows the new status at once."""

# ruff: noqa: F811  (the fixtures imported below are the tests' arguments)
import re

from django.urls import reverse

from measures.constants import ResultStatus
from measures.models import MeasureResult

from .test_basis import current_measure, decision, earlier, set_status  # noqa: F401
from .test_views import leader_client  # noqa: F401


def _inline_form(html: str, result: MeasureResult) -> str:
    action = reverse("measures:result_status", args=[result.measure_id, result.pk])
    start = html.index(f'action="{action}"')
    return html[start : html.index("</form>", start)]


def test_a_status_changed_from_the_list_keeps_its_basis_and_replacement_and_shows_at_once(
    leader_client,
    people,
    decision,
):
    result = earlier()
    target = current_measure()
    set_status(
        result, people["process_leader"], status=ResultStatus.ALT_LOSNING, basis_decision=decision,
        replacement_measure=target,
    )  # fmt: skip
    result.refresh_from_db()
    list_url = reverse("measures:list") + f"?plan={result.measure.plan_id}"
    html = leader_client.get(list_url).content.decode()
    form = _inline_form(html, result)
    prefix = f"r{result.pk}-"
    # No long <select>s inline: every active measure, result and decision is offered on the result's own page.
    assert (
        f'<select name="{prefix}replacement_measure"' not in html
        and f'<select name="{prefix}basis_decision"' not in form
    )
    assert reverse("measures:result_status", args=[result.measure_id, result.pk]) + "?next=" in form
    hidden = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form))
    assert hidden[f"{prefix}basis_decision"] == str(decision.pk)
    assert hidden[f"{prefix}replacement_measure"] == str(target.pk)

    # Post what the browser would: the hidden inputs as drawn, a new status and a motivation.
    posted = {**hidden, f"{prefix}status": ResultStatus.EJ_GENOMFORD, f"{prefix}motivation": "Inte längre aktuellt"}
    response = leader_client.post(reverse("measures:result_status", args=[result.measure_id, result.pk]), posted)
    assert response.status_code == 302 and response["Location"] == list_url
    result.refresh_from_db()
    assert (result.status, result.basis_decision_id, result.replacement_measure_id) == (
        ResultStatus.EJ_GENOMFORD, decision.pk, target.pk,
    )  # fmt: skip
    after = _inline_form(leader_client.get(list_url).content.decode(), result)
    assert f'name="{prefix}version" value="{result.version}"' in after  # the next save is not refused as stale
    row = (
        leader_client.get(list_url)
        .content.decode()
        .split(f'action="{reverse("measures:result_status", args=[result.measure_id, result.pk])}"')[0]
    )
    assert "Ej genomförd" in row[-3000:]  # the row's status badge, drawn before its form


def test_the_result_page_still_offers_the_whole_form(leader_client):
    result = earlier()
    html = leader_client.get(reverse("measures:result_status", args=[result.measure_id, result.pk])).content.decode()
    assert (
        f'<select name="r{result.pk}-replacement_measure"' in html
        and f'<select name="r{result.pk}-basis_decision"' in html
    )
