"""Services of frame projects: the phase gate, goals, development projects, owner appointment and status reports."""

import datetime
import itertools

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from projects import services
from projects.constants import ProjectPhase, ReportState, TrafficLight
from projects.models import FrameProject, PhaseChange, StatusReport
from projects.selectors import project_timeline
from vudig.core.concurrency import StaleVersionError
from vudig.core.workflow import IllegalTransition

from .factories import DevelopmentProjectFactory, ProjectGoalFactory, StatusReportFactory

P = ProjectPhase
# Written out by hand (not read from constants) so a change of the workflow has to be made on purpose.
LEGAL_MOVES = {
    (P.RAMPROJEKT, P.PLANERING),
    (P.PLANERING, P.PROJEKTPLAN_FASTSTALLD),
    (P.PLANERING, P.RAMPROJEKT),
    (P.PROJEKTPLAN_FASTSTALLD, P.GENOMFORANDE),
    (P.PROJEKTPLAN_FASTSTALLD, P.PLANERING),
    (P.GENOMFORANDE, P.AVSLUTAT),
    (P.GENOMFORANDE, P.PROJEKTPLAN_FASTSTALLD),
    (P.AVSLUTAT, P.GENOMFORANDE),
}
ALL_MOVES = [(a, b) for a, b in itertools.product(P.values, P.values) if a != b]
BACKWARDS = {(P.PLANERING, P.RAMPROJEKT), (P.PROJEKTPLAN_FASTSTALLD, P.PLANERING), (P.GENOMFORANDE, P.PROJEKTPLAN_FASTSTALLD), (P.AVSLUTAT, P.GENOMFORANDE)}  # fmt: skip
TODAY = datetime.date(2026, 2, 3)


def at_phase(project, phase):
    FrameProject.objects.filter(pk=project.pk).update(phase=phase)  # test set-up only: no history wanted
    return FrameProject.objects.get(pk=project.pk)


def move(project, to_phase, by, **kwargs):
    kwargs.setdefault("expected_version", project.version)
    return services.project_move_phase(project=project, to_phase=to_phase, by=by, **kwargs)


# -- phases ---------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("start", "target"), sorted(LEGAL_MOVES))
def test_every_legal_move_is_recorded_with_who_and_why(start, target, extern_project, people):
    project = at_phase(extern_project, start)
    leader = people["process_leader"]
    extra = {"reason": "Projektplanen behöver göras om."} if (start, target) in BACKWARDS else {}
    if target == P.GENOMFORANDE:
        extra |= {"decision_text": "Styrgruppen beslutar att projektet startar.", "decision_date": TODAY}
    change = move(project, target, leader, **extra)
    project.refresh_from_db()
    assert project.phase == target
    assert project.version == 2
    assert (change.from_phase, change.to_phase, change.recorded_by) == (start, target, leader)
    latest = project.history.first()
    assert latest.history_user == leader and latest.phase == target
    if target == P.GENOMFORANDE:
        assert change.decision_group == project.steering_group
        assert "Styrgruppen beslutar att projektet startar." in latest.history_change_reason


@pytest.mark.parametrize(("start", "target"), [m for m in ALL_MOVES if m not in LEGAL_MOVES])
def test_every_illegal_move_is_refused_in_swedish_and_changes_nothing(start, target, extern_project, people):
    project = at_phase(extern_project, start)
    with pytest.raises(IllegalTransition) as exc:
        move(
            project,
            target,
            people["process_leader"],
            reason="Vi vill hoppa.",
            decision_text="Beslut.",
            decision_date=TODAY,
        )
    labels = dict(P.choices)
    assert exc.value.messages == [f"Det går inte att gå från ”{labels[start]}” till ”{labels[target]}”."]
    project.refresh_from_db()
    assert (project.phase, project.version) == (start, 1)
    assert not PhaseChange.objects.exists()


def test_gate_into_genomforande_needs_the_decision_text_and_date(extern_project, people):
    project = at_phase(extern_project, P.PROJEKTPLAN_FASTSTALLD)
    with pytest.raises(ValidationError) as exc:
        move(project, P.GENOMFORANDE, people["process_leader"], decision_text="   ")
    assert set(exc.value.message_dict) == {"decision_text", "decision_date"}
    assert "Styrgruppens beslut måste anges" in exc.value.message_dict["decision_text"][0]
    project.refresh_from_db()
    assert project.phase == P.PROJEKTPLAN_FASTSTALLD and not PhaseChange.objects.exists()


def test_gate_decision_cannot_be_dated_in_the_future(extern_project, people):
    project = at_phase(extern_project, P.PROJEKTPLAN_FASTSTALLD)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as exc:
        move(project, P.GENOMFORANDE, people["chair"], decision_text="Beslut.", decision_date=tomorrow)
    assert exc.value.message_dict["decision_date"] == ["Beslutsdatum kan inte ligga i framtiden."]


@pytest.mark.parametrize("who", ["chair", "member"])
def test_the_projects_steering_group_records_its_gate_decision(who, extern_project, people):
    project = at_phase(extern_project, P.PROJEKTPLAN_FASTSTALLD)
    change = move(project, P.GENOMFORANDE, people[who], decision_text="Start beslutad.", decision_date=TODAY)
    assert change.recorded_by == people[who]
    assert FrameProject.objects.get(pk=project.pk).phase == P.GENOMFORANDE


def test_another_groups_chair_and_the_owner_cannot_pass_the_gate(extern_project, people):
    project = at_phase(extern_project, P.PROJEKTPLAN_FASTSTALLD)
    for who in ["chair_other_group", "manager", "kommunchef"]:
        with pytest.raises(PermissionDenied):
            move(project, P.GENOMFORANDE, people[who], decision_text="Start.", decision_date=TODAY)
    assert FrameProject.objects.get(pk=project.pk).phase == P.PROJEKTPLAN_FASTSTALLD


def test_steering_group_chair_may_only_record_the_gate_not_other_moves(extern_project, people):
    with pytest.raises(PermissionDenied):
        move(extern_project, P.PLANERING, people["chair"])


@pytest.mark.parametrize("reason", ["", "   "])
def test_moving_backwards_needs_a_reason(reason, extern_project, people):
    project = at_phase(extern_project, P.PLANERING)
    with pytest.raises(ValidationError) as exc:
        move(project, P.RAMPROJEKT, people["process_leader"], reason=reason)
    assert exc.value.message_dict["reason"] == ["Att gå tillbaka till en tidigare fas kräver en motivering."]
    assert FrameProject.objects.get(pk=project.pk).phase == P.PLANERING


def test_reopening_a_closed_project_needs_both_a_reason_and_a_new_decision(extern_project, people):
    project = at_phase(extern_project, P.AVSLUTAT)
    with pytest.raises(ValidationError) as exc:
        move(project, P.GENOMFORANDE, people["process_leader"])
    assert {"reason", "decision_text", "decision_date"} <= set(exc.value.message_dict)


def test_a_decision_is_only_recorded_at_the_gate(extern_project, people):
    with pytest.raises(ValidationError) as exc:
        move(extern_project, P.PLANERING, people["process_leader"], decision_text="Beslut.")
    assert "decision_text" in exc.value.message_dict


def test_repeating_the_current_phase_is_a_no_op_even_from_a_stale_page(extern_project, people):
    assert move(extern_project, P.RAMPROJEKT, people["process_leader"], expected_version=99) is None
    extern_project.refresh_from_db()
    assert extern_project.version == 1 and not PhaseChange.objects.exists()


def test_a_move_from_a_stale_page_is_refused(extern_project, people):
    move(extern_project, P.PLANERING, people["process_leader"])
    with pytest.raises(StaleVersionError):
        move(extern_project, P.PROJEKTPLAN_FASTSTALLD, people["process_leader"], expected_version=1)
    assert FrameProject.objects.get(pk=extern_project.pk).phase == P.PLANERING


def test_unknown_phase_is_refused(extern_project, people):
    with pytest.raises(ValidationError) as exc:
        move(extern_project, "klart", people["process_leader"])
    assert exc.value.message_dict == {"to_phase": ["Okänd fas."]}


def test_overlong_reason_is_refused_and_nothing_is_saved(extern_project, people):
    project = at_phase(extern_project, P.PLANERING)
    with pytest.raises(ValidationError) as exc:
        move(project, P.RAMPROJEKT, people["process_leader"], reason="x" * 5001)
    assert "reason" in exc.value.message_dict
    assert FrameProject.objects.get(pk=project.pk).phase == P.PLANERING and not PhaseChange.objects.exists()


# -- the project itself and its owner -------------------------------------------------------------------------------


def test_process_leader_edits_the_rambeskrivning_and_a_stale_save_is_refused(extern_project, people):
    leader = people["process_leader"]
    services.project_update(
        project=extern_project, by=leader, expected_version=1, reference_group="Anna, Socialtjänst\nPitebo"
    )
    with pytest.raises(StaleVersionError) as exc:
        services.project_update(project=extern_project, by=leader, expected_version=1, reference_group="Bara Bo")
    assert exc.value.current.reference_group == "Anna, Socialtjänst\nPitebo"
    project = FrameProject.objects.get(pk=extern_project.pk)
    assert project.reference_group == "Anna, Socialtjänst\nPitebo" and project.version == 2
    assert project.history.first().history_user == leader


def test_a_double_submitted_rambeskrivning_is_a_silent_no_op(extern_project, people):
    leader = people["process_leader"]
    entries = extern_project.history.count()
    for _ in range(2):  # the same form sent twice from the page that showed version 1
        services.project_update(project=extern_project, by=leader, expected_version=1, reference_group="Pitebo")
    project = FrameProject.objects.get(pk=extern_project.pk)
    assert project.reference_group == "Pitebo" and project.version == 2
    assert project.history.count() == entries + 1  # the one change


def test_a_double_submitted_goal_change_is_a_silent_no_op(extern_project, people):
    leader = people["process_leader"]
    goal = services.goal_create(project=extern_project, by=leader, title="Mål")
    for _ in range(2):
        services.goal_update(
            goal=goal, by=leader, expected_version=1, title="Mål", description="Nytt", status=goal.status
        )
    goal.refresh_from_db()
    assert (goal.description, goal.version) == ("Nytt", 2)


def test_overlong_rambeskrivning_is_refused(extern_project, people):
    with pytest.raises(ValidationError) as exc:
        services.project_update(
            project=extern_project, by=people["process_leader"], expected_version=1, purpose="x" * 10_001
        )
    assert "purpose" in exc.value.message_dict
    assert FrameProject.objects.get(pk=extern_project.pk).purpose != "x" * 10_001


def test_owner_cannot_edit_the_rambeskrivning(extern_project, people):
    with pytest.raises(PermissionDenied):
        services.project_update(project=extern_project, by=people["manager"], expected_version=1, purpose="Nytt")


def test_kommunchef_appoints_the_line_manager_who_becomes_owner(people):
    project = FrameProject.objects.get(slug="it-miljo-och-infrastruktur")
    chef, appointee = people["kommunchef"], people["manager"]
    services.project_appoint_owner(project=project, owner=appointee, by=chef, expected_version=1)
    project.refresh_from_db()
    assert (project.owner, project.owner_appointed_by) == (appointee, chef)
    assert project.owner_appointed_at is not None
    entry = project_timeline(project=project)[0]
    assert entry.who == chef.get_full_name()
    owner_change = next(c for c in entry.changes if c.field == "owner")
    assert owner_change.new == appointee.get_full_name()  # a name on the page, not a database id
    # Appointing the same person again (a double submit) changes nothing.
    services.project_appoint_owner(project=project, owner=appointee, by=chef, expected_version=1)
    assert FrameProject.objects.get(pk=project.pk).version == 2


def test_only_kommunchef_appoints_and_only_active_people(people, extern_project):
    with pytest.raises(PermissionDenied):
        services.project_appoint_owner(
            project=extern_project, owner=people["reader"], by=people["process_leader"], expected_version=1
        )
    inactive = people["reader"]
    inactive.is_active = False
    inactive.save()
    with pytest.raises(ValidationError):
        services.project_appoint_owner(
            project=extern_project, owner=inactive, by=people["kommunchef"], expected_version=1
        )


# -- goals and development projects ---------------------------------------------------------------------------------


def test_goal_is_added_refined_archived_and_restored_with_history(extern_project, people):
    leader = people["process_leader"]
    goal = services.goal_create(project=extern_project, by=leader, title="Fler e-tjänster")
    goal = services.goal_update(
        goal=goal, by=leader, expected_version=1, title="Tio nya e-tjänster", description="", status="faststallt"
    )
    assert (goal.title, goal.status, goal.version) == ("Tio nya e-tjänster", "faststallt", 2)
    with pytest.raises(StaleVersionError):
        services.goal_update(goal=goal, by=leader, expected_version=1, title="Gammalt", description="", status="pagar")
    services.goal_set_archived(goal=goal, by=leader, archived=True)
    services.goal_set_archived(goal=goal, by=leader, archived=True)  # repeated: no-op
    goal.refresh_from_db()
    assert goal.archived and goal.version == 3
    services.goal_set_archived(goal=goal, by=leader, archived=False)
    reasons = list(goal.history.values_list("history_change_reason", flat=True))
    assert reasons[:2] == ["Projektmålet återställdes.", "Projektmålet arkiverades."]


def test_unknown_goal_status_is_refused(extern_project, people):
    with pytest.raises(ValidationError) as exc:
        services.goal_create(project=extern_project, by=people["process_leader"], title="Mål", status="klart")
    assert "status" in exc.value.message_dict


def test_owner_may_not_change_goals(extern_project, people):
    goal = ProjectGoalFactory(project=extern_project)
    with pytest.raises(PermissionDenied):
        services.goal_set_archived(goal=goal, by=people["manager"], archived=True)


def test_development_project_is_linked_with_owner_and_status(extern_project, people, org):
    leader = people["process_leader"]
    item = services.development_project_create(
        project=extern_project, by=leader, name="Ny webbplats", owner="Anna Andersson", organisation=org
    )
    with pytest.raises(ValidationError):  # the same name twice in one frame project
        services.development_project_create(project=extern_project, by=leader, name="Ny webbplats", owner="Bo")
    item = services.development_project_update(
        item=item,
        by=leader,
        expected_version=1,
        name="Ny webbplats",
        owner="Bo Berg",
        description="",
        organisation=org,
        status="pausat",
    )
    assert (item.owner, item.status, item.version) == ("Bo Berg", "pausat", 2)
    services.development_project_set_archived(item=item, by=leader, archived=True)
    assert extern_project.development_projects.active().count() == 0


def test_development_project_of_other_project_is_not_the_owners_to_change(intern_project, people):
    item = DevelopmentProjectFactory(project=intern_project)
    with pytest.raises(PermissionDenied):
        services.development_project_set_archived(item=item, by=people["manager"], archived=True)


# -- status reports -------------------------------------------------------------------------------------------------


def report_fields(**overrides):
    return {
        "period_start": datetime.date(2026, 1, 1),
        "period_end": datetime.date(2026, 3, 31),
        "overall_status": TrafficLight.GUL,
        "done": "Kartläggningen är klar.",
        "next_steps": "Projektplan till styrgruppen.",
        "risks": "Resurser i förvaltningarna.",
    } | overrides


def test_owner_writes_publishes_and_then_cannot_change_a_report(extern_project, people):
    owner = people["manager"]
    report = services.status_report_create(project=extern_project, by=owner, **report_fields())
    report = services.status_report_update(report=report, by=owner, expected_version=1, overall_status="rod")
    report = services.status_report_publish(report=report, by=owner, expected_version=2)
    assert report.state == ReportState.PUBLICERAD and report.published_by == owner
    with pytest.raises(ValidationError) as exc:
        services.status_report_update(report=report, by=owner, expected_version=3, done="Ändrat i efterhand.")
    assert exc.value.code == "frozen"
    assert "kan inte ändras" in exc.value.messages[0]
    assert StatusReport.objects.get(pk=report.pk).done == "Kartläggningen är klar."
    # Publishing again is a no-op (a double click).
    again = services.status_report_publish(report=report, by=owner, expected_version=1)
    assert again.published_at == report.published_at


def test_a_correction_is_a_new_draft_linked_to_the_published_report(extern_project, people):
    owner = people["manager"]
    published = StatusReportFactory(
        project=extern_project, author=owner, state=ReportState.PUBLICERAD, published_at=timezone.now()
    )
    correction = services.status_report_start_correction(report=published, by=owner)
    assert correction.pk != published.pk
    assert (correction.corrects, correction.state, correction.done) == (published, ReportState.UTKAST, published.done)
    draft = StatusReportFactory(project=extern_project, author=owner)
    with pytest.raises(ValidationError):
        services.status_report_start_correction(report=draft, by=owner)


def test_owner_of_another_project_cannot_write_or_publish_here(extern_project, intern_project, people):
    stranger = people["manager_other_org"]  # owns intern_project
    with pytest.raises(PermissionDenied):
        services.status_report_create(project=extern_project, by=stranger, **report_fields())
    draft = StatusReportFactory(project=extern_project, author=people["manager"])
    with pytest.raises(PermissionDenied):
        services.status_report_publish(report=draft, by=stranger, expected_version=1)
    assert StatusReport.objects.get(pk=draft.pk).state == ReportState.UTKAST


def test_report_bad_input_is_refused(extern_project, people):
    owner = people["manager"]
    with pytest.raises(ValidationError) as exc:
        services.status_report_create(project=extern_project, by=owner, **report_fields(done="x" * 5001))
    assert "done" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.status_report_create(
            project=extern_project, by=owner, **report_fields(period_start=datetime.date(2026, 4, 1))
        )
    assert "Periodens start" in str(exc.value)
    with pytest.raises(ValidationError) as exc:
        services.status_report_create(project=extern_project, by=owner, **report_fields(overall_status="lila"))
    assert "overall_status" in exc.value.message_dict
    assert not StatusReport.objects.exists()


def test_publishing_from_a_stale_page_is_refused(extern_project, people):
    owner = people["manager"]
    report = services.status_report_create(project=extern_project, by=owner, **report_fields())
    services.status_report_update(report=report, by=people["process_leader"], expected_version=1, done="Mer gjort.")
    with pytest.raises(StaleVersionError):
        services.status_report_publish(report=report, by=owner, expected_version=1)
    assert StatusReport.objects.get(pk=report.pk).state == ReportState.UTKAST
