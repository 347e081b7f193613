"""Granting or removing a role needs authority over its scope; nobody widens their own roles."""

import csv
import io

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from rest_framework.test import APIClient

from safeguarding.core.models import AuditEvent
from safeguarding.organisations import services
from safeguarding.organisations.forms import RoleForm
from safeguarding.organisations.imports import PEOPLE_COLUMNS, DirectoryImport
from safeguarding.organisations.models import Area, Person, Role, RoleAssignment
from safeguarding.organisations.tests.factories import AgencyFactory, PersonFactory


@pytest.fixture
def adults_unit(make_person, adults_board):
    return make_person("business_unit", board=adults_board)


@pytest.fixture
def preston(county):
    # The locality boards (CPBs) belong to the children's board only.
    return Area.objects.get(kind="locality", name="Preston")


@pytest.fixture
def children_agency(children_board):
    agency = AgencyFactory(name="Children's Partner")
    agency.boards.set([children_board])
    return agency


@pytest.fixture
def adults_agency(adults_board):
    agency = AgencyFactory(name="Adults' Partner")
    agency.boards.set([adults_board])
    return agency


def test_business_unit_of_one_board_cannot_grant_the_other_boards_roles(
    adults_unit, children_board, adults_board, preston, children_agency, adults_agency
):
    colleague = PersonFactory()
    refused = [
        {"role": Role.BUSINESS_UNIT, "board": children_board},
        {"role": Role.BOARD_MEMBER, "board": children_board},
        {"role": Role.CPB_CHAIR, "area": preston},
        {"role": Role.AGENCY_LEAD, "agency": children_agency},
    ]
    for scope in refused:
        role = scope.pop("role")
        with pytest.raises(PermissionDenied):
            services.assign_role(adults_unit, colleague, role, **scope)
    assert not colleague.roles.exists()
    assert not AuditEvent.objects.exists()
    # Their own board's scopes and unscoped roles are theirs to give.
    services.assign_role(adults_unit, colleague, Role.BUSINESS_UNIT, board=adults_board)
    services.assign_role(adults_unit, colleague, Role.AGENCY_LEAD, agency=adults_agency)
    services.assign_role(adults_unit, colleague, Role.PRACTITIONER)
    assert colleague.roles.count() == 3


def test_removing_a_role_needs_authority_over_its_scope(
    adults_unit, business_unit, children_board, preston
):
    person = PersonFactory()
    held = [
        RoleAssignment.objects.create(person=person, role=Role.BUSINESS_UNIT, board=children_board),
        RoleAssignment.objects.create(person=person, role=Role.CPB_MEMBER, area=preston),
    ]
    for assignment in held:
        with pytest.raises(PermissionDenied):
            services.remove_role(adults_unit, assignment)
    assert person.roles.count() == 2
    for assignment in held:
        services.remove_role(business_unit, assignment)
    assert not person.roles.exists()


def test_nobody_gives_themselves_a_role(adults_unit, adults_board, make_person):
    with pytest.raises(PermissionDenied):
        services.assign_role(adults_unit, adults_unit, Role.BOARD_MEMBER, board=adults_board)
    administrator = make_person("administrator", is_staff=True, is_superuser=True)
    with pytest.raises(PermissionDenied):
        services.assign_role(administrator, administrator, Role.BUSINESS_UNIT, board=adults_board)
    assert not RoleAssignment.objects.filter(role=Role.BOARD_MEMBER).exists()
    assert not administrator.roles.filter(role=Role.BUSINESS_UNIT).exists()


def test_administrators_grant_everywhere_but_only_they_make_administrators(
    make_person, adults_unit, children_board, preston
):
    administrator = make_person("administrator", is_staff=True, is_superuser=True)
    person = PersonFactory()
    services.assign_role(administrator, person, Role.BUSINESS_UNIT, board=children_board)
    services.assign_role(administrator, person, Role.CPB_CHAIR, area=preston)
    with pytest.raises(PermissionDenied):
        services.assign_role(adults_unit, PersonFactory(), Role.ADMINISTRATOR)
    services.assign_role(administrator, PersonFactory(), Role.ADMINISTRATOR)


def test_the_role_form_offers_only_scopes_the_person_may_give(
    adults_unit, adults_board, children_agency, adults_agency, county
):
    form = RoleForm(acting_user=adults_unit)
    assert list(form.fields["board"].queryset) == [adults_board]
    assert not form.fields["area"].queryset.exists()
    assert list(form.fields["agency"].queryset) == [adults_agency]
    roles = dict(form.fields["role"].choices)
    assert Role.ADMINISTRATOR not in roles
    # No locality belongs to the adults' board, so its CPB roles are not offered.
    assert Role.CPB_CHAIR not in roles
    assert Role.BUSINESS_UNIT in roles
    assert Role.PRACTITIONER in roles


def test_the_role_page_refuses_the_other_boards_role_and_ones_own(
    client, adults_unit, children_board
):
    person = PersonFactory()
    client.force_login(adults_unit)
    response = client.post(
        reverse("organisations:role_add", args=[person.pk]),
        {"role": Role.BUSINESS_UNIT, "board": children_board.pk},
    )
    assert response.status_code == 400
    assert "Select a valid choice" in response.text
    response = client.post(
        reverse("organisations:role_add", args=[adults_unit.pk]),
        {"role": Role.PRACTITIONER},
    )
    assert response.status_code == 403
    assert not RoleAssignment.objects.filter(role=Role.PRACTITIONER).exists()
    assert not person.roles.exists()
    # Their own page offers no role form.
    page = client.get(reverse("organisations:person_detail", args=[adults_unit.pk]))
    assert "Add a role" not in page.text


def test_the_person_page_offers_remove_only_where_allowed(
    client, adults_unit, adults_board, children_board
):
    person = PersonFactory()
    RoleAssignment.objects.create(person=person, role=Role.BUSINESS_UNIT, board=children_board)
    mine = RoleAssignment.objects.create(person=person, role=Role.BOARD_MEMBER, board=adults_board)
    client.force_login(adults_unit)
    page = client.get(reverse("organisations:person_detail", args=[person.pk])).text
    assert page.count("/remove/") == 1
    assert reverse("organisations:role_remove", args=[person.pk, mine.pk]) in page


def test_role_assignments_api_refuses_escalation(adults_unit, children_board, adults_board):
    api = APIClient()
    api.force_authenticate(adults_unit)
    person = PersonFactory()
    response = api.post(
        "/api/role-assignments/",
        {"person": adults_unit.pk, "role": "business_unit", "board": children_board.pk},
        format="json",
    )
    assert response.status_code == 403
    response = api.post(
        "/api/role-assignments/",
        {"person": adults_unit.pk, "role": "board_member", "board": adults_board.pk},
        format="json",
    )
    assert response.status_code == 403
    response = api.post(
        "/api/role-assignments/",
        {"person": person.pk, "role": "business_unit", "board": children_board.pk},
        format="json",
    )
    assert response.status_code == 403
    other = RoleAssignment.objects.create(
        person=person, role=Role.BUSINESS_UNIT, board=children_board
    )
    assert api.delete(f"/api/role-assignments/{other.pk}/").status_code == 403
    assert list(RoleAssignment.objects.filter(person=person)) == [other]
    assert not adults_unit.roles.exclude(role=Role.BUSINESS_UNIT).exists()
    response = api.post(
        "/api/role-assignments/",
        {"person": person.pk, "role": "business_unit", "board": adults_board.pk},
        format="json",
    )
    assert response.status_code == 201


def test_the_import_gives_only_roles_the_importer_may_give(adults_unit, children_board, county):
    rows = [
        PEOPLE_COLUMNS,
        ["Kit Colleague", "kit@a.example", "", "", "", "business_unit:children"],
        ["Me Again", adults_unit.email, "", "", "", "practitioner"],
        ["Pat Other", "pat@a.example", "", "", "", "cpb_chair:Preston; business_unit:adults"],
    ]
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    data = buffer.getvalue().encode()
    importer = DirectoryImport("people", lambda: io.BytesIO(data), "people.csv")
    expected = [
        "Row 2, column 'Roles': you cannot give the role 'business_unit:children': it is for a "
        "board, locality or agency you do not work for",
        "Row 3, column 'Roles': you cannot give yourself roles: ask someone else",
        "Row 4, column 'Roles': you cannot give the role 'cpb_chair:Preston': it is for a "
        "board, locality or agency you do not work for",
    ]
    assert [str(error) for error in importer.check(adults_unit).errors] == expected
    assert [str(error) for error in importer.apply(adults_unit).errors] == expected
    assert not Person.objects.filter(email__in=["kit@a.example", "pat@a.example"]).exists()
    assert list(adults_unit.roles.values_list("role", flat=True)) == ["business_unit"]


def test_the_other_boards_staff_cannot_be_taken_over_by_changing_them(
    client, adults_unit, business_unit
):
    """Changing the children's business unit's e-mail address would hand over their role."""
    with pytest.raises(PermissionDenied):
        services.update_person(adults_unit, business_unit, email="mine@freemail.example")
    with pytest.raises(PermissionDenied):
        services.deactivate_person(adults_unit, business_unit)
    api = APIClient()
    api.force_authenticate(adults_unit)
    response = api.patch(
        f"/api/people/{business_unit.pk}/", {"email": "mine@freemail.example"}, format="json"
    )
    assert response.status_code == 403
    client.force_login(adults_unit)
    page = client.get(reverse("organisations:person_detail", args=[business_unit.pk])).text
    assert reverse("organisations:person_edit", args=[business_unit.pk]) not in page
    assert "Deactivate" not in page
    business_unit.refresh_from_db()
    assert business_unit.is_active
    assert business_unit.email != "mine@freemail.example"
    # Someone holding only roles within their authority is theirs to change.
    practitioner = PersonFactory()
    RoleAssignment.objects.create(person=practitioner, role=Role.PRACTITIONER)
    services.update_person(adults_unit, practitioner, job_title="Team manager")


def test_the_import_does_not_change_the_other_boards_staff(adults_unit, business_unit):
    rows = [PEOPLE_COLUMNS, ["New Name", business_unit.email, "Taken over", "", "", ""]]
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    data = buffer.getvalue().encode()
    report = DirectoryImport("people", lambda: io.BytesIO(data), "people.csv").apply(adults_unit)
    assert [str(error) for error in report.errors] == [
        f"Row 2, column 'Email': {business_unit.email} has a role for a board, locality or "
        "agency you do not work for: only its business unit can change them"
    ]
    business_unit.refresh_from_db()
    assert business_unit.job_title != "Taken over"
