"""The assessment workflow and its refusals: nothing is saved when a rule says no."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from maturity.constants import AssessmentStatus, RoundStatus
from maturity.models import AreaAssessment, Assessment, LevelDescriptor
from maturity.services import (
    AreaInput,
    SubmissionRefused,
    area_links_set,
    assessment_review,
    assessment_save,
    descriptor_set,
    round_create,
    round_set_status,
)
from measures.models import Measure
from vudig.core.concurrency import StaleVersionError
from vudig.core.workflow import IllegalTransition

from .conftest import complete_input


def _submit(open_round, org, areas, people, level=3):
    return assessment_save(
        round=open_round, organisation=org, areas=complete_input(areas, level), by=people["manager"],
        expected_version=None, submit=True,
    )  # fmt: skip


def test_draft_then_submit_then_review_return_resubmit_establish(open_round, org, areas, people):
    draft_input = {a: AreaInput() for a in areas} | {areas[0]: AreaInput(level=2, motivation="Lite")}
    draft = assessment_save(
        round=open_round, organisation=org, areas=draft_input, by=people["manager"], expected_version=None
    )
    assert draft.status == AssessmentStatus.UTKAST
    assert AreaAssessment.objects.get(assessment=draft, area=areas[0]).level == 2

    submitted = assessment_save(
        round=open_round, organisation=org, areas=complete_input(areas), by=people["manager"],
        expected_version=draft.version, submit=True,
    )  # fmt: skip
    assert submitted.status == AssessmentStatus.INLAMNAD and submitted.submitted_at

    returned = assessment_review(
        assessment=submitted, action="return", comment="Motivera Kompetens bättre.", by=people["process_leader"],
        expected_version=submitted.version,
    )  # fmt: skip
    assert returned.status == AssessmentStatus.UTKAST
    assert returned.review_comment == "Motivera Kompetens bättre."

    again = assessment_save(
        round=open_round, organisation=org, areas=complete_input(areas, 4), by=people["manager"],
        expected_version=returned.version, submit=True,
    )  # fmt: skip
    reviewed = assessment_review(
        assessment=again, action="review", comment="", by=people["process_leader"], expected_version=again.version
    )
    established = assessment_review(
        assessment=reviewed, action="establish", comment="", by=people["process_leader"],
        expected_version=reviewed.version,
    )  # fmt: skip
    assert established.status == AssessmentStatus.FASTSTALLD
    reasons = list(established.history.values_list("history_change_reason", flat=True))
    assert "Motivera Kompetens bättre." in reasons


def test_submitting_with_an_area_missing_saves_the_draft_and_refuses_only_the_submission(
    open_round, org, areas, people
):
    data = complete_input(areas)
    data[areas[3]] = AreaInput(level=None, motivation="")
    with pytest.raises(SubmissionRefused) as exc:
        assessment_save(
            round=open_round, organisation=org, areas=data, by=people["manager"], expected_version=None, submit=True
        )
    assert "kompetens-level" in exc.value.message_dict
    draft = Assessment.objects.get()
    assert exc.value.assessment == draft and draft.status == AssessmentStatus.UTKAST and draft.submitted_at is None
    assert sorted(AreaAssessment.objects.values_list("level", flat=True), key=str) == [3, 3, 3, 3, None]
    assert draft.history.first().history_change_reason == "Utkast sparat"


def test_a_refused_submission_of_a_closed_round_saves_nothing(open_round, org, areas, people):
    open_round.status = RoundStatus.STANGD
    open_round.save()
    data = complete_input(areas)
    data[areas[3]] = AreaInput(level=None, motivation="")
    with pytest.raises(ValidationError, match="inte öppen"):
        assessment_save(
            round=open_round, organisation=org, areas=data, by=people["manager"], expected_version=None, submit=True
        )
    assert not Assessment.objects.exists() and not AreaAssessment.objects.exists()


def test_level_outside_1_to_5_is_refused(open_round, org, areas, people):
    data = complete_input(areas)
    data[areas[0]] = AreaInput(level=6, motivation="x")
    with pytest.raises(ValidationError, match="mellan 1 och 5"):
        assessment_save(round=open_round, organisation=org, areas=data, by=people["manager"], expected_version=None)
    assert not AreaAssessment.objects.exists()


def test_editing_after_submission_is_refused(open_round, org, areas, people):
    submitted = _submit(open_round, org, areas, people)
    with pytest.raises(ValidationError, match="inlämnad och kan inte ändras"):
        assessment_save(
            round=open_round, organisation=org, areas=complete_input(areas, 1), by=people["manager"],
            expected_version=submitted.version,
        )  # fmt: skip
    assert set(AreaAssessment.objects.values_list("level", flat=True)) == {3}


def test_editing_in_a_closed_round_is_refused(open_round, org, areas, people):
    round_set_status(
        round=open_round, status=RoundStatus.STANGD, by=people["process_leader"], expected_version=open_round.version
    )
    with pytest.raises(ValidationError, match="inte öppen"):
        _submit(open_round, org, areas, people)
    assert not Assessment.objects.exists()


def test_manager_of_another_organisation_cannot_save(open_round, org, areas, people):
    with pytest.raises(PermissionDenied):
        assessment_save(
            round=open_round, organisation=org, areas=complete_input(areas), by=people["manager_other_org"],
            expected_version=None,
        )  # fmt: skip
    assert not Assessment.objects.exists()


def test_stale_draft_save_is_refused(open_round, org, areas, people):
    first = assessment_save(
        round=open_round, organisation=org, areas=complete_input(areas, 2), by=people["manager"], expected_version=None
    )
    assessment_save(
        round=open_round, organisation=org, areas=complete_input(areas, 3), by=people["process_leader"],
        expected_version=first.version,
    )  # fmt: skip
    with pytest.raises(StaleVersionError):
        assessment_save(
            round=open_round, organisation=org, areas=complete_input(areas, 5), by=people["manager"],
            expected_version=first.version,
        )  # fmt: skip
    assert set(AreaAssessment.objects.values_list("level", flat=True)) == {3}


def test_established_assessment_is_frozen(open_round, org, areas, people):
    a = _submit(open_round, org, areas, people)
    a = assessment_review(
        assessment=a, action="review", comment="", by=people["process_leader"], expected_version=a.version
    )
    a = assessment_review(
        assessment=a, action="establish", comment="", by=people["process_leader"], expected_version=a.version
    )
    with pytest.raises(IllegalTransition):
        assessment_review(
            assessment=a, action="return", comment="Ändra", by=people["process_leader"], expected_version=a.version
        )
    with pytest.raises(ValidationError):
        assessment_save(
            round=open_round, organisation=org, areas=complete_input(areas, 1), by=people["manager"],
            expected_version=a.version,
        )  # fmt: skip
    a.refresh_from_db()
    assert a.status == AssessmentStatus.FASTSTALLD


def test_returning_needs_a_comment_and_only_the_process_leader_reviews(open_round, org, areas, people):
    a = _submit(open_round, org, areas, people)
    with pytest.raises(ValidationError, match="Skriv vad chefen"):
        assessment_review(
            assessment=a, action="return", comment=" ", by=people["process_leader"], expected_version=a.version
        )
    with pytest.raises(PermissionDenied):
        assessment_review(assessment=a, action="review", comment="", by=people["manager"], expected_version=a.version)
    with pytest.raises(PermissionDenied):
        assessment_review(
            assessment=a, action="review", comment="", by=people["kommunchef"], expected_version=a.version
        )
    a.refresh_from_db()
    assert a.status == AssessmentStatus.INLAMNAD


def test_draft_cannot_be_established_directly(open_round, org, areas, people):
    a = assessment_save(
        round=open_round, organisation=org, areas=complete_input(areas), by=people["manager"], expected_version=None
    )
    with pytest.raises(IllegalTransition):
        assessment_review(
            assessment=a, action="establish", comment="", by=people["process_leader"], expected_version=a.version
        )


def test_closed_round_reopens_only_with_a_recorded_reason(open_round, people):
    leader = people["process_leader"]
    closed = round_set_status(
        round=open_round, status=RoundStatus.STANGD, by=leader, expected_version=open_round.version
    )
    with pytest.raises(ValidationError, match="Ange varför"):
        round_set_status(round=closed, status=RoundStatus.OPPEN, by=leader, expected_version=closed.version)
    closed.refresh_from_db()
    assert closed.status == RoundStatus.STANGD
    reopened = round_set_status(
        round=closed,
        status=RoundStatus.OPPEN,
        by=leader,
        expected_version=closed.version,
        reason="Pitebo fick förlängt.",
    )
    assert reopened.status == RoundStatus.OPPEN
    assert reopened.history.first().history_change_reason == "Pitebo fick förlängt."


def test_opening_a_round_copies_the_descriptors_and_later_edits_do_not_change_it(plan, areas, people):
    import datetime

    leader = people["process_leader"]
    round = round_create(year=2031, opens_on=datetime.date(2031, 1, 1), closes_on=datetime.date(2031, 2, 1), by=leader)
    descriptor_set(area=areas[0], level=1, text="Ny text före öppning", by=leader)
    round = round_set_status(round=round, status=RoundStatus.OPPEN, by=leader, expected_version=round.version)
    assert round.descriptors[areas[0].slug]["levels"]["1"] == "Ny text före öppning"
    descriptor_set(area=areas[0], level=1, text="Ännu nyare text", by=leader)
    round.refresh_from_db()
    assert round.descriptors[areas[0].slug]["levels"]["1"] == "Ny text före öppning"
    assert LevelDescriptor.objects.get(area=areas[0], level=1).history.count() == 2


def test_round_create_refuses_duplicate_year_and_bad_dates(plan, people):
    import datetime

    leader = people["process_leader"]
    round_create(year=2030, opens_on=datetime.date(2030, 1, 1), closes_on=datetime.date(2030, 2, 1), by=leader)
    with pytest.raises(ValidationError, match="redan en omgång"):
        round_create(year=2030, opens_on=datetime.date(2030, 1, 1), closes_on=datetime.date(2030, 2, 1), by=leader)
    with pytest.raises(ValidationError):
        round_create(year=2032, opens_on=datetime.date(2032, 3, 1), closes_on=datetime.date(2032, 2, 1), by=leader)
    with pytest.raises(PermissionDenied):
        round_create(
            year=2033, opens_on=datetime.date(2033, 1, 1), closes_on=datetime.date(2033, 2, 1), by=people["manager"]
        )


def test_gap_links_need_a_submitted_assessment_and_the_right_person(open_round, org, areas, people):
    a = _submit(open_round, org, areas, people, level=1)
    row = AreaAssessment.objects.get(assessment=a, area=areas[0])
    measure = Measure.objects.first()
    area_links_set(area_assessment=row, measures=[measure], projects=[], by=people["manager"])
    assert list(row.measures.all()) == [measure]
    with pytest.raises(PermissionDenied):
        area_links_set(area_assessment=row, measures=[], projects=[], by=people["manager_other_org"])
    assert row.measures.count() == 1
