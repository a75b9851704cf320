"""Demo: the example group mapping (data/group-roles-example.yaml), so the admin's Gruppmappningar shows what a
municipality's directory groups would give; the test provider in tests/oidc_provider uses the same groups."""

from pathlib import Path

import yaml
from django.conf import settings

from vudig.core import demo

from .services import group_role_mappings_load

EXAMPLE = Path(settings.BASE_DIR) / "data" / "group-roles-example.yaml"


@demo.register
def load(users: dict) -> None:
    """Load the example mapping; loading it again changes nothing."""
    group_role_mappings_load(data=yaml.safe_load(EXAMPLE.read_text(encoding="utf-8")))
