"""Several planned improvements per area, each with owner and date: saved with the draft, required complete on
submit, removed with "Ta bort", kept frozen after submission, and written to the history."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from maturity.constants import MAX_IMPROVEMENTS, AssessmentStatus
from maturity.models import Assessment, PlannedImprovement
from maturity.services import AreaInput, ImprovementInput, assessment_review, assessment_save
from vudig.core.concurrency import StaleVersionError

from .conftest import complete_input

DUE = datetime.date(2027, 6, 30)


def _with(areas, slug, *improvements, level=3):
    """Complete input for every area, with these improvement rows on one area."""
    data = complete_input(areas, level)
    area = next(a for a in areas if a.slug == slug)
    data[area] = AreaInput(
        level=level, motivation=f"Motivering {area.name}", improvements=tuple(improvements)
    )  # fmt: skip
    return data


def _save(open_round, org, areas, by, *, version=None, submit=False):
    return assessment_save(
        round=open_round, organisation=org, areas=areas, by=by, expected_version=version, submit=submit
    )


def _stored(slug="kompetens"):
    return list(PlannedImprovement.objects.filter(area_assessment__area__slug=slug).values_list("text", "owner", "due"))


def test_two_improvements_in_one_area_are_saved_in_order(open_round, org, areas, people):
    a = _save(
        open_round, org,
        _with(areas, "kompetens", ImprovementInput(text="Kartlägga", owner="HR-chef", due=DUE),
              ImprovementInput(text="Utbilda", owner="Socialchef", due=DUE.replace(month=12))),
        people["manager"],
    )  # fmt: skip
    assert _stored() == [("Kartlägga", "HR-chef", DUE), ("Utbilda", "Socialchef", DUE.replace(month=12))]
    assert a.status == AssessmentStatus.UTKAST
    assert PlannedImprovement.objects.count() == 2  # no rows for the other areas


def test_a_wholly_empty_row_is_ignored(open_round, org, areas, people):
    _save(
        open_round, org,
        _with(areas, "kompetens", ImprovementInput(), ImprovementInput(text=" ", owner=""),
              ImprovementInput(text="Kartlägga", owner="HR-chef", due=DUE)),
        people["manager"],
    )  # fmt: skip
    assert _stored() == [("Kartlägga", "HR-chef", DUE)]


def test_a_draft_keeps_an_unfinished_row_but_submitting_needs_owner_and_date(open_round, org, areas, people):
    draft = _save(
        open_round, org, _with(areas, "kompetens", ImprovementInput(text="Kartlägga")), people["manager"]
    )  # fmt: skip
    assert _stored() == [("Kartlägga", "", None)]
    stored_id = PlannedImprovement.objects.get().pk

    with pytest.raises(ValidationError) as exc:
        _save(
            open_round, org,
            _with(areas, "kompetens", ImprovementInput(id=stored_id, text="Kartlägga"),
                  ImprovementInput(text="Utbilda", owner="", due=None)),
            people["manager"], version=draft.version, submit=True,
        )  # fmt: skip
    errors = exc.value.message_dict
    assert errors["kompetens-improvements-0-owner"] == [
        "Ange vem som är ansvarig för förbättring 1 för Kompetens innan du lämnar in."
    ]
    assert errors["kompetens-improvements-0-due"] == [
        "Ange när förbättring 1 för Kompetens ska vara klar innan du lämnar in."
    ]
    assert "kompetens-improvements-1-owner" in errors and "kompetens-improvements-1-due" in errors
    # Only the submission is refused: the draft is saved with both rows as typed (a new version), still a draft.
    version = draft.version
    draft.refresh_from_db()
    assert draft.status == AssessmentStatus.UTKAST and draft.version == version + 1
    assert _stored() == [("Kartlägga", "", None), ("Utbilda", "", None)]


def test_submitting_a_row_with_owner_and_date_but_no_text_is_refused(open_round, org, areas, people):
    with pytest.raises(ValidationError) as exc:
        _save(
            open_round, org, _with(areas, "samverkan", ImprovementInput(owner="Chef", due=DUE)), people["manager"],
            submit=True,
        )  # fmt: skip
    assert exc.value.message_dict == {
        "samverkan-improvements-0-text": ["Beskriv förbättring 1 för Samverkan innan du lämnar in."]
    }
    assert Assessment.objects.get().status == AssessmentStatus.UTKAST  # the draft is kept, not submitted
    assert list(PlannedImprovement.objects.values_list("owner", "due")) == [("Chef", DUE)]


def test_removing_changing_and_adding_rows_write_history(open_round, org, areas, people):
    manager = people["manager"]
    first = _save(
        open_round, org,
        _with(areas, "kompetens", ImprovementInput(text="Kartlägga", owner="HR-chef", due=DUE),
              ImprovementInput(text="Utbilda", owner="Socialchef", due=DUE)),
        manager,
    )  # fmt: skip
    kartlagga, utbilda = PlannedImprovement.objects.order_by("order")
    second = _save(
        open_round, org,
        _with(areas, "kompetens", ImprovementInput(id=kartlagga.pk, text="Kartlägga", owner="HR-chef", due=DUE,
                                                   delete=True),
              ImprovementInput(id=utbilda.pk, text="Utbilda alla chefer", owner="Socialchef", due=DUE),
              ImprovementInput(text="Följa upp", owner="Ledningsgruppen", due=DUE)),
        manager, version=first.version,
    )  # fmt: skip
    assert _stored() == [("Utbilda alla chefer", "Socialchef", DUE), ("Följa upp", "Ledningsgruppen", DUE)]
    assert second.version == first.version + 1

    history = PlannedImprovement.history.order_by("history_date", "history_id")
    assert [(h.text, h.history_type, h.history_change_reason) for h in history] == [
        ("Kartlägga", "+", "Sparad av chef"),
        ("Utbilda", "+", "Sparad av chef"),
        ("Kartlägga", "-", "Förbättringen togs bort"),
        ("Utbilda alla chefer", "~", "Sparad av chef"),
        ("Följa upp", "+", "Sparad av chef"),
    ]
    assert {h.history_user for h in history} == {manager}


def test_clearing_every_field_of_a_stored_row_removes_it(open_round, org, areas, people):
    first = _save(
        open_round, org, _with(areas, "kompetens", ImprovementInput(text="Kartlägga", owner="HR", due=DUE)),
        people["manager"],
    )  # fmt: skip
    stored = PlannedImprovement.objects.get()
    _save(
        open_round, org, _with(areas, "kompetens", ImprovementInput(id=stored.pk)), people["manager"],
        version=first.version,
    )  # fmt: skip
    assert not PlannedImprovement.objects.exists()


def test_saving_unchanged_improvements_writes_no_history(open_round, org, areas, people):
    row = ImprovementInput(text="Kartlägga", owner="HR-chef", due=DUE)
    first = _save(open_round, org, _with(areas, "kompetens", row), people["manager"])
    stored = PlannedImprovement.objects.get()
    _save(
        open_round, org, _with(areas, "kompetens", ImprovementInput(id=stored.pk, text="Kartlägga", owner="HR-chef",
                                                                    due=DUE)),
        people["manager"], version=first.version,
    )  # fmt: skip
    assert PlannedImprovement.history.count() == 1


def test_a_row_pointing_at_another_organisations_improvement_is_refused(
    open_round, org, other_org, areas, people
):  # fmt: skip
    _save(
        open_round, other_org, _with(areas, "kompetens", ImprovementInput(text="Deras", owner="X", due=DUE)),
        people["manager_other_org"],
    )  # fmt: skip
    theirs = PlannedImprovement.objects.get()
    with pytest.raises(ValidationError, match="finns inte längre"):
        _save(
            open_round, org,
            _with(areas, "kompetens", ImprovementInput(id=theirs.pk, text="Kapad", owner="Y", due=DUE, delete=True)),
            people["manager"],
        )  # fmt: skip
    theirs.refresh_from_db()
    assert theirs.text == "Deras"
    assert not Assessment.objects.filter(organisation=org).exists()


def test_a_row_pointing_at_another_area_is_refused(open_round, org, areas, people):
    first = _save(
        open_round, org, _with(areas, "kompetens", ImprovementInput(text="Kartlägga", owner="HR", due=DUE)),
        people["manager"],
    )  # fmt: skip
    stored = PlannedImprovement.objects.get()
    with pytest.raises(ValidationError, match="Samverkan finns inte längre"):
        _save(
            open_round, org, _with(areas, "samverkan", ImprovementInput(id=stored.pk, text="Flyttad", owner="HR")),
            people["manager"], version=first.version,
        )  # fmt: skip
    assert _stored() == [("Kartlägga", "HR", DUE)]


def test_more_than_the_maximum_rows_is_refused(open_round, org, areas, people):
    rows = [ImprovementInput(text=f"F {i}", owner="HR", due=DUE) for i in range(MAX_IMPROVEMENTS + 1)]
    with pytest.raises(ValidationError, match=f"Högst {MAX_IMPROVEMENTS}"):
        _save(open_round, org, _with(areas, "kompetens", *rows), people["manager"])
    assert not PlannedImprovement.objects.exists()


def test_a_stale_save_of_improvements_is_refused(open_round, org, areas, people):
    first = _save(
        open_round, org, _with(areas, "kompetens", ImprovementInput(text="Kartlägga", owner="HR", due=DUE)),
        people["manager"],
    )  # fmt: skip
    stored = PlannedImprovement.objects.get()
    _save(
        open_round, org, _with(areas, "kompetens", ImprovementInput(id=stored.pk, text="Processledarens", owner="HR",
                                                                    due=DUE)),
        people["process_leader"], version=first.version,
    )  # fmt: skip
    with pytest.raises(StaleVersionError):
        _save(
            open_round, org, _with(areas, "kompetens", ImprovementInput(id=stored.pk, delete=True)),
            people["manager"], version=first.version,
        )  # fmt: skip
    assert _stored() == [("Processledarens", "HR", DUE)]


def test_improvements_of_a_submitted_or_established_assessment_are_frozen(open_round, org, areas, people):
    a = _save(
        open_round, org, _with(areas, "kompetens", ImprovementInput(text="Kartlägga", owner="HR", due=DUE)),
        people["manager"], submit=True,
    )  # fmt: skip
    stored = PlannedImprovement.objects.get()
    leader = people["process_leader"]
    a = assessment_review(assessment=a, action="review", comment="", by=leader, expected_version=a.version)
    a = assessment_review(assessment=a, action="establish", comment="", by=leader, expected_version=a.version)
    for by in (people["manager"], leader):
        with pytest.raises(ValidationError, match="fastställd och kan inte ändras"):
            _save(
                open_round, org,
                _with(areas, "kompetens", ImprovementInput(id=stored.pk, delete=True),
                      ImprovementInput(text="Ny", owner="HR", due=DUE)),
                by, version=a.version,
            )  # fmt: skip
    assert _stored() == [("Kartlägga", "HR", DUE)]
    assert PlannedImprovement.history.count() == 1
