"""Organisation parts: the (Alla) results handed to every förvaltning and bolag, each reported by its own people."""

import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from measures import parts
from measures.models import Measure, MeasureResult, OrganisationPart
from vudig.core.concurrency import StaleVersionError
from vudig.core.constants import OrganisationKind
from vudig.core.models import Organisation

from .factories import MeasureFactory, PlanFactory


@pytest.fixture
def alla_result(plan):
    return MeasureResult.objects.get(
        title="Verksamhetsspecifikt kartläggningsarbete", measure__plan__slug="tidigare-atgarder"
    )


@pytest.fixture
def part(alla_result, org):
    return OrganisationPart.objects.get(result=alla_result, organisation=org)


def test_the_seed_hands_the_alla_results_to_every_forvaltning_and_bolag_unreported(plan):
    carried = MeasureResult.objects.filter(parts__isnull=False).distinct()
    assert sorted(carried.values_list("title", flat=True)) == [
        "Verksamhetsspecifikt införande",
        "Verksamhetsspecifikt införande",
        "Verksamhetsspecifikt kartläggningsarbete",
    ]
    expected = set(
        Organisation.objects.filter(kind__in=[OrganisationKind.FORVALTNING, OrganisationKind.BOLAG]).values_list(
            "pk", flat=True
        )
    )
    assert len(expected) == 13
    for result in carried:
        assert set(result.parts.values_list("organisation_id", flat=True)) == expected
        # The plan's own status stays the one the table gives; every part starts unreported.
        assert result.status == "paborjat"
        assert set(result.parts.values_list("status", flat=True)) == {""}
    assert all(m.responsible == "Alla" for m in Measure.objects.filter(results__in=carried))


def test_manager_reports_the_organisations_part(part, people):
    saved = parts.organisation_part_report(
        part=part, status="etablerat", comment="Kartlagt i alla enheter", by=people["manager"], expected_version=1
    )
    assert (saved.status, saved.comment, saved.reported_by) == (
        "etablerat",
        "Kartlagt i alla enheter",
        people["manager"],
    )
    assert saved.history.first().history_user == people["manager"]
    # The result's own (decided) status is untouched.
    assert MeasureResult.objects.get(pk=part.result_id).status == "paborjat"


def test_repeat_report_is_a_no_op_and_a_stale_one_is_refused(part, people):
    parts.organisation_part_report(part=part, status="paborjat", comment="", by=people["manager"], expected_version=1)
    again = parts.organisation_part_report(
        part=part, status="paborjat", comment="", by=people["manager"], expected_version=1
    )
    assert again.version == 2 and again.history.count() == 2  # created + one report
    with pytest.raises(StaleVersionError):
        parts.organisation_part_report(
            part=part, status="avslutad", comment="", by=people["manager"], expected_version=1
        )


@pytest.mark.parametrize("who", ["manager_other_org", "process_leader", "reader", "kommunchef"])
def test_nobody_else_reports_the_part(part, people, who):
    with pytest.raises(PermissionDenied):
        parts.organisation_part_report(part=part, status="etablerat", comment="", by=people[who], expected_version=1)
    part.refresh_from_db()
    assert part.status == ""


def test_bad_input_names_every_field(part, people):
    with pytest.raises(ValidationError) as exc:
        parts.organisation_part_report(
            part=part, status="ej_genomford", comment="", by=people["manager"], expected_version=1
        )
    assert "comment" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        parts.organisation_part_report(
            part=part, status="", comment="x" * 1001, by=people["manager"], expected_version=1
        )
    assert set(exc.value.message_dict) == {"status", "comment"}


def test_manager_names_a_reporter_who_then_reports_and_others_still_cannot(part, people, other_org, alla_result):
    deputy = people["no_role"]
    with pytest.raises(PermissionDenied):
        parts.organisation_part_set_reporter(part=part, username=deputy.username, by=people["manager_other_org"])
    parts.organisation_part_set_reporter(part=part, username=deputy.username, by=people["manager"])
    part.refresh_from_db()
    assert part.reporter == deputy
    parts.organisation_part_report(part=part, status="framtagen", comment="", by=deputy, expected_version=part.version)
    other_part = OrganisationPart.objects.get(result=alla_result, organisation=other_org)
    with pytest.raises(PermissionDenied):
        parts.organisation_part_report(part=other_part, status="framtagen", comment="", by=deputy, expected_version=1)
    with pytest.raises(ValidationError):
        parts.organisation_part_set_reporter(part=part, username="finns-inte", by=people["manager"])


def test_process_leader_assigns_removes_and_restores_organisations(people, org, other_org):
    measure = MeasureFactory(plan=PlanFactory(state="beslutad"))
    counts = parts.organisation_parts_assign(
        measure=measure, organisations=[org, other_org], by=people["process_leader"]
    )
    assert counts == {"added": 2, "restored": 0, "archived": 0}
    assert parts.organisation_parts_assign(
        measure=measure, organisations=[org, other_org], by=people["process_leader"]
    ) == {"added": 0, "restored": 0, "archived": 0}
    assert (
        parts.organisation_parts_assign(measure=measure, organisations=[org], by=people["process_leader"])["archived"]
        == 1
    )
    assert list(measure.parts.active().values_list("organisation", flat=True)) == [org.pk]
    assert (
        parts.organisation_parts_assign(measure=measure, organisations=[org, other_org], by=people["process_leader"])[
            "restored"
        ]
        == 1
    )
    with pytest.raises(PermissionDenied):
        parts.organisation_parts_assign(measure=measure, organisations=[org], by=people["manager"])


def test_measure_page_shows_counts_matrix_and_who_has_not_reported(client, people, part):
    parts.organisation_part_report(part=part, status="etablerat", comment="", by=people["manager"], expected_version=1)
    measure = part.measure
    client.force_login(people["process_leader"])
    html = client.get(measure.get_absolute_url()).content.decode()
    assert "Organisationernas delar" in html and "Organisationer och resultat" in html
    assert "Har inte rapporterat" in html
    overview = parts.part_overview(measure=measure)
    assert overview.total == 13
    counts = {c["value"]: c["count"] for c in overview.counts}
    assert counts[""] == 12 and counts["etablerat"] == 1
    assert part.organisation not in overview.unreported and len(overview.unreported) == 12
    assert [title for _pk, title in overview.columns] == ["Verksamhetsspecifikt kartläggningsarbete"]
    # The manager sees the matrix with a link to report their own part only; not the process leader's list.
    client.force_login(people["manager"])
    html = client.get(measure.get_absolute_url()).content.decode()
    assert reverse("measures:part_report", args=[measure.pk, part.pk]) in html
    assert html.count(">Rapportera<") == 1 and "Har inte rapporterat" not in html


def test_part_report_page_saves_and_refuses_forged_ids(client, people, part, other_org):
    url = reverse("measures:part_report", args=[part.measure_id, part.pk])
    client.force_login(people["manager"])
    response = client.post(url, {"status": "alt_losning", "comment": "", "version": 1})
    assert response.status_code == 400 and "krävs för Alt lösning" in response.content.decode()
    response = client.post(url, {"status": "alt_losning", "comment": "Ersatt av regional lösning", "version": 1})
    assert response.status_code == 302
    part.refresh_from_db()
    assert part.status == "alt_losning"
    stale = client.post(url, {"status": "avslutad", "comment": "", "version": 1})
    assert stale.status_code == 409 and "Ersatt av regional lösning" in stale.content.decode()
    other = OrganisationPart.objects.get(result=part.result, organisation=other_org)
    assert client.post(reverse("measures:part_report", args=[other.measure_id, other.pk]), {}).status_code == 403
    wrong_measure = Measure.objects.exclude(pk=part.measure_id).first()
    assert client.get(reverse("measures:part_report", args=[wrong_measure.pk, part.pk])).status_code == 404


def test_assign_page_hands_a_measure_to_all_forvaltningar_and_bolag(client, people):
    measure = Measure.objects.get(title="Följ upp verksamheternas struktur och kapacitet")
    client.force_login(people["process_leader"])
    url = reverse("measures:part_assign", args=[measure.pk])
    assert client.post(url, {}).status_code == 400
    assert client.post(url, {"all_organisations": "on"}).status_code == 302
    assert measure.parts.active().filter(result=None).count() == 13


def test_open_data_lists_each_organisations_part_and_csv_has_a_row_per_part(client, people, part):
    parts.organisation_part_report(
        part=part, status="etablerat", comment="intern", by=people["manager"], expected_version=1
    )
    data = json.loads(client.get(reverse("opendata:json", args=["measures"])).content)
    records = data["records"] if isinstance(data, dict) else data
    record = next(r for r in records if r["id"] == part.measure_id)
    assert len(record["organisations"]) == 13
    own = next(o for o in record["organisations"] if o["organisation"] == part.organisation.name)
    assert own == {"organisation": part.organisation.name, "status": "etablerat", "result": part.result.title}
    assert all(
        r["organisations"] == [] for r in records if r["id"] != part.measure_id and r["title"].startswith("Utarbeta")
    )
    # No person's name, no internal comment.
    assert "chef" not in json.dumps(record) and "intern" not in json.dumps(record["organisations"])
    csv = client.get(reverse("opendata:csv", args=["measures"])).content.decode("utf-8-sig")
    header = csv.splitlines()[0]
    assert "organisation" in header and "organisation_status" in header
    assert sum(1 for line in csv.splitlines() if part.organisation.name in line) >= 1


def test_part_page_shows_who_reported_what_by_name(client, people, part):
    parts.organisation_part_report(
        part=part, status="etablerat", comment="Klart", by=people["manager"], expected_version=1
    )
    parts.organisation_part_set_reporter(part=part, username=people["no_role"].username, by=people["manager"])
    client.force_login(people["manager"])
    response = client.get(reverse("measures:part_report", args=[part.measure_id, part.pk]))
    entries = response.context["entries"]
    assert entries[0].reason.startswith("Rapportör utsedd")
    reported = next(e for e in entries if e.reason == "Delen rapporterad")
    manager = people["manager"]
    assert reported.who == (manager.get_full_name() or manager.username) and any(
        c.new == "Etablerat" for c in reported.changes
    )
    assert all(f"{part.organisation.name}: " in e.subject for e in entries)


def test_the_loader_refuses_an_unknown_carried_by_and_changes_nothing(plan, tmp_path):
    from vudig.portal.plan_loader import DEFAULT_PLAN_FILE, PlanDataError, plan_load

    broken = tmp_path / "plan.yaml"
    broken.write_text(
        DEFAULT_PLAN_FILE.read_text(encoding="utf-8").replace("    carried_by: all", "    carried_by: några", 1),
        encoding="utf-8",
    )
    before = OrganisationPart.objects.count()
    with pytest.raises(PlanDataError, match="carried_by"):
        plan_load(path=broken)
    assert OrganisationPart.objects.count() == before
    assert plan_load().changed is False  # the real file again: nothing to add


def test_reporter_form_on_the_part_page_names_a_person_and_refuses_an_unknown_one(client, people, part):
    client.force_login(people["manager"])
    url = reverse("measures:part_reporter", args=[part.measure_id, part.pk])
    bad = client.post(url, {"username": "finns-inte"})
    assert bad.status_code == 400 and "Ingen aktiv användare heter ”finns-inte”" in bad.content.decode()
    assert client.post(url, {"username": people["no_role"].username}).status_code == 302
    part.refresh_from_db()
    assert part.reporter == people["no_role"]
    client.force_login(people["manager_other_org"])
    assert client.post(url, {"username": ""}).status_code == 403
    part.refresh_from_db()
    assert part.reporter == people["no_role"]
