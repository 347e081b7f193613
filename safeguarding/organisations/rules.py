"""Who may do what with boards, areas, agencies and people."""

import rules

from safeguarding.core.permissions import bu_board_ids, led_agency_ids

from .models import Role


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

rules.add_perm("organisations.view_directory", is_signed_in)
rules.add_perm("organisations.manage_directory", manages_directory)
rules.add_perm("organisations.import_directory", manages_directory)
rules.add_perm("organisations.change_person", manages_directory)
rules.add_perm("organisations.confirm_agency", manages_directory | leads_persons_agency)
# Only an administrator may make (or unmake) another administrator.
rules.add_perm("organisations.assign_administrator", is_administrator)
# The person page's audit history.
rules.add_perm("organisations.view_person_history", manages_directory)
