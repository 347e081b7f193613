"""Generates a county-scale data set for the benchmarks (quality.md, Performance).

    .venv/bin/python benchmarks/generate.py              # 1x: 150 agencies, 20,000 people
    .venv/bin/python benchmarks/generate.py --scale 10   # 10x: 1,500 agencies, 200,000 people
    .venv/bin/python benchmarks/generate.py --people 50 --agencies 5 --output /tmp/tiny.sqlite3

The seed's boards, county, 12 districts and 5 locality boards, then made-up agencies and people
with every role: each agency's safeguarding lead, managers and practitioners (each with a line
manager), the business unit, board members, locality boards, inspection reviewers and
administrators. Everything goes in with bulk_create in batches, in one transaction; nobody but
the benchmark sign-ins and the sign-in rush's 500 practitioners has a usable password (one
precomputed unusable value for all the others, one precomputed hash for the rush's people).

The data set goes into a fresh SQLite file (benchmarks/output/bench-<scale>x.sqlite3, or
--output), or into the PostgreSQL database named by DATABASE_URL, which is emptied first.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUTPUT_DIR = ROOT / "benchmarks" / "output"

# The benchmark's own sign-in: business-unit staff for both boards.
BENCH_EMAIL = "bench.unit@bench.example"
BENCH_PASSWORD = "bench-county-password"  # noqa: S105 - a generated local data set only
# A member of a locality board (CPB), for the pages a CPB sees; added by add_sign_ins().
BENCH_CPB_EMAIL = "bench.cpb@bench.example"
# The sign-ins a benchmarked page may use (benchmarks/scenarios: the third item of a page), all
# with BENCH_PASSWORD.
SIGN_INS = {"unit": BENCH_EMAIL, "cpb": BENCH_CPB_EMAIL}
# The sign-in rush (benchmarks/sign_ins.py): this many practitioners, in every agency, with a
# verified address and BENCH_PASSWORD, hashed once and the same hash stored for all of them.
RUSH_SIGN_INS = 500
SEED = 20150320
BATCH = 2000

# At 1x (quality.md): 150 agencies and 20,000 people.
AGENCIES_1X = 150
PEOPLE_1X = 20_000
PRACTITIONERS_PER_MANAGER = 8

AGENCY_KINDS = [
    ("police", "Police Division"),
    ("health", "NHS Trust"),
    ("health", "Clinical Commissioning Group"),
    ("health", "GP Practice"),
    ("childrens_services", "Children's Services Team"),
    ("adult_social_care", "Adult Social Care Team"),
    ("education", "Primary School"),
    ("education", "High School"),
    ("education", "Academy"),
    ("education", "College"),
    ("probation", "Probation Office"),
    ("youth_justice", "Youth Offending Team"),
    ("voluntary", "Family Support Charity"),
    ("voluntary", "Carers Centre"),
    ("other", "Housing Association"),
    ("other", "Borough Council"),
]


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=int, default=1, help="1 for county scale, 10 for 10x")
    parser.add_argument("--people", type=int, help="people (default 20,000 x scale)")
    parser.add_argument("--agencies", type=int, help="agencies (default 150 x scale)")
    parser.add_argument("--output", help="SQLite file (default benchmarks/output/bench-<scale>x)")
    parser.add_argument("--quiet", action="store_true")
    parser.add_argument(
        "--no-scenarios", action="store_true", help="only the organisations data (no app scenarios)"
    )
    args = parser.parse_args(argv)
    args.people = args.people or PEOPLE_1X * args.scale
    args.agencies = args.agencies or AGENCIES_1X * args.scale
    if args.output is None:
        args.output = str(OUTPUT_DIR / f"bench-{args.scale}x.sqlite3")
    return args


def setup_django(sqlite_path: str | None) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "benchmarks.settings")
    if sqlite_path:
        os.environ["BENCH_SQLITE"] = sqlite_path
    import django

    django.setup()


def fresh_database(sqlite_path: str | None, say) -> None:
    from django.core.management import call_command

    if sqlite_path:
        for suffix in ("", "-wal", "-shm"):
            Path(sqlite_path + suffix).unlink(missing_ok=True)
        Path(sqlite_path).parent.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    if not sqlite_path:
        call_command("flush", interactive=False, verbosity=0)
    say(f"  migrated a fresh database in {time.perf_counter() - started:.1f}s")


def generate(args: argparse.Namespace, say=print) -> dict[str, int]:
    """Fills the (fresh, migrated) database; returns the number of rows of each kind."""
    from allauth.account.models import EmailAddress
    from django.contrib.auth.hashers import make_password
    from django.db import connection, transaction

    from safeguarding.organisations.demo import names
    from safeguarding.organisations.demo.loader import load_boards_and_areas
    from safeguarding.organisations.demo.people import email_local_part
    from safeguarding.organisations.models import (
        Agency,
        AgencyEmailDomain,
        Area,
        Person,
        Role,
        RoleAssignment,
    )

    rng = random.Random(SEED)
    unusable = make_password(None)  # one unusable value, computed once, shared by everyone
    counts: dict[str, int] = {}
    standalone = not connection.in_atomic_block  # not inside a test's transaction
    if standalone and connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA synchronous=OFF")  # a throw-away file: speed over safety

    with transaction.atomic():
        boards = load_boards_and_areas()
        children, adults = boards["children"], boards["adults"]
        districts = list(Area.objects.filter(kind=Area.Kind.DISTRICT).order_by("name"))
        localities = list(Area.objects.filter(kind=Area.Kind.LOCALITY).order_by("name"))

        # Agencies, their boards, districts and e-mail domains.
        agencies = []
        for number in range(args.agencies):
            sector, kind = AGENCY_KINDS[number % len(AGENCY_KINDS)]
            place = districts[number % len(districts)].name
            name = f"{place} {kind} {number // len(AGENCY_KINDS) + 1}"
            status = rng.choices(Agency.ContributionStatus.values, weights=[6, 3, 1], k=1)[0]
            agencies.append(
                Agency(
                    name=name,
                    slug=f"agency-{number + 1}",
                    sector=sector,
                    contribution_status=status,
                )
            )
        Agency.objects.bulk_create(agencies, batch_size=BATCH)
        agencies = list(Agency.objects.order_by("pk"))
        board_links, district_links, domains = [], [], []
        for number, agency in enumerate(agencies):
            served = [children, adults] if rng.random() < 0.4 else [children]
            board_links += [Agency.boards.through(agency=agency, board=b) for b in served]
            area_count = len(districts) if rng.random() < 0.1 else rng.randint(1, 3)
            district_links += [
                Agency.districts.through(agency=agency, area=a)
                for a in rng.sample(districts, area_count)
            ]
            domains.append(AgencyEmailDomain(agency=agency, domain=f"agency{number + 1}.example"))
        Agency.boards.through.objects.bulk_create(board_links, batch_size=BATCH)
        Agency.districts.through.objects.bulk_create(district_links, batch_size=BATCH)
        AgencyEmailDomain.objects.bulk_create(domains, batch_size=BATCH)
        counts["agencies"] = len(agencies)

        # People: first each agency's lead and managers, then the practitioners, who need
        # their manager's id. Staff are spread evenly over the agencies.
        serial = iter(range(1, 10**9))

        def new_person(agency, title, **fields) -> Person:
            first = rng.choice(names.FIRST_NAMES)
            last = rng.choice(names.SURNAMES)
            domain = f"agency{agency.slug.split('-')[1]}.example" if agency else "lay.example"
            return Person(
                email=f"{email_local_part(first, last)}.{next(serial)}@{domain}",
                full_name=f"{first} {last}",
                job_title=title,
                agency=agency,
                password=unusable,
                **fields,
            )

        central = agencies[0]
        # The business unit, boards and administrators stay the size they are in a county
        # (fewer in a tiny data set); everyone else works in the agencies.
        unit_size = min(10, max(2, args.people // 100))
        board_size = min(40, max(2, args.people // 50))
        admin_count = min(3, max(1, args.people // 1000))
        special = unit_size + board_size + 2 + admin_count + 1
        staff_total = max(len(agencies) * 2, args.people - special)
        sizes = [staff_total // len(agencies)] * len(agencies)
        for index in range(staff_total - sum(sizes)):
            sizes[index] += 1
        leads, managers_by_agency, seniors = [], {}, []
        for agency, size in zip(agencies, sizes, strict=True):
            manager_titles, _ = names.JOB_TITLES[agency.sector]
            lead = new_person(agency, names.LEAD_TITLE)
            count = max(1, (size - 1) // (PRACTITIONERS_PER_MANAGER + 1))
            managers = [new_person(agency, rng.choice(manager_titles)) for _ in range(count)]
            leads.append(lead)
            managers_by_agency[agency.pk] = managers
            seniors += [lead, *managers]
        business_unit = [
            new_person(central, rng.choice(names.BUSINESS_UNIT_TITLES)) for _ in range(unit_size)
        ]
        board_members = [
            new_person(rng.choice(agencies), rng.choice(names.BOARD_MEMBER_TITLES))
            for _ in range(board_size)
        ]
        lay_members = [new_person(None, "Lay member") for _ in range(2)]
        admins = [
            new_person(central, "Systems Administrator", is_staff=True, is_superuser=True)
            for _ in range(admin_count)
        ]
        bench_user = Person(
            email=BENCH_EMAIL,
            full_name="Bench Unit",
            job_title="Board Manager",
            agency=central,
            password=make_password(BENCH_PASSWORD),
        )
        first_wave = [*seniors, *business_unit, *board_members, *lay_members, *admins, bench_user]
        # SQLite and PostgreSQL both hand back the new ids from bulk_create.
        Person.objects.bulk_create(first_wave, batch_size=BATCH)
        for lead in leads:
            for manager in managers_by_agency[lead.agency_id]:
                manager.line_manager_id = lead.pk
        Person.objects.bulk_update(seniors, ["line_manager"], batch_size=BATCH)

        practitioner_ids = []
        batch = []
        for agency, size in zip(agencies, sizes, strict=True):
            _, titles = names.JOB_TITLES[agency.sector]
            managers = managers_by_agency[agency.pk]
            for number in range(size - 1 - len(managers)):
                batch.append(
                    new_person(
                        agency,
                        rng.choice(titles),
                        line_manager_id=managers[number % len(managers)].pk,
                        agency_confirmed=rng.random() > 0.002,
                    )
                )
                if len(batch) >= BATCH * 5:
                    Person.objects.bulk_create(batch, batch_size=BATCH)
                    practitioner_ids += [person.pk for person in batch]
                    batch = []
        Person.objects.bulk_create(batch, batch_size=BATCH)
        practitioner_ids += [person.pk for person in batch]
        counts["people"] = len(first_wave) + len(practitioner_ids)

        # Roles. Everyone in an agency is a practitioner (they book training); the rest as
        # the demo county has them, in proportion.
        roles = []

        def add(person_id, role, **scope):
            roles.append(RoleAssignment(person_id=person_id, role=role, **scope))
            if len(roles) >= BATCH * 5:
                RoleAssignment.objects.bulk_create(roles, batch_size=BATCH)
                counts["roles"] = counts.get("roles", 0) + len(roles)
                roles.clear()

        for lead in leads:
            add(lead.pk, Role.AGENCY_LEAD, agency_id=lead.agency_id)
        for person in [*seniors, *business_unit, *board_members, *admins, bench_user]:
            add(person.pk, Role.PRACTITIONER)
        for person_id in practitioner_ids:
            add(person_id, Role.PRACTITIONER)
        for number, person in enumerate(business_unit):
            add(person.pk, Role.BUSINESS_UNIT, board=children if number % 3 else adults)
            if number % 3 == 1:
                add(person.pk, Role.BUSINESS_UNIT, board=adults)  # some work for both boards
        for board in (children, adults):
            add(bench_user.pk, Role.BUSINESS_UNIT, board=board)
        for number, person in enumerate(board_members):
            board = children if number % 2 else adults
            add(person.pk, Role.BOARD_MEMBER, board=board, agency_id=person.agency_id)
        for person, board in zip(lay_members, (children, adults), strict=True):
            add(person.pk, Role.BOARD_MEMBER, board=board)
        # Each locality board: a chair and ten members; then 30 inspection reviewers.
        pool = rng.sample(seniors, min(len(seniors), len(localities) * 11 + 30))
        each = min(11, len(pool) // (len(localities) + 1))
        for index, locality in enumerate(localities):
            members = pool[index * each : (index + 1) * each]
            for number, member in enumerate(members):
                add(member.pk, Role.CPB_CHAIR if number == 0 else Role.CPB_MEMBER, area=locality)
        for person in pool[len(localities) * each :]:
            add(person.pk, Role.INSPECTION_REVIEWER)
        for person in admins:
            add(person.pk, Role.ADMINISTRATOR)
        RoleAssignment.objects.bulk_create(roles, batch_size=BATCH)
        counts["roles"] = counts.get("roles", 0) + len(roles)

        EmailAddress.objects.create(user=bench_user, email=BENCH_EMAIL, verified=True, primary=True)
    if standalone:  # fresh statistics for the query planner, as a live database would have
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
            if connection.vendor == "sqlite":
                cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return counts


def add_sign_ins() -> dict[str, int]:
    """The sign-ins beyond the business unit's (SIGN_INS): a member of the first locality board
    (by name), in the first agency. Run after generate(); nobody else gains a password."""
    from allauth.account.models import EmailAddress
    from django.contrib.auth.hashers import make_password
    from django.db import transaction

    from safeguarding.organisations.models import Agency, Area, Person, Role, RoleAssignment

    with transaction.atomic():
        locality = Area.objects.filter(kind=Area.Kind.LOCALITY).order_by("name").first()
        cpb = Person.objects.create(
            email=BENCH_CPB_EMAIL,
            full_name="Bench Locality",
            job_title="Locality board member",
            agency=Agency.objects.order_by("pk").first(),
            password=make_password(BENCH_PASSWORD),
        )
        RoleAssignment.objects.create(person=cpb, role=Role.CPB_MEMBER, area=locality)
        EmailAddress.objects.create(user=cpb, email=BENCH_CPB_EMAIL, verified=True, primary=True)
    return {"sign-ins": 1}


def add_rush_sign_ins(count: int = RUSH_SIGN_INS) -> dict[str, int]:
    """`count` confirmed practitioners (a seeded sample across the agencies) who can sign in
    with BENCH_PASSWORD, for the sign-in rush. One hash, with the first hasher of
    PASSWORD_HASHERS, computed once and stored for all: 500 hashes would cost minutes at
    PBKDF2's cost, and each person's own salt would change nothing the rush measures."""
    from allauth.account.models import EmailAddress
    from django.contrib.auth.hashers import make_password
    from django.db import transaction

    from safeguarding.organisations.models import Person

    candidates = list(
        Person.objects.filter(
            is_active=True, agency_confirmed=True, agency__isnull=False, is_superuser=False
        )
        .exclude(email__in=SIGN_INS.values())
        .order_by("pk")
        .values_list("pk", "email")
    )
    chosen = random.Random(SEED + 1).sample(candidates, min(count, len(candidates)))
    shared = make_password(BENCH_PASSWORD)
    with transaction.atomic():
        Person.objects.filter(pk__in=[pk for pk, _ in chosen]).update(password=shared)
        EmailAddress.objects.bulk_create(
            [
                EmailAddress(user_id=pk, email=email, verified=True, primary=True)
                for pk, email in chosen
            ],
            batch_size=BATCH,
        )
    return {"rush sign-ins": len(chosen)}


def rush_sign_in_emails() -> list[str]:
    """The people add_rush_sign_ins() gave a password: everyone with a verified address but
    the benchmark's own sign-ins, in a fixed order."""
    from allauth.account.models import EmailAddress

    return list(
        EmailAddress.objects.filter(verified=True)
        .exclude(email__in=SIGN_INS.values())
        .order_by("user_id")
        .values_list("email", flat=True)
    )


def run_scenarios(scale: int, say=print) -> dict[str, int]:
    """Each app's scenario (benchmarks/scenarios/<app>.py), then fresh planner statistics."""
    from django.db import connection

    from benchmarks import scenarios

    counts = scenarios.generate_all(scale, say)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return counts


def main(argv=None) -> None:
    args = parse_args(argv)
    say = (lambda *a: None) if args.quiet else print
    sqlite_path = None if os.environ.get("DATABASE_URL") else args.output
    setup_django(sqlite_path)
    target = sqlite_path or "the PostgreSQL database in DATABASE_URL"
    say(f"==> Generating {args.agencies:,} agencies and {args.people:,} people into {target}")
    fresh_database(sqlite_path, say)
    started = time.perf_counter()
    counts = generate(args, say)
    elapsed = time.perf_counter() - started
    rows = sum(counts.values())
    say(
        f"  {counts['agencies']:,} agencies, {counts['people']:,} people, "
        f"{counts['roles']:,} role assignments in {elapsed:.1f}s ({rows / elapsed:,.0f} rows/s)"
    )
    add_sign_ins()
    rush = add_rush_sign_ins(min(RUSH_SIGN_INS, args.people // 4))
    say(f"  {rush['rush sign-ins']:,} people with a known password for the sign-in rush")
    if not args.no_scenarios:
        run_scenarios(args.scale, say)


if __name__ == "__main__":
    main()
