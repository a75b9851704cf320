"""The load test's per-page table, read from gunicorn's access log: which pages hold the workers under load."""

from bench.loadtest import ACCESS_LOG_FORMAT, per_page


def test_the_access_log_is_summed_per_page_with_median_p95_and_share():
    assert ACCESS_LOG_FORMAT.split() == ["%(U)s?%(q)s", "%(s)s", "%(D)s"]  # path?query, status, microseconds
    lines = [f"/atgarder/? 200 {ms * 1000}" for ms in range(1, 21)]  # 1..20 ms
    lines += ["/atgarder/?sida=40 200 90000", "/__bench_floor__/? 200 100", "not a request line", "/planen/? 200 x"]
    rows = per_page(
        lines, names={"/atgarder/": "åtgärdslista", "/atgarder/?sida=40": "sida 40"}, skip={"/__bench_floor__/"}
    )
    assert [r["page"] for r in rows] == ["åtgärdslista", "sida 40"]  # the floor and junk lines are left out
    first, second = rows
    assert first["requests"] == 20 and first["median_ms"] == 10.0 and first["p95_ms"] == 19.0
    assert second == {"page": "sida 40", "requests": 1, "median_ms": 90.0, "p95_ms": 90.0, "share": 0.3}
    assert first["share"] == 0.7  # 210 ms of 300 ms worker time


def test_a_url_that_is_not_a_registered_page_is_shown_as_it_is():
    rows = per_page(["/okand/?x=1 404 5000"], names={})
    assert rows[0]["page"] == "/okand/?x=1"
