"""Who may do what with boards, areas, agencies and people."""

import rules

from safeguarding.core.permissions import bu_board_ids, led_agency_ids

from .models import CONTACT_ROLES, Role


@rules.predicate
def is_administrator(user) -> bool:
    return user.is_authenticated and (user.is_superuser or user.has_role(Role.ADMINISTRATOR))


@rules.predicate
def is_business_unit(user) -> bool:
    return bool(bu_board_ids(user))


@rules.predicate
def is_agency_lead(user) -> bool:
    return bool(led_agency_ids(user))


@rules.predicate
def is_signed_in(user) -> bool:
    return user.is_authenticated


@rules.predicate
def leads_persons_agency(user, person) -> bool:
    return (
        person is not None
        and person.agency_id is not None
        and person.agency_id in led_agency_ids(user)
    )


manages_directory = is_business_unit | is_administrator


@rules.predicate
def sees_person(user, person) -> bool:
    """Beside `selectors.people_visible_to`, which answers the same for a list (a test checks
    they agree): their own agency's people (and those of agencies they lead), the people they
    line-manage, themselves, and the partnership's contacts."""
    if person is None or not user.is_authenticated:
        return False
    if person.pk == user.pk or person.line_manager_id == user.pk:
        return True
    agencies = led_agency_ids(user) | ({user.agency_id} if user.agency_id else set())
    if person.agency_id in agencies:
        return True
    return any(assignment.role in CONTACT_ROLES for assignment in person.role_assignments)


rules.add_perm("organisations.view_directory", is_signed_in)
rules.add_perm("organisations.manage_directory", manages_directory)
rules.add_perm("organisations.view_person", manages_directory | sees_person)
rules.add_perm("organisations.import_directory", manages_directory)
rules.add_perm("organisations.change_person", manages_directory)
rules.add_perm("organisations.confirm_agency", manages_directory | leads_persons_agency)
# Only an administrator may make (or unmake) another administrator.
rules.add_perm("organisations.assign_administrator", is_administrator)
# The person page's audit history.
rules.add_perm("organisations.view_person_history", manages_directory)
