"""Issue 19: the measure list's inline status form carries what the status rests on and what replaces the result as
hidden inputs with their current values (the long lists are on the result's own page), so a status changed from the
list keeps them, and the list shows the new status at once."""

# ruff: noqa: F811  (the fixtures imported below are the tests' arguments)
import re

from django import forms
from django.test.html import parse_html
from django.urls import reverse
from django.utils.html import escape

from measures.constants import ResultStatus
from measures.forms import InlineResultStatusForm, ResultStatusForm
from measures.models import MeasureResult
from measures.selectors import decision_label

from .test_basis import current_measure, decision, earlier, set_status  # noqa: F401
from .test_views import leader_client  # noqa: F401


def _replaced_with_basis(people, decision) -> tuple[MeasureResult, object]:
    """An earlier plan's result set to Alt lösning, resting on a decision and replaced by a measure of the plan in
    force: the values the inline form must carry as they are."""
    result = earlier()
    target = current_measure()
    set_status(
        result, people["process_leader"], status=ResultStatus.ALT_LOSNING, basis_decision=decision,
        replacement_measure=target,
    )  # fmt: skip
    result.refresh_from_db()
    return result, target


def _inline_form(html: str, result: MeasureResult) -> str:
    action = reverse("measures:result_status", args=[result.measure_id, result.pk])
    start = html.index(f'action="{action}"')
    return html[start : html.index("</form>", start)]


def test_a_status_changed_from_the_list_keeps_its_basis_and_replacement_and_shows_at_once(
    leader_client,
    people,
    decision,
):
    result, target = _replaced_with_basis(people, decision)
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


def test_the_measure_page_carries_the_inline_form_without_option_lists_and_a_status_posted_from_it_keeps_its_basis(
    leader_client,
    people,
    decision,
):
    result, target = _replaced_with_basis(people, decision)
    page_url = result.measure.get_absolute_url()
    html = leader_client.get(page_url).content.decode()
    # No decision, measure or result is offered as an option anywhere on the page: those lists are on the result's
    # own page (every decision of the register was 1.8 MB at a region's scale). The page's other selects (the
    # comment form's result) are short and stay.
    assert f">{escape(decision_label(decision))}</option>" not in html  # (the timeline cites it as text)
    for name in ("basis_decision", "basis_plan", "replacement_measure", "replacement_result"):
        assert f'<select name="r{result.pk}-{name}"' not in html, name
    assert "<optgroup" not in html
    # What the status rests on and what replaces the result are shown as text, and changed on the result's page.
    basis = html.split('class="result__basis"')[1].split("</p>")[0]
    assert decision.reference in basis
    assert f'href="{target.get_absolute_url()}">{target.title}</a>' in html
    form = _inline_form(html, result)
    assert reverse("measures:result_status", args=[result.measure_id, result.pk]) + "?next=" in form
    hidden = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form))
    prefix = f"r{result.pk}-"
    assert (hidden[f"{prefix}basis_decision"], hidden[f"{prefix}replacement_measure"]) == (
        str(decision.pk), str(target.pk),
    )  # fmt: skip

    # Post what the browser would from the measure page: back to the page, the new status shown at once.
    posted = {**hidden, f"{prefix}status": ResultStatus.EJ_GENOMFORD, f"{prefix}motivation": "Inte längre aktuellt"}
    response = leader_client.post(reverse("measures:result_status", args=[result.measure_id, result.pk]), posted)
    assert response.status_code == 302 and response["Location"] == page_url
    result.refresh_from_db()
    assert (result.status, result.basis_decision_id, result.replacement_measure_id) == (
        ResultStatus.EJ_GENOMFORD, decision.pk, target.pk,
    )  # fmt: skip
    after = leader_client.get(page_url).content.decode()
    assert f'name="{prefix}version" value="{result.version}"' in _inline_form(after, result)
    assert (
        "Ej genomförd"
        in after.split(f'action="{reverse("measures:result_status", args=[result.measure_id, result.pk])}"')[0][-4000:]
    )


def test_the_shared_status_options_mark_each_forms_own_status_as_djangos_select_does(people):
    result = earlier()
    set_status(result, people["process_leader"], status=ResultStatus.PABORJAT)
    result.refresh_from_db()
    other = MeasureResult.objects.exclude(status=ResultStatus.PABORJAT).first()  # another status on the same page
    for form_class in (InlineResultStatusForm, ResultStatusForm):
        for item, status in ((result, ResultStatus.PABORJAT), (other, other.status)):
            field = form_class(result=item)["status"]
            expected = forms.Select(choices=ResultStatus.choices).render(field.html_name, status, {"id": field.auto_id})
            assert parse_html(str(field)) == parse_html(expected), (form_class, status)
            assert str(field).count(" selected") == 1
