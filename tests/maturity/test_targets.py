"""Issue 17, item 1: target levels (the organisation's own, else the process leader's per kind), gaps, and the
largest gaps with what addresses them."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from maturity.constants import RoundStatus
from maturity.models import AreaAssessment, Assessment, TargetLevel
from maturity.selectors import largest_gaps
from maturity.services import area_links_set, targets_set
from measures.models import Measure
from vudig.core.constants import OrganisationKind

from .conftest import form_data


def edit_url(round, org):
    return reverse("maturity:edit", args=[round.year, org.slug])


def _submit(client, round, org, areas, people, **extra):
    client.force_login(people["manager"])
    return client.post(edit_url(round, org), form_data(areas, level=2) | {"submit": "1"} | extra)


def test_process_leader_sets_central_targets_per_kind(open_round, areas, people):
    levels = {(OrganisationKind.FORVALTNING, a): 3 for a in areas} | {(OrganisationKind.BOLAG, areas[0]): 4}
    assert targets_set(round=open_round, levels=levels, by=people["process_leader"]) == 6
    assert targets_set(round=open_round, levels=levels, by=people["process_leader"]) == 0  # a repeat writes nothing
    assert TargetLevel.objects.count() == 6 and TargetLevel.history.count() == 6
    targets_set(round=open_round, levels={(OrganisationKind.BOLAG, areas[0]): None}, by=people["process_leader"])
    assert TargetLevel.objects.count() == 5


@pytest.mark.parametrize("who", ["manager", "kommunchef", "reader", "admin"])
def test_only_the_process_leader_sets_central_targets(open_round, areas, people, who):
    with pytest.raises(PermissionDenied):
        targets_set(round=open_round, levels={(OrganisationKind.BOLAG, areas[0]): 3}, by=people[who])
    assert not TargetLevel.objects.exists()


def test_a_target_outside_1_to_5_saves_nothing(open_round, areas, people):
    levels = {(OrganisationKind.BOLAG, areas[0]): 3, (OrganisationKind.BOLAG, areas[1]): 7}
    with pytest.raises(ValidationError, match="mellan 1 och 5"):
        targets_set(round=open_round, levels=levels, by=people["process_leader"])
    assert not TargetLevel.objects.exists()


def test_targets_of_a_closed_round_cannot_change(open_round, areas, people):
    open_round.status = RoundStatus.STANGD
    open_round.save()
    with pytest.raises(ValidationError, match="stängd"):
        targets_set(round=open_round, levels={(OrganisationKind.BOLAG, areas[0]): 3}, by=people["process_leader"])


def test_targets_page_for_the_process_leader_only(client, open_round, areas, people):
    url = reverse("maturity:targets", args=[open_round.year])
    client.force_login(people["manager"])
    assert client.get(url).status_code == 403
    client.force_login(people["process_leader"])
    assert client.get(url).status_code == 200
    data = {f"forvaltning-{a.slug}": "4" for a in areas} | {"bolag-kompetens": "9"}
    response = client.post(url, data)
    assert response.status_code == 200 and "Välj en målnivå mellan 1 och 5." in response.content.decode()
    assert not TargetLevel.objects.exists()
    data["bolag-kompetens"] = "3"
    assert client.post(url, data).status_code == 302
    assert TargetLevel.objects.count() == 6


def test_manager_sets_own_target_and_a_bad_one_is_refused(client, open_round, org, areas, people):
    response = _submit(client, open_round, org, areas, people, **{"kompetens-target": "6"})
    assert "Välj en målnivå mellan 1 och 5." in response.content.decode()
    assert not Assessment.objects.exists()
    response = _submit(client, open_round, org, areas, people, **{"kompetens-target": "4"})
    assert response.status_code == 302
    assert AreaAssessment.objects.get(area__slug="kompetens").target == 4


def test_results_show_target_gap_and_the_target_on_the_radar(client, open_round, org, areas, people):
    targets_set(
        round=open_round, levels={(OrganisationKind.FORVALTNING, a): 3 for a in areas}, by=people["process_leader"]
    )
    _submit(client, open_round, org, areas, people, **{"kompetens-target": "5"})
    page = client.get(reverse("maturity:assessment", args=[open_round.year, org.slug])).content.decode()
    assert "Kompetens: nivå 2, mål 5" in page and "Samverkan: nivå 2, mål 3" in page
    assert "<strong>3</strong>" in page  # Kompetens' gap
    assert "Mål: Ledning/styrning 3" in page  # the radar's text alternative names the target series
    heatmap = client.get(reverse("maturity:heatmap", args=[open_round.year])).content.decode()
    assert "mål 5" in heatmap and "2 (5)" in heatmap


def test_largest_gaps_listed_with_their_measure_and_unaddressed_ones_marked(client, open_round, org, areas, people):
    targets_set(
        round=open_round, levels={(OrganisationKind.FORVALTNING, a): 3 for a in areas}, by=people["process_leader"]
    )
    _submit(client, open_round, org, areas, people, **{"kompetens-target": "5"})
    gaps = largest_gaps(round=open_round)
    assert [(g.area.slug, g.level, g.goal, g.gap) for g in gaps][0] == ("kompetens", 2, 5, 3)
    assert len(gaps) == 5
    measure = Measure.objects.order_by("pk").first()
    row = AreaAssessment.objects.get(area__slug="kompetens")
    area_links_set(area_assessment=row, measures=[measure], projects=[], by=people["manager"])
    client.force_login(people["process_leader"])
    page = client.get(reverse("maturity:round", args=[open_round.year])).content.decode()
    assert "Största gapen mot målnivån" in page
    assert measure.title in page
    assert page.count("gap-item--unaddressed") == 4  # the four other areas have nothing linked
