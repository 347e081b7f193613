from django.core.management.base import BaseCommand

from safeguarding.core import registry
from safeguarding.core.sweeps import record_past_notices


class Command(BaseCommand):
    help = "Load the demo county and every capability's demo data (idempotent)."

    def handle(self, *args, **options):
        # Each app registers its loader in its AppConfig (core.registry), after the loaders it
        # builds on; every loader is idempotent, so a second run changes nothing.
        added = registry.run_demo_loaders()
        if added:
            # The demo's history counts as notified: only what falls due from now is e-mailed.
            record_past_notices()
        self.stdout.write(f"Demo county loaded: {registry.demo_summary()}.")
