"""The plan in force and its follow-up: which plan is in force, what a decision locks, results under a decided plan,
the consolidated and overdue status, and what the public sees (never a draft)."""

import csv
import io
import json
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from measures import selectors, services
from measures.constants import PlanState, ResultStatus, consolidated_status
from measures.models import Measure, MeasureResult, Plan
from measures.opendata import measure_records
from tests.factories import UserFactory
from vudig.core.concurrency import StaleVersionError

from .factories import MeasureFactory, MeasureResultFactory, PlanFactory, decide

TODAY = timezone.localdate


def current():
    return Plan.objects.get(slug="plan-for-digitalisering")


def strategy():
    return Measure.objects.get(plan__slug="plan-for-digitalisering", title="Utarbeta digitaliseringsstrategi")


def new_version(people, *, begins_in_days: int | None = None, title="Plan 2027–2030"):
    plan = services.plan_start_new_version(
        plan=current(),
        title=title,
        period_start=None if begins_in_days is None else TODAY() + timedelta(days=begins_in_days),
        by=people["process_leader"],
    )
    return Plan.objects.get(pk=plan.pk)


def add_result(people, measure=None, **values):
    values = {"title": "Remissversion", "responsible": "Digitaliseringsstrateg", **values}
    return services.measure_result_create(measure=measure or strategy(), by=people["process_leader"], **values)


# -- which plan is in force -----------------------------------------------------------------------------------------
def test_the_latest_decided_plan_whose_period_has_begun_is_in_force(people):
    assert list(Plan.objects.in_force()) == [current()]
    assert selectors.plan_in_force() == current() == selectors.plan_current()
    draft = new_version(people)
    assert list(Plan.objects.in_force()) == [current()]  # a draft is never in force ...
    services.plan_set_state(
        plan=draft, state=PlanState.GODKAND, comment="KLG § 3", expected_version=draft.version,
        by=people["process_leader"],
    )  # fmt: skip
    assert list(Plan.objects.in_force()) == [current()]  # ... nor an approved version


def test_a_successor_decided_but_not_begun_leaves_the_plan_in_force_and_open(people):
    successor = decide(new_version(people, begins_in_days=30), people)
    assert list(Plan.objects.in_force()) == [current()]
    old = Plan.objects.select_related("successor").get(pk=current().pk)
    assert not old.is_closed
    assert selectors.plan_current() == old  # /planen/ opens on the plan in force, not the decided successor
    add_result(people)  # still followed up
    # The day the successor's period begins it is in force, and the earlier plan is closed with its statuses.
    later = TODAY() + timedelta(days=30)
    assert list(Plan.objects.in_force(today=later)) == [successor]
    assert list(Plan.objects.closed(today=later)) == [old]
    assert list(Plan.objects.in_force(today=later - timedelta(days=1))) == [old]


def test_starting_a_new_version_keeps_the_decided_plan_open_for_follow_up(people):
    leader = people["process_leader"]
    result = add_result(people)
    new_version(people)
    result = services.measure_result_set_status(
        result=result, status=ResultStatus.PABORJAT, motivation="Arbetet har startat", expected_version=1, by=leader
    )
    result = services.measure_result_update(
        result=result, title="Remissversion av strategin", expected_version=result.version, by=leader
    )
    second = add_result(people, title="Strategin antagen")
    assert services.measure_result_move(result=second, direction="up", by=leader)
    services.measure_result_set_archived(result=second, archived=True, by=leader)
    measure = services.measure_set_status(
        measure=Measure.objects.get(plan=current(), title="Finansiering av digitaliseringen"),
        status=ResultStatus.PABORJAT, motivation="Budgetberedning", expected_version=1, by=leader,
    )  # fmt: skip
    assert measure.status == ResultStatus.PABORJAT
    assert [r.title for r in strategy().results.active()] == ["Remissversion av strategin"]


def test_a_closed_plan_refuses_follow_up_and_keeps_its_statuses(people):
    result = add_result(people)
    decide(new_version(people), people)  # no period: begun at once
    for call in (
        lambda: add_result(people, title="Ännu ett"),
        lambda: services.measure_result_update(
            result=result, title="X", expected_version=result.version, by=people["process_leader"]
        ),
        lambda: services.measure_result_set_archived(result=result, archived=True, by=people["process_leader"]),
        lambda: services.measure_set_status(
            measure=strategy(), status="paborjat", motivation="x", expected_version=1, by=people["process_leader"]
        ),
    ):
        with pytest.raises(ValidationError, match="uppföljning är avslutad"):
            call()
    result.refresh_from_db()
    assert (result.title, result.status, result.archived) == ("Remissversion", ResultStatus.EJ_PABORJAD, False)


# -- what a decision locks ------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "values",
    [{"title": "Ny titel"}, {"description": "Ny text"}, {"responsible": "Alla"}, {"category": "effect"}],
)
def test_a_decision_locks_a_measures_wording(people, values):
    measure = strategy()
    with pytest.raises(ValidationError, match="ny planversion"):
        services.measure_update(measure=measure, expected_version=1, by=people["process_leader"], **values)
    assert Measure.objects.get(pk=measure.pk).version == 1


# -- results under a decided plan -----------------------------------------------------------------------------------
def test_results_are_added_edited_reordered_and_archived_under_a_decided_plan(people):
    leader = people["process_leader"]
    start, end = TODAY() - timedelta(days=10), TODAY() + timedelta(days=20)
    first = add_result(people, start_date=start, end_date=end, responsible_user=leader)
    second = add_result(people, title="Strategin antagen", responsible="Kommundirektör")
    assert (first.responsible, first.responsible_user, first.start_date, first.end_date) == (
        "Digitaliseringsstrateg", leader, start, end
    )  # fmt: skip
    assert first.history.first().history_change_reason == "Resultat tillagt"
    updated = services.measure_result_update(
        result=first, title="Remissversion av strategin", responsible="", responsible_user=leader,
        start_date=start, end_date=end + timedelta(days=5), expected_version=1, by=leader,
    )  # fmt: skip
    assert (updated.responsible_name, updated.end_date, updated.version) == (
        leader.get_full_name() or leader.username, end + timedelta(days=5), 2
    )  # fmt: skip
    services.measure_result_move(result=second, direction="up", by=leader)
    assert [r.title for r in strategy().results.order_by("order")] == [
        "Strategin antagen",
        "Remissversion av strategin",
    ]
    services.measure_result_set_archived(result=second, archived=True, by=leader)
    services.measure_result_set_archived(result=second, archived=False, by=leader)
    assert not MeasureResult.objects.get(pk=second.pk).archived


def test_an_end_date_before_the_start_is_refused_and_nothing_is_saved(people):
    with pytest.raises(ValidationError) as exc:
        add_result(people, start_date=TODAY(), end_date=TODAY() - timedelta(days=1))
    assert "Slutdatum" in exc.value.message_dict["end_date"][0]
    assert not strategy().results.exists()


def test_result_edit_repeat_is_a_no_op_and_stale_is_refused(people):
    leader = people["process_leader"]
    result = add_result(people)
    values = {"title": "Nytt namn", "responsible": "KLF", "start_date": None, "end_date": None}
    services.measure_result_update(result=result, expected_version=1, by=leader, **values)
    # A double submit (the same values from the same, now stale, page) is a silent no-op ...
    services.measure_result_update(result=result, expected_version=1, by=leader, **values)
    assert MeasureResult.objects.get(pk=result.pk).version == 2
    # ... anything else from the stale page is refused with the newer row.
    with pytest.raises(StaleVersionError) as exc:
        services.measure_result_update(result=result, expected_version=1, by=leader, **{**values, "title": "Annat"})
    assert exc.value.current.title == "Nytt namn"


def test_measure_status_repeat_is_a_no_op_and_stale_is_refused(people):
    leader = people["process_leader"]
    measure = strategy()
    kwargs = {"status": "paborjat", "motivation": "Arbetet har startat", "by": leader}
    services.measure_set_status(measure=measure, expected_version=1, **kwargs)
    services.measure_set_status(measure=measure, expected_version=1, **kwargs)
    assert Measure.objects.get(pk=measure.pk).version == 2
    with pytest.raises(StaleVersionError):
        services.measure_set_status(measure=measure, expected_version=1, **{**kwargs, "status": "etablerat"})
    with pytest.raises(ValidationError, match="motivering"):
        services.measure_set_status(measure=measure, expected_version=2, **{**kwargs, "motivation": " "})
    with pytest.raises(ValidationError, match="krävs för Ej genomförd"):
        services.measure_set_status(measure=measure, expected_version=2, **{**kwargs, "status": "ej_genomford"})


@pytest.mark.parametrize("who", ["reader", "manager", "kommunchef", "no_role"])
def test_only_the_plan_keeper_follows_up(people, who):
    measure = strategy()
    with pytest.raises(PermissionDenied):
        services.measure_result_create(measure=measure, title="X", by=people[who])
    with pytest.raises(PermissionDenied):
        services.measure_set_status(
            measure=measure, status="paborjat", motivation="x", expected_version=1, by=people[who]
        )
    result = MeasureResultFactory(measure=measure)
    with pytest.raises(PermissionDenied):
        services.measure_result_update(result=result, title="X", expected_version=1, by=people[who])
    assert not measure.results.filter(title="X").exists()


# -- consolidated status and overdue --------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("statuses", "own", "expected"),
    [
        ([], "paborjat", "paborjat"),
        (["etablerat", "etablerat"], "ej_paborjad", "etablerat"),
        (["etablerat", "ej_genomford", "avslutad"], "ej_paborjad", "avslutad"),
        (["ej_paborjad", "ej_paborjad"], "etablerat", "ej_paborjad"),
        (["ej_paborjad", "etablerat"], "ej_paborjad", "paborjat"),
        (["paborjat", "ej_paborjad"], "ej_paborjad", "paborjat"),
    ],
)
def test_consolidated_status_rule(statuses, own, expected):
    assert consolidated_status(statuses, own=own) == expected


def test_a_result_past_its_end_date_and_not_finished_is_overdue(people):
    measure = strategy()
    late = add_result(people, end_date=TODAY() - timedelta(days=1))
    add_result(people, title="I tid", end_date=TODAY())
    done = add_result(people, title="Klar", end_date=TODAY() - timedelta(days=5), status=ResultStatus.AVSLUTAD)
    assert list(MeasureResult.objects.overdue()) == [late]
    assert list(Measure.objects.overdue()) == [measure]
    assert list(selectors.measure_overdue_list()) == [measure]
    shown = selectors.measure_list().get(pk=measure.pk)
    assert shown.is_overdue and shown.consolidated_status == ResultStatus.PABORJAT
    services.measure_result_set_status(
        result=late, status=ResultStatus.AVSLUTAD, motivation="Klart", expected_version=1, by=people["process_leader"]
    )
    assert not Measure.objects.overdue().exists()
    assert done.is_finished


# -- pages ----------------------------------------------------------------------------------------------------------
@pytest.fixture
def leader_client(client, people):
    client.force_login(people["process_leader"])
    return client


def test_process_leader_adds_a_result_under_a_measure_of_the_plan_in_force(leader_client):
    measure = strategy()
    page = leader_client.get(reverse("measures:list"), {"plan": current().pk}).content.decode()
    assert reverse("measures:result_create", args=[measure.pk]) in page
    late = TODAY() - timedelta(days=3)
    response = leader_client.post(
        reverse("measures:result_create", args=[measure.pk]),
        {
            "title": "Nulägesanalys",
            "responsible": "Strategen",
            "start_date": "2026-01-01",
            "end_date": late.isoformat(),
        },
    )
    assert response.status_code == 302
    result = measure.results.get()
    assert (result.responsible, result.end_date) == ("Strategen", late)
    html = leader_client.get(measure.get_absolute_url()).content.decode()
    assert "Nulägesanalys" in html and "Strategen" in html and "Försenad" in html
    assert "Ändra resultatet" in html and "Ändra status" in html
    assert "Ändra åtgärden" not in html  # the wording is locked by the decision
    listing = leader_client.get(reverse("measures:list"), {"plan": current().pk}).content.decode()
    assert "Försenad" in listing


def test_bad_dates_answer_in_swedish_and_keep_what_was_typed(leader_client):
    measure = strategy()
    response = leader_client.post(
        reverse("measures:result_create", args=[measure.pk]),
        {"title": "Mitt resultat", "responsible": "Min enhet", "start_date": "2026-05-01", "end_date": "2026-04-01"},
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "Slutdatum (2026-04-01) ligger före startdatum (2026-05-01)." in html
    assert 'value="Mitt resultat"' in html and 'value="Min enhet"' in html
    assert not measure.results.exists()


def test_measure_status_page_refuses_a_missing_motivation_and_saves_a_good_one(leader_client):
    measure = Measure.objects.get(plan=current(), title="Finansiering av digitaliseringen")
    html = leader_client.get(measure.get_absolute_url()).content.decode()
    assert "Ändra åtgärdens status" in html
    url = reverse("measures:measure_status", args=[measure.pk])
    response = leader_client.post(url, {f"m{measure.pk}-status": "paborjat", f"m{measure.pk}-version": 1})
    assert response.status_code == 400 and "Skriv en motivering" in response.content.decode()
    response = leader_client.post(
        url,
        {f"m{measure.pk}-status": "paborjat", f"m{measure.pk}-motivation": "Bereds", f"m{measure.pk}-version": 1},
    )
    assert response.status_code == 302
    measure.refresh_from_db()
    assert measure.status == "paborjat" and measure.history.first().history_change_reason == "Bereds"


def test_drafts_are_marked_for_staff_and_absent_from_public_pages(client, leader_client, people):
    draft = new_version(people, title="Utkastplanen 2027")
    listing = leader_client.get(reverse("measures:list")).content.decode()
    assert "Utkastplanen 2027 (Utkast)" in listing  # the plan filter's choice
    html = leader_client.get(draft.measures.first().get_absolute_url()).content.decode()
    assert "Utkast." in html and "Planen är inte beslutad" in html
    services.plan_set_state(
        plan=draft, state=PlanState.GODKAND, comment="KLG § 3", expected_version=1, by=people["process_leader"]
    )
    listing = leader_client.get(reverse("measures:list")).content.decode()
    assert "Utkastplanen 2027 (Godkänd, ej beslutad)" in listing
    client.logout()
    for url in (reverse("portal:home"), reverse("portal:plan"), "/open-data/measures.json", "/open-data/measures.csv"):
        body = client.get(url).content.decode("utf-8-sig")
        assert "Utkastplanen 2027" not in body, url
        assert "Bästa möjliga för Piteå – plan för digitalisering" in body, url
    page = client.get(reverse("portal:plan"), {"plan": draft.slug})
    assert page.context["selected_plan"] == current()
    assert "Planen finns inte" in page.content.decode()


def test_plan_page_shows_who_approved_and_decided_and_the_reference(leader_client, people):
    plan = decide(PlanFactory(title="Beslutad plan"), people)
    html = leader_client.get(reverse("measures:plan_detail", args=[plan.pk])).content.decode()
    assert "Godkännande och beslut" in html
    for text in (
        "KLG 2026-05-04 § 3",
        "KC-beslut 2026-05-12 § 7",
        "Godkänd",
        "Beslutad",
        people["kommunchef"].username,
    ):
        assert text in html
    entries = selectors.plan_state_history(plan)
    assert [(e.state, e.comment) for e in entries] == [
        ("utkast", ""),
        ("godkand", "KLG 2026-05-04 § 3"),
        ("beslutad", "KC-beslut 2026-05-12 § 7"),
    ]
    assert entries[2].who == (people["kommunchef"].get_full_name() or people["kommunchef"].username)
    # Decided without a period, and later in plan order: it is the plan in force now.
    assert "Gällande plan" in html
    assert (
        "Gällande plan" not in leader_client.get(reverse("measures:plan_detail", args=[current().pk])).content.decode()
    )


# -- open data ------------------------------------------------------------------------------------------------------
def test_open_data_holds_decided_plans_with_status_in_force_and_overdue(client, people):
    new_version(people, title="Utkastplanen 2027")
    person = UserFactory(username="hemlig.ansvarig", first_name="Hemlig", last_name="Ansvarig")
    result = add_result(
        people, end_date=TODAY() - timedelta(days=1), responsible="Anna Ansvarsson", responsible_user=person
    )
    services.measure_result_set_status(
        result=result, status="paborjat", motivation="Start", expected_version=1, by=people["process_leader"]
    )
    data = json.loads(client.get("/open-data/measures.json").content)
    records = data["records"] if isinstance(data, dict) else data
    assert {r["plan_state"] for r in records} == {"beslutad"}
    assert {r["plan"] for r in records} == {"tidigare-atgarder", "plan-for-digitalisering"}
    by_title = {(r["plan"], r["title"]): r for r in records}
    measure = by_title[("plan-for-digitalisering", "Utarbeta digitaliseringsstrategi")]
    assert (measure["status"], measure["in_force"], measure["overdue"]) == ("paborjat", True, True)
    assert measure["results"] == [{"title": "Remissversion", "status": "paborjat", "status_label": "Påbörjat"}]
    earlier = by_title[("tidigare-atgarder", "Centralt stöd för utveckling")]
    assert (earlier["status"], earlier["in_force"], earlier["overdue"]) == ("etablerat", False, False)
    body = json.dumps(records) + client.get("/open-data/measures.csv").content.decode("utf-8-sig")
    assert "Ansvarsson" not in body and "hemlig" not in body.lower()  # no person's name
    rows = client.get("/open-data/measures.csv").content.decode("utf-8-sig").splitlines()
    header = rows[0].split(",")
    for field in ("plan_state", "in_force", "status", "overdue"):
        assert field in header


def test_open_data_query_count_is_constant_at_two_sizes(people):
    counts = []
    for size in (5, 50):
        plan = decide(PlanFactory(title=f"Växande {size}"), people)
        draft = PlanFactory(title=f"Utkast {size}")
        for i in range(size):
            for target in (plan, draft):
                measure = MeasureFactory(plan=target)
                MeasureResultFactory(measure=measure, end_date=TODAY() - timedelta(days=i % 3))
        with CaptureQueriesContext(connection) as ctx:
            records = measure_records()
        counts.append(len(ctx.captured_queries))
        assert all(r["plan_state"] == "beslutad" for r in records)
        assert sum(r["plan"] == plan.slug for r in records) == size
        assert not any(r["plan"] == draft.slug for r in records)
        assert any(r["overdue"] for r in records if r["plan"] == plan.slug)
    assert counts[0] == counts[1] == 4, counts  # measures, results, indicators with their outcomes, organisation parts


def test_the_list_export_has_the_consolidated_status_responsible_dates_and_overdue(leader_client, people):
    add_result(people, start_date=TODAY() - timedelta(days=9), end_date=TODAY() - timedelta(days=2))
    response = leader_client.get(reverse("measures:export", args=["csv"]), {"plan": current().pk})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][9:] == ["Åtgärdens samlade status", "Resultatets ansvarig", "Startdatum", "Slutdatum", "Försenad"]
    row = next(r for r in rows if r[5] == "Remissversion")
    start, end = TODAY() - timedelta(days=9), TODAY() - timedelta(days=2)
    assert row[9:] == ["Ej påbörjad", "Digitaliseringsstrateg", start.isoformat(), end.isoformat(), "Ja"]


def test_an_archived_result_of_the_plan_in_force_can_be_restored_from_the_archive(leader_client, people):
    result = add_result(people)
    services.measure_result_set_archived(result=result, archived=True, by=people["process_leader"])
    page = leader_client.get(reverse("measures:archive")).content.decode()
    assert reverse("measures:result_archive", args=[result.measure_id, result.pk]) in page


def test_new_version_page_says_the_plan_in_force_stays_followed_up(leader_client):
    html = leader_client.get(reverse("measures:plan_new_version", args=[current().pk])).content.decode()
    assert "är gällande plan och fortsätter att följas upp" in html


def test_list_of_the_plan_in_force_with_dated_results_runs_constant_queries(leader_client, people):
    # Results with a responsible person, dates and overdue marks, and a draft version's plan choice: the page costs
    # the same at both sizes (the responsible person is joined to the results' one query).
    new_version(people)
    counts = []
    for size in (3, 30):
        for i in range(size):
            MeasureResultFactory(
                measure=MeasureFactory(plan=current(), title=f"Dated {size}-{i}"),
                responsible_user=people["process_leader"],
                end_date=TODAY() - timedelta(days=i % 2),
            )
        with CaptureQueriesContext(connection) as ctx:
            response = leader_client.get(reverse("measures:list"), {"plan": current().pk})
        counts.append(len(ctx.captured_queries))
        assert response.status_code == 200 and "Försenad" in response.content.decode()
    assert counts[0] == counts[1], counts
