"""The demo county's people, planned in memory before anything touches the database.

`plan_people()` returns the same list on every run (a fixed random seed over fixed name lists),
so the loader can compare the plan with what the database holds and add only what is missing.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from typing import NamedTuple

from django.utils.text import slugify

from ..models import Agency, Role
from . import county, names

SEED = 20150320  # the seed newsflash's date

POLICE = "lancashire-constabulary"
CHILDRENS_SERVICES = "lancashire-county-council-childrens-services"
ADULT_SOCIAL_CARE = "lancashire-county-council-adult-social-care"

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
# Where a demo sign-in works when not for the constabulary, and the roles it holds beside its
# main one: the business-unit sign-in works for both boards, so it sees the board switcher.
DEMO_SIGNIN_AGENCY = {"business.unit@demo.example": CHILDRENS_SERVICES}
DEMO_SIGNIN_EXTRA_ROLES = {
    "business.unit@demo.example": [(Role.BUSINESS_UNIT, "board:adults")],
}
DEMO_LINE_MANAGER = "line.manager@demo.example"
DEMO_PRACTITIONER = "practitioner@demo.example"
# How a sign-in is described where its role alone would mislead: a line manager holds no role
# of their own (the hub knows them as the practitioner's manager), so "Practitioner" says little.
DEMO_SIGNIN_LABELS = {DEMO_LINE_MANAGER: "Line manager (of the demo practitioner)"}

# Staff of each agency (its safeguarding lead, managers and practitioners), by sector, with the
# agencies that are bigger or smaller than their sector's usual size.
STAFF_BY_SECTOR = {
    Agency.Sector.POLICE: 4,
    Agency.Sector.HEALTH: 8,
    Agency.Sector.CHILDRENS_SERVICES: 6,
    Agency.Sector.ADULT_SOCIAL_CARE: 14,
    Agency.Sector.EDUCATION: 6,
    Agency.Sector.PROBATION: 6,
    Agency.Sector.YOUTH_JUSTICE: 6,
    Agency.Sector.VOLUNTARY: 4,
    Agency.Sector.OTHER: 4,
}
STAFF_BY_AGENCY = {
    POLICE: 24,
    CHILDRENS_SERVICES: 24,
    "lancashire-county-council-early-help-service": 8,
    "lancashire-community-and-mental-health-nhs-trust": 12,
    "north-west-coast-ambulance-service-nhs-trust": 5,
    "tameside-childrens-services-out-of-area": 3,
}
PRACTITIONERS_PER_MANAGER = 6
BUSINESS_UNIT_STAFF = {"children": 5, "adults": 3, "both": 2}
CPB_MEMBERS_EACH = 6
INSPECTION_REVIEWERS = 5
SELF_REGISTERED = [POLICE, POLICE, "east-pennine-hospitals-nhs-trust"]


class PlannedRole(NamedTuple):
    role: str
    board: str | None = None  # slugs
    area: str | None = None
    agency: str | None = None


@dataclass
class PlannedPerson:
    email: str
    full_name: str
    job_title: str
    agency: str | None  # slug
    roles: list[PlannedRole] = field(default_factory=list)
    manager: str | None = None  # the line manager's e-mail
    agency_confirmed: bool = True
    administrator: bool = False
    demo_signin: bool = False


@dataclass(frozen=True)
class PlannedAgency:
    name: str
    slug: str
    sector: str
    contribution_status: str
    domain: str
    boards: tuple[str, ...]
    districts: tuple[str, ...]  # district slugs


def plan_agencies() -> list[PlannedAgency]:
    every_district = tuple(slugify(name) for name in county.DISTRICTS)
    agencies = []
    for name, sector, status, domain, boards, districts in county.AGENCIES:
        agencies.append(
            PlannedAgency(
                name=name,
                slug=slugify(name),
                sector=sector,
                contribution_status=status,
                domain=domain,
                boards=("children", "adults") if boards == "both" else (boards,),
                districts=every_district
                if districts is None
                else tuple(slugify(d) for d in districts),
            )
        )
    return agencies


def email_local_part(first: str, last: str) -> str:
    return re.sub(r"[^a-z.]", "", f"{first}.{last}".lower())


class NameMaker:
    """Draws distinct made-up names with the plan's random generator."""

    def __init__(self, rng: random.Random, taken: set[str]):
        self.rng = rng
        self.taken = set(taken)

    def draw(self) -> tuple[str, str]:
        while True:
            first = self.rng.choice(names.FIRST_NAMES)
            last = self.rng.choice(names.SURNAMES)
            if f"{first} {last}" not in self.taken:
                self.taken.add(f"{first} {last}")
                return first, last


def _scope(scope: str | None) -> dict:
    if scope is None:
        return {}
    kind, slug = scope.split(":")
    return {kind: slug}


def _demo_signins() -> list[PlannedPerson]:
    people = []
    for email, name, role, scope in DEMO_SIGNINS:
        agency = DEMO_SIGNIN_AGENCY.get(email, POLICE)
        roles = [PlannedRole(role, **_scope(scope))]
        roles += [PlannedRole(r, **_scope(s)) for r, s in DEMO_SIGNIN_EXTRA_ROLES.get(email, [])]
        if role == Role.BOARD_MEMBER:
            roles[0] = roles[0]._replace(agency=agency)  # the agency the member represents
        people.append(
            PlannedPerson(
                email=email,
                full_name=name,
                job_title=role.label,
                agency=agency,
                roles=roles,
                manager=DEMO_LINE_MANAGER if email == DEMO_PRACTITIONER else None,
                administrator=role == Role.ADMINISTRATOR,
                demo_signin=True,
            )
        )
    return people


def plan_people() -> list[PlannedPerson]:
    """Everyone in the demo county: the demo sign-ins, then each agency's staff, the business
    unit, the boards' members, the locality boards, the inspection reviewers, a few people who
    registered themselves and wait for their agency to confirm them, and an administrator."""
    rng = random.Random(SEED)
    agencies = plan_agencies()
    by_slug = {agency.slug: agency for agency in agencies}
    people = _demo_signins()
    demo = {person.email: person for person in people}
    maker = NameMaker(rng, {person.full_name for person in people})

    def person(agency: str | None, title: str, *roles: PlannedRole, **extra) -> PlannedPerson:
        first, last = maker.draw()
        domain = by_slug[agency].domain if agency else "lay-member.example"
        new = PlannedPerson(
            email=f"{email_local_part(first, last)}@{domain}",
            full_name=f"{first} {last}",
            job_title=title,
            agency=agency,
            roles=list(roles),
            **extra,
        )
        people.append(new)
        return new

    # Each agency's staff: a safeguarding lead, managers reporting to the lead, practitioners
    # each reporting to one of the managers.
    managers_by_agency: dict[str, list[PlannedPerson]] = {}
    for agency in agencies:
        size = STAFF_BY_AGENCY.get(agency.slug, STAFF_BY_SECTOR[agency.sector])
        manager_titles, practitioner_titles = names.JOB_TITLES[agency.sector]
        if "clinical-commissioning" in agency.slug:
            size = 5
        practitioner = PlannedRole(Role.PRACTITIONER)
        lead = person(
            agency.slug,
            names.LEAD_TITLE,
            PlannedRole(Role.AGENCY_LEAD, agency=agency.slug),
            practitioner,
        )
        manager_count = max(1, (size - 1) // (PRACTITIONERS_PER_MANAGER + 1))
        managers = [
            person(agency.slug, rng.choice(manager_titles), practitioner, manager=lead.email)
            for _ in range(manager_count)
        ]
        if agency.slug == POLICE:
            demo[DEMO_LINE_MANAGER].manager = lead.email
            managers.append(demo[DEMO_LINE_MANAGER])
        for number in range(size - 1 - manager_count):
            person(
                agency.slug,
                rng.choice(practitioner_titles),
                practitioner,
                manager=managers[number % len(managers)].email,
            )
        managers_by_agency[agency.slug] = [lead, *managers]

    # The business unit: some staff work for one board, some for both.
    for boards, count in BUSINESS_UNIT_STAFF.items():
        board_slugs = ["children", "adults"] if boards == "both" else [boards]
        agency = ADULT_SOCIAL_CARE if boards == "adults" else CHILDRENS_SERVICES
        for _ in range(count):
            person(
                agency,
                rng.choice(names.BUSINESS_UNIT_TITLES),
                *[PlannedRole(Role.BUSINESS_UNIT, board=slug) for slug in board_slugs],
            )

    # Board members: a senior leader of each contributing agency on the board, some of whom
    # sit on both boards, and a lay member of each board.
    board_members: dict[str, PlannedPerson] = {}
    for board in ("children", "adults"):
        for agency in agencies:
            if board not in agency.boards or agency.contribution_status != "contributing":
                continue
            if agency.slug == POLICE and board == "children":
                continue  # the demo board member represents the constabulary
            seat = PlannedRole(Role.BOARD_MEMBER, board=board, agency=agency.slug)
            existing = board_members.get(agency.slug)
            if existing is not None and rng.random() < 0.5:
                existing.roles.append(seat)
                continue
            board_members[agency.slug] = person(
                agency.slug, rng.choice(names.BOARD_MEMBER_TITLES), seat
            )
        person(None, "Lay member", PlannedRole(Role.BOARD_MEMBER, board=board))

    # Locality boards: a chair and members from the agencies serving the locality's districts.
    chosen: set[str] = {demo["cpb.chair@demo.example"].email, demo["cpb.member@demo.example"].email}
    for locality, district_names in county.LOCALITIES.items():
        area = f"{slugify(locality)}-cpb"
        districts = {slugify(name) for name in district_names}
        pool = [
            manager
            for agency in agencies
            if districts & set(agency.districts)
            for manager in managers_by_agency[agency.slug]
            if manager.email not in chosen and not manager.demo_signin
        ]
        picked = rng.sample(pool, CPB_MEMBERS_EACH + 1)
        chosen.update(p.email for p in picked)
        chair, members = picked[0], picked[1:]
        if area != "burnley-and-pendle-cpb":  # the demo sign-in chairs Burnley and Pendle
            chair.roles.append(PlannedRole(Role.CPB_CHAIR, area=area))
        else:
            members.append(chair)
        for member in members:
            member.roles.append(PlannedRole(Role.CPB_MEMBER, area=area))

    # Inspection reviewers: managers seconded from different agencies.
    for agency in rng.sample(agencies, INSPECTION_REVIEWERS):
        reviewer = managers_by_agency[agency.slug][-1]
        reviewer.roles.append(PlannedRole(Role.INSPECTION_REVIEWER))

    # People who registered themselves and wait for their agency's lead to confirm them.
    for agency in SELF_REGISTERED:
        titles = names.JOB_TITLES[by_slug[agency].sector][1]
        person(
            agency,
            rng.choice(titles),
            PlannedRole(Role.PRACTITIONER),
            agency_confirmed=False,
        )

    person(
        CHILDRENS_SERVICES,
        "Systems Administrator",
        PlannedRole(Role.ADMINISTRATOR),
        administrator=True,
    )
    return people
