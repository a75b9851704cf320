"""Where a page's time goes: queries and SQL time, wall time, a cProfile ranking, the template's share, and what a
request pays before the view (the floor view as each signed-in role vs. anonymous).

Figures that hold on a busy machine come first: query counts, SQL time from the database's own EXPLAIN ANALYZE, and
the *relative* ranking of a profile. Wall times are medians and are printed with the load average they ran under.
"""

from __future__ import annotations

import cProfile
import io
import os
import pstats
import statistics
import time

from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings

from .pages import PAGES
from .runner import _client, explain_queries
from .urls import FLOOR_PATH

# cProfile's cumulative time of these functions: the template (every {% include %} is nested in the outer render,
# so the outermost call's cumulative time is the whole template, lazy querysets evaluated in it included) and SQL.
TEMPLATE_FN = ("django/template/base.py", "render")
SQL_FN = ("django/db/backends/utils.py", "_execute")


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} / {five:.2f} / {fifteen:.2f}"


def _median_ms(client, url: str, repeat: int) -> float:
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        client.get(url, secure=True)
        samples.append(time.perf_counter() - started)
    return round(statistics.median(samples) * 1000, 2)


def _cumulative(stats: pstats.Stats, suffix: str, name: str) -> float:
    """Largest cumulative time of a function by file suffix and name (the outermost of recursive calls)."""
    best = 0.0
    for (filename, _line, func), (_cc, _nc, _tt, ct, _callers) in stats.stats.items():
        if func == name and filename.replace("\\", "/").endswith(suffix):
            best = max(best, ct)
    return best


def profile_page(client, url: str, *, repeat: int = 3, top: int = 20) -> dict:
    """cProfile of ``repeat`` requests: total, template and SQL shares, and the top entries by cumulative time."""
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(repeat):
        client.get(url, secure=True)
    profiler.disable()
    stats = pstats.Stats(profiler)
    total = stats.total_tt or 1e-9
    entries = []
    project = str(settings.BASE_DIR)
    for (filename, line, func), (_cc, nc, tt, ct, _callers) in stats.stats.items():
        short = filename.replace(project + "/", "").split("site-packages/")[-1]
        entries.append({"fn": f"{short}:{line}({func})", "calls": nc, "tottime": tt, "cumtime": ct})
    entries.sort(key=lambda e: e["cumtime"], reverse=True)
    by_own = sorted(entries, key=lambda e: e["tottime"], reverse=True)
    template = _cumulative(stats, *TEMPLATE_FN)
    sql = _cumulative(stats, *SQL_FN)
    return {
        "total_s": round(total, 4),
        "template_share": round(template / total, 3),
        "sql_share": round(sql / total, 3),
        # The request's wrappers (test client, handler, each middleware) hold ~100 %: ranked from below them.
        "top_cumulative": [_rounded(e, total) for e in entries if e["cumtime"] < 0.97 * total][:top],
        "top_own": [_rounded(e, total) for e in by_own[:top]],
    }


def _rounded(entry: dict, total: float) -> dict:
    return {
        **entry,
        "tottime": round(entry["tottime"], 4),
        "cumtime": round(entry["cumtime"], 4),
        "cum_share": round(entry["cumtime"] / total, 3),
    }


def measure(*, repeat: int, roles: list[str] | None, pages: list[str] | None, profile: int, explain: bool, log=print):
    """Every page × role: queries, SQL ms (as Django timed them), median ms; then the ``profile`` slowest profiled."""
    rows, explained, profiles = [], [], []
    with override_settings(ROOT_URLCONF="bench.urls", ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, "testserver"]):
        clients = {}

        def client_for(role):
            if role not in clients:
                clients[role] = _client(role)
            return clients[role]

        before_view = []
        for role in ["anonymous", *sorted({r for p in PAGES for r in p.roles if r != "anonymous"})]:
            if roles and role not in roles and role != "anonymous":
                continue
            client = client_for(role)
            client.get(FLOOR_PATH, secure=True)
            with CaptureQueriesContext(connection) as captured:
                client.get(FLOOR_PATH, secure=True)
            before_view.append(
                {
                    "role": role,
                    "queries": len(captured),
                    "sql": [q["sql"][:200] for q in captured.captured_queries],
                    "median_ms": _median_ms(client, FLOOR_PATH, max(repeat, 20)),
                }
            )
        for page in PAGES:
            if pages and not any(p in page.name for p in pages):
                continue
            url = page.resolve()
            for role in page.roles:
                if roles and role not in roles:
                    continue
                client = client_for(role)
                client.get(url, secure=True)
                with CaptureQueriesContext(connection) as captured:
                    response = client.get(url, secure=True)
                sql = [q["sql"] for q in captured.captured_queries]  # now: the next request clears the query log
                sql_ms = sum(float(q["time"]) for q in captured.captured_queries) * 1000
                row = {
                    "page": page.name,
                    "role": role,
                    "url": url,
                    "status": response.status_code,
                    "queries": len(captured),
                    "sql_ms": round(sql_ms, 2),
                    "bytes": len(response.content),
                    "median_ms": _median_ms(client, url, repeat),
                    "load": load(),
                }
                rows.append(row)
                log(f"  {page.name} [{role}]: {row['queries']} q, sql {row['sql_ms']} ms, median {row['median_ms']} ms")
                if explain and role == next(r for r in page.roles if not roles or r in roles):
                    explained.append({"page": page.name, "role": role, "queries": explain_queries(sql)})
        for row in sorted(rows, key=lambda r: r["median_ms"], reverse=True)[:profile]:
            log(f"  profil: {row['page']} [{row['role']}] …")
            profiles.append(
                {
                    "page": row["page"],
                    "role": row["role"],
                    "load": load(),
                    **profile_page(client_for(row["role"]), row["url"]),
                }
            )
    return {"before_view": before_view, "pages": rows, "explain": explained, "profiles": profiles}


def report(result: dict, *, top: int = 12) -> str:
    """Markdown: before-the-view cost, per page × role, the profiles, the slowest SQL from EXPLAIN ANALYZE."""
    out = io.StringIO()
    w = out.write
    w("| före vyn (golvvyn) | frågor | median ms |\n|---|---|---|\n")
    for r in result["before_view"]:
        w(f"| {r['role']} | {r['queries']} | {r['median_ms']} |\n")
    w("\n| sida | roll | frågor | SQL ms | median ms | byte | load |\n|---|---|---|---|---|---|---|\n")
    for r in result["pages"]:
        w(
            f"| {r['page']} | {r['role']} | {r['queries']} | {r['sql_ms']} | {r['median_ms']} | {r['bytes']} |"
            f" {r['load']} |\n"
        )
    for p in result["profiles"]:
        w(
            f"\n**Profil: {p['page']} [{p['role']}]** (3 anrop, {p['total_s']} s under cProfile, load {p['load']}): "
            f"mall {p['template_share']:.0%}, SQL {p['sql_share']:.0%} (överlappar: frågor som körs i mallen).\n\n"
        )
        w("| kumulativ andel | anrop | egen s | funktion |\n|---|---|---|---|\n")
        for e in p["top_cumulative"][:top]:
            w(f"| {e['cum_share']:.0%} | {e['calls']} | {e['tottime']} | `{e['fn']}` |\n")
        w("\nMest egen tid: " + "; ".join(f"`{e['fn']}` {e['tottime']} s" for e in p["top_own"][:8]) + "\n")
    slow = []
    for item in result["explain"]:
        for q in item["queries"]:
            ms = float(q.get("time", "0").split(":")[-1].strip().split(" ")[0] or 0) if q.get("time") else 0.0
            slow.append((ms, item["page"], q))
    if slow:
        w("\n| EXPLAIN ANALYZE ms | sida | sekventiella skanningar | fråga |\n|---|---|---|---|\n")
        for ms, page, q in sorted(slow, key=lambda s: s[0], reverse=True)[:top]:
            scans = "; ".join(q.get("seq_scans") or []) or "–"
            w(f"| {ms:.1f} | {page} | {scans[:160]} | `{q['sql'][:140]}` |\n")
    return out.getvalue()
