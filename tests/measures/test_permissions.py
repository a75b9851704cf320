"""Who may do what with the action plan: every role × every rule and every page, incl. forged ids (no IDOR)."""

from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from measures import periods
from measures.constants import PlanState
from measures.indicators import with_carriers
from measures.models import (
    Comment,
    Indicator,
    Measure,
    MeasureResult,
    OrganisationPart,
    PeriodReport,
    Plan,
    StatusDocument,
)
from tests.permission_matrix import ALL, SIGNED_IN, assert_matrix_row
from vudig.core.rules import can

from .factories import MeasureFactory, MeasureResultFactory, PlanFactory

KEEPERS = {"process_leader", "admin"}
# Everyone with a role but a reader takes part in the follow-up discussion, another organisation's manager too: the
# plan's measures concern every förvaltning and bolag.
COMMENTERS = SIGNED_IN - {"no_role", "reader"}
# The documents a status rests on are read by anyone with a role, never by the public or an account without one.
DOCUMENT_READERS = SIGNED_IN - {"no_role"}

# action -> (object fixture name or None, people allowed)
MATRIX = {
    "plan.edit": ("earlier_plan", KEEPERS),
    "plan.approve": ("earlier_plan", KEEPERS),
    "plan.decide": ("earlier_plan", {"kommunchef"}),
    "measure.comment": ("earlier_measure", COMMENTERS),
    "measure.document_view": ("earlier_measure", DOCUMENT_READERS),
    # A measure's indicators: the plan keeper, and the manager of the organisation responsible for the measure (never
    # another organisation's manager).
    "indicator.edit": ("org_measure", KEEPERS | {"manager"}),
    "indicator.record": ("org_measure", KEEPERS | {"manager"}),
    # Organisation parts and follow-up periods (issue 11): a part is reported by its organisation's manager (not by
    # another organisation's manager, nor the process leader), named reporters are tested in test_parts.py.
    "measure.part_assign": ("earlier_measure", KEEPERS),
    "measure.part_report": ("social_part", {"manager", "admin"}),
    "measure.part_delegate": ("social_part", {"manager", "admin"}),
    "period.manage": ("earlier_plan", KEEPERS),
    "period.view": ("earlier_plan", DOCUMENT_READERS),
    "period.report": ("social_row", {"manager", "admin"}),
}


@pytest.fixture
def org_measure(plan, org):
    measure = Measure.objects.filter(plan__slug="plan-for-digitalisering").first()
    measure.responsible_organisation = org
    measure.save()
    return measure


@pytest.fixture
def earlier_measure(earlier_plan):
    return earlier_plan.measures.first()


@pytest.fixture
def earlier_plan(plan):
    return Plan.objects.get(slug="tidigare-atgarder")


@pytest.mark.parametrize("action", sorted(MATRIX))
def test_role_may_do_exactly_what_the_matrix_says(action, people, request):
    fixture, allowed = MATRIX[action]
    assert_matrix_row(action=action, obj=request.getfixturevalue(fixture), allowed=allowed, people=people)


@pytest.fixture
def objects(people):
    draft = PlanFactory()
    measure = MeasureFactory(plan=draft)
    result = MeasureResultFactory(measure=measure)
    approved = PlanFactory(state=PlanState.GODKAND)
    return {
        "draft": draft,
        "measure": measure,
        "result": result,
        "approved": approved,
        "decided": Plan.objects.get(slug="tidigare-atgarder"),
    }


# url builder -> who gets the page (others signed in get 403, anonymous is sent to log in)
PAGES = {
    "list": (lambda o: reverse("measures:list"), SIGNED_IN),
    "export": (lambda o: reverse("measures:export", args=["csv"]), SIGNED_IN),
    "detail": (lambda o: o["measure"].get_absolute_url(), SIGNED_IN),
    "plans": (lambda o: reverse("measures:plans"), SIGNED_IN),
    "changes": (lambda o: reverse("measures:changes"), SIGNED_IN),
    "create": (lambda o: reverse("measures:create"), KEEPERS),
    "edit": (lambda o: reverse("measures:edit", args=[o["measure"].pk]), KEEPERS),
    "archive": (lambda o: reverse("measures:archive"), KEEPERS),
    "result_status": (lambda o: reverse("measures:result_status", args=[o["measure"].pk, o["result"].pk]), KEEPERS),
    "result_edit": (lambda o: reverse("measures:result_edit", args=[o["measure"].pk, o["result"].pk]), KEEPERS),
    "result_create": (lambda o: reverse("measures:result_create", args=[o["measure"].pk]), KEEPERS),
    "plan_edit": (lambda o: reverse("measures:plan_edit", args=[o["draft"].pk]), KEEPERS),
    "plan_new_version": (lambda o: reverse("measures:plan_new_version", args=[o["decided"].pk]), KEEPERS),
    "plan_approve": (lambda o: reverse("measures:plan_state", args=[o["draft"].pk, "godkand"]), KEEPERS),
    "plan_decide": (lambda o: reverse("measures:plan_state", args=[o["approved"].pk, "beslutad"]), {"kommunchef"}),
}


@pytest.mark.parametrize("page", sorted(PAGES))
def test_every_role_gets_exactly_the_pages_it_may_use(client, people, objects, page):
    build, allowed = PAGES[page]
    url = build(objects)
    wrong = []
    for who, user in people.items():
        client.logout()
        if user is not None:
            client.force_login(user)
        status = client.get(url).status_code
        expected = 200 if who in allowed else (302 if who == "anonymous" else 403)
        if status != expected:
            wrong.append((who, status, expected))
    assert not wrong, f"{page}: {wrong}"
    assert set(allowed) <= ALL


WRITES = {
    "status": lambda o: (
        reverse("measures:result_status", args=[o["measure"].pk, o["result"].pk]),
        {
            f"r{o['result'].pk}-status": "etablerat",
            f"r{o['result'].pk}-motivation": "Klart",
            f"r{o['result'].pk}-version": 1,
        },
    ),
    "move": lambda o: (reverse("measures:move", args=[o["measure"].pk]), {"direction": "down"}),
    "archive": lambda o: (reverse("measures:archive_measure", args=[o["measure"].pk]), {"archived": "1"}),
    "result_archive": lambda o: (
        reverse("measures:result_archive", args=[o["measure"].pk, o["result"].pk]),
        {"archived": "1"},
    ),
    "approve": lambda o: (
        reverse("measures:plan_state", args=[o["draft"].pk, "godkand"]),
        {"comment": "LG", "version": 1},
    ),
}


@pytest.mark.parametrize("write", sorted(WRITES))
@pytest.mark.parametrize("who", sorted(SIGNED_IN - KEEPERS))
def test_nobody_but_the_plan_keeper_writes(client, people, objects, write, who):
    url, data = WRITES[write](objects)
    client.force_login(people[who])
    assert client.post(url, data).status_code == 403
    objects["result"].refresh_from_db()
    objects["measure"].refresh_from_db()
    objects["draft"].refresh_from_db()
    assert objects["result"].status == "paborjat" and not objects["result"].archived
    assert not objects["measure"].archived and objects["draft"].state == PlanState.UTKAST


def test_anonymous_write_is_sent_to_log_in_and_changes_nothing(client, objects):
    url, data = WRITES["status"](objects)
    response = client.post(url, data)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    objects["result"].refresh_from_db()
    assert objects["result"].status == "paborjat"


def test_forged_ids_are_refused(client, people, objects):
    client.force_login(people["process_leader"])
    other_result = MeasureResult.objects.filter(measure__plan__slug="tidigare-atgarder").first()
    measure = objects["measure"]
    # A result of another measure (and plan) under this measure's url.
    for name in ("result_status", "result_edit", "result_archive", "result_move"):
        response = client.post(reverse(f"measures:{name}", args=[measure.pk, other_result.pk]), {})
        assert response.status_code == 404, name
    # A plan id forged into the create form: a decided plan is not among the choices.
    decided = Plan.objects.get(slug="tidigare-atgarder")
    before = Measure.objects.count()
    response = client.post(reverse("measures:create"), {"plan": decided.pk, "title": "Smuggel", "responsible": "KLF"})
    assert response.status_code == 400 and Measure.objects.count() == before


@pytest.fixture
def document(objects, people, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    stored = StatusDocument(
        result=objects["result"],
        original_name="protokoll.pdf",
        content_type="application/pdf",
        size=9,
        uploaded_by=people["process_leader"],
    )
    stored.file.save("underlag.pdf", ContentFile(b"%PDF-1.4\n"), save=True)
    return stored


def test_status_document_is_served_exactly_to_those_with_a_role(client, people, document):
    wrong = []
    for who, user in people.items():
        client.logout()
        if user is not None:
            client.force_login(user)
        status = client.get(document.get_absolute_url()).status_code
        expected = 200 if who in DOCUMENT_READERS else (302 if who == "anonymous" else 403)
        if status != expected:
            wrong.append((who, status, expected))
    assert not wrong


def test_comment_is_written_exactly_by_those_who_take_part(client, people, objects):
    url = reverse("measures:comment", args=[objects["measure"].pk])
    wrong = []
    for who, user in people.items():
        client.logout()
        if user is not None:
            client.force_login(user)
        before = Comment.objects.count()
        status = client.post(url, {"text": f"Från {who}"}).status_code
        expected = 302 if who in COMMENTERS or who == "anonymous" else 403
        saved = Comment.objects.count() - before
        if status != expected or saved != (1 if who in COMMENTERS else 0):
            wrong.append((who, status, saved))
    assert not wrong
    assert Comment.objects.filter(author=people["manager_other_org"]).exists()


# -- organisation parts and follow-up periods (issue 11) -----------------------------------------------------------
@pytest.fixture
def social_part(org):
    return OrganisationPart.objects.select_related("measure").filter(organisation=org).first()


@pytest.fixture
def open_period(people):
    return periods.period_open(
        title="Uppföljning T1",
        kind="t1",
        deadline=timezone.localdate() + timedelta(days=30),
        by=people["process_leader"],
    )


@pytest.fixture
def social_row(open_period, org):
    return PeriodReport.objects.select_related("part", "result").filter(period=open_period, organisation=org).first()


def test_the_plans_own_rows_are_reported_by_the_process_leader_and_a_results_by_its_responsible(people, open_period):
    keeper_row = PeriodReport.objects.select_related("part", "result").filter(period=open_period, part=None).first()
    assert_matrix_row(action="period.report", obj=keeper_row, allowed={"process_leader", "admin"}, people=people)
    result_row = (
        PeriodReport.objects.select_related("part", "result")
        .filter(period=open_period, part=None, result__isnull=False)
        .first()
    )
    MeasureResult.objects.filter(pk=result_row.result_id).update(responsible_user=people["reader"])
    result_row.result.refresh_from_db()
    assert_matrix_row(
        action="period.report", obj=result_row, allowed={"reader", "process_leader", "admin"}, people=people
    )


PERIOD_PAGES = {
    "periods": (lambda o: reverse("measures:periods"), DOCUMENT_READERS),
    "period_detail": (lambda o: reverse("measures:period_detail", args=[o["period"].pk]), DOCUMENT_READERS),
    "period_mine": (lambda o: reverse("measures:period_mine", args=[o["period"].pk]), DOCUMENT_READERS),
    "period_export": (lambda o: reverse("measures:period_export", args=[o["period"].pk, "csv"]), DOCUMENT_READERS),
    "period_open": (lambda o: reverse("measures:period_open"), KEEPERS),
    "part_assign": (lambda o: reverse("measures:part_assign", args=[o["part"].measure_id]), KEEPERS),
    "part_report": (
        lambda o: reverse("measures:part_report", args=[o["part"].measure_id, o["part"].pk]),
        {"manager", "admin"},
    ),
}


@pytest.mark.parametrize("page", sorted(PERIOD_PAGES))
def test_every_role_gets_exactly_the_period_and_part_pages_it_may_use(client, people, open_period, social_part, page):
    build, allowed = PERIOD_PAGES[page]
    url = build({"period": open_period, "part": social_part})
    wrong = []
    for who, user in people.items():
        client.logout()
        if user is not None:
            client.force_login(user)
        status = client.get(url).status_code
        expected = 200 if who in allowed else (302 if who == "anonymous" else 403)
        if status != expected:
            wrong.append((who, status, expected))
    assert not wrong, f"{page}: {wrong}"


@pytest.mark.parametrize("who", sorted(SIGNED_IN - {"manager", "admin"}))
def test_nobody_but_the_organisations_people_reports_its_part_in_a_period(client, people, social_row, who):
    client.force_login(people[who])
    prefix = f"p{social_row.pk}"
    data = {f"{prefix}-status": "etablerat", f"{prefix}-version": 1, f"{prefix}-action": "complete"}
    assert (
        client.post(reverse("measures:period_report", args=[social_row.period_id, social_row.pk]), data).status_code
        == 403
    )
    assert (
        client.post(
            reverse("measures:part_report", args=[social_row.measure_id, social_row.part_id]),
            {"status": "etablerat", "version": 1},
        ).status_code
        == 403
    )
    social_row.refresh_from_db()
    assert social_row.status == "" and social_row.completed_at is None
    assert OrganisationPart.objects.get(pk=social_row.part_id).status == ""


@pytest.fixture
def carried_part(org):
    """The manager's organisation's part of a measure that only it carries (not "(Alla)"), which it is not
    responsible for."""
    measure = Measure.objects.filter(plan__slug="plan-for-digitalisering", parts=None).first()
    Measure.objects.filter(pk=measure.pk).update(responsible_organisation=None)
    return OrganisationPart.objects.create(measure=measure, organisation=org)


@pytest.fixture
def carried_measure(carried_part):
    return with_carriers(Measure.objects.get(pk=carried_part.measure_id))


def test_the_organisations_that_carry_a_measure_record_its_indicators_and_no_other(people, carried_measure):
    # The manager of an organisation with a part of the measure records its outcomes; another organisation's manager
    # (who carries no part) does not, nor may the carrier change the indicators themselves.
    assert_matrix_row(action="indicator.record", obj=carried_measure, allowed=KEEPERS | {"manager"}, people=people)
    assert_matrix_row(action="indicator.edit", obj=carried_measure, allowed=KEEPERS, people=people)


def test_the_reporter_a_manager_names_records_the_measures_indicators_too(people, carried_part, carried_measure):
    OrganisationPart.objects.filter(pk=carried_part.pk).update(reporter=people["reader"])
    measure = with_carriers(Measure.objects.get(pk=carried_measure.pk))
    assert_matrix_row(action="indicator.record", obj=measure, allowed=KEEPERS | {"manager", "reader"}, people=people)


def test_an_archived_part_no_longer_lets_its_organisation_record(people, carried_part, carried_measure):
    OrganisationPart.objects.filter(measure_id=carried_measure.pk, organisation_id=carried_part.organisation_id).update(
        archived=True
    )
    measure = with_carriers(Measure.objects.get(pk=carried_measure.pk))
    assert not can(people["manager"], "indicator.record", measure)


def test_the_carrier_rule_reads_the_prefetched_parts_and_runs_no_query(
    people, carried_measure, django_assert_num_queries
):
    indicator = Indicator(measure=carried_measure, name="x")
    can(people["manager"], "portal.view")  # the person's roles are read once per request, not by the rule
    with django_assert_num_queries(0):
        assert can(people["manager"], "indicator.record", carried_measure)
        assert can(people["manager"], "indicator.record", indicator)
    # Asked about a measure whose parts nobody fetched, the rule says no rather than querying.
    bare = Measure.objects.get(pk=carried_measure.pk)
    with django_assert_num_queries(0):
        assert not can(people["manager"], "indicator.record", bare)
