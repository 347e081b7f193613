from django.core.management.base import BaseCommand

from safeguarding.organisations.demo.loader import DEMO_PASSWORD, DEMO_SIGNINS
from safeguarding.organisations.demo.people import DEMO_SIGNIN_LABELS


class Command(BaseCommand):
    help = "Print the demo sign-ins, one per role."

    def handle(self, *args, **options):
        self.stdout.write(f"Demo sign-ins (password for all: {DEMO_PASSWORD}):")
        for email, name, role, _scope in DEMO_SIGNINS:
            label = DEMO_SIGNIN_LABELS.get(email, role.label)
            self.stdout.write(f"  {label:<40} {email:<32} {name}")
