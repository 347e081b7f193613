"""Who may do what with boards, areas, agencies and people."""

import rules

from safeguarding.core.permissions import bu_board_ids, led_agency_ids

from .models import CONTACT_ROLES, ROLE_SCOPES, Agency, Area, Board, Role


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


def grantable_scopes(user) -> dict:
    """The boards, locality boards (CPBs) and agencies a person may give roles for, as
    querysets: every one for administrators; for business-unit staff, their boards, the
    localities that belong to those boards (`Area.boards`) and the agencies that are partners of
    them (`Agency.boards`). The role form, the import and `organisations.assign_role` use it."""
    boards = Board.objects.all()
    localities = Area.objects.filter(kind=Area.Kind.LOCALITY).order_by("name")
    agencies = Agency.objects.only("id", "name")
    if not is_administrator(user):
        ids = sorted(bu_board_ids(user))
        boards = boards.filter(pk__in=ids)
        localities = localities.filter(pk__in=Area.objects.filter(boards__in=ids).values("pk"))
        agencies = agencies.filter(pk__in=Agency.objects.filter(boards__in=ids).values("pk"))
    return {"board": boards, "area": localities, "agency": agencies}


@rules.predicate
def has_authority_over_role_scope(user, assignment) -> bool:
    """Granting or removing a role needs authority over its scope (`grantable_scopes`); any
    business unit gives unscoped roles; only administrators make or unmake administrators."""
    if assignment is None or not user.is_authenticated:
        return False
    if is_administrator(user):
        return True
    if assignment.role == Role.ADMINISTRATOR or not bu_board_ids(user):
        return False
    scope = ROLE_SCOPES.get(assignment.role)
    if scope is None:
        return True
    scope_id = getattr(assignment, f"{scope}_id")
    return grantable_scopes(user)[scope].filter(pk=scope_id).exists()


manages_directory = is_business_unit | is_administrator


@rules.predicate
def sees_person(user, person) -> bool:
    """Beside `selectors.people_visible_to`, which answers the same for a list (a test checks
    they agree; ADR 0006): someone unconfirmed sees only themselves; others see themselves,
    their line manager and the people they line-manage, the partnership's contacts, their own
    agency's line managers, and everyone in the agencies they lead."""
    if person is None or not user.is_authenticated:
        return False
    if person.pk == user.pk:
        return True
    if not user.agency_confirmed:
        return False
    if person.line_manager_id == user.pk or person.pk == user.line_manager_id:
        return True
    if person.agency_id is not None and person.agency_id in led_agency_ids(user):
        return True
    if any(assignment.role in CONTACT_ROLES for assignment in person.role_assignments):
        return True
    return (
        person.agency_id is not None
        and person.agency_id == user.agency_id
        and person.agency_confirmed
        and person.reports.exists()
    )


@rules.predicate
def runs_board(user, board) -> bool:
    """Business-unit staff of this board."""
    return board is not None and user.has_role(Role.BUSINESS_UNIT, board=board)


rules.add_perm("organisations.view_directory", is_signed_in)
rules.add_perm("organisations.change_board", is_administrator | runs_board)
rules.add_perm("organisations.manage_directory", manages_directory)
rules.add_perm("organisations.view_person", manages_directory | sees_person)
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
