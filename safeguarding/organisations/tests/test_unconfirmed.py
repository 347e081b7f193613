"""A self-registered person whose agency has not confirmed them is nobody's colleague yet."""

import csv
import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from openpyxl import load_workbook
from rest_framework.test import APIClient

from safeguarding.organisations import services
from safeguarding.organisations.imports import PEOPLE_COLUMNS, DirectoryImport
from safeguarding.organisations.models import Person, Role
from safeguarding.organisations.selectors import people_visible_to
from safeguarding.organisations.tests.factories import (
    AgencyFactory,
    PersonFactory,
    RoleAssignmentFactory,
)


@pytest.fixture
def agency(db):
    return AgencyFactory(name="Fylde Health")


@pytest.fixture
def newcomer(agency):
    """Signed up with a free-mail address and chose the agency."""
    return PersonFactory(agency=agency, agency_confirmed=False, email="newcomer@freemail.example")


@pytest.fixture
def staff(agency):
    manager = PersonFactory(agency=agency, full_name="Mo Manager", email="mo@fylde.example")
    report = PersonFactory(agency=agency, full_name="Rae Report", line_manager=manager)
    lead = PersonFactory(agency=agency, full_name="Lee Lead")
    RoleAssignmentFactory(person=lead, role=Role.AGENCY_LEAD, agency=agency)
    return [manager, report, lead]


def _download(client, fmt):
    response = client.get(reverse("organisations:person_list"), {"download": fmt})
    body = b"".join(response.streaming_content)
    if fmt == "csv":
        return [row[0] for row in csv.reader(io.StringIO(body.decode("utf-8-sig")))][1:]
    sheet = load_workbook(io.BytesIO(body), read_only=True).worksheets[0]
    return [row[0] for row in sheet.iter_rows(values_only=True)][1:]


def test_an_unconfirmed_person_sees_only_themselves(client, newcomer, staff):
    client.force_login(newcomer)
    response = client.get(reverse("organisations:person_list"))
    assert [p.pk for p in response.context["page"].object_list] == [newcomer.pk]
    assert _download(client, "csv") == [newcomer.full_name]
    assert _download(client, "xlsx") == [newcomer.full_name]
    for person in staff:
        url = reverse("organisations:person_detail", args=[person.pk])
        assert client.get(url).status_code == 404
    api = APIClient()
    api.force_authenticate(newcomer)
    assert [row["id"] for row in api.get("/api/people/").json()["results"]] == [newcomer.pk]
    assert api.get(f"/api/people/{staff[0].pk}/").status_code == 404
    assert not api.get("/api/role-assignments/").json()["results"]


def test_once_confirmed_they_see_their_agencys_managers_and_contacts(newcomer, staff, client):
    newcomer.agency_confirmed = True
    newcomer.save()
    client.force_login(newcomer)
    names = {p.full_name for p in client.get("/directory/people/").context["page"].object_list}
    assert names == {newcomer.full_name, "Mo Manager", "Lee Lead"}


def test_the_agency_lead_sees_the_newcomer_to_confirm_them(newcomer, staff):
    assert newcomer in people_visible_to(staff[2])
    assert newcomer not in people_visible_to(staff[0])


def test_an_unconfirmed_person_is_nobodys_line_manager(business_unit, newcomer, agency):
    with pytest.raises(ValidationError) as caught:
        services.create_person(
            business_unit, email="x@fylde.example", full_name="X", line_manager=newcomer
        )
    assert "line_manager" in caught.value.message_dict
    person = PersonFactory(agency=agency)
    with pytest.raises(ValidationError) as caught:
        services.update_person(business_unit, person, line_manager=newcomer)
    assert "confirmed" in caught.value.message_dict["line_manager"][0]
    person.refresh_from_db()
    assert person.line_manager is None


def test_the_person_form_and_api_refuse_an_unconfirmed_line_manager(
    client, business_unit, newcomer, agency
):
    person = PersonFactory(agency=agency)
    client.force_login(business_unit)
    response = client.post(
        reverse("organisations:person_edit", args=[person.pk]),
        {
            "full_name": person.full_name,
            "email": person.email,
            "agency": agency.pk,
            "line_manager_email": newcomer.email,
            "is_active": "on",
        },
    )
    assert response.status_code == 200
    assert "has not yet been confirmed" in response.context["form"].errors["line_manager_email"][0]
    api = APIClient()
    api.force_authenticate(business_unit)
    response = api.patch(f"/api/people/{person.pk}/", {"line_manager": newcomer.pk}, format="json")
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "line_manager"
    person.refresh_from_db()
    assert person.line_manager is None


def test_the_import_refuses_an_unconfirmed_line_manager(business_unit, newcomer, agency):
    rows = [PEOPLE_COLUMNS, ["Ann Other", "ann@fylde.example", "", agency.name, newcomer.email, ""]]
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    data = buffer.getvalue().encode()
    report = DirectoryImport("people", lambda: io.BytesIO(data), "people.csv").apply(business_unit)
    assert [str(error) for error in report.errors] == [
        f"Row 2, column 'Line manager email': {newcomer.full_name} has not yet been confirmed "
        "by their agency's safeguarding lead, so cannot be a line manager"
    ]
    assert not Person.objects.filter(email="ann@fylde.example").exists()
