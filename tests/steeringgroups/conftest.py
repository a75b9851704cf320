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
