"""What the accounts app adds to the "what needs me" home page."""

from django.urls import reverse

from safeguarding.core.home import NeedsMe, task_provider
from safeguarding.core.permissions import led_agency_ids

from .selectors import people_awaiting_confirmation


@task_provider(reads=("directory",))
def agency_confirmations(person, board):
    """Agency leads: self-registered people who say they work for the lead's agency."""
    if not led_agency_ids(person):
        return []
    count = people_awaiting_confirmation(person).count()
    if not count:
        return []
    noun = "person says they work" if count == 1 else "people say they work"
    return [
        NeedsMe(
            title=f"{count} {noun} for your agency: confirm or reject",
            href=reverse("accounts:confirmation_list"),
            category="Agency confirmations",
        )
    ]
