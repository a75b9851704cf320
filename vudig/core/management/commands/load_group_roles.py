"""Load the directory group → role mapping from a YAML file (also kept in the admin: Gruppmappningar)."""

import logging
from pathlib import Path

import yaml
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from vudig.core.identity.services import group_role_mappings_load

logger = logging.getLogger("vudig.identity")


class Command(BaseCommand):
    help = "Läser in vilka katalogrupper som ger vilka roller (YAML: mappings: [{group, role, organisation?, steering_group?}])."

    def add_arguments(self, parser):
        parser.add_argument("--file", required=True, help="YAML-fil med mappningarna")
        parser.add_argument("--replace", action="store_true", help="ta bort mappningar som inte finns i filen")

    def handle(self, *args, file, replace, **options):
        path = Path(file)
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (OSError, yaml.YAMLError) as error:
            raise CommandError(f"{path}: {error}") from error
        try:
            created, removed = group_role_mappings_load(data=data, replace=replace)
        except ValidationError as error:
            logger.warning("group mapping %s refused: %s", path, "; ".join(error.messages))
            raise CommandError(f"{path}: {'; '.join(error.messages)}") from error
        self.stdout.write(f"{path}: {created} nya mappningar, {removed} borttagna.")
