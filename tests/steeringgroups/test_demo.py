"""The demo data loads and loads again without duplicates."""

from steeringgroups.constants import ErrandState
from steeringgroups.models import Errand, Meeting
from vudig.portal.demo import demo_load


def test_demo_is_idempotent_and_covers_several_states(plan, settings, tmp_path):
    demo_load()
    first = (Errand.objects.count(), Meeting.objects.count())
    demo_load()
    assert (Errand.objects.count(), Meeting.objects.count()) == first
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
