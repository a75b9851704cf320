from django.core.management.base import BaseCommand, CommandError

from vudig.portal.plan_loader import DEFAULT_PLAN_FILE, PlanDataError, plan_load


class Command(BaseCommand):
    help = "Läser in kommunens plan för digitalisering från en datafil (YAML). Kan köras flera gånger."

    def add_arguments(self, parser):
        parser.add_argument("--file", default=str(DEFAULT_PLAN_FILE), help="Datafilen (standard: %(default)s)")
        parser.add_argument(
            "--update",
            action="store_true",
            help="Skriv över det som redan finns med filens innehåll (annars läggs bara saknade rader till, "
            "så att ändringar gjorda i portalen ligger kvar).",
        )

    def handle(self, *args, **options):
        try:
            summary = plan_load(path=options["file"], update=options["update"])
        except PlanDataError as exc:
            raise CommandError(f"Planen lästes inte in, databasen är oförändrad. {exc}") from exc
        if not summary.changed:
            self.stdout.write(self.style.SUCCESS("Planen är redan inläst; inget ändrades."))
            return
        for label, n in summary.created.items():
            self.stdout.write(f"Skapade {n} {label}")
        for label, n in summary.updated.items():
            self.stdout.write(f"Uppdaterade {n} {label}")
        self.stdout.write(self.style.SUCCESS("Planen är inläst."))
