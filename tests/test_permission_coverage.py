"""Every permission rule is covered by some app's role × action matrix."""

import importlib
from pathlib import Path

from vudig.core.rules import REGISTRY


def test_every_rule_is_in_a_permission_matrix():
    covered = set()
    for path in Path(__file__).parent.rglob("test_permissions.py"):
        module_name = ".".join(path.relative_to(Path(__file__).parent.parent).with_suffix("").parts)
        covered |= set(importlib.import_module(module_name).MATRIX)
    registered = set(REGISTRY)
    assert covered == registered, f"missing: {registered - covered}, unknown: {covered - registered}"
