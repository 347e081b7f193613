import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from safeguarding.core.models import AuditEvent
from safeguarding.organisations.models import Agency, Area, Person, Role, RoleAssignment
from safeguarding.organisations.tests.factories import (
    AgencyEmailDomainFactory,
    AgencyFactory,
    PersonFactory,
    RoleAssignmentFactory,
)


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def agency_a(db):
    return AgencyFactory(name="Agency A", sector=Agency.Sector.POLICE)


@pytest.fixture
def agency_b(db):
    return AgencyFactory(name="Agency B", sector=Agency.Sector.HEALTH)


LIST_CEILING = 12


@pytest.mark.parametrize("rows", [5, 60])
def test_list_endpoints_query_counts_do_not_grow(
    api, business_unit, children_board, county, rows, django_assert_max_num_queries
):
    district = Area.objects.filter(kind="district").first()
    for i in range(rows):
        agency = AgencyFactory(name=f"Api Agency {i:03d}")
        agency.boards.add(children_board)
        agency.districts.add(district)
        AgencyEmailDomainFactory(agency=agency)
        person = PersonFactory(agency=agency)
        RoleAssignmentFactory(
            person=person, role=Role.BOARD_MEMBER, board=children_board, agency=agency
        )
    api.force_authenticate(business_unit)
    for url in (
        "/api/agencies/",
        "/api/people/",
        "/api/role-assignments/",
        "/api/areas/",
        "/api/boards/",
    ):
        with django_assert_max_num_queries(LIST_CEILING):
            response = api.get(url)
        assert response.status_code == 200, url
    response = api.get("/api/people/")
    assert response.json()["count"] == rows + 1
    assert response.json()["results"][0]["roles"]


def test_people_outside_scope_are_404_in_the_api(api, make_person, agency_a, agency_b):
    viewer = make_person("practitioner", agency=agency_a)
    # A practitioner sees their own agency's line managers (ADR 0006).
    colleague = PersonFactory(agency=agency_a)
    PersonFactory(agency=agency_a, line_manager=colleague)
    stranger = PersonFactory(agency=agency_b)
    api.force_authenticate(viewer)
    assert api.get(f"/api/people/{colleague.pk}/").status_code == 200
    response = api.get(f"/api/people/{stranger.pk}/")
    assert response.status_code == 404
    assert response.json()["status"] == 404
    assert response.json()["errors"][0]["code"] == "not_found"
    ids = {row["id"] for row in api.get("/api/people/").json()["results"]}
    assert stranger.pk not in ids
    assert colleague.pk in ids
    # writes: 404 for the unseen record, 403 for a seen one
    assert api.patch(f"/api/people/{stranger.pk}/", {"job_title": "x"}).status_code == 404
    response = api.patch(f"/api/people/{colleague.pk}/", {"job_title": "x"})
    assert response.status_code == 403
    assert response.json()["status"] == 403
    strangers_roles = RoleAssignmentFactory(person=stranger, role="practitioner")
    assert api.get(f"/api/role-assignments/{strangers_roles.pk}/").status_code == 404


def test_practitioner_cannot_create_agencies(api, practitioner):
    api.force_authenticate(practitioner)
    response = api.post("/api/agencies/", {"name": "X", "sector": "police"}, format="json")
    assert response.status_code == 403
    assert response.json()["errors"][0]["field"] is None


def test_signed_out_requests_are_refused(api, db):
    response = api.get("/api/people/")
    assert response.status_code in (401, 403)
    assert "errors" in response.json()


def test_token_authentication(api, business_unit):
    token = Token.objects.create(user=business_unit)
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert api.get("/api/agencies/").status_code == 200


def test_business_unit_creates_and_updates_an_agency(api, business_unit, children_board, county):
    api.force_authenticate(business_unit)
    preston = Area.objects.get(kind="district", name="Preston")
    response = api.post(
        "/api/agencies/",
        {
            "name": "Api Trust",
            "sector": "health",
            "contribution_status": "contributing",
            "email_domains": ["api-trust.example"],
            "boards": [children_board.pk],
            "districts": [preston.pk],
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["email_domains"] == ["api-trust.example"]
    assert body["slug"] == "api-trust"
    agency = Agency.objects.get(name="Api Trust")
    assert AuditEvent.objects.filter(verb="agency created", target_id=str(agency.pk)).exists()

    response = api.patch(f"/api/agencies/{agency.pk}/", {"sector": "police"}, format="json")
    assert response.status_code == 200
    assert response.json()["sector"] == "police"
    assert response.json()["email_domains"] == ["api-trust.example"]


def test_validation_errors_use_the_one_format(api, business_unit, agency_a):
    AgencyEmailDomainFactory(agency=agency_a, domain="taken.example")
    api.force_authenticate(business_unit)
    response = api.post(
        "/api/agencies/",
        {"name": "Agency A", "sector": "polise", "email_domains": ["taken.example"]},
        format="json",
    )
    assert response.status_code == 400
    body = response.json()
    assert body["status"] == 400
    assert {error["field"] for error in body["errors"]} == {"sector"}
    response = api.post(
        "/api/agencies/",
        {"name": "Agency C", "sector": "police", "email_domains": ["taken.example", "bad domain"]},
        format="json",
    )
    assert response.status_code == 400
    fields = [error["field"] for error in response.json()["errors"]]
    assert fields == ["email_domains", "email_domains"]
    response = api.post("/api/agencies/", {"name": "agency a", "sector": "police"}, format="json")
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "name"


def test_people_create_update_and_filters(api, business_unit, agency_a, agency_b):
    api.force_authenticate(business_unit)
    response = api.post(
        "/api/people/",
        {"full_name": "Api Person", "email": "API.Person@a.example", "agency": agency_a.pk},
        format="json",
    )
    assert response.status_code == 201, response.json()
    person = Person.objects.get(email="api.person@a.example")
    response = api.post(
        "/api/people/", {"full_name": "Dup", "email": "api.person@a.example"}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "email"
    response = api.patch(f"/api/people/{person.pk}/", {"line_manager": person.pk}, format="json")
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "line_manager"
    response = api.patch(f"/api/people/{person.pk}/", {"job_title": "Analyst"}, format="json")
    assert response.status_code == 200
    assert AuditEvent.objects.get(verb="person updated").payload["changed"]["job_title"] == [
        "",
        "Analyst",
    ]
    PersonFactory(agency=agency_b, full_name="Other Person")
    results = api.get("/api/people/", {"agency": agency_a.pk}).json()["results"]
    assert [row["full_name"] for row in results] == ["Api Person"]
    results = api.get("/api/people/", {"search": "analyst"}).json()["results"]
    assert [row["full_name"] for row in results] == ["Api Person"]
    results = api.get("/api/people/", {"role": "business_unit"}).json()["results"]
    assert [row["id"] for row in results] == [business_unit.pk]
    names = [
        row["name"] for row in api.get("/api/agencies/", {"sector": "health"}).json()["results"]
    ]
    assert "Agency B" in names
    assert "Agency A" not in names


def test_role_assignments_through_the_api(api, business_unit, agency_a, county):
    person = PersonFactory(agency=agency_a)
    preston = Area.objects.get(kind="locality", name="Preston")
    api.force_authenticate(business_unit)
    response = api.post(
        "/api/role-assignments/", {"person": person.pk, "role": "cpb_chair"}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "area"
    response = api.post(
        "/api/role-assignments/",
        {"person": person.pk, "role": "cpb_chair", "area": preston.pk},
        format="json",
    )
    assert response.status_code == 201
    assignment_id = response.json()["id"]
    response = api.post(
        "/api/role-assignments/", {"person": person.pk, "role": "administrator"}, format="json"
    )
    assert response.status_code == 403
    assert api.delete(f"/api/role-assignments/{assignment_id}/").status_code == 204
    assert not RoleAssignment.objects.filter(pk=assignment_id).exists()


def test_administrator_role_sets_staff_flags(api, make_person, agency_a):
    admin = make_person("administrator", is_staff=True, is_superuser=True)
    person = PersonFactory(agency=agency_a)
    api.force_authenticate(admin)
    response = api.post(
        "/api/role-assignments/", {"person": person.pk, "role": "administrator"}, format="json"
    )
    assert response.status_code == 201
    person.refresh_from_db()
    assert person.is_staff
    assert person.is_superuser
    api.delete(f"/api/role-assignments/{response.json()['id']}/")
    person.refresh_from_db()
    assert not person.is_staff
    assert not person.is_superuser


def test_malformed_ids_are_api_404s(api, business_unit):
    api.force_authenticate(business_unit)
    for url in ("/api/people/2.5e-308/", "/api/agencies/abc/", "/api/role-assignments/-1/"):
        response = api.get(url)
        assert response.status_code == 404, url
        assert response.json()["status"] == 404


def test_schema_documents_the_error_format(api, business_unit):
    api.force_authenticate(business_unit)
    response = api.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    schema = response.json()
    people = schema["paths"]["/api/people/{id}/"]["get"]["responses"]
    assert people["404"]["content"]["application/json"]["schema"]["$ref"].endswith("/Error")
    assert "400" in schema["paths"]["/api/people/"]["post"]["responses"]


def test_schema_builds_without_warnings():
    """Two serializers of one name, or a path parameter of unknown type, give clients a wrong
    schema; drf-spectacular only warns of it, so the warnings are counted here."""
    from drf_spectacular.drainage import GENERATOR_STATS
    from drf_spectacular.generators import SchemaGenerator

    GENERATOR_STATS.reset()
    SchemaGenerator().get_schema(request=None, public=True)
    assert not GENERATOR_STATS._warn_cache, list(GENERATOR_STATS._warn_cache)


def test_a_boards_business_unit_changes_its_settings_through_the_api(
    api, business_unit, children_board, adults_board
):
    api.force_authenticate(business_unit)
    ours = api.patch(
        f"/api/boards/{children_board.pk}/", {"newsflash_second_approver": True}, format="json"
    )
    assert ours.status_code == 200
    assert ours.json()["newsflash_second_approver"] is True
    renamed = api.patch(f"/api/boards/{children_board.pk}/", {"name": "X"}, format="json")
    assert renamed.json()["name"] == children_board.name  # its name is not the unit's to change
    theirs = api.patch(
        f"/api/boards/{adults_board.pk}/", {"newsflash_second_approver": True}, format="json"
    )
    assert theirs.status_code == 403
    adults_board.refresh_from_db()
    assert adults_board.newsflash_second_approver is False
