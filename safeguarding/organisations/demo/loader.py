"""Loads the demo county. Idempotent: every record is looked up by its natural key (a board's
slug, an area's kind and name, an agency's name, a domain, a person's e-mail, a role and its
scope) and only what is missing is added, so a second run changes nothing."""

from __future__ import annotations

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils.text import slugify

from safeguarding.core import fragments

from ..models import Agency, AgencyEmailDomain, Area, Board, Person, RoleAssignment
from . import county
from .people import DEMO_SIGNINS, PlannedPerson, plan_agencies, plan_people

__all__ = [
    "DEMO_PASSWORD",
    "DEMO_SIGNINS",
    "demo_summary",
    "load_boards_and_areas",
    "load_demo_county",
]

DEMO_PASSWORD = "demo-county-password"  # noqa: S105 - documented demo sign-in, local only


@transaction.atomic
def load_boards_and_areas() -> dict[str, Board]:
    boards = {}
    for data in county.BOARDS:
        board, _ = Board.objects.get_or_create(slug=data["slug"], defaults=data)
        boards[board.slug] = board
    county_area, _ = Area.objects.get_or_create(
        kind=Area.Kind.COUNTY, name=county.COUNTY, defaults={"slug": slugify(county.COUNTY)}
    )
    county_area.boards.add(*boards.values())
    for locality_name, district_names in county.LOCALITIES.items():
        locality, _ = Area.objects.get_or_create(
            kind=Area.Kind.LOCALITY,
            name=locality_name,
            defaults={"slug": f"{slugify(locality_name)}-cpb", "parent": county_area},
        )
        locality.boards.add(boards["children"])
        for district_name in district_names:
            district, _ = Area.objects.get_or_create(
                kind=Area.Kind.DISTRICT,
                name=district_name,
                defaults={"slug": slugify(district_name), "parent": county_area},
            )
            district.boards.add(*boards.values())
            locality.districts.add(district)
    return boards


@transaction.atomic
def load_demo_county() -> None:
    boards = load_boards_and_areas()
    agencies = _load_agencies(boards)
    plan = plan_people()
    people = _load_people(plan, agencies)
    _load_line_managers(plan, people)
    _load_roles(plan, people, boards, agencies)
    _verify_demo_signins(plan, people)
    fragments.changed("directory")  # bulk writes send no signals


def _load_agencies(boards: dict[str, Board]) -> dict[str, Agency]:
    """Adds the agencies not there yet, with their boards, districts and e-mail domain. An
    agency already there is left as it is: someone may have changed it on purpose."""
    planned = plan_agencies()
    existing = {agency.name: agency for agency in Agency.objects.all()}
    new = [
        Agency(
            name=p.name,
            slug=p.slug,
            sector=p.sector,
            contribution_status=p.contribution_status,
        )
        for p in planned
        if p.name not in existing
    ]
    Agency.objects.bulk_create(new)
    agencies = {agency.name: agency for agency in Agency.objects.all()}
    created = {agency.name for agency in new}
    districts = {area.slug: area for area in Area.objects.filter(kind=Area.Kind.DISTRICT)}
    board_links, district_links = [], []
    for p in planned:
        if p.name not in created:
            continue
        agency = agencies[p.name]
        board_links += [
            Agency.boards.through(agency_id=agency.pk, board_id=boards[slug].pk)
            for slug in p.boards
        ]
        district_links += [
            Agency.districts.through(agency_id=agency.pk, area_id=districts[slug].pk)
            for slug in p.districts
        ]
    Agency.boards.through.objects.bulk_create(board_links)
    Agency.districts.through.objects.bulk_create(district_links)
    taken = set(AgencyEmailDomain.objects.values_list("domain", flat=True))
    AgencyEmailDomain.objects.bulk_create(
        AgencyEmailDomain(agency=agencies[p.name], domain=p.domain)
        for p in planned
        if p.domain not in taken
    )
    return {agency.slug: agency for agency in agencies.values()}


def _load_people(plan: list[PlannedPerson], agencies: dict[str, Agency]) -> dict[str, Person]:
    """Adds the people not there yet. Only the demo sign-ins get a password (all the same, so
    it is hashed once); everyone else cannot sign in until they set one."""
    existing = set(
        Person.objects.filter(email__in=[p.email for p in plan]).values_list("email", flat=True)
    )
    missing = [p for p in plan if p.email not in existing]
    demo_hash = make_password(DEMO_PASSWORD) if any(p.demo_signin for p in missing) else None
    new = []
    for p in missing:
        person = Person(
            email=p.email,
            full_name=p.full_name,
            job_title=p.job_title,
            agency=agencies[p.agency] if p.agency else None,
            agency_confirmed=p.agency_confirmed,
            is_staff=p.administrator,
            is_superuser=p.administrator,
        )
        if p.demo_signin:
            person.password = demo_hash
        else:
            person.set_unusable_password()
        new.append(person)
    Person.objects.bulk_create(new)
    admins = [p.email for p in plan if p.administrator]
    Person.objects.filter(email__in=admins, is_superuser=False).update(
        is_staff=True, is_superuser=True
    )
    return {
        person.email: person for person in Person.objects.filter(email__in=[p.email for p in plan])
    }


def _load_line_managers(plan: list[PlannedPerson], people: dict[str, Person]) -> None:
    """Sets each planned line manager where the person has none yet."""
    changed = []
    for p in plan:
        person = people[p.email]
        if p.manager and person.line_manager_id is None:
            person.line_manager_id = people[p.manager].pk
            changed.append(person)
    Person.objects.bulk_update(changed, ["line_manager"], batch_size=500)


def _load_roles(
    plan: list[PlannedPerson],
    people: dict[str, Person],
    boards: dict[str, Board],
    agencies: dict[str, Agency],
) -> None:
    areas = {area.slug: area.pk for area in Area.objects.filter(kind=Area.Kind.LOCALITY)}
    held = set(
        RoleAssignment.objects.filter(person__in=[p.pk for p in people.values()]).values_list(
            "person_id", "role", "board_id", "area_id", "agency_id"
        )
    )
    new = []
    for p in plan:
        for role in p.roles:
            key = (
                people[p.email].pk,
                role.role,
                boards[role.board].pk if role.board else None,
                areas[role.area] if role.area else None,
                agencies[role.agency].pk if role.agency else None,
            )
            # A board seat loaded before seats named the agency represented counts as held.
            if key not in held and key[:4] + (None,) not in held:
                held.add(key)
                new.append(
                    RoleAssignment(
                        person_id=key[0],
                        role=key[1],
                        board_id=key[2],
                        area_id=key[3],
                        agency_id=key[4],
                    )
                )
    RoleAssignment.objects.bulk_create(new)


def _verify_demo_signins(plan: list[PlannedPerson], people: dict[str, Person]) -> None:
    """The demo sign-ins' e-mail addresses count as verified, so they can sign in at once."""
    from allauth.account.models import EmailAddress

    emails = [p.email for p in plan if p.demo_signin]
    verified = set(EmailAddress.objects.filter(email__in=emails).values_list("email", flat=True))
    EmailAddress.objects.bulk_create(
        EmailAddress(user=people[email], email=email, verified=True, primary=True)
        for email in emails
        if email not in verified
    )


def demo_summary() -> str:
    return f"{Agency.objects.count()} agencies, {Person.objects.count()} people"
