"""Every write to the plan goes through measures.services: rules, frozen plans, versions and history."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from measures import services
from measures.constants import PlanState, ResultStatus
from measures.models import Measure, MeasureResult, Plan
from vudig.core.concurrency import StaleVersionError
from vudig.core.workflow import IllegalTransition

from .factories import MeasureFactory, MeasureResultFactory, PlanFactory, decide


def earlier(title="Centrala beredningsgrupper", result="Ekonomi- & affärsgrupp"):
    return MeasureResult.objects.select_related("measure").get(
        measure__plan__slug="tidigare-atgarder", measure__title=title, title=result
    )


def set_status(result, by, **kwargs):
    values = {"status": ResultStatus.PABORJAT, "motivation": "Arbetet har startat", "expected_version": result.version}
    values.update(kwargs)
    return services.measure_result_set_status(result=result, by=by, **values)


# -- status changes ---------------------------------------------------------------------------------------------
def test_status_change_is_saved_with_who_and_motivation_in_history(people):
    result = earlier()
    set_status(result, people["process_leader"])
    result.refresh_from_db()
    assert result.status == ResultStatus.PABORJAT
    assert result.version == 2
    record = result.history.first()
    assert record.history_user == people["process_leader"]
    assert record.history_change_reason == "Arbetet har startat"


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"motivation": "   "}, "Skriv en motivering"),
        ({"status": "klar"}, "Okänd status"),
        ({"motivation": "x" * 501}, "högst 500 tecken"),
        ({"status": ResultStatus.ALT_LOSNING}, "Skriv varför"),
        ({"status": ResultStatus.EJ_GENOMFORD, "reason": "  "}, "Skriv varför"),
        ({"status": ResultStatus.ALT_LOSNING, "reason": "y" * 1001}, "högst 1000 tecken"),
        ({"reason": "Skäl utan Alt lösning"}, "bara för statusarna"),
    ],
)
def test_bad_status_change_is_refused_in_swedish_and_changes_nothing(people, kwargs, message):
    result = earlier()
    before = (result.status, result.version, result.history.count())
    with pytest.raises(ValidationError) as exc:
        set_status(result, people["process_leader"], **kwargs)
    assert message in " ".join(exc.value.messages)
    result.refresh_from_db()
    assert (result.status, result.version, result.history.count()) == before


def test_stale_version_is_refused_and_carries_the_newer_value(people):
    result = earlier()
    stale_version = result.version
    set_status(result, people["process_leader"], motivation="Först")
    with pytest.raises(StaleVersionError) as exc:
        set_status(result, people["admin"], status=ResultStatus.ETABLERAT, expected_version=stale_version)
    assert exc.value.current.status == ResultStatus.PABORJAT
    result.refresh_from_db()
    assert result.status == ResultStatus.PABORJAT


def test_repeating_the_same_status_is_a_no_op_even_from_a_stale_page(people):
    result = earlier()
    version = result.version
    set_status(result, people["process_leader"])
    set_status(result, people["process_leader"], expected_version=version)  # a double submit
    result.refresh_from_db()
    assert result.version == version + 1
    assert result.history.count() == 2


def test_the_same_status_with_another_motivation_from_a_stale_page_is_refused_not_dropped(people):
    result = earlier()
    version = result.version
    set_status(result, people["process_leader"], motivation="Upphandlingen är klar")
    with pytest.raises(StaleVersionError) as exc:
        set_status(result, people["admin"], motivation="Leverantören har börjat", expected_version=version)
    assert exc.value.current.status == ResultStatus.PABORJAT and exc.value.current.version == version + 1
    result.refresh_from_db()
    assert result.version == version + 1
    assert [r.history_change_reason for r in result.history.all()[:1]] == ["Upphandlingen är klar"]


def test_a_new_motivation_for_the_same_status_from_the_current_page_is_kept(people):
    result = earlier()
    set_status(result, people["process_leader"], motivation="Upphandlingen är klar")
    result.refresh_from_db()
    set_status(result, people["process_leader"], motivation="Leverantören har börjat", expected_version=result.version)
    result.refresh_from_db()
    assert result.status == ResultStatus.PABORJAT
    assert result.history.first().history_change_reason == "Leverantören har börjat"


def test_alt_losning_names_why_and_the_replacing_measure(people):
    result = earlier()
    replacement = Measure.objects.get(plan__slug="tidigare-atgarder", title="Samordning av utvecklingsområden")
    set_status(
        result,
        people["process_leader"],
        status=ResultStatus.ALT_LOSNING,
        reason="Hanteras av beredningsfunktionen",
        replacement_measure=replacement,
    )
    result.refresh_from_db()
    assert result.status_reason == "Hanteras av beredningsfunktionen"
    assert result.replacement_measure == replacement


def test_replacement_may_be_a_measure_or_result_of_another_plan(people):
    # The earlier plan's result points at the measure of the plan in force that took it over.
    result = earlier()
    other = Measure.objects.get(plan__slug="plan-for-digitalisering", title="Utarbeta digitaliseringsstrategi")
    set_status(result, people["process_leader"], status=ResultStatus.ALT_LOSNING, reason="x", replacement_measure=other)
    result.refresh_from_db()
    assert result.replacement_measure == other
    other_result = MeasureResultFactory(measure=other, title="Strategin antagen")
    set_status(
        result,
        people["process_leader"],
        status=ResultStatus.EJ_GENOMFORD,
        reason="y",
        replacement_result=other_result,
        expected_version=result.version,
    )
    result.refresh_from_db()
    assert (result.replacement_result, result.replacement_measure) == (other_result, None)


def test_archived_replacement_is_refused_and_nothing_is_saved(people):
    result = earlier()
    other = MeasureFactory(plan=Plan.objects.get(slug="plan-for-digitalisering"), archived=True)
    with pytest.raises(ValidationError, match="arkiverad"):
        set_status(
            result, people["process_leader"], status=ResultStatus.ALT_LOSNING, reason="x", replacement_measure=other
        )
    result.refresh_from_db()
    assert result.replacement_measure is None and result.status != ResultStatus.ALT_LOSNING


def test_a_result_cannot_be_replaced_by_its_own_measure(people):
    result = earlier()
    before = result.history.count()
    with pytest.raises(ValidationError, match="sin egen åtgärd"):
        set_status(
            result,
            people["process_leader"],
            status=ResultStatus.ALT_LOSNING,
            reason="x",
            replacement_measure=result.measure,
        )
    assert result.history.count() == before


def test_a_result_cannot_replace_itself(people):
    result = earlier()
    with pytest.raises(ValidationError, match="sig självt"):
        set_status(
            result, people["process_leader"], status=ResultStatus.ALT_LOSNING, reason="x", replacement_result=result
        )


def test_result_of_another_measure_is_refused(people):
    result = earlier()
    other_measure = Measure.objects.get(plan__slug="tidigare-atgarder", title="Centralt stöd för utveckling")
    with pytest.raises(ValidationError, match="hör inte till"):
        set_status(result, people["process_leader"], measure=other_measure)


@pytest.mark.parametrize("who", ["reader", "kommunchef", "manager", "chair", "no_role", "anonymous"])
def test_only_the_plan_keeper_may_change_a_status(people, who):
    result = earlier()
    with pytest.raises(PermissionDenied):
        set_status(result, people[who])


def test_archived_result_status_cannot_change(people):
    draft = PlanFactory()
    result = MeasureResultFactory(measure=MeasureFactory(plan=draft))
    services.measure_result_set_archived(result=result, archived=True, by=people["process_leader"])
    result.refresh_from_db()
    with pytest.raises(ValidationError, match="arkiverat"):
        set_status(result, people["process_leader"], status=ResultStatus.ETABLERAT)


# -- decided and superseded plans ---------------------------------------------------------------------------------
def test_decided_plan_measures_cannot_be_edited_but_statuses_are_followed_up(people):
    leader = people["process_leader"]
    measure = Measure.objects.get(plan__slug="tidigare-atgarder", title="Centralt stöd för utveckling")
    with pytest.raises(ValidationError, match="beslutad"):
        services.measure_update(measure=measure, expected_version=measure.version, by=leader, title="Nytt namn")
    with pytest.raises(ValidationError, match="beslutad"):
        services.measure_create(plan=measure.plan, title="Ny", responsible="KLF", by=leader)
    with pytest.raises(ValidationError, match="beslutad"):
        services.measure_set_archived(measure=measure, archived=True, by=leader)
    with pytest.raises(ValidationError, match="beslutad"):
        services.measure_move(measure=measure, direction="down", by=leader)
    for field, value in (("description", "Ny"), ("responsible", "Alla"), ("category", "effect")):
        with pytest.raises(ValidationError, match="beslutad"):
            services.measure_update(measure=measure, expected_version=measure.version, by=leader, **{field: value})
    measure.refresh_from_db()
    assert measure.title == "Centralt stöd för utveckling" and not measure.archived
    assert (measure.description, measure.responsible, measure.category, measure.version) == (
        "Kommunledningsförvaltningen omprioriterar resurser för att skapa centralt stöd för utveckling.",
        "KLF",
        "",
        1,
    )
    set_status(earlier(), leader)  # follow-up is still allowed
    # ... and so are its results: a decision locks the wording, not the follow-up.
    result = services.measure_result_create(measure=measure, title="Nytt", by=leader)
    assert result.measure == measure and result.status == ResultStatus.EJ_PABORJAD


def test_new_plan_version_carries_unfinished_measures_and_freezes_the_earlier_plan(people):
    leader = people["process_leader"]
    old = Plan.objects.get(slug="tidigare-atgarder")
    before = {(m.title, r.title, r.status) for m in old.measures.all() for r in m.results.all()}
    new = services.plan_start_new_version(plan=old, title="Åtgärder 2027", by=leader)
    assert new.state == PlanState.UTKAST and new.predecessor == old
    carried = {m.title: m for m in new.measures.all()}
    # Finished: all results in Etablerat/Avslutad/Framtagen/Ej genomförd/Alt lösning.
    assert set(carried) == {
        "Centrala beredningsgrupper",
        "Huvudprocesser, information och digitala lösningar förtydligas",
        "Styrning av systemförvaltning säkerställs",
        "Löpande utvecklings- och förvaltningsarbete förtydligas",
    }
    beredning = carried["Centrala beredningsgrupper"]
    assert beredning.predecessor.plan == old
    assert [(r.title, r.status) for r in beredning.results.all()] == [("Ekonomi- & affärsgrupp", "ej_paborjad")]
    assert beredning.results.get().predecessor == earlier()
    old.refresh_from_db()
    assert old.is_superseded and not old.is_closed
    assert {(m.title, r.title, r.status) for m in old.measures.all() for r in m.results.all()} == before
    with pytest.raises(ValidationError, match="redan"):
        services.plan_start_new_version(plan=old, title="Igen", by=leader)
    # The old plan is followed up while the new version is a draft, approved, or decided but not begun ...
    set_status(earlier(), leader)
    services.plan_update(
        plan=new, title=new.title, description="", period_start=timezone.localdate() + timedelta(days=30), period_end=None,
        expected_version=new.version, by=leader,
    )  # fmt: skip
    new = decide(Plan.objects.get(pk=new.pk), people)
    set_status(earlier(), leader, status=ResultStatus.ETABLERAT)
    # ... and closed, its statuses kept, once the new version's period has begun.
    Plan.objects.filter(pk=new.pk).update(period_start=timezone.localdate())
    old = Plan.objects.select_related("successor").get(pk=old.pk)
    assert old.is_closed
    with pytest.raises(ValidationError, match="ersatts"):
        set_status(earlier(), leader)
    assert earlier().status == ResultStatus.ETABLERAT


def test_measures_without_results_are_carried_forward(people):
    current = Plan.objects.get(slug="plan-for-digitalisering")
    new = services.plan_start_new_version(plan=current, title="Plan 2027–2030", by=people["process_leader"])
    assert new.measures.count() == current.measures.count() == 11


def test_new_version_only_from_a_decided_plan(people):
    with pytest.raises(ValidationError, match="beslutad"):
        services.plan_start_new_version(plan=PlanFactory(), title="X", by=people["process_leader"])


# -- plan states --------------------------------------------------------------------------------------------------
def test_plan_goes_from_draft_to_approved_by_process_leader_to_decided_by_kommunchef(people):
    plan = PlanFactory()
    plan = services.plan_set_state(
        plan=plan, state=PlanState.GODKAND, comment="Ledningsgruppen 2026-03-02 § 4", expected_version=1,
        by=people["process_leader"],
    )  # fmt: skip
    assert plan.state == PlanState.GODKAND
    with pytest.raises(PermissionDenied):
        services.plan_set_state(
            plan=plan, state=PlanState.BESLUTAD, comment="x", expected_version=2, by=people["process_leader"]
        )
    plan = services.plan_set_state(
        plan=plan, state=PlanState.BESLUTAD, comment="Beslut KC 2026-03-10", expected_version=2, by=people["kommunchef"]
    )
    assert plan.state == PlanState.BESLUTAD
    assert plan.history.first().history_change_reason == "Beslut KC 2026-03-10"
    assert plan.history.first().history_user == people["kommunchef"]


def test_illegal_plan_transition_and_missing_comment_are_refused(people):
    plan = PlanFactory()
    with pytest.raises(PermissionDenied):
        services.plan_set_state(
            plan=plan, state=PlanState.BESLUTAD, comment="x", expected_version=1, by=people["process_leader"]
        )
    with pytest.raises(IllegalTransition):
        services.plan_set_state(
            plan=plan, state=PlanState.BESLUTAD, comment="x", expected_version=1, by=people["kommunchef"]
        )
    with pytest.raises(ValidationError, match="kommentar"):
        services.plan_set_state(
            plan=plan, state=PlanState.GODKAND, comment="", expected_version=1, by=people["process_leader"]
        )
    with pytest.raises(ValidationError, match="Okänt planläge"):
        services.plan_set_state(plan=plan, state="arkiv", comment="x", expected_version=1, by=people["process_leader"])
    plan.refresh_from_db()
    assert plan.state == PlanState.UTKAST


def test_plan_update_refuses_a_stale_page_and_a_decided_plan(people):
    plan = PlanFactory()
    leader = people["process_leader"]
    services.plan_update(
        plan=plan, title="A", description="", period_start=None, period_end=None, expected_version=1, by=leader
    )
    with pytest.raises(StaleVersionError):
        services.plan_update(
            plan=plan, title="B", description="", period_start=None, period_end=None, expected_version=1, by=leader
        )
    decided = Plan.objects.get(slug="plan-for-digitalisering")
    with pytest.raises(ValidationError, match="beslutad"):
        services.plan_update(
            plan=decided, title="B", description="", period_start=None, period_end=None, expected_version=1, by=leader
        )


# -- measures and results in a draft plan -------------------------------------------------------------------------
def test_create_edit_reorder_archive_and_restore_in_a_draft_plan(people):
    leader = people["process_leader"]
    plan = PlanFactory()
    a = services.measure_create(plan=plan, title="A", responsible="KLF", by=leader)
    b = services.measure_create(plan=plan, title="B", responsible="KLF", by=leader)
    assert list(plan.measures.order_by("order").values_list("title", flat=True)) == ["A", "B"]
    assert services.measure_move(measure=b, direction="up", by=leader)
    assert list(plan.measures.order_by("order").values_list("title", flat=True)) == ["B", "A"]
    assert not services.measure_move(measure=b, direction="up", by=leader)  # already first
    a = services.measure_update(measure=a, expected_version=a.version, by=leader, description="Ny beskrivning")
    with pytest.raises(StaleVersionError) as exc:
        services.measure_update(measure=a, expected_version=1, by=leader, description="Äldre")
    assert exc.value.current.description == "Ny beskrivning"
    r1 = services.measure_result_create(measure=a, title="R1", by=leader)
    r2 = services.measure_result_create(measure=a, title="R2", by=leader)
    assert r1.status == ResultStatus.EJ_PABORJAD
    services.measure_result_move(result=r2, direction="up", by=leader)
    assert list(a.results.order_by("order").values_list("title", flat=True)) == ["R2", "R1"]
    services.measure_result_update(result=r1, title="R1 nytt", expected_version=r1.version, by=leader)
    services.measure_result_set_archived(result=r1, archived=True, by=leader)
    services.measure_set_archived(measure=a, archived=True, by=leader)
    assert not Measure.objects.active().filter(pk=a.pk).exists()
    assert Measure.objects.filter(pk=a.pk).exists()  # archived, never deleted
    services.measure_set_archived(measure=a, archived=False, by=leader)
    services.measure_result_set_archived(result=r1, archived=False, by=leader)
    assert MeasureResult.objects.active().filter(pk=r1.pk, title="R1 nytt").exists()
    reasons = set(a.history.values_list("history_change_reason", flat=True))
    assert {"Åtgärd tillagd", "Åtgärden ändrad", "Åtgärden arkiverad", "Åtgärden återställd"} <= reasons
    assert b.history.filter(history_change_reason="Flyttad uppåt").exists()


def test_duplicate_measure_title_in_a_plan_is_refused_in_swedish(people):
    plan = PlanFactory()
    services.measure_create(plan=plan, title="A", responsible="KLF", by=people["process_leader"])
    with pytest.raises(ValidationError):
        services.measure_create(plan=plan, title="A", responsible="KLF", by=people["process_leader"])
    with pytest.raises(ValidationError):
        services.measure_create(plan=plan, title="", responsible="KLF", by=people["process_leader"])
    assert plan.measures.count() == 1


def test_unknown_move_direction_is_refused(people):
    measure = MeasureFactory()
    with pytest.raises(ValidationError):
        services.measure_move(measure=measure, direction="sideways", by=people["process_leader"])
