"""Build a data set at a scale in a throw-away database, then time every registered page per role against the floor."""

from __future__ import annotations

import contextlib
import math
import os
import random
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings

from . import builders, data  # noqa: F401  (importing data registers every builder)
from .pages import PAGES, ROLE_USERS, Page, Unavailable
from .report import time_report
from .urls import FLOOR_PATH

# The benchmark targets, checked and printed (never a gate: the numbers are reported as they are).
TARGET_FLOOR_RATIO = 5.0
TARGET_P95_MS = 150.0
TARGET_REPORT_SHARE = 0.20
SEED = 7


@dataclass
class Timing:
    median_ms: float
    p95_ms: float
    samples: int

    @classmethod
    def of(cls, seconds: list[float]) -> Timing:
        ordered = sorted(seconds)
        p95 = ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]  # nearest rank
        return cls(round(statistics.median(ordered) * 1000, 2), round(p95 * 1000, 2), len(ordered))


@dataclass
class PageResult:
    page: str
    role: str
    url: str = ""
    status: int | None = None
    queries: int | None = None
    timing: Timing | None = None
    floor_ratio: float | None = None
    skipped: str = ""
    error: str = ""


@dataclass
class ScaleRun:
    scale: int
    database: str
    build_seconds: float
    rows: dict[str, int]
    built: dict[str, dict[str, int]]
    floor: Timing
    pages: list[PageResult] = field(default_factory=list)
    report: dict = field(default_factory=dict)
    explain: list[dict] = field(default_factory=list)


@contextlib.contextmanager
def throwaway_database(*, keep: bool = False, log: Callable[[str], None] = print) -> Iterator[str]:
    """A fresh, migrated database for one run, made and dropped by Django's test-database machinery.

    PostgreSQL: ``<NAME>_bench`` (created through the server's maintenance database). SQLite: a temporary file.
    """
    settings_dict = connection.settings_dict
    old_name = settings_dict["NAME"]
    if connection.vendor == "sqlite":
        handle, name = tempfile.mkstemp(prefix="vudig-bench-", suffix=".sqlite3")
        os.close(handle)
    else:
        name = f"{old_name}_bench"
    test_settings = settings_dict.setdefault("TEST", {})
    old_test_name = test_settings.get("NAME")
    test_settings["NAME"] = name
    connection.close()
    try:
        created = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
        log(f"Databas {created} skapad och migrerad.")
        try:
            yield created
        finally:
            connection.creation.destroy_test_db(old_name, verbosity=0, keepdb=keep)
            if keep:
                log(f"Databasen {created} är kvar (--keep).")
            elif connection.vendor == "sqlite":
                with contextlib.suppress(FileNotFoundError):
                    os.remove(name)
    finally:
        test_settings["NAME"] = old_test_name


def build_data(scale: int, *, log: Callable[[str], None] = print) -> tuple[float, dict[str, dict[str, int]]]:
    """Run every registered builder in one transaction; return seconds and what each one made."""
    rng = random.Random(SEED * 1000 + scale)
    built = {}
    started = time.perf_counter()
    with transaction.atomic():
        for builder in builders.builders():
            t0 = time.perf_counter()
            built[builder.name] = builder.build(scale, rng)
            log(f"  {builder.name}: {built[builder.name]} ({time.perf_counter() - t0:.1f} s)")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # planner statistics, as autovacuum would have them in a live database
    return time.perf_counter() - started, built


def row_counts() -> dict[str, int]:
    """Rows per table with any rows (history tables included)."""
    counts = {}
    for model in apps.get_models():
        n = model._default_manager.count() if model._meta.managed else 0
        if n:
            counts[model._meta.db_table] = n
    return dict(sorted(counts.items()))


def _client(role: str) -> Client:
    client = Client()
    username = ROLE_USERS[role]
    if username:
        client.force_login(get_user_model().objects.get(username=username))
    return client


def _time(client: Client, url: str, repeat: int) -> list[float]:
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        client.get(url, secure=True)
        samples.append(time.perf_counter() - started)
    return samples


def _measure(page: Page, role: str, client: Client, repeat: int) -> tuple[PageResult, list[str]]:
    result = PageResult(page=page.name, role=role)
    try:
        result.url = page.resolve()
    except Unavailable as exc:
        result.skipped = str(exc)
        return result, []
    client.get(result.url, secure=True)  # warm-up: template loading, caches, session
    with CaptureQueriesContext(connection) as captured:
        response = client.get(result.url, secure=True)
    result.status, result.queries = response.status_code, len(captured)
    sql = [q["sql"] for q in captured.captured_queries]  # now: the next request clears the query log
    if response.status_code != 200:
        location = response.headers.get("Location", "")
        result.error = f"HTTP {response.status_code}" + (f" → {location}" if location else "")
        return result, []
    result.timing = Timing.of(_time(client, result.url, repeat))
    return result, sql


def measure_pages(*, repeat: int, roles: list[str] | None, explain: bool, log=print) -> tuple[Timing, list, list]:
    """Floor (before and after the pages, to even out drift), then each page × role."""
    results, explained = [], []
    with override_settings(ROOT_URLCONF="bench.urls", ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, "testserver"]):
        floor_client = Client()
        floor_repeat = max(repeat, 50)
        floor_client.get(FLOOR_PATH, secure=True)
        floor_samples = _time(floor_client, FLOOR_PATH, floor_repeat // 2)
        clients: dict[str, Client] = {}
        for page in PAGES:
            for role in page.roles:
                if roles and role not in roles:
                    continue
                if role not in clients:
                    clients[role] = _client(role)
                result, sql = _measure(page, role, clients[role], repeat)
                results.append(result)
                if explain and sql and role == next(r for r in page.roles if not roles or r in roles):
                    explained.append({"page": page.name, "url": result.url, "queries": explain_queries(sql)})
                log(f"  {page.name} [{role}]: {_short(result)}")
        floor_samples += _time(floor_client, FLOOR_PATH, floor_repeat - floor_repeat // 2)
    floor = Timing.of(floor_samples)
    for result in results:
        if result.timing:
            result.floor_ratio = round(result.timing.median_ms / floor.median_ms, 1)
    return floor, results, explained


def _short(result: PageResult) -> str:
    if result.skipped:
        return f"hoppas över: {result.skipped}"
    if result.error:
        return f"FEL {result.error}"
    return f"{result.queries} frågor, median {result.timing.median_ms} ms, p95 {result.timing.p95_ms} ms"


def explain_queries(sql_list: list[str]) -> list[dict]:
    """EXPLAIN ANALYZE (PostgreSQL) or EXPLAIN QUERY PLAN (SQLite) of each SELECT a page ran."""
    out = []
    with connection.cursor() as cursor:
        for sql in sql_list:
            if not sql.lstrip().upper().startswith("SELECT"):
                continue
            if connection.vendor == "postgresql":
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS OFF) " + sql)
                plan = [row[0] for row in cursor.fetchall()]
                scans = [line.strip() for line in plan if "Seq Scan" in line]
                total = next((line for line in reversed(plan) if line.startswith("Execution Time")), "")
            elif connection.vendor == "sqlite":
                try:
                    cursor.execute("EXPLAIN QUERY PLAN " + sql)
                except Exception as exc:  # the logged SQL is an approximation on SQLite; say so, do not stop
                    out.append({"sql": sql[:300], "error": str(exc)})
                    continue
                plan = [row[-1] for row in cursor.fetchall()]
                scans = [line for line in plan if line.startswith("SCAN")]
                total = ""
            else:
                continue
            out.append({"sql": sql[:300], "plan": plan, "seq_scans": scans, "time": total})
    return out


def run_scale(*, scale: int, repeat: int, roles: list[str] | None, keep: bool, explain: bool, log=print) -> ScaleRun:
    with throwaway_database(keep=keep, log=log) as name:
        log(f"Bygger data i skala {scale} …")
        seconds, built = build_data(scale, log=log)
        rows = row_counts()
        log(f"Data klar på {seconds:.1f} s. Mäter sidor ({repeat} anrop per sida och roll) …")
        floor, results, explained = measure_pages(repeat=repeat, roles=roles, explain=explain, log=log)
        report = time_report(repeat)
        return ScaleRun(
            scale=scale,
            database=f"{connection.vendor}:{name}",
            build_seconds=round(seconds, 1),
            rows=rows,
            built=built,
            floor=floor,
            pages=results,
            report=report,
            explain=explained,
        )


def query_count_check(runs: list[ScaleRun]) -> list[dict]:
    """Pages whose query count differs between scales (the target: none)."""
    by_key: dict[tuple[str, str], dict[int, int]] = {}
    for run in runs:
        for r in run.pages:
            if r.queries is not None:
                by_key.setdefault((r.page, r.role), {})[run.scale] = r.queries
    return [
        {"page": page, "role": role, "queries": counts}
        for (page, role), counts in by_key.items()
        if len(set(counts.values())) > 1
    ]


def as_json(runs: list[ScaleRun], *, repeat: int) -> dict:
    mismatches = query_count_check(runs)
    return {
        "generated_at": time.strftime("%Y-%m-%d %H:%M:%S %z"),
        "settings": os.environ.get("DJANGO_SETTINGS_MODULE", ""),
        "cpu_count": os.cpu_count(),
        "repeat": repeat,
        "pages_registered": [p.name for p in PAGES],
        "targets": {
            "median_floor_ratio_max": TARGET_FLOOR_RATIO,
            "p95_ms_max": TARGET_P95_MS,
            "report_share_max": TARGET_REPORT_SHARE,
        },
        "query_counts_constant": not mismatches,
        "query_count_mismatches": mismatches,
        "runs": [asdict(run) for run in runs],
    }


def table(runs: list[ScaleRun]) -> str:
    """A Markdown table: one row per page and role, one column group per scale."""
    scales = [run.scale for run in runs]
    header = ["sida", "roll"]
    for s in scales:
        header += [f"frågor @{s}", f"median ms @{s}", f"p95 ms @{s}", f"× golv @{s}"]
    header.append("mål")
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    keys = []
    for run in runs:
        for r in run.pages:
            if (r.page, r.role) not in keys:
                keys.append((r.page, r.role))
    index = {(run.scale, r.page, r.role): r for run in runs for r in run.pages}
    skipped_notes = {}
    for run in runs:
        for r in run.pages:
            if r.skipped:
                skipped_notes[r.page] = r.skipped
    keys = [(page, role) for page, role in keys if page not in skipped_notes]
    for page, role in keys:
        cells, verdict = [page, role], "ok"
        for s in scales:
            r = index.get((s, page, role))
            if r is None:
                cells += ["–"] * 4
                verdict = "saknas"
            elif r.error:
                cells += [str(r.queries), r.error, "", ""]
                verdict = "FEL"
            else:
                cells += [str(r.queries), f"{r.timing.median_ms:.1f}", f"{r.timing.p95_ms:.1f}", f"{r.floor_ratio:.1f}"]
                if s == max(scales) and verdict == "ok":
                    misses = []
                    if r.floor_ratio > TARGET_FLOOR_RATIO:
                        misses.append(f">{TARGET_FLOOR_RATIO:g}× golv")
                    if r.timing.p95_ms >= TARGET_P95_MS:
                        misses.append(f"p95 ≥{TARGET_P95_MS:g} ms")
                    verdict = "MISSAR: " + ", ".join(misses) if misses else "ok"
        counts = {index[(s, page, role)].queries for s in scales if (s, page, role) in index}
        counts.discard(None)
        if len(counts) > 1:
            verdict = "FRÅGOR VÄXER; " + verdict
        lines.append("| " + " | ".join([*cells, verdict]) + " |")
    floor = " ".join(
        f"@{run.scale}: median {run.floor.median_ms:.2f} ms, p95 {run.floor.p95_ms:.2f} ms" for run in runs
    )
    lines.append("")
    lines.append(f"Golv (trivial vy utan databas, {FLOOR_PATH}): {floor}")
    for page, note in skipped_notes.items():
        lines.append(f"- {page}: inte mätt – {note}")
    for run in runs:
        rep = run.report
        if rep.get("available"):
            verdict = "ok" if rep["our_share"] < TARGET_REPORT_SHARE else f"MISSAR (≥{TARGET_REPORT_SHARE:.0%})"
            lines.append(
                f"- Rapport @{run.scale} ({rep['name']}): hela {rep['whole_median_ms']} ms = data {rep['gather_median_ms']} ms"
                f" + HTML {rep['html_median_ms']} ms + WeasyPrint ensam {rep['weasyprint_median_ms']} ms; vårt tillägg"
                f" {rep['our_share']:.0%} – {verdict}; {rep['queries']} frågor, {rep['pdf_bytes']} byte PDF"
            )
            if "sealed_median_s" in rep:
                parts = ", ".join(f"{k} {v} s" for k, v in rep["sealed_parts_s"].items())
                files = ", ".join(f"{k} {v} byte" for k, v in rep["sealed_bytes"].items())
                lines.append(
                    f"  - Hela den förseglade renderingen @{run.scale} (som Celery-uppgiften): {rep['sealed_median_s']} s"
                    f" ({parts}; {files})"
                )
        else:
            lines.append(f"- Rapport @{run.scale}: inte tillgänglig – {rep.get('note', '')}")
    return "\n".join(lines)
