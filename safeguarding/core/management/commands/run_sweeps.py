import time

from django.core.management.base import BaseCommand

from safeguarding.core.sweeps import run_sweeps


class Command(BaseCommand):
    help = "Run every registered sweep once, or every N seconds with --every."

    def add_arguments(self, parser):
        parser.add_argument("--every", type=int, default=0, help="Repeat every N seconds.")

    def handle(self, *args, every: int, **options):
        while True:
            results = run_sweeps()
            acted = {name: count for name, count in results.items() if count}
            if acted or not every:
                self.stdout.write(f"sweeps: {acted or 'nothing due'}")
            if not every:
                return
            time.sleep(every)
