"""Every write to the directory: agencies, people and their roles.

Each function is one use case: it runs in one transaction, takes the person acting, checks the
rule (PermissionDenied otherwise), validates what the database cannot (ValidationError, keyed
by field) and records an audit row with what changed. Pages, the API and the import call these.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.text import slugify

from safeguarding.core import fragments
from safeguarding.core.audit import changed_fields, record_change, snapshot
from safeguarding.core.concurrency import lock_for_edit, save_edit
from safeguarding.core.permissions import require

from .models import (
    ROLE_SCOPES,
    Agency,
    AgencyEmailDomain,
    Area,
    Board,
    Person,
    Role,
    RoleAssignment,
)

MANAGE = "organisations.manage_directory"
# Slugs that would clash with the directory's own addresses (/directory/agencies/new/).
RESERVED_SLUGS = {"new"}
ASSIGN_ADMIN = "organisations.assign_administrator"
ASSIGN_ROLE = "organisations.assign_role"
REMOVE_ROLE = "organisations.remove_role"

AGENCY_FIELDS = ["name", "sector", "contribution_status", "is_active"]
PERSON_FIELDS = ["full_name", "email", "job_title", "agency", "line_manager", "phone", "is_active"]

DOMAIN_PATTERN = re.compile(
    r"^(?=.{4,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$"
)


def is_administrator_account(person: Person) -> bool:
    return person.is_superuser or person.has_role(Role.ADMINISTRATOR)


def _require_may_change(acting_user, person: Person) -> None:
    """Business-unit staff manage the directory; only administrators change administrators.
    Changing someone (their e-mail above all) takes over their roles, so it needs authority
    over every scope they hold, as removing those roles would: the adults' business unit does
    not change the children's board's staff."""
    require(acting_user, MANAGE)
    if person.pk and is_administrator_account(person):
        require(acting_user, ASSIGN_ADMIN)
    if person.pk:
        for assignment in person.role_assignments:
            require(acting_user, REMOVE_ROLE, assignment)


def may_change_person(acting_user, person: Person) -> bool:
    """Whether `update_person` and `deactivate_person` would let this person change them."""
    try:
        _require_may_change(acting_user, person)
    except PermissionDenied:
        return False
    return True


# --- Agencies -------------------------------------------------------------------------------


def parse_domains(value: str | Iterable[str]) -> list[str]:
    """'a.example, b.example' or a list -> ['a.example', 'b.example'], lower case, in order."""
    items = re.split(r"[,;\s]+", value) if isinstance(value, str) else list(value)
    domains: list[str] = []
    for item in items:
        domain = str(item).strip().lower().lstrip("@")
        if domain and domain not in domains:
            domains.append(domain)
    return domains


def clean_domains(value: str | Iterable[str], agency: Agency | None = None) -> list[str]:
    """Valid domains that no other agency has; ValidationError naming each problem."""
    domains = parse_domains(value)
    problems = [
        f"'{domain}' is not a domain name like 'lancashire.police.uk'"
        for domain in domains
        if not DOMAIN_PATTERN.match(domain)
    ]
    taken = AgencyEmailDomain.objects.filter(domain__in=domains).select_related("agency")
    if agency is not None and agency.pk:
        taken = taken.exclude(agency=agency)
    problems += [f"'{row.domain}' already belongs to {row.agency.name}" for row in taken]
    if problems:
        raise ValidationError({"email_domains": problems})
    return domains


def _unique_slug(model, name: str, exclude_pk=None) -> str:
    base = slugify(name)[:180] or "agency"
    slug, number = base, 1
    existing = model.objects.exclude(pk=exclude_pk) if exclude_pk else model.objects.all()
    while slug in RESERVED_SLUGS or existing.filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    return slug


def _check_agency_name(name: str, agency: Agency | None = None) -> str:
    name = " ".join(name.split())
    if not name:
        raise ValidationError({"name": "Enter the agency's name"})
    clash = Agency.objects.filter(name__iexact=name)
    if agency is not None and agency.pk:
        clash = clash.exclude(pk=agency.pk)
    if clash.exists():
        raise ValidationError({"name": f"There is already an agency called '{name}'"})
    return name


def _names(objects) -> list[str]:
    return sorted(str(item) for item in objects)


def _set_agency_relations(agency: Agency, domains, boards, districts) -> dict:
    """Replace domains, boards and districts; return the {field: [old, new]} that changed."""
    changes = {}
    old_domains = sorted(agency.email_domains.values_list("domain", flat=True))
    if domains is not None and sorted(domains) != old_domains:
        agency.email_domains.exclude(domain__in=domains).delete()
        AgencyEmailDomain.objects.bulk_create(
            [AgencyEmailDomain(agency=agency, domain=d) for d in domains if d not in old_domains]
        )
        changes["email_domains"] = [old_domains, sorted(domains)]
        fragments.changed("directory")  # bulk_create sends no signals
    for field, new in (("boards", boards), ("districts", districts)):
        if new is None:
            continue
        manager = getattr(agency, field)
        old = list(manager.all())
        if {item.pk for item in old} != {item.pk for item in new}:
            manager.set(new)
            changes[field] = [_names(old), _names(new)]
    return changes


@transaction.atomic
def create_agency(
    acting_user,
    *,
    name: str,
    sector: str,
    contribution_status: str = Agency.ContributionStatus.CONTRIBUTING,
    email_domains: str | Iterable[str] = (),
    boards: Iterable[Board] = (),
    districts: Iterable[Area] = (),
    is_active: bool = True,
) -> Agency:
    require(acting_user, MANAGE)
    name = _check_agency_name(name)
    domains = clean_domains(email_domains)
    agency = Agency(
        name=name,
        slug=_unique_slug(Agency, name),
        sector=sector,
        contribution_status=contribution_status,
        is_active=is_active,
    )
    agency.full_clean(exclude=["slug"])
    agency.save()
    boards, districts = list(boards), list(districts)
    _set_agency_relations(agency, domains, boards, districts)
    payload = snapshot(agency, AGENCY_FIELDS)
    payload |= {"email_domains": domains, "boards": _names(boards), "districts": _names(districts)}
    record_change(acting_user, "agency created", agency, payload)
    return agency


@transaction.atomic
def update_agency(acting_user, agency: Agency, *, version: int | None = None, **changes) -> Agency:
    """Change any of: name, sector, contribution_status, is_active, email_domains, boards,
    districts. Only the fields given change. `version`: the one the editor loaded; an agency
    saved since then is not overwritten."""
    require(acting_user, MANAGE)
    unknown = set(changes) - {*AGENCY_FIELDS, "email_domains", "boards", "districts"}
    if unknown:
        raise TypeError(f"update_agency got unexpected fields: {sorted(unknown)}")
    agency = lock_for_edit(Agency.objects.all(), agency.pk, version)
    before = snapshot(agency, AGENCY_FIELDS)
    if "name" in changes:
        changes["name"] = _check_agency_name(changes["name"], agency)
    domains = None
    if "email_domains" in changes:
        domains = clean_domains(changes.pop("email_domains"), agency)
    boards = list(changes.pop("boards")) if "boards" in changes else None
    districts = list(changes.pop("districts")) if "districts" in changes else None
    for field, value in changes.items():
        setattr(agency, field, value)
    agency.full_clean(exclude=["slug"], validate_unique=False)
    save_edit(agency)
    diff = changed_fields(agency, before, AGENCY_FIELDS)
    diff |= _set_agency_relations(agency, domains, boards, districts)
    if diff:
        record_change(acting_user, "agency updated", agency, {"changed": diff})
    return agency


# --- Boards ---------------------------------------------------------------------------------

BOARD_SETTINGS = ["address", "phone", "email", "introduction", "newsflash_second_approver"]


@transaction.atomic
def update_board(acting_user, board: Board, **changes) -> Board:
    """The board's contact details, public introduction and its own rules (a second approver
    for its newsflash), changed by its business unit or an administrator."""
    require(acting_user, "organisations.change_board", board)
    if unknown := set(changes) - set(BOARD_SETTINGS):
        raise TypeError(f"update_board got unexpected fields: {sorted(unknown)}")
    board = Board.objects.select_for_update().get(pk=board.pk)
    before = snapshot(board, BOARD_SETTINGS)
    for field, value in changes.items():
        setattr(board, field, value.strip() if isinstance(value, str) else value)
    board.full_clean(validate_unique=False)
    board.save(update_fields=list(changes) or None)
    if diff := changed_fields(board, before, BOARD_SETTINGS):
        record_change(acting_user, "board changed", board, {"changed": diff})
    return board


# --- People ---------------------------------------------------------------------------------


def _clean_email(email: str, person: Person | None = None) -> str:
    email = (email or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError(
            {"email": "Enter a work e-mail address like name@agency.example"}
        ) from None
    clash = Person.objects.filter(email__iexact=email)
    if person is not None and person.pk:
        clash = clash.exclude(pk=person.pk)
    if clash.exists():
        raise ValidationError({"email": f"Someone in the directory already uses {email}"})
    return email


def line_manager_problem(line_manager: Person) -> str | None:
    """Why someone cannot be a line manager, or None. A line manager approves training that
    their agency pays for, so they must be an active member of the directory whose agency has
    confirmed them (a self-registered person is nobody's manager until then)."""
    if not line_manager.is_active:
        return f"{line_manager} can no longer sign in, so cannot be a line manager"
    if not line_manager.agency_confirmed:
        return (
            f"{line_manager} has not yet been confirmed by their agency's safeguarding lead, "
            "so cannot be a line manager"
        )
    return None


def _check_line_manager(person: Person | None, line_manager: Person | None) -> None:
    if line_manager is None:
        return
    if person is not None and person.pk and line_manager.pk == person.pk:
        raise ValidationError({"line_manager": "A person cannot be their own line manager"})
    problem = line_manager_problem(line_manager)
    if problem:
        raise ValidationError({"line_manager": problem})


@transaction.atomic
def create_person(
    acting_user,
    *,
    email: str,
    full_name: str,
    job_title: str = "",
    agency: Agency | None = None,
    line_manager: Person | None = None,
    phone: str = "",
    is_active: bool = True,
) -> Person:
    """Adds someone to the directory. They have no password until they set one (sign-in's
    'forgotten password' journey), so nobody else ever knows it."""
    require(acting_user, MANAGE)
    _check_line_manager(None, line_manager)
    person = Person(
        email=_clean_email(email),
        full_name=" ".join((full_name or "").split()),
        job_title=(job_title or "").strip(),
        agency=agency,
        line_manager=line_manager,
        phone=(phone or "").strip(),
        is_active=is_active,
    )
    if not person.full_name:
        raise ValidationError({"full_name": "Enter the person's full name"})
    person.set_unusable_password()
    person.full_clean(exclude=["password"], validate_unique=False)
    person.save()
    record_change(acting_user, "person created", person, _person_payload(person))
    return person


def _person_payload(person: Person) -> dict:
    return {
        name: (str(value) if value is not None and not isinstance(value, str | bool) else value)
        for name, value in snapshot(person, PERSON_FIELDS).items()
    }


@transaction.atomic
def update_person(acting_user, person: Person, *, version: int | None = None, **changes) -> Person:
    """Change any of: full_name, email, job_title, agency, line_manager, phone, is_active.
    `version`: the one the editor loaded; a person saved since then is not overwritten."""
    _require_may_change(acting_user, person)
    unknown = set(changes) - set(PERSON_FIELDS)
    if unknown:
        raise TypeError(f"update_person got unexpected fields: {sorted(unknown)}")
    person = lock_for_edit(Person.objects.all(), person.pk, version)
    before = snapshot(person, PERSON_FIELDS)
    if "email" in changes:
        changes["email"] = _clean_email(changes["email"], person)
    if "full_name" in changes:
        changes["full_name"] = " ".join((changes["full_name"] or "").split())
        if not changes["full_name"]:
            raise ValidationError({"full_name": "Enter the person's full name"})
    if "line_manager" in changes and changes["line_manager"] != person.line_manager:
        _check_line_manager(person, changes["line_manager"])
    if changes.get("is_active") is False and person.pk == acting_user.pk:
        raise ValidationError({"is_active": "You cannot deactivate yourself"})
    for field, value in changes.items():
        setattr(person, field, value)
    person.full_clean(exclude=["password"], validate_unique=False)
    save_edit(person)
    diff = changed_fields(person, before, PERSON_FIELDS)
    if diff:
        record_change(acting_user, "person updated", person, {"changed": diff})
    return person


@transaction.atomic
def deactivate_person(acting_user, person: Person) -> Person:
    """They can no longer sign in (their sessions end at the next request); the record and
    its history stay."""
    _require_may_change(acting_user, person)
    if person.pk == acting_user.pk:
        raise ValidationError({"is_active": "You cannot deactivate yourself"})
    if person.is_active:
        person.is_active = False
        person.save(update_fields=["is_active"])
        record_change(acting_user, "person deactivated", person, {"is_active": [True, False]})
    return person


# --- Roles ----------------------------------------------------------------------------------


def clean_role_scope(role: str, board=None, area=None, agency=None) -> dict:
    """The scope a role needs, and nothing else (a board member may also name the agency they
    represent). ValidationError keyed by the scope field otherwise."""
    if role not in Role.values:
        raise ValidationError({"role": "Choose a role from the list"})
    needed = ROLE_SCOPES[Role(role)]
    given = {"board": board, "area": area, "agency": agency}
    errors = {}
    labels = {"board": "a board", "area": "a locality board (CPB)", "agency": "an agency"}
    if needed and given[needed] is None:
        errors[needed] = f"Choose {labels[needed]} for the role {Role(role).label.lower()}"
    if area is not None and area.kind != Area.Kind.LOCALITY:
        errors["area"] = "Choose a locality board (CPB), not a district or the county"
    allowed = {needed} | ({"agency"} if role == Role.BOARD_MEMBER else set())
    scope = {field: value for field, value in given.items() if field in allowed}
    if errors:
        raise ValidationError(errors)
    return scope


def _scope_label(assignment: RoleAssignment) -> str | None:
    scope = assignment.board or assignment.area or assignment.agency
    return str(scope) if scope else None


@transaction.atomic
def assign_role(
    acting_user,
    person: Person,
    role: str,
    *,
    board: Board | None = None,
    area: Area | None = None,
    agency: Agency | None = None,
) -> RoleAssignment:
    require(acting_user, MANAGE)
    if person.pk == acting_user.pk:
        # Nobody widens their own roles, administrators included: someone else grants them.
        raise PermissionDenied
    if role == Role.ADMINISTRATOR or is_administrator_account(person):
        require(acting_user, ASSIGN_ADMIN)
    scope = clean_role_scope(role, board=board, area=area, agency=agency)
    assignment = RoleAssignment(person=person, role=role, **scope)
    require(acting_user, ASSIGN_ROLE, assignment)
    key = {f"{field}_id": (value.pk if value else None) for field, value in scope.items()}
    if RoleAssignment.objects.filter(person=person, role=role, **key).exists():
        raise ValidationError({"role": "The person already has this role"})
    assignment.save()
    if role == Role.ADMINISTRATOR and not (person.is_staff and person.is_superuser):
        person.is_staff = person.is_superuser = True
        person.save(update_fields=["is_staff", "is_superuser"])
    person.forget_roles()
    record_change(
        acting_user,
        "role assigned",
        person,
        {"role": role, "scope": _scope_label(assignment)},
        board=assignment.board,
    )
    return assignment


@transaction.atomic
def remove_role(acting_user, assignment: RoleAssignment) -> None:
    require(acting_user, MANAGE)
    person = assignment.person
    if assignment.role == Role.ADMINISTRATOR or is_administrator_account(person):
        require(acting_user, ASSIGN_ADMIN)
    require(acting_user, REMOVE_ROLE, assignment)
    payload = {"role": assignment.role, "scope": _scope_label(assignment)}
    board = assignment.board
    assignment.delete()
    if (
        payload["role"] == Role.ADMINISTRATOR
        and not person.roles.filter(role=Role.ADMINISTRATOR).exists()
    ):
        person.is_staff = person.is_superuser = False
        person.save(update_fields=["is_staff", "is_superuser"])
    person.forget_roles()
    record_change(acting_user, "role removed", person, payload, board=board)
