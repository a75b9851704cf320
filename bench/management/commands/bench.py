"""manage.py bench: how fast every page is, per role, at a chosen data scale, next to Django's own floor."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from bench import runner
from bench.pages import ROLE_USERS


class Command(BaseCommand):
    help = (
        "Bygger syntetiska data i en tillfällig databas (skala 1 ≈ Piteå), mäter varje sida per roll (median, p95, "
        "antal frågor) mot en trivial vy och tidsätter rapport-PDF:en. Databasen tas bort efteråt."
    )
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=int, nargs="+", default=[1], help="en eller flera skalor, t.ex. 1 100")
        parser.add_argument("--repeat", type=int, default=20, help="anrop per sida och roll (efter uppvärmning)")
        parser.add_argument("--roles", nargs="+", choices=list(ROLE_USERS), help="mät bara dessa roller")
        parser.add_argument("--json", dest="json_path", type=Path, help="skriv resultatet som JSON hit")
        parser.add_argument(
            "--keep", action="store_true", help="behåll databasen efteråt (för --explain eller lasttest)"
        )
        parser.add_argument("--explain", action="store_true", help="skriv EXPLAIN för sidornas frågor")

    def handle(self, *args, scale, repeat, roles, json_path, keep, explain, **options):
        if any(s < 1 for s in scale) or repeat < 1:
            raise CommandError("--scale och --repeat måste vara minst 1.")
        verbose = options["verbosity"] >= 1
        log = self.stdout.write if verbose else (lambda message: None)
        runs = [
            runner.run_scale(scale=s, repeat=repeat, roles=roles, keep=keep, explain=explain, log=log) for s in scale
        ]
        result = runner.as_json(runs, repeat=repeat)
        if explain:
            self._print_explain(runs)
        self.stdout.write("")
        for run in runs:
            rows = run.rows
            self.stdout.write(
                f"Skala {run.scale} ({run.database}): byggt på {run.build_seconds} s; "
                f"{sum(rows.values())} rader i {len(rows)} tabeller"
            )
        self.stdout.write(runner.table(runs))
        if not result["query_counts_constant"]:
            self.stdout.write(self.style.WARNING(f"Antal frågor växer med data: {result['query_count_mismatches']}"))
        if json_path:
            json_path.write_text(json.dumps(result, ensure_ascii=False, indent=1))
            self.stdout.write(f"JSON skrivet till {json_path}")

    def _print_explain(self, runs):
        for run in runs:
            self.stdout.write(f"\nEXPLAIN, skala {run.scale}:")
            for item in run.explain:
                self.stdout.write(f"\n## {item['page']} ({item['url']})")
                for q in item["queries"]:
                    scans = q.get("seq_scans") or []
                    flag = "SEKVENTIELL: " + "; ".join(scans) if scans else "index/ingen skanning"
                    self.stdout.write(f"- {q['sql'][:160]}…\n    {q.get('time', '')} {flag}")
