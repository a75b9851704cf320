"""manage.py benchprofile: where each page's time goes (queries, SQL, template share, cProfile, before the view)."""

import json
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from bench import profiling, runner
from bench.pages import ROLE_USERS


class Command(BaseCommand):
    help = (
        "Profilerar sidorna i en data-skala: frågor, SQL-tid, median, mallens andel, cProfile av de långsammaste och "
        "kostnaden före vyn. --keep behåller databasen <namn>_bench; --reuse mäter i den utan att bygga om."
    )
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=int, default=100)
        parser.add_argument("--repeat", type=int, default=5)
        parser.add_argument("--roles", nargs="+", choices=list(ROLE_USERS))
        parser.add_argument("--pages", nargs="+", help="bara sidor vars namn innehåller någon av dessa")
        parser.add_argument("--profile", type=int, default=5, help="profilera så många av de långsammaste")
        parser.add_argument("--explain", action="store_true")
        parser.add_argument("--keep", action="store_true")
        parser.add_argument("--reuse", action="store_true", help="använd befintliga <namn>_bench (migreras först)")
        parser.add_argument("--json", dest="json_path", type=Path)
        parser.add_argument("--markdown", type=Path)

    def handle(self, *args, scale, repeat, roles, pages, profile, explain, keep, reuse, json_path, markdown, **options):
        log = self.stdout.write
        log(f"Load vid start: {profiling.load()}")
        if reuse:
            if connection.vendor != "postgresql":
                raise CommandError("--reuse kräver PostgreSQL.")
            connection.close()
            connection.settings_dict["NAME"] = f"{connection.settings_dict['NAME']}_bench"
            call_command("migrate", verbosity=0)
            result = profiling.measure(
                repeat=repeat, roles=roles, pages=pages, profile=profile, explain=explain, log=log
            )
        else:
            with runner.throwaway_database(keep=keep, log=log):
                seconds, _ = runner.build_data(scale, log=log)
                log(f"Data i skala {scale} byggd på {seconds:.1f} s.")
                result = profiling.measure(
                    repeat=repeat, roles=roles, pages=pages, profile=profile, explain=explain, log=log
                )
        result.update(scale=scale, load_end=profiling.load())
        text = profiling.report(result)
        log(text + f"\nLoad vid slut: {result['load_end']}")
        if json_path:
            json_path.write_text(json.dumps(result, ensure_ascii=False, indent=1))
        if markdown:
            markdown.write_text(text)
