"""Every permission rule is covered by some app's role × action matrix."""

import importlib
from pathlib import Path

from vudig.permissions import RULES


def test_every_rule_is_in_a_permission_matrix():
    covered = set()
    for path in Path(__file__).parent.rglob("test_permissions.py"):
        module_name = ".".join(path.relative_to(Path(__file__).parent.parent).with_suffix("").parts)
        covered |= set(importlib.import_module(module_name).MATRIX)
    assert covered == set(RULES), f"missing: {set(RULES) - covered}, unknown: {covered - set(RULES)}"
