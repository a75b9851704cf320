"""One decision register: steering-group §, gate decisions and plan decisions; who reads it; export; the report."""

import csv
import io
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from measures.models import Plan
from projects.constants import ProjectPhase
from projects.models import FrameProject, PhaseChange
from projects.services import project_move_phase
from reports.sections import ReportPeriod, section_decision_status
from steeringgroups.constants import DecisionKind, MeetingState
from steeringgroups.models import Decision, Meeting
from steeringgroups.services import (
    agenda_item_add,
    agenda_item_decide,
    meeting_close,
    meeting_elect_adjusters,
    meeting_justera,
    plan_decision_record,
)


@pytest.fixture
def gate_ready(extern_group):
    """An Extern digitalisering frame project whose projektplan is fastställd: the next step is the gate."""
    project = FrameProject.objects.filter(steering_group=extern_group).first()
    FrameProject.objects.filter(pk=project.pk).update(phase=ProjectPhase.PROJEKTPLAN_FASTSTALLD)
    return FrameProject.objects.get(pk=project.pk)


def _gate_decision(meeting, people, project):
    item = agenda_item_add(meeting=meeting, by=people["chair"], title=f"Genomförande: {project.name}")
    decision = agenda_item_decide(
        meeting=meeting, item_id=item.pk, text=f"{project.name} går till genomförande.", by=people["chair"]
    )
    Decision.objects.filter(pk=decision.pk).update(project=project)
    decision.refresh_from_db()
    return decision


def test_gate_cites_the_groups_decision_which_shows_in_register_project_page_and_report(
    client, open_meeting, people, gate_ready
):
    decision = _gate_decision(open_meeting, people, gate_ready)
    change = project_move_phase(
        project=gate_ready,
        to_phase=ProjectPhase.GENOMFORANDE,
        by=people["process_leader"],
        expected_version=gate_ready.version,
        decision=decision,
    )
    assert change.decision == decision and change.decision_text == decision.text
    assert change.decision_date == decision.decided_on
    client.force_login(people["reader"])
    register = client.get(reverse("steeringgroups:decisions")).content.decode()
    assert decision.text in register and decision.reference in register
    page = client.get(gate_ready.get_absolute_url()).content.decode()
    assert decision.reference in page and "Beslut om projektet" in page
    today = timezone.localdate()
    section = section_decision_status(period=ReportPeriod(start=today.replace(day=1), end=today))
    assert [row["decision"] for row in section.context["rows"]] == [decision]


def test_gate_citing_another_groups_decision_is_refused_and_changes_nothing(people, gate_ready, intern_group):
    from datetime import time

    from steeringgroups.services import meeting_plan

    from .conftest import start_meeting

    other = meeting_plan(
        group=intern_group, dates=[timezone.localdate()], start_time=time(0), end_time=time(23, 59),
        by=people["chair_other_group"],
    )[0]  # fmt: skip
    other = start_meeting(other, people["chair_other_group"])
    item = agenda_item_add(meeting=other, by=people["chair_other_group"], title="Annan grupps beslut")
    foreign = agenda_item_decide(
        meeting=other, item_id=item.pk, text="Intern beslutar.", by=people["chair_other_group"]
    )
    with pytest.raises(ValidationError) as info:
        project_move_phase(
            project=gate_ready,
            to_phase=ProjectPhase.GENOMFORANDE,
            by=people["process_leader"],
            expected_version=gate_ready.version,
            decision=foreign,
        )
    assert "Beslutet är fattat av Intern digitalisering" in info.value.message_dict["decision"][0]
    assert FrameProject.objects.get(pk=gate_ready.pk).phase == ProjectPhase.PROJEKTPLAN_FASTSTALLD
    assert not PhaseChange.objects.filter(project=gate_ready).exists()


def test_gate_written_on_the_project_page_becomes_a_real_decision(people, gate_ready):
    day = timezone.localdate() - timedelta(days=3)
    change = project_move_phase(
        project=gate_ready,
        to_phase=ProjectPhase.GENOMFORANDE,
        by=people["process_leader"],
        expected_version=gate_ready.version,
        decision_text="Styrgruppen beslutar att projektet startar.",
        decision_date=day,
    )
    decision = change.decision
    assert decision.kind == DecisionKind.GATE and decision.project == gate_ready
    assert decision.steering_group_id == gate_ready.steering_group_id and decision.decided_on == day
    assert decision.history.first().history_user == people["process_leader"]


def test_gate_form_offers_the_groups_decisions(client, open_meeting, people, gate_ready):
    decision = _gate_decision(open_meeting, people, gate_ready)
    client.force_login(people["process_leader"])
    url = reverse("projects:phase", kwargs={"slug": gate_ready.slug})
    assert decision.reference in client.get(url).content.decode()
    response = client.post(url, {"to_phase": "genomforande", "decision": decision.pk, "version": gate_ready.version})
    assert response.status_code == 302
    assert PhaseChange.objects.get(project=gate_ready).decision == decision


def test_plan_decisions_of_klg_and_kommunchef_are_recorded_by_the_right_people(people):
    plan = Plan.objects.order_by("pk").last()
    day = timezone.localdate()
    with pytest.raises(PermissionDenied):
        plan_decision_record(plan=plan, body="Kommunchef", dnr="KS 2026/12", text="Beslutad.", decided_on=day,
                             by=people["process_leader"])  # fmt: skip
    with pytest.raises(ValidationError) as info:
        plan_decision_record(plan=plan, body="KLG", dnr="", text=" ", decided_on=None, by=people["process_leader"])
    assert set(info.value.message_dict) == {"dnr", "text", "decided_on"}
    klg = plan_decision_record(plan=plan, body="KLG", dnr="KS 2026/12", text="KLG godkänner planen.", decided_on=day,
                               by=people["process_leader"])  # fmt: skip
    again = plan_decision_record(plan=plan, body="KLG", dnr="KS 2026/12", text="KLG godkänner planen.",
                                 decided_on=day, by=people["process_leader"])  # fmt: skip
    assert again == klg  # a retry records nothing new
    chief = plan_decision_record(plan=plan, body="Kommunchef", dnr="KS 2026/12", text="Planen beslutas.",
                                 decided_on=day, by=people["kommunchef"])  # fmt: skip
    assert klg.reference == "KLG KS 2026/12" and chief.kind == DecisionKind.PLAN
    assert list(Decision.objects.filter(plan=plan).order_by("pk")) == [klg, chief]


def test_plan_decision_form_and_register_filters_and_exports(client, people, open_meeting):
    plan = Plan.objects.order_by("pk").last()
    client.force_login(people["kommunchef"])
    url = reverse("steeringgroups:plan_decision_create")
    bad = client.post(url, {"plan": plan.pk, "decided_body": "Kommunchef", "dnr": "", "text": "Mitt utkast"})
    assert bad.status_code == 400 and "Mitt utkast</textarea>" in bad.content.decode()
    ok = client.post(
        url,
        {"plan": plan.pk, "decided_body": "Kommunchef", "dnr": "KS 2026/40", "text": "=Planen beslutas.",
         "decided_on": timezone.localdate().isoformat()},
    )  # fmt: skip
    assert ok.status_code == 302
    item = agenda_item_add(meeting=open_meeting, by=people["chair"], title="Fri punkt")
    agenda_item_decide(meeting=open_meeting, item_id=item.pk, text="Ett mötesbeslut.", by=people["chair"])
    client.force_login(people["reader"])
    register = reverse("steeringgroups:decisions")
    only_plan = client.get(register, {"slag": "plan"}).content.decode()
    assert "Planen beslutas." in only_plan and "Ett mötesbeslut." not in only_plan
    only_group = client.get(register, {"grupp": "extern-digitalisering"}).content.decode()
    assert "Ett mötesbeslut." in only_group and "Planen beslutas." not in only_group
    last_year = client.get(register, {"ar": str(timezone.localdate().year - 1)}).content.decode()
    assert "Ett mötesbeslut." not in last_year
    exported = client.get(reverse("steeringgroups:decisions_export", kwargs={"fmt": "csv"}), {"slag": "plan"})
    rows = list(csv.reader(io.StringIO(exported.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][0] == "Datum" and len(rows) == 2 and rows[1][5] == "'=Planen beslutas."  # formula quoted
    xlsx = client.get(reverse("steeringgroups:decisions_export", kwargs={"fmt": "xlsx"}))
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet.max_row == 3
    assert client.get(reverse("steeringgroups:decisions_export", kwargs={"fmt": "pdf"})).status_code == 404


def test_one_rule_reads_the_register_and_justerade_protocols(
    client, people, open_meeting, media_root, django_capture_on_commit_callbacks
):
    meeting_elect_adjusters(meeting=open_meeting, people=[people["member"]], by=people["chair"])
    meeting_close(meeting=open_meeting, by=people["chair"])
    protocol = reverse("steeringgroups:meeting_protocol", kwargs={"pk": open_meeting.pk})
    client.force_login(people["reader"])
    assert client.get(reverse("steeringgroups:decisions")).status_code == 200
    assert client.get(protocol).status_code == 403  # not justerat yet: the group and overseers only
    meeting_justera(meeting=open_meeting, by=people["member"])
    with django_capture_on_commit_callbacks(execute=True):
        meeting_justera(meeting=open_meeting, by=people["chair"])
    assert Meeting.objects.get(pk=open_meeting.pk).state == MeetingState.JUSTERAT
    response = client.get(protocol)
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")
    client.logout()
    assert client.get(reverse("steeringgroups:decisions")).status_code == 302  # signed-in only


def test_decision_page_gives_uppdrag_and_the_owner_reports_on_it(client, people, open_meeting):
    item = agenda_item_add(meeting=open_meeting, by=people["chair"], title="Fri punkt")
    decision = agenda_item_decide(meeting=open_meeting, item_id=item.pk, text="Beslut med uppdrag.", by=people["chair"])
    client.force_login(people["chair"])
    url = reverse("steeringgroups:follow_up_create", kwargs={"pk": decision.pk})
    bad = client.post(url, {"what": "Utred", "owner": "", "due_date": ""})
    assert bad.status_code == 400 and 'value="Utred"' in bad.content.decode()
    due = (timezone.localdate() + timedelta(days=30)).isoformat()
    assert client.post(url, {"what": "Utred", "owner": people["manager"].pk, "due_date": due}).status_code == 302
    follow_up = decision.follow_ups.get()
    client.force_login(people["member"])
    assert client.post(url, {"what": "X", "owner": people["member"].pk, "due_date": due}).status_code == 403
    client.force_login(people["manager"])
    status_url = reverse("steeringgroups:follow_up_status", kwargs={"pk": decision.pk, "follow_up": follow_up.pk})
    p = f"f{follow_up.pk}"
    data = {f"{p}-version": 1, f"{p}-status": "pagar", f"{p}-comment": "Påbörjat."}
    assert client.post(status_url, data).status_code == 302
    stale = client.post(status_url, {**data, f"{p}-status": "klar", f"{p}-comment": "Klart."})
    assert stale.status_code == 409 and "Påbörjat." in stale.content.decode()
    follow_up.refresh_from_db()
    assert (follow_up.status, follow_up.comment) == ("pagar", "Påbörjat.")


def test_the_register_shows_a_meeting_decision_a_gate_cites_as_the_gate_decision(people, open_meeting, extern_group):
    from projects.constants import ProjectPhase
    from projects.models import FrameProject, PhaseChange
    from steeringgroups.constants import DecisionKind
    from steeringgroups.selectors import decision_register
    from steeringgroups.services import agenda_item_add, agenda_item_decide

    chair = people["chair"]
    project = FrameProject.objects.filter(steering_group=extern_group).first()
    item = agenda_item_add(meeting=open_meeting, by=chair, title="Genomförande")
    decision = agenda_item_decide(meeting=open_meeting, item_id=item.pk, text="Går till genomförande", by=chair)
    other = agenda_item_decide(
        meeting=open_meeting,
        item_id=agenda_item_add(meeting=open_meeting, by=chair, title="Annat").pk,
        text="Något annat",
        by=chair,
    )
    assert decision not in decision_register(kind=DecisionKind.GATE)
    PhaseChange.objects.create(
        project=project,
        decision=decision,
        from_phase=ProjectPhase.PROJEKTPLAN_FASTSTALLD,
        to_phase=ProjectPhase.GENOMFORANDE,
        decision_group=extern_group,
        decision_date=decision.decided_on,
        decision_text=decision.text,
        recorded_by=people["process_leader"],
    )
    gates = list(decision_register(kind=DecisionKind.GATE))
    assert decision in gates and other not in gates
    assert next(d for d in decision_register() if d.pk == decision.pk).is_gate
    assert not next(d for d in decision_register() if d.pk == other.pk).is_gate
