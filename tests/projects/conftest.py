"""Frame-project fixtures: the plan's projects, each with an owner from the shared role fixtures."""

import pytest

from projects.models import FrameProject


@pytest.fixture
def extern_project(people):
    """Extern digitalisering (steering group: extern), owned by the socialtjänst manager."""
    project = FrameProject.objects.get(slug="extern-digitalisering")
    project.owner = people["manager"]
    project.save()
    return project


@pytest.fixture
def intern_project(people):
    """Intern digitalisering (steering group: intern), owned by the manager of another organisation."""
    project = FrameProject.objects.get(slug="intern-digitalisering")
    project.owner = people["manager_other_org"]
    project.save()
    return project
