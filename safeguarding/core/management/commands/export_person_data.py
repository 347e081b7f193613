import json

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from safeguarding.core.data_protection import subject_access_report


class Command(BaseCommand):
    help = (
        "Subject access: write everything the hub holds about a member of staff (profile, "
        "roles, sign-in details, audit events by and about them, e-mails to them) as JSON."
    )

    def add_arguments(self, parser):
        parser.add_argument("email", help="The person's e-mail address in the hub.")
        parser.add_argument("--output", "-o", help="Write to this file instead of the screen.")
        parser.add_argument("--reason", default="subject access request")

    def handle(self, *args, email: str, output: str | None, reason: str, **options):
        Person = get_user_model()
        try:
            person = Person.objects.get(email__iexact=email.strip())
        except Person.DoesNotExist as error:
            raise CommandError(f"Nobody in the hub has the e-mail address {email}.") from error
        report = subject_access_report(person, reason=reason)
        text = json.dumps(report, indent=2, ensure_ascii=False, default=str)
        if output:
            with open(output, "w", encoding="utf-8") as file:
                file.write(text + "\n")
            self.stderr.write(f"Wrote the data held about person {person.pk} to {output}")
        else:
            self.stdout.write(text)
