"""Loads the demo county. Idempotent: every record is looked up by a natural key first, so a
second run changes nothing."""

from __future__ import annotations

from django.db import transaction
from django.utils.text import slugify

from ..models import Agency, AgencyEmailDomain, Area, Board, Person, Role, RoleAssignment
from . import county

DEMO_PASSWORD = "demo-county-password"  # noqa: S105 - documented demo sign-in, local only

# One sign-in per role, listed in the README: (e-mail, name, role, scope).
DEMO_SIGNINS = [
    ("business.unit@demo.example", "Bev Unit", Role.BUSINESS_UNIT, "board:children"),
    ("board.member@demo.example", "Morgan Member", Role.BOARD_MEMBER, "board:children"),
    ("cpb.chair@demo.example", "Chris Chair", Role.CPB_CHAIR, "area:burnley-and-pendle-cpb"),
    ("cpb.member@demo.example", "Casey Member", Role.CPB_MEMBER, "area:burnley-and-pendle-cpb"),
    ("agency.lead@demo.example", "Alex Lead", Role.AGENCY_LEAD, "agency:lancashire-constabulary"),
    ("line.manager@demo.example", "Lee Manager", Role.PRACTITIONER, None),
    ("practitioner@demo.example", "Pat Practitioner", Role.PRACTITIONER, None),
    ("reviewer@demo.example", "Robin Reviewer", Role.INSPECTION_REVIEWER, None),
    ("admin@demo.example", "Ada Administrator", Role.ADMINISTRATOR, None),
]

DEMO_AGENCIES = [
    ("Lancashire Constabulary", Agency.Sector.POLICE, ["lancashire-police.example"]),
    ("Lancashire County Council Children's Services", Agency.Sector.CHILDRENS_SERVICES, []),
]


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


def _scope(scope: str | None) -> dict:
    if scope is None:
        return {}
    kind, slug = scope.split(":")
    model = {"board": Board, "area": Area, "agency": Agency}[kind]
    return {kind: model.objects.get(slug=slug)}


@transaction.atomic
def load_demo_county() -> None:
    boards = load_boards_and_areas()
    districts = list(Area.objects.filter(kind=Area.Kind.DISTRICT))
    for name, sector, domains in DEMO_AGENCIES:
        agency, created = Agency.objects.get_or_create(
            name=name, defaults={"slug": slugify(name), "sector": sector}
        )
        if created:
            agency.boards.add(*boards.values())
            agency.districts.add(*districts)
        for domain in domains:
            AgencyEmailDomain.objects.get_or_create(domain=domain, defaults={"agency": agency})
    police = Agency.objects.get(slug="lancashire-constabulary")
    for email, name, role, scope in DEMO_SIGNINS:
        person = Person.objects.filter(email=email).first()
        if person is None:
            person = Person.objects.create_user(
                email, DEMO_PASSWORD, full_name=name, agency=police, job_title=role.label
            )
            _verify_email(person)
        RoleAssignment.objects.get_or_create(person=person, role=role, **_scope(scope))
        if role == Role.ADMINISTRATOR and not person.is_superuser:
            person.is_staff = person.is_superuser = True
            person.save(update_fields=["is_staff", "is_superuser"])
    manager = Person.objects.get(email="line.manager@demo.example")
    Person.objects.filter(email="practitioner@demo.example", line_manager=None).update(
        line_manager=manager
    )


def _verify_email(person: Person) -> None:
    from allauth.account.models import EmailAddress

    EmailAddress.objects.get_or_create(
        user=person, email=person.email, defaults={"verified": True, "primary": True}
    )
