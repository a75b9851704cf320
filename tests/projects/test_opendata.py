"""Frame projects in open data carry their phase as a stable slug (and no personal data such as the owner)."""

import json

from projects.models import FrameProject


def test_projects_dataset_has_the_phase_and_no_owner(client, extern_project):
    FrameProject.objects.filter(pk=extern_project.pk).update(phase="planering")
    records = {r["slug"]: r for r in json.loads(client.get("/open-data/projects.json").content)}
    assert records["extern-digitalisering"]["phase"] == "planering"
    assert records["intern-digitalisering"]["phase"] == "ramprojekt"
    assert "owner" not in records["extern-digitalisering"]
