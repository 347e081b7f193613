"""Who may do what with boards, areas, agencies and people."""

import rules

from .models import ROLE_SCOPES, Role


def bu_board_ids(user) -> set[int]:
    """The boards a person works for as business-unit staff."""
    return user.scope_ids(Role.BUSINESS_UNIT, "board") if user.is_authenticated else set()


@rules.predicate
def is_administrator(user) -> bool:
    return user.is_authenticated and (user.is_superuser or user.has_role(Role.ADMINISTRATOR))


@rules.predicate
def is_business_unit(user) -> bool:
    return bool(bu_board_ids(user))


@rules.predicate
def is_agency_lead(user) -> bool:
    return user.is_authenticated and bool(user.scope_ids(Role.AGENCY_LEAD, "agency"))


@rules.predicate
def is_signed_in(user) -> bool:
    return user.is_authenticated


@rules.predicate
def leads_persons_agency(user, person) -> bool:
    return (
        person is not None
        and person.agency_id is not None
        and person.agency_id in user.scope_ids(Role.AGENCY_LEAD, "agency")
    )


@rules.predicate
def has_authority_over_role_scope(user, assignment) -> bool:
    """Granting or removing a role needs authority over its scope: business-unit staff of the
    board named, of a board the locality (CPB) belongs to, or of a board the agency is a
    partner of; any board's business unit for unscoped roles. Administrators everywhere; only
    administrators make or unmake administrators."""
    if assignment is None or not user.is_authenticated:
        return False
    if is_administrator(user):
        return True
    bu_boards = bu_board_ids(user)
    if assignment.role == Role.ADMINISTRATOR or not bu_boards:
        return False
    scope = ROLE_SCOPES.get(assignment.role)
    if scope == "board":
        return assignment.board_id in bu_boards
    if scope == "area":
        area = assignment.area
        return area is not None and area.boards.filter(pk__in=bu_boards).exists()
    if scope == "agency":
        agency = assignment.agency
        return agency is not None and agency.boards.filter(pk__in=bu_boards).exists()
    return True


manages_directory = is_business_unit | is_administrator

rules.add_perm("organisations.view_directory", is_signed_in)
rules.add_perm("organisations.manage_directory", manages_directory)
rules.add_perm("organisations.import_directory", manages_directory)
rules.add_perm("organisations.change_person", manages_directory)
rules.add_perm("organisations.confirm_agency", manages_directory | leads_persons_agency)
# Only an administrator may make (or unmake) another administrator.
rules.add_perm("organisations.assign_administrator", is_administrator)
# The object is the (possibly unsaved) RoleAssignment. That nobody gives themselves a role is
# checked by the service itself, since superusers pass every `has_perm`.
rules.add_perm("organisations.assign_role", has_authority_over_role_scope)
rules.add_perm("organisations.remove_role", has_authority_over_role_scope)
# The person page's audit history.
rules.add_perm("organisations.view_person_history", manages_directory)
