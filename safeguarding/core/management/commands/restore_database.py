from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections

from safeguarding.core.backups import BackupError, restore_database


class Command(BaseCommand):
    help = (
        "Replace the database's contents with a backup made by backup_database. Stop the web "
        "servers and workers first. PostgreSQL: pg_restore --clean in one transaction."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="The backup file to restore.")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)
        parser.add_argument(
            "--yes", action="store_true", help="Do not ask for confirmation (for scripts)."
        )

    def handle(self, *args, path: str, database: str, yes: bool, **options):
        connection = connections[database]
        if not yes and options.get("interactive", True):
            answer = input(
                f"This replaces everything in {connection.settings_dict['NAME']} with {path}. "
                "Type 'yes' to continue: "
            )
            if answer.strip().lower() != "yes":
                raise CommandError("Restore cancelled; nothing was changed.")
        connection.close()
        try:
            restore_database(connection.settings_dict, path)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Restored the database from {path}")
