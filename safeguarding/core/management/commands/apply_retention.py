from django.core.management.base import BaseCommand

from safeguarding.core.data_protection import apply_retention, retention_days


class Command(BaseCommand):
    help = (
        "Anonymise people deactivated more than HUB_RETENTION_DAYS ago (default 2190, six "
        "years): replace their name, e-mail and phone, remove their sign-in details, keep the "
        "audit trail, and audit each anonymisation. Safe to run daily."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=None, help="Override the period.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Only say how many people are due."
        )

    def handle(self, *args, days: int | None, dry_run: bool, **options):
        days = retention_days() if days is None else days
        ids = apply_retention(days=days, dry_run=dry_run)
        verb = "would be anonymised" if dry_run else "anonymised"
        self.stdout.write(
            f"{len(ids)} {'person' if len(ids) == 1 else 'people'} {verb} "
            f"(deactivated over {days} days ago)"
        )
