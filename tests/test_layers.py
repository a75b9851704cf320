"""The layer contract in pyproject.toml (run by `make lint`) holds, and it fails when someone breaks a layer.

Each breaking case copies the packages to a temporary folder, adds one offending import and runs lint-imports there,
so the real tree is never touched.
"""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ["vudig", "measures", "projects", "steeringgroups", "maturity", "forums", "reports", "bench"]
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def _lint(folder: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"], cwd=folder, capture_output=True, text=True, timeout=120, check=False
    )


def test_the_tree_keeps_the_layer_contract():
    result = _lint(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.fixture(scope="module")
def copy_of_tree(tmp_path_factory):
    folder = tmp_path_factory.mktemp("layers")
    shutil.copy(ROOT / "pyproject.toml", folder)
    for package in PACKAGES:
        shutil.copytree(
            ROOT / package, folder / package, ignore=shutil.ignore_patterns("__pycache__", "migrations", "*.pyc")
        )
    return folder


@pytest.mark.parametrize(
    ("module", "offending_import", "broken_contract"),
    [
        ("vudig/core/_probe.py", "import measures.models", "Core imports no app"),
        ("projects/_probe.py", "import bench.builders", "No part of the portal imports the benchmark harness"),
        ("measures/_probe.py", "import steeringgroups.models", "Layers"),  # steeringgroups imports measures
        ("forums/_probe.py", "import maturity.models", "Layers"),  # siblings stay independent
    ],
)
def test_lint_fails_when_a_layer_is_broken(copy_of_tree, module, offending_import, broken_contract):
    probe = copy_of_tree / module
    probe.write_text(offending_import + "\n")
    try:
        result = _lint(copy_of_tree)
    finally:
        probe.unlink()
    assert result.returncode != 0
    assert any(line.startswith(broken_contract) and line.endswith("BROKEN") for line in result.stdout.splitlines())
    # The failure names the probe itself, not some other break elsewhere in the tree.
    assert module.removesuffix(".py").replace("/", ".") in result.stdout
