"""Beredning: refer from inkommen in the page, förslag till beslut on the agenda, "Hos" for each reader, measures
grouped by plan."""

from django.urls import reverse

from measures.models import Measure, Plan
from steeringgroups.constants import ErrandAction, ErrandState
from steeringgroups.models import Errand
from steeringgroups.services import errand_set_proposal, errand_transition, meeting_add_errands


def test_beredning_refers_straight_from_inkommen_on_the_page(client, people, errand, extern_group):
    client.force_login(people["beredning"])
    page = client.get(errand.get_absolute_url()).content.decode()
    assert "Hänskjut till styrgrupp" in page
    response = client.post(
        reverse("steeringgroups:errand_transition", kwargs={"pk": errand.pk}),
        {"action_name": "refer", "refer-version": errand.version, "refer-group": extern_group.pk, "refer-reason": ""},
    )
    assert response.status_code == 302
    assert Errand.objects.get(pk=errand.pk).state == ErrandState.HANSKJUTEN


def test_proposal_is_written_by_the_beredning_and_shown_to_the_chair_on_the_agenda(client, people, referred, meeting):
    client.force_login(people["beredning"])
    url = reverse("steeringgroups:errand_proposal", kwargs={"pk": referred.pk})
    assert client.post(url, {"version": referred.version, "proposed_decision": "Bifall."}).status_code == 302
    stale = client.post(url, {"version": referred.version, "proposed_decision": "Avslag."})
    assert stale.status_code == 409 and "Bifall." in stale.content.decode()
    client.force_login(people["member"])
    assert client.post(url, {"version": 2, "proposed_decision": "X"}).status_code == 403
    meeting_add_errands(meeting=meeting, errands=[referred], by=people["chair"])
    client.force_login(people["chair"])
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "Förslag till beslut:" in page and "Bifall." in page
    referred.refresh_from_db()
    assert errand_set_proposal(errand=referred, text="Bifall.", by=people["beredning"]) is None  # repeat: no-op


def test_hos_says_who_holds_it_in_words_for_the_reader(client, people, errand, extern_group):
    errand_transition(errand=errand, action=ErrandAction.REQUEST_INFO, by=people["beredning"], reason="Mer?")
    errand.refresh_from_db()
    assert errand.holder_for(people["manager"]) == "Du som skickade in (komplettering begärd)"
    assert errand.holder_for(people["beredning"]) == "Den som skickade in (komplettering begärd)"
    client.force_login(people["beredning"])
    queue = client.get(reverse("steeringgroups:queue")).content.decode()
    assert "Den som skickade in (komplettering begärd)" in queue and "Du som skickade in" not in queue
    errand_transition(errand=errand, action=ErrandAction.ANSWER, by=people["manager"], reason="Svar")
    errand_transition(errand=errand, action=ErrandAction.REFER, by=people["beredning"], group=extern_group)
    errand.refresh_from_db()
    assert errand.holder_for(people["member"]) == "Din styrgrupp, Extern digitalisering"
    assert errand.holder_for(people["manager"]) == "Extern digitalisering"


def test_measures_in_the_errand_form_are_grouped_by_plan_as_checkboxes(client, people):
    client.force_login(people["manager"])
    html = client.get(reverse("steeringgroups:errand_create")).content.decode()
    for plan in Plan.objects.all():
        assert f"<legend>{plan.title}</legend>" in html
    measure = Measure.objects.active().first()
    assert f'type="checkbox" name="measures" value="{measure.pk}"' in html
    assert 'select name="measures"' not in html
