"""manage.py loadtest: gunicorn + PostgreSQL on loopback under wrk, per-role journeys against the floor view."""

import json
import time
from pathlib import Path
from tempfile import TemporaryDirectory

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from bench import loadtest, runner
from bench.pages import ROLE_USERS
from bench.urls import FLOOR_PATH
from vudig.portal.demo import DEMO_PASSWORD


class Command(BaseCommand):
    help = (
        "Lasttest mot gunicorn + PostgreSQL på 127.0.0.1 med wrk: flera inloggade användare per roll går sina sidor; "
        "genomströmning, p95 och fel (ska vara 0), och genomströmningen som andel av den triviala vyns."
    )
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=int, default=1)
        parser.add_argument("--duration", type=int, default=20, help="sekunder per wrk-körning (två körs)")
        parser.add_argument("--users", type=int, default=3, help="inloggade sessioner per roll")
        parser.add_argument("--connections", type=int, default=16, help="samtidiga anslutningar i wrk")
        parser.add_argument("--threads", type=int, default=2)
        parser.add_argument("--workers", type=int, default=3, help="gunicorn-arbetare")
        parser.add_argument("--port", type=int, default=8765)
        parser.add_argument("--json", dest="json_path", type=Path)

    def handle(self, *args, scale, duration, users, connections, threads, workers, port, json_path, **options):
        if connection.vendor != "postgresql":
            raise CommandError("Lasttestet kräver PostgreSQL: sätt DATABASE_URL=postgres://…@127.0.0.1:5432/namn.")
        log = self.stdout.write
        try:
            wrk = loadtest.ensure_wrk(log)
            loadtest.database_url_for("check")
        except RuntimeError as exc:
            raise CommandError(str(exc)) from exc
        with runner.throwaway_database(log=log) as name, TemporaryDirectory() as static_root:
            seconds, _ = runner.build_data(scale, log=log)
            roles = [role for role in ROLE_USERS if role != "anonymous"] + ["anonymous"]
            paths = loadtest.journeys(roles)
            names = loadtest.page_names()
            loadtest.set_demo_passwords()
            access_log = str(Path(static_root) / "access.log")
            connection.close()  # gunicorn has the database from here on; it is dropped after gunicorn stops
            with loadtest.gunicorn(
                port=port,
                database_url=loadtest.database_url_for(name),
                workers=workers,
                static_root=static_root,
                log=log,
                access_log=access_log,
            ):
                per_user = []
                for role in roles:
                    for _ in range(users):
                        cookie = loadtest.login(port, ROLE_USERS[role], DEMO_PASSWORD) if ROLE_USERS[role] else ""
                        per_user.append((cookie, paths[role]))
                requests = loadtest.interleave(per_user)
                log(
                    f"{len(per_user)} användare ({users} per roll), {len(requests)} steg i rotation; wrk {duration} s …"
                )
                logged = Path(access_log).stat().st_size if Path(access_log).exists() else 0
                journeys = loadtest.run_wrk(
                    wrk, port=port, requests=requests, threads=threads, connections=connections, duration=duration
                )
                time.sleep(1)  # gunicorn writes its access log line after the response
                with open(access_log, encoding="utf-8") as lines:
                    lines.seek(logged)
                    pages = loadtest.per_page(lines.read().splitlines(), names=names, skip={FLOOR_PATH})
                loadtest.settle(port)  # the floor run must not queue behind the last slow page requests
                floor = loadtest.run_wrk(
                    wrk,
                    port=port,
                    requests=[(FLOOR_PATH, "")],
                    threads=threads,
                    connections=connections,
                    duration=duration,
                )
        result = {
            "scale": scale,
            "build_seconds": round(seconds, 1),
            "gunicorn_workers": workers,
            "wrk": {"threads": threads, "connections": connections, "duration_s": duration},
            "users": len(per_user),
            "journeys": {role: paths[role] for role in roles},
            "pages": journeys,
            "per_page": pages,
            "floor": floor,
            "throughput_ratio": round(journeys["throughput_rps"] / floor["throughput_rps"], 3),
        }
        self.stdout.write(
            f"\nSkala {scale}, {len(per_user)} användare, {connections} anslutningar, {duration} s:\n"
            f"| körning | anrop | anrop/s | p50 ms | p95 ms | p99 ms | fel |\n|---|---|---|---|---|---|---|\n"
            f"| sidor per roll | {journeys['requests']} | {journeys['throughput_rps']} | {journeys['p50_ms']} | "
            f"{journeys['p95_ms']} | {journeys['p99_ms']} | {journeys['errors']} |\n"
            f"| trivial vy | {floor['requests']} | {floor['throughput_rps']} | {floor['p50_ms']} | {floor['p95_ms']} | "
            f"{floor['p99_ms']} | {floor['errors']} |\n"
            f"Genomströmning som andel av den triviala vyns: {result['throughput_ratio']:.1%}"
        )
        self.stdout.write(
            "\nTid i gunicorn-arbetaren per sida under lasten (utan väntan i kön), störst andel först:\n"
            "| sida | anrop | median ms | p95 ms | andel av arbetstiden |\n|---|---|---|---|---|\n"
            + "\n".join(
                f"| {r['page']} | {r['requests']} | {r['median_ms']} | {r['p95_ms']} | {r['share']:.1%} |"
                for r in pages[:15]
            )
        )
        if json_path:
            json_path.write_text(json.dumps(result, ensure_ascii=False, indent=1))
        if journeys["errors"] or floor["errors"]:
            raise CommandError(f"Fel under lasttestet: {journeys['error_detail']} / {floor['error_detail']}")
