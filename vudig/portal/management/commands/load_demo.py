from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from vudig.core.models import Organisation
from vudig.portal.demo import DEMO_ACCOUNTS, DEMO_PASSWORD, demo_load


class Command(BaseCommand):
    help = "Lägger till demokonton för varje roll och lite exempelaktivitet. ENDAST FÖR LOKAL ANVÄNDNING."

    def handle(self, *args, **options):
        if not settings.DEBUG and settings.SESSION_COOKIE_SECURE:
            raise CommandError("Demokonton har ett känt lösenord och skapas inte med produktionsinställningar.")
        if not Organisation.objects.exists():
            raise CommandError("Läs in planen först: python manage.py load_plan")
        created = demo_load()
        self.stdout.write(self.style.WARNING(f"Demokonton (endast lokalt), lösenord för alla: {DEMO_PASSWORD}"))
        for account in DEMO_ACCOUNTS:
            mark = " (ny)" if account.username in created else ""
            self.stdout.write(f"  {account.username:<20} {account.role.label}{mark}")
