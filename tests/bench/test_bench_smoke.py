"""The bench runs end to end at a tiny scale on the suite's database engine (a smoke test, not a timing gate)."""

import json
import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

from bench.pages import PAGES


def test_bench_runs_at_two_scales_and_every_page_keeps_its_query_count(tmp_path):
    out = tmp_path / "bench.json"
    # A separate process: the bench makes and drops its own database, apart from the one pytest-django set up.
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "vudig.settings.test"}
    completed = subprocess.run(
        [sys.executable, "manage.py", "bench", "--scale", "1", "2", "--repeat", "2", "--json", str(out)],
        cwd=Path(settings.BASE_DIR),
        env=env,
        capture_output=True,
        text=True,
        timeout=600,  # about 3 min on a quiet machine; the whole suite's load and CI's can double it
    )
    assert completed.returncode == 0, completed.stderr[-3000:]
    result = json.loads(out.read_text())

    assert [run["scale"] for run in result["runs"]] == [1, 2]
    registered = {page.name for page in PAGES}
    assert set(result["pages_registered"]) == registered
    for run in result["runs"]:
        # Every registered page is in the output: measured, or skipped with the reason.
        assert {r["page"] for r in run["pages"]} == registered
        assert all(r["skipped"] or r["timing"] for r in run["pages"] if not r["error"])
        assert [r for r in run["pages"] if r["error"]] == []
        assert run["floor"]["samples"] >= 50
        # Scale 2 really has more data than scale 1.
    rows = [run["rows"] for run in result["runs"]]
    assert rows[1]["core_organisation"] == 2 * rows[0]["core_organisation"]
    assert rows[1]["measures_measure"] == 2 * rows[0]["measures_measure"]
    assert rows[1]["measures_historicalmeasureresult"] > rows[0]["measures_historicalmeasureresult"]

    counts = {
        (r["page"], r["role"], run["scale"]): r["queries"]
        for run in result["runs"]
        for r in run["pages"]
        if r["queries"] is not None
    }
    assert counts, "no page was measured"
    for (page, role, scale), n in counts.items():
        if scale == 1:
            assert counts[(page, role, 2)] == n, (
                f"{page} as {role}: {n} queries at scale 1, {counts[(page, role, 2)]} at 2"
            )
    assert result["query_counts_constant"] is True
    # The throw-away database is gone again.
    assert not any(
        Path(run["database"].split(":", 1)[1]).exists()
        for run in result["runs"]
        if run["database"].startswith("sqlite")
    )
