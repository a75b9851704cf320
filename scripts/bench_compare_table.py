"""The table scripts/bench-compare.sh prints: base vs head, per page and role, then the load tests."""

import json
import sys
from pathlib import Path


def read(path: Path):
    return json.loads(path.read_text()) if path.exists() else None


def _one(row: dict) -> str:
    return row["load"].split(" / ")[0]


def main(out: Path, scales: list[str]) -> None:
    base, head = read(out / "profile-base.json"), read(out / "profile-head.json")
    if base and head:
        print(f"\nProfil @{head.get('scale')}: frågor, SQL ms och median ms per sida och roll (före → efter)")
        print("| sida | roll | frågor | SQL ms | median ms | byte | load (1 min) före → efter |")
        print("|---|---|---|---|---|---|---|")
        before = {(r["page"], r["role"]): r for r in base["pages"]}
        for r in head["pages"]:
            b = before.get((r["page"], r["role"]))
            if b is None:
                print(
                    f"| {r['page']} | {r['role']} | – → {r['queries']} | – → {r['sql_ms']} | – → {r['median_ms']} |"
                    f" – → {r['bytes']} | – → {_one(r)} |"
                )
                continue
            print(
                f"| {r['page']} | {r['role']} | {b['queries']} → {r['queries']} | {b['sql_ms']} → {r['sql_ms']} |"
                f" {b['median_ms']} → {r['median_ms']} | {b['bytes']} → {r['bytes']} | {_one(b)} → {_one(r)} |"
            )
        for side, data in (("före", base), ("efter", head)):
            pre = ", ".join(f"{r['role']} {r['queries']} q {r['median_ms']} ms" for r in data["before_view"])
            print(f"\nFöre vyn ({side}): {pre}")
    print("\nLasttest (gunicorn 3 arbetare, wrk 16 anslutningar)")
    print("| skala | version | körning | anrop/s | p50 ms | p95 ms | p99 ms | fel | andel av golvet | load efter |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for scale in scales:
        for side in ("base", "head"):
            data = read(out / f"load-{side}-{scale}.json")
            loadavg = out / f"load-{side}-{scale}.loadavg"
            after = loadavg.read_text().split(":")[-1].strip() if loadavg.exists() else ""
            if data is None:
                print(f"| {scale} | {side} | – | – | – | – | – | – | – | {after} |")
                continue
            for run, key in (("sidor per roll", "pages"), ("trivial vy", "floor")):
                r = data[key]
                share = f"{data['throughput_ratio']:.1%}" if key == "pages" else ""
                print(
                    f"| {scale} | {side} | {run} | {r['throughput_rps']} | {r['p50_ms']} | {r['p95_ms']} |"
                    f" {r['p99_ms']} | {r['errors']} | {share} | {after} |"
                )


if __name__ == "__main__":
    main(Path(sys.argv[1]), sys.argv[2:])
