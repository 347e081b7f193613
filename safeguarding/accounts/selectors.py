"""Reads for the accounts pages."""

from __future__ import annotations

from django.db.models import QuerySet

from safeguarding.core.permissions import led_agency_ids
from safeguarding.organisations.models import AgencyEmailDomain, Person
from safeguarding.organisations.rules import is_administrator, is_business_unit


def people_awaiting_confirmation(user) -> QuerySet[Person]:
    """Self-registered people whose agency nobody has confirmed yet: for an agency lead those
    who chose one of the agencies they lead, for business-unit staff and administrators all."""
    waiting = Person.objects.filter(
        agency_confirmed=False, agency__isnull=False, is_active=True
    ).select_related("agency")
    if not user.is_authenticated:
        return waiting.none()
    if not (is_business_unit(user) or is_administrator(user)):
        waiting = waiting.filter(agency_id__in=sorted(led_agency_ids(user)))
    return waiting.order_by("date_joined", "id")


def marked_by_domain(people: list[Person]) -> list[Person]:
    """Sets `on_agency_domain` on each person: whether their address is on a domain listed for
    the agency they chose (listed after they registered, say), so the page does not tell the
    lead that such an address is unknown."""
    known = set(
        AgencyEmailDomain.objects.filter(
            agency_id__in={person.agency_id for person in people}
        ).values_list("agency_id", "domain")
    )
    for person in people:
        domain = person.email.rsplit("@", 1)[-1].lower()
        person.on_agency_domain = (person.agency_id, domain) in known
    return people
