"""The directory's lists are cached fragments (core.listing, core.fragments): a repeat costs
the person and the data's version, and every change to who is who shows on the next request,
for exactly the people who may see it."""

import pytest
from django.urls import reverse

from safeguarding.organisations import services
from safeguarding.organisations.models import Role
from safeguarding.organisations.tests.factories import AgencyFactory


@pytest.fixture
def manager(make_person, children_board):
    return make_person(Role.ADMINISTRATOR, is_superuser=True, is_staff=True)


def test_the_agency_list_is_rendered_once_then_afresh_after_each_change(
    client, business_unit, manager, children_board, django_assert_max_num_queries
):
    police = AgencyFactory(name="Lancashire Constabulary")
    client.force_login(business_unit)
    url = reverse("organisations:agency_list")
    assert "Lancashire Constabulary" in client.get(url).content.decode()
    with django_assert_max_num_queries(4):  # session, person with roles and boards, version
        client.get(url)
    services.update_agency(manager, police, name="Lancashire Police")
    page = client.get(url).content.decode()
    assert "Lancashire Police" in page
    assert "Lancashire Constabulary" not in page
    police.refresh_from_db()
    police.boards.set([children_board])  # a many-to-many change, with no save of the agency
    assert ">LSCB</td>" in client.get(url).content.decode().replace("\n", "")
    services.create_agency(manager, name="Blackpool Teaching Hospitals", sector="health")
    assert "Blackpool Teaching Hospitals" in client.get(url).content.decode()


def test_the_people_list_shows_a_new_role_and_person_at_once(
    client, business_unit, manager, make_person, children_board
):
    person = make_person(full_name="Pat Newrole")
    client.force_login(business_unit)
    url = reverse("organisations:person_list")
    assert "Pat Newrole" in client.get(url).content.decode()
    services.assign_role(manager, person, Role.BOARD_MEMBER, board=children_board)
    assert "Board member" in client.get(url, {"q": "Newrole"}).content.decode()
    services.create_person(manager, email="new.person@example.org", full_name="Nia Newcomer")
    assert "Nia Newcomer" in client.get(url).content.decode()


def test_a_sign_in_does_not_render_the_lists_again(client, business_unit, make_person):
    from safeguarding.core.fragments import version_key

    person = make_person(full_name="Someone Signing In")
    before = version_key("directory")
    client.force_login(person)
    assert version_key("directory") == before


def test_each_person_sees_only_their_own_people_from_the_cache(
    client, business_unit, make_person, county
):
    agency = AgencyFactory(name="Burnley School")
    practitioner = make_person(Role.PRACTITIONER, agency=agency, agency_confirmed=True)
    make_person(Role.PRACTITIONER, agency=agency, full_name="Cole League")
    url = reverse("organisations:person_list")
    client.force_login(business_unit)
    assert "Cole League" in client.get(url).content.decode()  # cached for "everyone"
    client.force_login(practitioner)
    assert "Cole League" not in client.get(url).content.decode()
