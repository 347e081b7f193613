import csv
import io
import re

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from safeguarding.core.models import AuditEvent
from safeguarding.organisations.models import Agency, Area, Person, Role, RoleAssignment
from safeguarding.organisations.tests.factories import (
    AgencyEmailDomainFactory,
    AgencyFactory,
    PersonFactory,
    RoleAssignmentFactory,
)


@pytest.fixture
def agency_a(db):
    return AgencyFactory(name="Agency A", sector=Agency.Sector.POLICE)


@pytest.fixture
def agency_b(db):
    return AgencyFactory(name="Agency B", sector=Agency.Sector.HEALTH)


def _people(count, agency, **fields):
    return [
        PersonFactory(agency=agency, full_name=f"Person {i:03d}", **fields) for i in range(count)
    ]


# --- list pages: query counts do not grow with rows ---------------------------------------


@pytest.mark.parametrize("rows", [5, 60])
def test_agency_list_query_count_is_flat(
    client, business_unit, children_board, county, rows, django_assert_max_num_queries
):
    district = Area.objects.filter(kind="district").first()
    for i in range(rows):
        agency = AgencyFactory(name=f"Listed Agency {i:03d}")
        agency.boards.add(children_board)
        agency.districts.add(district)
        AgencyEmailDomainFactory(agency=agency)
        PersonFactory(agency=agency)
    client.force_login(business_unit)
    with django_assert_max_num_queries(20):
        response = client.get(reverse("organisations:agency_list"))
    assert response.status_code == 200
    assert "Listed Agency 000" in response.text


@pytest.mark.parametrize("rows", [5, 60])
def test_person_list_query_count_is_flat(
    client, business_unit, children_board, agency_a, rows, django_assert_max_num_queries
):
    for person in _people(rows, agency_a):
        RoleAssignmentFactory(person=person, role=Role.BOARD_MEMBER, board=children_board)
    client.force_login(business_unit)
    with django_assert_max_num_queries(20):
        response = client.get(reverse("organisations:person_list"))
    assert response.status_code == 200
    assert "Person 000" in response.text
    expected_rows = min(rows + 1, 50)  # plus the business-unit person themselves
    assert response.text.count('href="/directory/people/') >= expected_rows


@pytest.mark.parametrize("rows", [5, 60])
def test_board_and_locality_lists_query_count_is_flat(
    client, business_unit, county, rows, django_assert_max_num_queries
):
    preston = Area.objects.get(kind="locality", name="Preston")
    for person in _people(rows, None):
        RoleAssignmentFactory(person=person, role=Role.CPB_MEMBER, area=preston)
        AgencyFactory(name=f"Agency for {person.full_name}").boards.add(county["children"])
    client.force_login(business_unit)
    with django_assert_max_num_queries(16):
        response = client.get(reverse("organisations:board_list"))
    assert response.status_code == 200
    assert "Burnley" in response.text
    with django_assert_max_num_queries(16):
        response = client.get(reverse("organisations:locality_list"))
    assert response.status_code == 200
    assert "Person 000" in response.text


@pytest.mark.parametrize("rows", [5, 60])
def test_agency_detail_query_count_is_flat(
    client, business_unit, agency_a, rows, django_assert_max_num_queries
):
    _people(rows, agency_a)
    client.force_login(business_unit)
    with django_assert_max_num_queries(20):
        response = client.get(reverse("organisations:agency_detail", args=[agency_a.slug]))
    assert response.status_code == 200
    assert "Person 000" in response.text


# --- searching, filtering, sorting, paging, downloading ------------------------------------


def test_person_list_search_filter_sort_and_paging(client, business_unit, agency_a, agency_b):
    _people(55, agency_a, job_title="Nurse")
    PersonFactory(agency=agency_b, full_name="Zed Constable", job_title="Constable")
    client.force_login(business_unit)
    url = reverse("organisations:person_list")

    response = client.get(url, {"search": "constable"})
    assert "Zed Constable" in response.text
    assert "Person 001" not in response.text
    assert response.context["result_count"] == 1

    response = client.get(url, {"agency": agency_a.pk, "sort": "-name"})
    assert response.context["result_count"] == 55
    names = [person.full_name for person in response.context["page"].object_list]
    assert names[0] == "Person 054"
    assert len(names) == 50
    assert 'class="govuk-pagination"' in response.text

    response = client.get(url, {"agency": agency_a.pk, "sort": "-name", "page": 2})
    assert [p.full_name for p in response.context["page"].object_list][-1] == "Person 000"


def test_person_list_filters_by_role_and_board(client, business_unit, children_board, agency_a):
    chair = PersonFactory(agency=agency_a, full_name="Chair Person")
    RoleAssignmentFactory(
        person=chair, role=Role.CPB_CHAIR, area=Area.objects.get(kind="locality", name="Preston")
    )
    PersonFactory(agency=agency_a, full_name="Plain Person")
    client.force_login(business_unit)
    url = reverse("organisations:person_list")
    response = client.get(url, {"role": Role.CPB_CHAIR})
    assert [p.full_name for p in response.context["page"].object_list] == ["Chair Person"]
    response = client.get(url, {"board": children_board.pk})
    names = {p.full_name for p in response.context["page"].object_list}
    assert names == {business_unit.full_name}


# An agency's name as the list's first cell links it.
AGENCY_LINK = (
    r'<td class="govuk-table__cell"><a class="govuk-link" href="/directory/agencies/[^"]+/">'
    r"([^<]+)</a>"
)


def test_agency_list_filters(client, business_unit, children_board, county, agency_a, agency_b):
    agency_a.boards.add(children_board)
    preston = Area.objects.get(kind="district", name="Preston")
    agency_b.districts.add(preston)
    AgencyEmailDomainFactory(agency=agency_b, domain="health-trust.example")
    client.force_login(business_unit)
    url = reverse("organisations:agency_list")

    def names(**params):
        # Read from the page as a reader would: a repeat is served from the cached list.
        html = client.get(url, params).content.decode()
        return re.findall(AGENCY_LINK, html)

    assert "Agency A" in names(sector="police")
    assert "Agency B" not in names(sector="police")
    assert names(board=children_board.pk) == ["Agency A"]
    assert names(district=preston.pk) == ["Agency B"]
    assert names(search="health-trust") == ["Agency B"]
    assert names(sort="-name")[:2] == ["Agency B", "Agency A"] or "Agency B" in names(sort="-name")


def test_person_list_downloads_csv_and_xlsx_of_the_filtered_list(
    client, business_unit, agency_a, agency_b
):
    _people(3, agency_a)
    PersonFactory(agency=agency_b, full_name="=HYPERLINK(evil)")
    client.force_login(business_unit)
    url = reverse("organisations:person_list")

    response = client.get(url, {"agency": agency_a.pk, "download": "csv"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][0] == "Full name"  # the import's heading: the download imports again
    assert [row[0] for row in rows[1:]] == ["Person 000", "Person 001", "Person 002"]

    response = client.get(url, {"search": "HYPERLINK", "download": "xlsx"})
    cell = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active["A2"]
    assert cell.value == "=HYPERLINK(evil)"
    assert cell.data_type == "s"  # a text cell, never a live formula


def test_agency_list_downloads(client, business_unit, agency_a):
    client.force_login(business_unit)
    response = client.get(reverse("organisations:agency_list"), {"download": "csv"})
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "Agency A" in text


# --- scoping: 404 for people outside the viewer's agency -------------------------------------


def test_practitioner_sees_own_agencys_managers_and_contacts_only(
    client, make_person, agency_a, agency_b
):
    """ADR 0006: a practitioner's directory is their agency's line managers and the
    partnership's contacts, not every colleague's e-mail address."""
    viewer = make_person("practitioner", agency=agency_a)
    manager = PersonFactory(agency=agency_a, full_name="Manager A")
    colleague = PersonFactory(agency=agency_a, full_name="Colleague A", line_manager=manager)
    stranger = PersonFactory(agency=agency_b, full_name="Stranger B")
    contact = PersonFactory(agency=agency_b, full_name="Lead B")
    RoleAssignmentFactory(person=contact, role=Role.AGENCY_LEAD, agency=agency_b)
    client.force_login(viewer)

    response = client.get(reverse("organisations:person_list"))
    names = {p.full_name for p in response.context["page"].object_list}
    assert names == {"Manager A", "Lead B", viewer.full_name}

    assert client.get(reverse("organisations:person_detail", args=[manager.pk])).status_code == 200
    for unseen in (colleague, stranger):
        url = reverse("organisations:person_detail", args=[unseen.pk])
        assert client.get(url).status_code == 404
    assert client.get(reverse("organisations:person_edit", args=[stranger.pk])).status_code == 403

    response = client.get(reverse("organisations:person_list"), {"download": "csv"})
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "Stranger B" not in text
    assert "Colleague A" not in text
    assert "Manager A" in text

    response = client.get(reverse("organisations:agency_detail", args=[agency_b.slug]))
    assert "Stranger B" not in response.text
    assert "Lead B" in response.text


def test_agency_lead_sees_the_people_of_the_agency_they_lead(
    client, make_person, agency_a, agency_b
):
    lead = make_person("agency_lead", lead_of=agency_b, agency=agency_a)
    member_b = PersonFactory(agency=agency_b, full_name="Member B")
    client.force_login(lead)
    assert client.get(reverse("organisations:person_detail", args=[member_b.pk])).status_code == 200


def test_signed_out_people_are_sent_to_sign_in(client, db):
    for name in ("agency_list", "person_list", "board_list", "locality_list", "import"):
        response = client.get(reverse(f"organisations:{name}"))
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]


def test_practitioner_cannot_create_or_import(client, practitioner):
    client.force_login(practitioner)
    assert client.get(reverse("organisations:agency_create")).status_code == 403
    assert client.get(reverse("organisations:person_create")).status_code == 403
    assert client.get(reverse("organisations:import")).status_code == 403


# --- create and edit through the pages -----------------------------------------------------


def test_business_unit_adds_an_agency(client, business_unit, children_board, county):
    client.force_login(business_unit)
    preston = Area.objects.get(kind="district", name="Preston")
    response = client.post(
        reverse("organisations:agency_create"),
        {
            "name": "Preston Youth Trust",
            "sector": "voluntary",
            "contribution_status": "non_contributing",
            "email_domains": "pyt.example, PYT-mail.example",
            "boards": [children_board.pk],
            "districts": [preston.pk],
        },
        follow=True,
    )
    agency = Agency.objects.get(name="Preston Youth Trust")
    assert sorted(agency.email_domains.values_list("domain", flat=True)) == [
        "pyt-mail.example",
        "pyt.example",
    ]
    assert list(agency.districts.all()) == [preston]
    assert "Preston Youth Trust has been added" in response.text
    event = AuditEvent.objects.get(verb="agency created")
    assert event.actor == business_unit
    assert event.payload["email_domains"] == ["pyt.example", "pyt-mail.example"]


def test_agency_form_rejects_bad_and_taken_domains(client, business_unit, agency_a):
    AgencyEmailDomainFactory(agency=agency_a, domain="taken.example")
    client.force_login(business_unit)
    response = client.post(
        reverse("organisations:agency_create"),
        {
            "name": "New Agency",
            "sector": "health",
            "contribution_status": "contributing",
            "email_domains": "not a domain!, taken.example",
        },
    )
    assert response.status_code == 200
    assert "is not a domain name" in response.text
    assert "already belongs to Agency A" in response.text
    assert not Agency.objects.filter(name="New Agency").exists()


def test_business_unit_edits_an_agency_and_the_audit_lists_changes(client, business_unit, agency_a):
    client.force_login(business_unit)
    response = client.post(
        reverse("organisations:agency_edit", args=[agency_a.slug]),
        {"name": "Agency A", "sector": "health", "contribution_status": "private"},
        follow=True,
    )
    assert "Agency A has been updated" in response.text
    agency_a.refresh_from_db()
    assert agency_a.sector == "health"
    changed = AuditEvent.objects.get(verb="agency updated").payload["changed"]
    assert changed["sector"] == ["police", "health"]
    assert changed["contribution_status"] == ["contributing", "private"]


def test_business_unit_adds_and_edits_a_person(client, business_unit, agency_a):
    manager = PersonFactory(agency=agency_a, email="boss@agency-a.example")
    client.force_login(business_unit)
    response = client.post(
        reverse("organisations:person_create"),
        {
            "full_name": "Nia Newcomer",
            "email": "Nia.Newcomer@Agency-A.example",
            "job_title": "Health visitor",
            "agency": agency_a.pk,
            "line_manager_email": "BOSS@agency-a.example",
            "phone": "01772 000000",
            "is_active": "on",
        },
        follow=True,
    )
    person = Person.objects.get(email="nia.newcomer@agency-a.example")
    assert person.line_manager == manager
    assert not person.has_usable_password()
    assert "Nia Newcomer has been added" in response.text
    # duplicate e-mail refused with a plain message
    response = client.post(
        reverse("organisations:person_create"),
        {"full_name": "Someone", "email": "nia.newcomer@agency-a.example", "is_active": "on"},
    )
    assert "Someone in the directory already uses" in response.text
    # edit
    response = client.post(
        reverse("organisations:person_edit", args=[person.pk]),
        {
            "full_name": "Nia Newcomer",
            "email": person.email,
            "job_title": "Team leader",
            "agency": agency_a.pk,
            "is_active": "on",
        },
        follow=True,
    )
    person.refresh_from_db()
    assert person.job_title == "Team leader"
    assert person.line_manager is None
    assert "details have been updated" in response.text
    event = AuditEvent.objects.filter(verb="person updated").get()
    assert event.payload["changed"]["job_title"] == ["Health visitor", "Team leader"]
    # the profile shows the history to business-unit staff
    response = client.get(reverse("organisations:person_detail", args=[person.pk]))
    assert "Recent changes" in response.text
    assert "Person updated" in response.text
    assert "Change<span" in response.text


def test_person_profile_hides_change_links_and_history_from_others(client, make_person, agency_a):
    viewer = make_person("practitioner", agency=agency_a)
    colleague = PersonFactory(agency=agency_a)
    client.force_login(viewer)
    response = client.get(reverse("organisations:person_detail", args=[colleague.pk]))
    assert "Recent changes" not in response.text
    assert ">Change<" not in response.text
    assert "Change<span" not in response.text


def test_roles_are_added_and_removed_on_the_person_page(client, business_unit, agency_a, county):
    person = PersonFactory(agency=agency_a)
    preston = Area.objects.get(kind="locality", name="Preston")
    client.force_login(business_unit)
    url = reverse("organisations:role_add", args=[person.pk])
    # a CPB chair needs a locality
    response = client.post(url, {"role": "cpb_chair"})
    assert response.status_code == 400
    assert "Choose a locality board (CPB)" in response.text
    response = client.post(url, {"role": "cpb_chair", "area": preston.pk}, follow=True)
    assert "is now Locality board (CPB) chair (Preston)" in response.text
    assignment = RoleAssignment.objects.get(person=person, role="cpb_chair")
    assert assignment.area == preston
    # the same again is refused
    response = client.post(url, {"role": "cpb_chair", "area": preston.pk})
    assert "already has this role" in response.text
    # business-unit staff cannot make administrators
    response = client.post(url, {"role": "administrator"})
    assert response.status_code == 400
    assert not RoleAssignment.objects.filter(person=person, role="administrator").exists()
    response = client.post(
        reverse("organisations:role_remove", args=[person.pk, assignment.pk]), follow=True
    )
    assert "is no longer" in response.text
    assert not RoleAssignment.objects.filter(pk=assignment.pk).exists()
    assert list(
        AuditEvent.objects.filter(target_id=str(person.pk)).values_list("verb", flat=True)
    ) == ["role removed", "role assigned"]


def test_deactivate_needs_a_post(client, business_unit, agency_a):
    person = PersonFactory(agency=agency_a)
    client.force_login(business_unit)
    url = reverse("organisations:person_deactivate", args=[person.pk])
    assert client.get(url).status_code == 200
    person.refresh_from_db()
    assert person.is_active
    response = client.post(url, follow=True)
    person.refresh_from_db()
    assert not person.is_active
    assert "can no longer sign in" in response.text


def test_navigation_has_people_and_boards(client, practitioner):
    client.force_login(practitioner)
    response = client.get(reverse("organisations:board_list"))
    assert 'href="/directory/people/"' in response.text
    assert 'aria-current="page"' in response.text


def test_invalid_filter_values_show_an_error_not_a_crash(client, business_unit, agency_a):
    client.force_login(business_unit)
    response = client.get(reverse("organisations:person_list"), {"agency": "999999", "page": "x"})
    assert response.status_code == 200
    assert "govuk-error-summary" in response.text
    response = client.get(reverse("organisations:agency_list"), {"sort": "password"})
    assert response.status_code == 200
    assert response.context["sort"] == "name"


def test_the_result_count_agrees_with_its_number(client, business_unit, make_person):
    make_person("practitioner", full_name="Siobhán Quigley")
    make_person("practitioner", full_name="Siobhán Quinn")
    client.force_login(business_unit)
    url = reverse("organisations:person_list")
    one = client.get(url, {"search": "Quigley"}).content.decode()
    assert "</strong> person matches your filters" in one
    two = client.get(url, {"search": "Siobhán"}).content.decode()
    assert "</strong> people match your filters" in two


def test_a_boards_business_unit_sets_its_rules_and_only_its_own(
    client, business_unit, children_board, adults_board
):
    client.force_login(business_unit)
    listing = client.get(reverse("organisations:board_list")).text
    assert reverse("organisations:board_edit", args=[children_board.slug]) in listing
    assert reverse("organisations:board_edit", args=[adults_board.slug]) not in listing
    url = reverse("organisations:board_edit", args=[children_board.slug])
    bad = client.post(url, {"email": "not an address", "newsflash_second_approver": "on"})
    assert bad.status_code == 200
    assert "Enter the board&#x27;s e-mail address" in bad.text
    children_board.refresh_from_db()
    assert children_board.newsflash_second_approver is False
    saved = client.post(
        url,
        {"email": "lscb@example.org", "phone": "01632 960 401", "newsflash_second_approver": "on"},
    )
    assert saved.status_code == 302
    children_board.refresh_from_db()
    assert children_board.newsflash_second_approver is True
    event = AuditEvent.objects.get(verb="board changed")
    assert event.payload["changed"]["newsflash_second_approver"] == [False, True]
    other = reverse("organisations:board_edit", args=[adults_board.slug])
    assert client.post(other, {"newsflash_second_approver": "on"}).status_code == 403
