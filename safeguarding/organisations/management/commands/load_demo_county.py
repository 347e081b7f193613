from django.core.management.base import BaseCommand

from safeguarding.organisations.demo.loader import load_demo_county
from safeguarding.organisations.models import Agency, Person


class Command(BaseCommand):
    help = "Load the demo county (idempotent: a second run changes nothing)."

    def handle(self, *args, **options):
        load_demo_county()
        self.stdout.write(
            f"Demo county loaded: {Agency.objects.count()} agencies, "
            f"{Person.objects.count()} people."
        )
