"""Account writes: self-registration and confirming a self-registered person's agency."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction

from safeguarding.core.audit import record_change
from safeguarding.organisations.models import AgencyEmailDomain, Person, Role, RoleAssignment

CONFIRM_AGENCY = "organisations.confirm_agency"


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
            "account registered",
            person,
            {"agency": str(person.agency or ""), "agency_confirmed": person.agency_confirmed},
        )
    return person


def _require_may_confirm(acting_user, person: Person) -> None:
    if person.agency_id is None or not acting_user.has_perm(CONFIRM_AGENCY, person):
        raise PermissionDenied


@transaction.atomic
def confirm_agency(acting_user, person: Person) -> Person:
    """The agency's safeguarding lead (or the business unit) confirms the person works there."""
    _require_may_confirm(acting_user, person)
    if not person.agency_confirmed:
        person.agency_confirmed = True
        person.save(update_fields=["agency_confirmed"])
        record_change(
            acting_user,
            "agency confirmed",
            person,
            {"agency": str(person.agency), "agency_confirmed": [False, True]},
        )
    return person


@transaction.atomic
def reject_agency(acting_user, person: Person) -> Person:
    """ "Not from our agency": the person is left without an agency (they can choose again or
    the business unit sets it), and drops off the lead's list."""
    _require_may_confirm(acting_user, person)
    previous = str(person.agency)
    person.agency = None
    person.agency_confirmed = False
    person.save(update_fields=["agency", "agency_confirmed"])
    record_change(acting_user, "agency rejected", person, {"agency": [previous, None]})
    return person
