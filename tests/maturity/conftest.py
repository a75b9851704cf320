"""Fixtures for the maturity tests: an open round with the descriptors copied, and a helper for area input."""

import datetime

import pytest
from django.utils import timezone

from maturity.constants import RoundStatus
from maturity.descriptors import descriptor_snapshot
from maturity.models import AssessmentRound, CapabilityArea
from maturity.selectors import capability_areas_with_descriptors
from maturity.services import AreaInput


@pytest.fixture
def areas(plan):
    return list(CapabilityArea.objects.all())


@pytest.fixture
def open_round(plan):
    today = timezone.localdate()
    return AssessmentRound.objects.create(
        year=today.year,
        opens_on=today - datetime.timedelta(days=10),
        closes_on=today + datetime.timedelta(days=20),
        status=RoundStatus.OPPEN,
        descriptors=descriptor_snapshot(capability_areas_with_descriptors()),
    )


def complete_input(areas, level=3):
    return {
        a: AreaInput(level=level, motivation=f"Motivering {a.name}", evidence="https://example.invalid") for a in areas
    }


def form_data(areas, *, level=3, version=None, **overrides):
    """POST data for the assessment form with every area filled in."""
    data = {}
    if version is not None:
        data["version"] = version
    for a in areas:
        data[f"{a.slug}-level"] = level
        data[f"{a.slug}-motivation"] = f"Motivering {a.name}"
        data[f"{a.slug}-evidence"] = ""
        data[f"{a.slug}-improvements-count"] = 1  # the one empty row the page shows
        data[f"{a.slug}-improvements-0-id"] = ""
        data[f"{a.slug}-improvements-0-text"] = ""
        data[f"{a.slug}-improvements-0-owner"] = ""
        data[f"{a.slug}-improvements-0-due"] = ""
    data.update(overrides)
    return data


def improvement_rows(slug, *rows):
    """POST data for an area's improvement rows: each row a dict of id, text, owner, due and delete."""
    data = {f"{slug}-improvements-count": len(rows)}
    for i, row in enumerate(rows):
        prefix = f"{slug}-improvements-{i}"
        data.update({f"{prefix}-{k}": row.get(k, "") for k in ("id", "text", "owner", "due")})
        if row.get("delete"):
            data[f"{prefix}-delete"] = "on"
    return data
