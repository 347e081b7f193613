from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections

from safeguarding.core.backups import BackupError, backup_database


class Command(BaseCommand):
    help = (
        "Back up the database to PATH: SQLite with the online backup API (safe while the hub "
        "runs), PostgreSQL with pg_dump's custom format."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="Where to write the backup file.")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args, path: str, database: str, **options):
        try:
            written = backup_database(connections[database].settings_dict, path)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Backed up the database to {written}")
