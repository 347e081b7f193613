"""Account writes: self-registration."""

from __future__ import annotations

from django.db import transaction

from safeguarding.core.audit import record_change
from safeguarding.organisations.models import AgencyEmailDomain, Person, Role, RoleAssignment


def agency_for_email(email: str):
    domain = email.rsplit("@", 1)[-1].lower()
    match = AgencyEmailDomain.objects.select_related("agency").filter(domain=domain).first()
    return match.agency if match else None


@transaction.atomic
def complete_registration(person: Person, data: dict, commit: bool = True) -> Person:
    """A self-registered practitioner: the agency from the e-mail domain when one lists it
    (confirmed), otherwise the agency they chose, unconfirmed until its lead confirms."""
    person.full_name = data.get("full_name", "")
    person.job_title = data.get("job_title", "")
    inferred = agency_for_email(person.email)
    if inferred is not None:
        person.agency = inferred
        person.agency_confirmed = True
    else:
        person.agency = data.get("agency")
        person.agency_confirmed = False
    if commit:
        person.save()
        RoleAssignment.objects.create(person=person, role=Role.PRACTITIONER)
        record_change(
            person,
            "registered",
            person,
            {"agency": str(person.agency or ""), "agency_confirmed": person.agency_confirmed},
        )
    return person
