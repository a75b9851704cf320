"""The bench owns its data: no module of the portal imports it, so production can leave it out."""

import ast
from pathlib import Path

from django.conf import settings

from bench import builders

PORTAL_PACKAGES = ["vudig", "measures", "projects", "steeringgroups", "maturity", "forums", "reports"]


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
    return names


def test_no_portal_module_imports_the_bench():
    base = Path(settings.BASE_DIR)
    offenders = sorted(
        str(path.relative_to(base))
        for package in PORTAL_PACKAGES
        for path in (base / package).rglob("*.py")
        if any(name == "bench" or name.startswith("bench.") for name in _imported_modules(path))
    )
    assert offenders == []


def test_every_builder_is_registered_by_the_bench_itself():

    registered = {b.name: b.build.__module__ for b in builders.builders()}
    assert set(registered) == {
        "base", "core", "steeringgroups", "measures", "projects", "forums", "errands", "maturity", "reports",
        "measure parts and periods", "notices",
    }  # fmt: skip
    assert all(module.startswith("bench.data.") for module in registered.values())
