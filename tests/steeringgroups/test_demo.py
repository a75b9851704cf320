"""The demo data loads and loads again without duplicates."""

from steeringgroups.constants import ErrandState
from steeringgroups.models import Errand, Meeting
from vudig.core.models import Notice
from vudig.portal.demo import demo_load


def test_demo_is_idempotent_and_covers_several_states(plan, settings, tmp_path):
    demo_load()
    first = (Errand.objects.count(), Meeting.objects.count(), Notice.objects.count())
    demo_load()
    assert (Errand.objects.count(), Meeting.objects.count(), Notice.objects.count()) == first
    # The demo's steps leave their notices (once): the Notiser page has something real for each role.
    categories = set(Notice.objects.values_list("category", flat=True))
    assert {
        f"steeringgroups.{step}"
        for step in (
            "errand_received",
            "errand_referred",
            "errand_komplettering",
            "errand_decided",
            "kallelse",
            "justering",
            "justerat",
            "followup_assigned",
        )
    } <= categories
    states = set(Errand.objects.values_list("state", flat=True))
    assert {ErrandState.INKOMMEN, ErrandState.HANSKJUTEN, ErrandState.KOMPLETTERING, ErrandState.AVVISAD} <= states
    assert Meeting.objects.values("steering_group").distinct().count() == 3


def test_demo_holds_a_justerat_meeting_whose_protocol_renders(plan, settings, tmp_path):
    import re

    from django.core.management import call_command
    from pypdf import PdfReader

    from steeringgroups.constants import MeetingState

    settings.MEDIA_ROOT = tmp_path / "media"
    demo_load()
    meeting = Meeting.objects.get(state=MeetingState.JUSTERAT)
    assert meeting.attendance.count() >= 2 and meeting.decisions.count() == 2  # an ärende and a gate
    assert meeting.signers.count() == 2 and not meeting.signers.filter(confirmed_at__isnull=True).exists()
    output = tmp_path / "p.pdf"
    call_command("render_report", "protokoll", output=str(output))
    text = re.sub(r"-\s+", "-", "".join(p.extract_text() for p in PdfReader(output).pages))
    for expected in (
        "Erik Ledamot",
        "Eva Ordförande",
        "digital lokalbokning",
        "Kostnaden behöver utredas",
        "Justering",
    ):
        assert expected in text, expected
    assert all(f"§ {n} " in text for n in meeting.items.values_list("paragraph", flat=True))


def test_demo_records_the_plan_decisions_once(plan):
    from measures.constants import PlanState
    from measures.models import Plan
    from steeringgroups.constants import DecisionKind
    from steeringgroups.models import Decision

    demo_load()
    demo_load()
    decided = Plan.objects.filter(state=PlanState.BESLUTAD).count()
    assert decided and Decision.objects.filter(kind=DecisionKind.PLAN).count() == 2 * decided


def test_demo_gate_cites_the_groups_recorded_decision(plan, client, settings, tmp_path):
    """A frame project of Extern digitalisering entered genomförande citing its group's § from the held meeting."""
    from django.contrib.auth import get_user_model
    from django.urls import reverse

    from projects.constants import ProjectPhase
    from projects.models import PhaseChange
    from steeringgroups.constants import DecisionKind
    from steeringgroups.models import Decision

    settings.MEDIA_ROOT = tmp_path / "media"
    demo_load()
    demo_load()  # again: the gate is recorded once
    decision = Decision.objects.get(kind=DecisionKind.MOTE, agenda_item__title__startswith="Genomförande:")
    change = PhaseChange.objects.get(decision=decision)
    project = decision.project
    assert project.steering_group_id == decision.steering_group_id and decision.paragraph
    assert project.phase == ProjectPhase.GENOMFORANDE and change.to_phase == ProjectPhase.GENOMFORANDE
    assert change.decision_group_id == decision.steering_group_id and change.decision_text == decision.text
    assert not Decision.objects.filter(kind=DecisionKind.GATE, project=project).exists()  # cited, not written anew

    client.force_login(get_user_model().objects.get(username="processledare"))
    page = client.get(project.get_absolute_url()).content.decode()
    assert decision.reference in page and reverse("steeringgroups:decision", args=[decision.pk]) in page
    register = client.get(reverse("steeringgroups:decisions"), {"slag": DecisionKind.GATE}).content.decode()
    assert decision.reference in register and "Projektets beslut om genomförande" in register
    detail = client.get(decision.get_absolute_url()).content.decode()
    assert "gick till genomförande med detta beslut" in detail and project.name in detail
