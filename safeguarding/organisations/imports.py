"""Import agencies and people from a CSV or Excel (.xlsx) file, all or nothing.

The file is read by the hub's import framework (`safeguarding.core.imports`: encodings,
separators, title rows, merged headings, hidden sheets). `DirectoryImport.check()` reports
every problem as "Row 12, column 'Sector': 'polise' is not one of: ..." (rows numbered as in
the spreadsheet), counting the records it would add and change. `DirectoryImport.apply()`
checks again and writes everything in one transaction with bulk inserts and updates, one audit
row for the import and one per record (`audit.record_changes`), batch by batch, so memory does
not grow with the file beyond the set of keys needed to find duplicates.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import IO

from django.contrib.auth.hashers import make_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify

from safeguarding.core import fragments, imports
from safeguarding.core.audit import record_change, record_changes
from safeguarding.core.imports import (
    BulkWriter,
    Column,
    ImportFileError,
    batches,
    control_characters,
    read_table,
)

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
from .rules import grantable_scopes
from .services import DOMAIN_PATTERN, RESERVED_SLUGS, line_manager_problem, parse_domains

AGENCY_FIELDS = [
    Column("name", "Name", ("Agency", "Agency name"), required=True),
    Column("sector", "Sector", required=True),
    Column("contribution_status", "Contribution status", ("Contribution",)),
    Column("email_domains", "E-mail domains", ("Email domains", "Domains")),
    Column("boards", "Boards", ("Board",)),
    Column("districts", "Districts", ("Districts served",)),
]
PEOPLE_FIELDS = [
    Column("full_name", "Full name", ("Name",), required=True),
    Column("email", "Email", ("E-mail", "Email address", "E-mail address"), required=True),
    Column("job_title", "Job title", ("Title", "Role title")),
    Column("agency", "Agency"),
    Column("line_manager_email", "Line manager email", ("Line manager e-mail", "Line manager")),
    Column("roles", "Roles"),
]
FIELDS = {"agencies": AGENCY_FIELDS, "people": PEOPLE_FIELDS}
LABELS = {column.key: column.label for columns in FIELDS.values() for column in columns}
# The templates' headings.
AGENCY_COLUMNS = [column.label for column in AGENCY_FIELDS]
PEOPLE_COLUMNS = [column.label for column in PEOPLE_FIELDS]
COLUMNS = {"agencies": AGENCY_COLUMNS, "people": PEOPLE_COLUMNS}
# Headings the directory's downloads add after the import's columns: facts the hub keeps
# itself, so an import of a download passes over them rather than refusing the file.
EXPORT_ONLY = {"agencies": ["Active people"], "people": ["Active"]}
# Example rows for the downloadable templates.
EXAMPLES = {
    "agencies": [
        [
            "Lancashire Constabulary",
            "Police",
            "Contributing partner",
            "lancashire.police.uk",
            "children; adults",
            "Preston; Burnley",
        ]
    ],
    "people": [
        [
            "Sam Example",
            "sam.example@lancashire.police.uk",
            "Detective inspector",
            "Lancashire Constabulary",
            "",
            "agency_lead:Lancashire Constabulary; cpb_member:Preston",
        ]
    ],
}
MAX_LENGTHS = {"name": 200, "full_name": 200, "job_title": 200, "email": 254}
BATCH = 500
LIST_SPLIT = re.compile(r"\s*[;,]\s*")


@dataclass
class ImportReport(imports.ImportReport):
    kind: str = ""
    new: int = 0
    updated: int = 0

    def add_error(self, row: int, column: str | None, message: str) -> None:
        """`column` is the column's key here; the report names its label."""
        super().add_error(row, LABELS.get(column, column) if column else None, message)


# --- Looking things up ----------------------------------------------------------------------


def choice_lookup(choices) -> dict[str, str]:
    lookup = {}
    for code, label in choices:
        lookup[code.lower()] = code
        lookup[str(label).lower()] = code
    return lookup


def one_of(choices) -> str:
    return ", ".join(str(label) for _, label in choices)


class Lookups:
    """Boards, districts, localities and agencies by any name people are likely to type; with
    `acting_user`, also the scopes they may give roles for (the role form's choices)."""

    def __init__(self, acting_user=None):
        self.acting_user = acting_user
        self.grantable: dict[str, set[int]] | None = None
        if acting_user is not None:
            self.grantable = {
                scope: set(queryset.values_list("pk", flat=True))
                for scope, queryset in grantable_scopes(acting_user).items()
            }
        self.boards: dict[str, Board] = {}
        for board in Board.objects.all():
            for key in (
                board.slug,
                board.name,
                board.short_name,
                board.kind,
                board.get_kind_display(),
            ):
                self.boards[key.lower()] = board
        self.districts: dict[str, int] = {}
        self.localities: dict[str, int] = {}
        for area in Area.objects.filter(kind__in=[Area.Kind.DISTRICT, Area.Kind.LOCALITY]):
            target = self.districts if area.kind == Area.Kind.DISTRICT else self.localities
            target[area.name.lower()] = area.pk
            target[area.slug.lower()] = area.pk
        for name, pk in list(self.localities.items()):
            self.localities.setdefault(f"{name} cpb", pk)
        self.agencies: dict[str, int] = {}
        for pk, name, slug in Agency.objects.values_list("pk", "name", "slug"):
            self.agencies[name.lower()] = pk
            self.agencies[slug.lower()] = pk


def _list(value: str) -> list[str]:
    return [item for item in LIST_SPLIT.split(value.strip()) if item]


# --- Checking rows --------------------------------------------------------------------------


@dataclass
class AgencyRow:
    name: str
    sector: str
    contribution_status: str | None
    domains: list[str] | None
    board_ids: list[int] | None
    district_ids: list[int] | None


SECTORS = choice_lookup(Agency.Sector.choices)
STATUSES = choice_lookup(Agency.ContributionStatus.choices)
ROLES = choice_lookup(Role.choices)


def check_agency_row(number, values, lookups, report, seen_names, seen_domains, owners):
    errors_before = len(report.errors) + report.more_errors
    name = " ".join(values["name"].split())
    if not name:
        report.add_error(number, "name", "enter the agency's name")
    elif len(name) > MAX_LENGTHS["name"]:
        report.add_error(number, "name", "the name must be 200 characters or fewer")
    elif name.lower() in seen_names:
        report.add_error(
            number, "name", f"'{name}' is also on row {seen_names[name.lower()]}: list it once"
        )
    else:
        seen_names[name.lower()] = number
    sector = SECTORS.get(values["sector"].lower())
    if sector is None:
        text = values["sector"]
        message = f"'{text}' is not one of: {one_of(Agency.Sector.choices)}"
        report.add_error(number, "sector", message if text else "enter the sector")
    status = None
    if values["contribution_status"]:
        status = STATUSES.get(values["contribution_status"].lower())
        if status is None:
            report.add_error(
                number,
                "contribution_status",
                f"'{values['contribution_status']}' is not one of: "
                f"{one_of(Agency.ContributionStatus.choices)}",
            )
    domains = None
    if values["email_domains"]:
        domains = parse_domains(values["email_domains"])
        for domain in domains:
            if not DOMAIN_PATTERN.match(domain):
                report.add_error(
                    number, "email_domains", f"'{domain}' is not a domain like 'agency.org.uk'"
                )
            elif domain in seen_domains:
                report.add_error(
                    number,
                    "email_domains",
                    f"'{domain}' is also on row {seen_domains[domain]}: give it to one agency",
                )
            elif owners.get(domain, name.lower()) != name.lower():
                report.add_error(
                    number, "email_domains", f"'{domain}' already belongs to another agency"
                )
            else:
                seen_domains[domain] = number
    board_ids = _ids(number, "boards", values["boards"], lookups.boards, report, "board")
    district_ids = _ids(
        number, "districts", values["districts"], lookups.districts, report, "district"
    )
    if len(report.errors) + report.more_errors > errors_before:
        return None
    return AgencyRow(name, sector, status, domains, board_ids, district_ids)


def _ids(number, column, text, lookup, report, noun):
    if not text:
        return None
    ids = []
    for item in _list(text):
        found = lookup.get(item.lower())
        if found is None:
            report.add_error(number, column, f"there is no {noun} called '{item}'")
        else:
            ids.append(found.pk if isinstance(found, Board) else found)
    return sorted(set(ids))


@dataclass
class PersonRow:
    number: int
    full_name: str
    email: str
    job_title: str
    agency_id: int | None
    manager_email: str | None
    roles: list[tuple[str, int | None, int | None, int | None]]


def _parse_roles(number, text, lookups, report):
    roles = []
    for item in [part.strip() for part in text.split(";") if part.strip()]:
        code_text, _, scope_text = item.partition(":")
        code = ROLES.get(code_text.strip().lower())
        scope_text = scope_text.strip()
        if code is None:
            report.add_error(
                number, "roles", f"'{code_text.strip()}' is not one of: {', '.join(Role.values)}"
            )
            continue
        if code == Role.ADMINISTRATOR:
            report.add_error(
                number, "roles", "administrator roles cannot be imported: add them on the page"
            )
            continue
        needed = ROLE_SCOPES[Role(code)]
        board = area = agency = None
        if needed is None:
            if scope_text:
                report.add_error(number, "roles", f"the role '{code}' is not for a board or area")
                continue
        elif not scope_text:
            example = {"board": "children", "area": "Preston", "agency": "the agency's name"}
            report.add_error(
                number,
                "roles",
                f"the role '{code}' needs its {needed}, like '{code}:{example[needed]}'",
            )
            continue
        elif needed == "board":
            found = lookups.boards.get(scope_text.lower())
            board = found.pk if found else None
        elif needed == "area":
            area = lookups.localities.get(scope_text.lower())
        else:
            agency = lookups.agencies.get(scope_text.lower())
        if needed and board is None and area is None and agency is None:
            noun = {"board": "board", "area": "locality board (CPB)", "agency": "agency"}[needed]
            report.add_error(number, "roles", f"there is no {noun} called '{scope_text}'")
            continue
        scope_id = {"board": board, "area": area, "agency": agency}.get(needed)
        if lookups.grantable is not None and needed and scope_id not in lookups.grantable[needed]:
            report.add_error(
                number,
                "roles",
                f"you cannot give the role '{item}': it is for a board, locality or agency "
                "you do not work for",
            )
            continue
        if (code, board, area, agency) not in roles:
            roles.append((code, board, area, agency))
    return roles


def _valid_email(text: str) -> bool:
    try:
        validate_email(text)
    except ValidationError:
        return False
    return len(text) <= MAX_LENGTHS["email"]


def check_person_row(number, values, lookups, report, seen_emails):
    errors_before = len(report.errors) + report.more_errors
    full_name = " ".join(values["full_name"].split())
    if not full_name:
        report.add_error(number, "full_name", "enter the person's full name")
    elif len(full_name) > MAX_LENGTHS["full_name"]:
        report.add_error(number, "full_name", "the name must be 200 characters or fewer")
    email = values["email"].strip().lower()
    if not email:
        report.add_error(number, "email", "enter the person's work e-mail address")
    elif not _valid_email(email):
        report.add_error(number, "email", f"'{values['email']}' is not an e-mail address")
    elif email in seen_emails:
        report.add_error(number, "email", f"'{email}' is also on row {seen_emails[email]}")
    else:
        seen_emails[email] = number
    job_title = values["job_title"].strip()
    if len(job_title) > MAX_LENGTHS["job_title"]:
        report.add_error(number, "job_title", "the job title must be 200 characters or fewer")
    agency_id = None
    if values["agency"]:
        agency_id = lookups.agencies.get(values["agency"].strip().lower())
        if agency_id is None:
            report.add_error(
                number,
                "agency",
                f"there is no agency called '{values['agency']}': import or add it first",
            )
    manager = values["line_manager_email"].strip().lower() or None
    if manager is not None:
        if not _valid_email(manager):
            report.add_error(number, "line_manager_email", f"'{manager}' is not an e-mail address")
        elif manager == email:
            report.add_error(
                number, "line_manager_email", "a person cannot be their own line manager"
            )
    roles = _parse_roles(number, values["roles"], lookups, report)
    acting_user = lookups.acting_user
    if roles and acting_user is not None and email == acting_user.email.lower():
        report.add_error(number, "roles", "you cannot give yourself roles: ask someone else")
    if len(report.errors) + report.more_errors > errors_before:
        return None
    return PersonRow(number, full_name, email, job_title, agency_id, manager, roles)


# --- The import -----------------------------------------------------------------------------


class DirectoryImport:
    """One uploaded file. `opener` returns a fresh binary file object each time it is called:
    the file is read once to check and again to write."""

    def __init__(self, kind: str, opener: Callable[[], IO[bytes]], filename: str):
        if kind not in COLUMNS:
            raise ValueError(kind)
        self.kind = kind
        self.opener = opener
        self.filename = filename
        self.acting_user = None
        self.table = None

    def _rows(self):
        if self.table is None:
            self.table = read_table(
                self.opener, self.filename, FIELDS[self.kind], EXPORT_ONLY[self.kind]
            )
        return self.table.rows()

    def check(self, acting_user=None) -> ImportReport:
        """With `acting_user`, roles they may not give are errors too; `apply` always asks."""
        self.acting_user = acting_user
        report = ImportReport(kind=self.kind)
        try:
            if self.kind == "agencies":
                self._check_agencies(report)
            else:
                self._check_people(report)
        except ImportFileError as error:
            report.file_error(error)
            report.new = report.updated = 0
        if self.table is not None:
            report.notes = self.table.notes
        report.errors.sort(key=lambda error: error.row)
        return report

    # agencies

    def _agency_rows(self, report, lookups):
        seen_names: dict[str, int] = {}
        seen_domains: dict[str, int] = {}
        owners = {
            domain: name.lower()
            for domain, name in AgencyEmailDomain.objects.values_list("domain", "agency__name")
        }
        for number, values in self._rows():
            report.rows += 1
            if not control_characters(number, values, LABELS, report):
                continue
            row = check_agency_row(
                number, values, lookups, report, seen_names, seen_domains, owners
            )
            if row is not None:
                yield row

    def _check_agencies(self, report):
        existing = {name.lower() for name in Agency.objects.values_list("name", flat=True)}
        for row in self._agency_rows(report, Lookups()):
            if row.name.lower() in existing:
                report.updated += 1
            else:
                report.new += 1

    # people

    def _person_rows(self, report, lookups):
        seen_emails: dict[str, int] = {}
        managers_to_find: dict[str, int] = {}
        for number, values in self._rows():
            report.rows += 1
            if not control_characters(number, values, LABELS, report):
                continue
            row = check_person_row(number, values, lookups, report, seen_emails)
            manager = values["line_manager_email"].strip().lower()
            if manager and manager not in seen_emails and _valid_email(manager):
                managers_to_find.setdefault(manager, number)
            if row is not None:
                yield row
        # Line managers named before (or without) their own row must already be in the directory.
        unknown = {email: n for email, n in managers_to_find.items() if email not in seen_emails}
        for batch in batches(iter(sorted(unknown))):
            found = {person.email: person for person in Person.objects.filter(email__in=batch)}
            for email in batch:
                if email not in found:
                    report.add_error(
                        unknown[email],
                        "line_manager_email",
                        f"nobody has the e-mail address '{email}': add them to the file or the "
                        "directory first",
                    )
                elif problem := line_manager_problem(found[email]):
                    report.add_error(unknown[email], "line_manager_email", problem)

    def _check_people(self, report):
        lookups = Lookups(self.acting_user)
        for batch in batches(self._person_rows(report, lookups)):
            self._count_people(report, batch, lookups)

    @staticmethod
    def _existing_people(batch):
        emails = [row.email for row in batch]
        return {person.email.lower(): person for person in Person.objects.filter(email__in=emails)}

    def _count_people(self, report, batch, lookups):
        existing = self._existing_people(batch)
        admins = self._administrators(existing.values())
        beyond = self._holding_roles_beyond(existing.values(), lookups)
        for row in batch:
            if row.email in existing:
                report.updated += 1
                if existing[row.email].pk in admins:
                    report.add_error(
                        row.number,
                        "email",
                        f"{row.email} is an administrator: only an administrator can change "
                        "them, on their page",
                    )
                elif existing[row.email].pk in beyond:
                    report.add_error(
                        row.number,
                        "email",
                        f"{row.email} has a role for a board, locality or agency you do not work "
                        "for: only its business unit can change them",
                    )
            else:
                report.new += 1
        return existing

    @staticmethod
    def _holding_roles_beyond(people, lookups) -> set[int]:
        """People with a role the importer could not remove: changing them needs that
        authority too (`services.may_change_person`)."""
        if lookups.grantable is None:
            return set()
        held = RoleAssignment.objects.filter(person__in=[person.pk for person in people])
        beyond = set()
        for person_id, role, board, area, agency in held.values_list(
            "person", "role", "board", "area", "agency"
        ):
            scope = ROLE_SCOPES[Role(role)]
            scope_id = {"board": board, "area": area, "agency": agency}.get(scope)
            if scope and scope_id not in lookups.grantable[scope]:
                beyond.add(person_id)
        return beyond

    @staticmethod
    def _administrators(people) -> set[int]:
        ids = [person.pk for person in people]
        admin_roles = RoleAssignment.objects.filter(person__in=ids, role=Role.ADMINISTRATOR)
        return {p.pk for p in people if p.is_superuser} | set(
            admin_roles.values_list("person", flat=True)
        )

    # writing

    @transaction.atomic
    def apply(self, acting_user, board: Board | None = None) -> ImportReport:
        if not acting_user.has_perm("organisations.import_directory"):
            raise PermissionDenied
        report = self.check(acting_user)
        if not report.ok:
            return report
        report = ImportReport(kind=self.kind, notes=report.notes)
        if self.kind == "agencies":
            self._write_agencies(report, acting_user)
        else:
            self._write_people(report, acting_user)
        fragments.changed("directory")  # bulk writes send no signals
        if not report.ok:  # something changed between the check and now: write nothing
            transaction.set_rollback(True)
            return report
        # Filed under the board the import was made for; without one, only administrators see it.
        record_change(
            acting_user,
            f"{self.kind} imported",
            board if board is not None else acting_user,
            {
                "file": self.filename[:200],
                "rows": report.rows,
                "new": report.new,
                "updated": report.updated,
            },
            board=board,
        )
        return report

    def _write_agencies(self, report, acting_user):
        lookups = Lookups()
        existing = {agency.name.lower(): agency for agency in Agency.objects.all()}
        slugs = set(Agency.objects.values_list("slug", flat=True))
        for batch in batches(self._agency_rows(report, lookups)):
            new, changed = [], []
            for row in batch:
                agency = existing.get(row.name.lower())
                if agency is None:
                    slug = base = slugify(row.name)[:180] or "agency"
                    number = 1
                    while slug in slugs or slug in RESERVED_SLUGS:
                        number += 1
                        slug = f"{base}-{number}"
                    slugs.add(slug)
                    agency = Agency(
                        name=row.name,
                        slug=slug,
                        sector=row.sector,
                        contribution_status=row.contribution_status
                        or Agency.ContributionStatus.CONTRIBUTING,
                    )
                    new.append((agency, row))
                else:
                    agency.sector = row.sector
                    if row.contribution_status:
                        agency.contribution_status = row.contribution_status
                    changed.append((agency, row))
            Agency.objects.bulk_create([agency for agency, _ in new])
            Agency.objects.bulk_update(
                [agency for agency, _ in changed], ["sector", "contribution_status"]
            )
            for agency, _ in new:
                existing[agency.name.lower()] = agency
            pairs = new + changed
            self._replace_links(pairs)
            report.new += len(new)
            report.updated += len(changed)
            for verb, group in (("agency imported", new), ("agency updated by import", changed)):
                record_changes(
                    acting_user,
                    verb,
                    (
                        (
                            agency,
                            {
                                "sector": row.sector,
                                "contribution_status": agency.contribution_status,
                            },
                        )
                        for agency, row in group
                    ),
                )

    @staticmethod
    def _replace_links(pairs):
        board_links = Agency.boards.through
        district_links = Agency.districts.through
        with_boards = [(a, r) for a, r in pairs if r.board_ids is not None]
        with_districts = [(a, r) for a, r in pairs if r.district_ids is not None]
        with_domains = [(a, r) for a, r in pairs if r.domains is not None]
        board_links.objects.filter(agency__in=[a.pk for a, _ in with_boards]).delete()
        board_links.objects.bulk_create(
            [board_links(agency_id=a.pk, board_id=b) for a, r in with_boards for b in r.board_ids]
        )
        district_links.objects.filter(agency__in=[a.pk for a, _ in with_districts]).delete()
        district_links.objects.bulk_create(
            [
                district_links(agency_id=a.pk, area_id=d)
                for a, r in with_districts
                for d in r.district_ids
            ]
        )
        AgencyEmailDomain.objects.filter(agency__in=[a.pk for a, _ in with_domains]).delete()
        AgencyEmailDomain.objects.bulk_create(
            [
                AgencyEmailDomain(agency_id=a.pk, domain=d)
                for a, r in with_domains
                for d in r.domains
            ]
        )

    def _write_people(self, report, acting_user):
        lookups = Lookups(acting_user)
        unusable = make_password(None)
        for batch in batches(self._person_rows(report, lookups)):
            existing = self._count_people(report, batch, lookups)
            if not report.ok:
                return
            new, matched, changed = [], [], []
            for row in batch:
                person = existing.get(row.email)
                if person is None:
                    person = Person(
                        email=row.email,
                        full_name=row.full_name,
                        job_title=row.job_title,
                        agency_id=row.agency_id,
                        password=unusable,
                    )
                    new.append(person)
                else:
                    before = (person.full_name, person.job_title, person.agency_id)
                    person.full_name = row.full_name
                    if row.job_title:
                        person.job_title = row.job_title
                    if row.agency_id:
                        person.agency_id = row.agency_id
                    matched.append(person)
                    if (person.full_name, person.job_title, person.agency_id) != before:
                        changed.append(person)
            Person.objects.bulk_create(new)
            if changed:  # people whose row says nothing new are left alone
                Person.objects.bulk_update(changed, ["full_name", "job_title", "agency"])
            by_email = {person.email: person for person in new + matched}
            self._add_roles(batch, by_email)
            for verb, group in (("person imported", new), ("person updated by import", changed)):
                record_changes(
                    acting_user,
                    verb,
                    ((p, {"email": p.email, "job_title": p.job_title}) for p in group),
                )
        # Line managers last: a manager may appear further down the file than their reports.
        for batch in batches(self._manager_pairs()):
            emails = {email for pair in batch for email in pair}
            found = Person.objects.filter(email__in=emails).values_list(
                "email", "pk", "line_manager_id"
            )
            ids = {email: pk for email, pk, _ in found}
            managers = {email: manager_id for email, _, manager_id in found}
            pairs = [
                (ids[manager], ids[email])
                for email, manager in batch
                if managers[email] != ids[manager]
            ]
            if pairs:
                _set_line_managers(pairs)

    def _manager_pairs(self):
        for _, values in self._rows():
            manager = values["line_manager_email"].strip().lower()
            if manager:
                yield values["email"].strip().lower(), manager

    @staticmethod
    def _add_roles(batch, by_email):
        ids = [person.pk for person in by_email.values()]
        held = set(
            RoleAssignment.objects.filter(person__in=ids).values_list(
                "person", "role", "board", "area", "agency"
            )
        )
        fields = ["person", "role", "board", "area", "agency", "created_at"]
        writer = BulkWriter(RoleAssignment, fields)
        now = timezone.now()
        for row in batch:
            person = by_email[row.email]
            for role, board, area, agency in row.roles:
                if (person.pk, role, board, area, agency) not in held:
                    held.add((person.pk, role, board, area, agency))
                    writer.add(person.pk, role, board, area, agency, now)
        writer.flush()


def _set_line_managers(pairs: list[tuple[int, int]]) -> None:
    """(manager id, person id) pairs, in one executemany: much faster than a CASE per row."""
    quote = connection.ops.quote_name
    table = quote(Person._meta.db_table)
    column = quote(Person._meta.get_field("line_manager").column)
    key = quote(Person._meta.pk.column)
    with connection.cursor() as cursor:
        cursor.executemany(f"UPDATE {table} SET {column} = %s WHERE {key} = %s", pairs)  # noqa: S608


def template_response(kind: str, fmt: str):
    """The blank template for `kind` with one example row, as CSV or XLSX."""
    from safeguarding.core.exports import export_response

    return export_response(fmt, f"{kind}-import-template", COLUMNS[kind], EXAMPLES[kind])
