"""Fixtures for ärenden: files go to a temporary MEDIA_ROOT; one ärende per interesting state."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from steeringgroups.constants import ErrandAction, Topic, Urgency
from steeringgroups.models import Errand
from steeringgroups.services import errand_submit, errand_transition, meeting_plan

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def pdf_upload(name="underlag.pdf", content=PDF_BYTES):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def submit(people, org, *, title="Fråga om molntjänst", topic=Topic.MOLNTJANSTER, upload=None, by="manager"):
    return errand_submit(
        by=people[by],
        title=title,
        description="Vi vill veta om vi får använda tjänsten.",
        organisation=org,
        topic=topic,
        urgency=Urgency.NORMAL,
        upload=upload,
    )


@pytest.fixture
def errand(people, org):
    """Submitted by the manager with a PDF attachment; state inkommen."""
    return submit(people, org, upload=pdf_upload())


@pytest.fixture
def referred(errand, people, extern_group):
    """Referred to the extern group (where 'member' and 'chair' sit)."""
    errand_transition(errand=errand, action=ErrandAction.ACCEPT, by=people["beredning"])
    errand_transition(errand=errand, action=ErrandAction.REFER, by=people["beredning"], group=extern_group)
    return Errand.objects.get(pk=errand.pk)


@pytest.fixture
def meeting(people, extern_group):
    return meeting_plan(
        group=extern_group, dates=[timezone.localdate() + timedelta(days=7)], place="Stadshuset", by=people["chair"]
    )[0]


def start_meeting(meeting, chair, *, errands=()):
    """Put ärenden on the agenda, send the kallelse and open the meeting (its start moved into the past first)."""
    from datetime import time

    from steeringgroups.models import Meeting
    from steeringgroups.services import meeting_add_errands, meeting_send_notice, meeting_start

    if errands:
        meeting_add_errands(meeting=meeting, errands=errands, by=chair)
    meeting_send_notice(meeting=meeting, by=chair)
    # The meeting is today and began at midnight: it may be opened now (test set-up, not a service).
    Meeting.objects.filter(pk=meeting.pk).update(
        date=timezone.localdate(), start_time=time(0, 0), end_time=time(23, 59)
    )
    meeting.refresh_from_db()
    meeting_start(meeting=meeting, by=chair)
    meeting.refresh_from_db()
    return meeting


@pytest.fixture
def open_meeting(people, extern_group):
    """A meeting of the extern group, kallat and open (pågår) now; 'member' is present and may be justerare."""
    from datetime import time

    planned = meeting_plan(
        group=extern_group,
        dates=[timezone.localdate()],
        start_time=time(0, 0),
        end_time=time(23, 59),
        place="Stadshuset",
        by=people["chair"],
    )[0]
    return start_meeting(planned, people["chair"])


@pytest.fixture
def justerat_meeting(meeting):
    """The planned meeting marked justerat (its rows as the rules see them)."""
    from steeringgroups.constants import MeetingState

    meeting.state = MeetingState.JUSTERAT
    return meeting


@pytest.fixture
def meeting_past_deadline(meeting):
    """The planned meeting after its agenda deadline."""
    meeting.agenda_deadline = timezone.localdate() - timedelta(days=1)
    return meeting


@pytest.fixture
def member_signer(meeting, people):
    """The member's justering row on the meeting."""
    from steeringgroups.constants import SignerRole
    from steeringgroups.models import ProtocolSigner

    return ProtocolSigner.objects.create(meeting=meeting, person=people["member"], role=SignerRole.JUSTERARE)


@pytest.fixture
def follow_up(meeting, people, extern_group):
    """An uppdrag owned by the manager, from a decision of the extern group."""
    from steeringgroups.models import Decision, FollowUp

    decision = Decision.objects.create(
        steering_group=extern_group, text="Beslut", decided_on=timezone.localdate(), decided_by=people["chair"]
    )
    return FollowUp.objects.create(
        decision=decision, what="Utred", owner=people["manager"], due_date=timezone.localdate()
    )


@pytest.fixture
def adjunct_justerare_meeting(open_meeting, people):
    """The open meeting with the manager, no member of the group, adjungerad and elected justerare under § 1."""
    from steeringgroups.constants import Presence
    from steeringgroups.services import attendance_add, meeting_elect_adjusters

    attendance_add(meeting=open_meeting, person=people["manager"], presence=Presence.ADJUNGERAD, by=people["chair"])
    meeting_elect_adjusters(meeting=open_meeting, people=[people["manager"]], by=people["chair"])
    return open_meeting
