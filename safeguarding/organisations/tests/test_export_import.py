"""A directory list downloaded as CSV or XLSX imports again unchanged: the downloads carry the
import's columns under its headings (issue 11: the people export was refused by the import,
"it has no column 'Full name'")."""

import io

import pytest

from safeguarding.core.models import AuditEvent
from safeguarding.organisations import imports
from safeguarding.organisations.imports import DirectoryImport
from safeguarding.organisations.lists import AGENCIES, PEOPLE
from safeguarding.organisations.models import Agency, Area, Person, RoleAssignment
from safeguarding.organisations.tests.factories import (
    AgencyEmailDomainFactory,
    AgencyFactory,
    PersonFactory,
)


@pytest.fixture
def directory(county):
    preston = Area.objects.get(kind=Area.Kind.LOCALITY, name="Preston")
    police = AgencyFactory(
        name="Lancashire Constabulary",
        sector=Agency.Sector.POLICE,
        contribution_status=Agency.ContributionStatus.NON_CONTRIBUTING,
    )
    police.boards.set([county["children"], county["adults"]])
    police.districts.set(Area.objects.filter(kind=Area.Kind.DISTRICT, name__in=["Preston", "Wyre"]))
    AgencyEmailDomainFactory(agency=police, domain="lancashire.police.uk")
    health = AgencyFactory(name="Children’s Health Trust", sector=Agency.Sector.CHILDRENS_SERVICES)
    chief = PersonFactory(agency=police, full_name="Siobhán O’Neill", email="siobhan@x.example")
    officer = PersonFactory(
        agency=police, full_name="Łukasz Nowak", email="lukasz@x.example", line_manager=chief
    )
    RoleAssignment.objects.create(person=chief, role="agency_lead", agency=police)
    RoleAssignment.objects.create(person=officer, role="cpb_member", area=preston)
    RoleAssignment.objects.create(person=officer, role="practitioner")
    PersonFactory(agency=health, full_name="Nguyễn Thị Lan", job_title="")
    return police


def snapshot():
    agencies = [
        (
            agency.name,
            agency.sector,
            agency.contribution_status,
            sorted(d.domain for d in agency.email_domains.all()),
            sorted(b.slug for b in agency.boards.all()),
            sorted(d.name for d in agency.districts.all()),
        )
        for agency in Agency.objects.order_by("name")
    ]
    people = [
        (
            person.email,
            person.full_name,
            person.job_title,
            person.agency_id,
            person.line_manager_id,
            person.is_active,
            sorted(person.roles.values_list("role", "board", "area", "agency")),
        )
        for person in Person.objects.order_by("email")
    ]
    return agencies, people


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize(
    ("kind", "path", "query"),
    [
        ("agencies", "/directory/", {}),
        # One agency's people: the business unit cannot give roles to itself, so not everyone.
        ("people", "/directory/people/", {"agency_name": "Lancashire Constabulary"}),
    ],
)
def test_a_download_imports_again_and_changes_nothing(
    client, business_unit, directory, kind, path, query, fmt
):
    client.force_login(business_unit)
    response = client.get(path, {**query, "download": fmt})
    assert response.status_code == 200
    data = b"".join(response.streaming_content)
    before = snapshot()

    job = DirectoryImport(kind, lambda: io.BytesIO(data), f"download.{fmt}")
    report = job.check(business_unit)
    assert report.ok, [str(error) for error in report.errors]
    assert report.new == 0
    assert report.updated == report.rows > 0
    assert job.apply(business_unit, directory.boards.first()).ok

    assert snapshot() == before
    assert AuditEvent.objects.filter(verb=f"{kind} imported").count() == 1


@pytest.mark.parametrize(("kind", "listing"), [("agencies", AGENCIES), ("people", PEOPLE)])
def test_a_directory_download_is_the_imports_columns_then_what_the_hub_keeps(kind, listing):
    assert listing.download_headings == imports.COLUMNS[kind] + imports.EXPORT_ONLY[kind]
