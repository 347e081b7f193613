"""The demo county: what `manage.py load_demo_county` loads; a second run changes nothing."""

from collections import Counter

import pytest
from allauth.account.models import EmailAddress
from django.core.management import call_command
from django.urls import reverse

from safeguarding.organisations.demo import county
from safeguarding.organisations.demo.loader import DEMO_PASSWORD, DEMO_SIGNINS, load_demo_county
from safeguarding.organisations.demo.people import plan_people
from safeguarding.organisations.models import (
    Agency,
    AgencyEmailDomain,
    Area,
    Board,
    Person,
    Role,
    RoleAssignment,
)
from safeguarding.organisations.selectors import boards_for_person

DEMO_EMAILS = [email for email, *_ in DEMO_SIGNINS]


def snapshot():
    """Every row the loader writes, as plain values, so two snapshots compare equal only when
    nothing was added, removed or changed."""
    return {
        "boards": list(Board.objects.order_by("pk").values_list()),
        "areas": list(Area.objects.order_by("pk").values_list()),
        "area_districts": sorted(Area.districts.through.objects.values_list()),
        "area_boards": sorted(Area.boards.through.objects.values_list()),
        "agencies": list(Agency.objects.order_by("pk").values_list()),
        "agency_boards": sorted(Agency.boards.through.objects.values_list()),
        "agency_districts": sorted(Agency.districts.through.objects.values_list()),
        "domains": list(AgencyEmailDomain.objects.order_by("pk").values_list()),
        "people": list(Person.objects.order_by("pk").values_list()),
        "roles": list(RoleAssignment.objects.order_by("pk").values_list()),
        "emails": list(EmailAddress.objects.order_by("pk").values_list()),
    }


@pytest.fixture
def demo(db):
    call_command("load_demo_county", stdout=None)


def test_second_run_changes_nothing_and_is_cheap(demo, django_assert_max_num_queries):
    before = snapshot()
    assert len(before["people"]) > 250

    # A second run only looks: no row is added or changed, in a bounded number of queries
    # (the first run takes several hundred).
    with django_assert_max_num_queries(80):
        load_demo_county()

    assert snapshot() == before


def test_a_missing_role_is_put_back_and_nothing_else_changes(demo):
    bev = Person.objects.get(email="business.unit@demo.example")
    bev.roles.filter(board__slug="adults").delete()
    before = snapshot()

    load_demo_county()

    after = snapshot()
    assert len(after["roles"]) == len(before["roles"]) + 1
    assert {key: value for key, value in after.items() if key != "roles"} == {
        key: value for key, value in before.items() if key != "roles"
    }
    assert bev.roles.filter(role=Role.BUSINESS_UNIT, board__slug="adults").exists()


def test_the_plan_is_the_same_every_time():
    first, second = plan_people(), plan_people()
    assert first == second
    emails = [person.email for person in first]
    assert len(emails) == len(set(emails))
    assert all(email == email.lower() for email in emails)


def test_boards_and_areas(demo):
    assert set(Board.objects.values_list("slug", flat=True)) == {"children", "adults"}
    assert Area.objects.filter(kind=Area.Kind.COUNTY).count() == 1
    assert Area.objects.filter(kind=Area.Kind.DISTRICT).count() == 12
    localities = Area.objects.filter(kind=Area.Kind.LOCALITY)
    assert localities.count() == 5
    for locality in localities:
        expected = set(county.LOCALITIES[locality.name])
        assert set(locality.districts.values_list("name", flat=True)) == expected


def test_agencies_cover_every_sector_with_domain_boards_and_districts(demo):
    agencies = list(Agency.objects.prefetch_related("boards", "districts", "email_domains"))
    assert 35 <= len(agencies) <= 50
    assert {agency.sector for agency in agencies} == set(Agency.Sector.values)
    assert {agency.contribution_status for agency in agencies} == set(
        Agency.ContributionStatus.values
    )
    for agency in agencies:
        domains = [d.domain for d in agency.email_domains.all()]
        assert domains, agency
        assert all(domain.endswith(".example") for domain in domains)
        assert agency.boards.all(), agency
    out_of_area = [agency for agency in agencies if not agency.districts.all()]
    assert [agency.contribution_status for agency in out_of_area] == ["private"]
    police = Agency.objects.get(slug="lancashire-constabulary")
    assert police.districts.count() == 12
    assert police.email_domains.filter(domain="lancashire-police.example").exists()


def test_every_role_is_held(demo):
    held = Counter(RoleAssignment.objects.values_list("role", flat=True))
    assert set(held) == set(Role.values)
    assert 250 <= Person.objects.count() <= 400
    assert held[Role.PRACTITIONER] > 200
    assert held[Role.INSPECTION_REVIEWER] >= 5
    assert held[Role.ADMINISTRATOR] >= 2


def test_every_practitioner_has_a_line_manager_in_their_agency(demo):
    practitioners = Person.objects.filter(
        roles__role=Role.PRACTITIONER, agency_confirmed=True
    ).exclude(roles__role=Role.AGENCY_LEAD)
    assert practitioners.count() > 200
    for person in practitioners.select_related("line_manager"):
        assert person.line_manager is not None, person.email
        assert person.line_manager.agency_id == person.agency_id, person.email


def test_demo_line_manager_manages_the_demo_practitioner(demo):
    practitioner = Person.objects.get(email="practitioner@demo.example")
    assert practitioner.line_manager.email == "line.manager@demo.example"
    manager = Person.objects.get(email="line.manager@demo.example")
    assert manager.reports.count() > 1


def test_business_unit_sign_in_works_for_both_boards(demo):
    person = Person.objects.get(email="business.unit@demo.example")
    assert person.scope_ids(Role.BUSINESS_UNIT, "board") == set(
        Board.objects.values_list("pk", flat=True)
    )
    assert len(boards_for_person(person)) == 2
    boards_each = Counter(
        RoleAssignment.objects.filter(role=Role.BUSINESS_UNIT).values_list("person", flat=True)
    )
    assert len(boards_each) >= 10
    assert sum(1 for count in boards_each.values() if count == 2) >= 3  # some for both
    assert sum(1 for count in boards_each.values() if count == 1) >= 3  # some for one


def test_boards_have_agency_members_and_a_lay_member(demo):
    for board in Board.objects.all():
        members = RoleAssignment.objects.filter(role=Role.BOARD_MEMBER, board=board)
        assert members.filter(agency__isnull=False).count() >= 10
        lay = members.filter(agency__isnull=True, person__agency__isnull=True)
        assert lay.count() == 1
        # Members represent agencies that work with the board.
        for assignment in members.filter(agency__isnull=False).select_related("agency"):
            assert assignment.agency.boards.filter(pk=board.pk).exists()


def test_each_locality_board_has_one_chair_and_members(demo):
    for locality in Area.objects.filter(kind=Area.Kind.LOCALITY):
        assignments = RoleAssignment.objects.filter(area=locality)
        assert assignments.filter(role=Role.CPB_CHAIR).count() == 1
        assert assignments.filter(role=Role.CPB_MEMBER).count() >= 5
    chair = RoleAssignment.objects.get(role=Role.CPB_CHAIR, area__slug="burnley-and-pendle-cpb")
    assert chair.person.email == "cpb.chair@demo.example"


def test_every_agency_has_a_safeguarding_lead_from_its_own_staff(demo):
    for agency in Agency.objects.all():
        leads = RoleAssignment.objects.filter(role=Role.AGENCY_LEAD, agency=agency)
        assert leads.filter(person__agency=agency).exists(), agency


def test_self_registered_people_wait_for_confirmation(demo):
    waiting = Person.objects.filter(agency_confirmed=False)
    assert waiting.count() >= 2
    assert waiting.filter(agency__slug="lancashire-constabulary").exists()


def test_only_demo_sign_ins_can_sign_in(demo):
    usable = [p.email for p in Person.objects.all() if p.has_usable_password()]
    assert sorted(usable) == sorted(DEMO_EMAILS)
    for person in Person.objects.filter(email__in=DEMO_EMAILS):
        assert person.check_password(DEMO_PASSWORD)
    verified = EmailAddress.objects.filter(email__in=DEMO_EMAILS, verified=True, primary=True)
    assert verified.count() == len(DEMO_EMAILS)
    admin = Person.objects.get(email="admin@demo.example")
    assert admin.is_superuser
    assert admin.is_staff


def test_demo_sign_in_through_the_sign_in_page(demo, client):
    response = client.post(
        reverse("account_login"),
        {"login": "business.unit@demo.example", "password": DEMO_PASSWORD},
    )
    assert response.status_code == 302
    assert client.get(reverse("organisations:agency_list")).status_code == 200


def test_demo_signins_command_lists_every_sign_in(capsys):
    call_command("demo_signins")
    out = capsys.readouterr().out
    assert DEMO_PASSWORD in out
    for email in DEMO_EMAILS:
        assert email in out
    # The line manager holds no role of their own: they are described as what they are.
    manager_line = next(line for line in out.splitlines() if "line.manager@" in line)
    assert manager_line.split()[:2] == ["Line", "manager"]
