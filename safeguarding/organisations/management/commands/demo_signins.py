from django.core.management.base import BaseCommand

from safeguarding.organisations.demo.loader import DEMO_PASSWORD, DEMO_SIGNINS


class Command(BaseCommand):
    help = "Print the demo sign-ins, one per role."

    def handle(self, *args, **options):
        self.stdout.write(f"Demo sign-ins (password for all: {DEMO_PASSWORD}):")
        for email, name, role, _scope in DEMO_SIGNINS:
            self.stdout.write(f"  {role.label:<32} {email:<32} {name}")
