"""The signed-in person costs one query on every request: their row, roles and the boards."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from safeguarding.organisations.models import Area, Board, Role
from safeguarding.organisations.selectors import boards_for_person, person_for_session


@pytest.fixture
def burnley(county):
    return Area.objects.get(kind=Area.Kind.LOCALITY, name="Burnley and Pendle")


def test_one_query_brings_the_person_their_roles_and_every_board(
    make_person, children_board, adults_board, burnley
):
    person = make_person(Role.BUSINESS_UNIT, board=adults_board, full_name="Bo Both")
    person.roles.create(role=Role.BOARD_MEMBER, board=children_board)
    person.roles.create(role=Role.CPB_MEMBER, area=burnley)
    with CaptureQueriesContext(connection) as queries:
        loaded = person_for_session(person.pk)
        assert loaded.has_role(Role.BUSINESS_UNIT, board=adults_board)
        assert loaded.has_role(Role.CPB_MEMBER, area=burnley)
        assert not loaded.has_role(Role.BUSINESS_UNIT, board=children_board)
        switchable = boards_for_person(loaded)
        assert loaded.loaded_boards[0].is_default is True
    assert len(queries) == 1
    assert switchable == list(Board.objects.all())
    assert loaded.loaded_boards == list(Board.objects.all())
    assert {field: getattr(loaded.loaded_boards[0], field) for field in ("name", "address")} == {
        field: getattr(Board.objects.first(), field) for field in ("name", "address")
    }


def test_a_person_without_roles_and_a_missing_person(make_person, county):
    person = make_person(full_name="No Roles")
    assert person_for_session(person.pk).role_assignments == []
    assert person_for_session(999_999) is None


def test_a_role_given_or_taken_shows_on_the_next_request(client, make_person, children_board):
    person = make_person(Role.BOARD_MEMBER, board=children_board)
    client.force_login(person)
    assert client.get("/meetings/").status_code == 200
    person.roles.all().delete()
    person.roles.create(role=Role.PRACTITIONER)
    assert person_for_session(person.pk).role_assignments[0].role == Role.PRACTITIONER


def test_a_deactivated_person_is_signed_out_on_the_next_request(client, make_person):
    person = make_person(Role.PRACTITIONER)
    client.force_login(person)
    assert client.get("/home/").status_code == 200
    person.is_active = False
    person.save()
    assert client.get("/home/").status_code == 302
