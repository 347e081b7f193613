from django.core.management.base import BaseCommand
from django.utils.module_loading import import_string

from safeguarding.organisations.models import Agency, Person

# Each capability's demo data, in the order they build on each other. Every loader is
# idempotent: a second run changes nothing.
DEMO_LOADERS = [
    "safeguarding.organisations.demo.loader.load_demo_county",
    "safeguarding.actionplans.demo.load_demo_action_plans",
    "safeguarding.meetings.demo.load_demo",
    "safeguarding.training.demo.load_demo",
    "safeguarding.inspections.demo.load_demo",
]


class Command(BaseCommand):
    help = "Load the demo county and every capability's demo data (idempotent)."

    def handle(self, *args, **options):
        for dotted_path in DEMO_LOADERS:
            import_string(dotted_path)()
        from safeguarding.actionplans.models import Action, ActionPlan

        self.stdout.write(
            f"Demo county loaded: {Agency.objects.count()} agencies, "
            f"{Person.objects.count()} people, {ActionPlan.objects.count()} action plans "
            f"with {Action.objects.count()} actions."
        )
