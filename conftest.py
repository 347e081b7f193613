"""Fixtures shared by every app's tests."""

import pytest

from safeguarding.organisations.demo.loader import load_boards_and_areas
from safeguarding.organisations.tests.factories import PersonFactory, RoleAssignmentFactory


@pytest.fixture
def county(db):
    """The seed's boards, county, 12 districts and 5 locality boards."""
    return load_boards_and_areas()


@pytest.fixture
def children_board(county):
    return county["children"]


@pytest.fixture
def adults_board(county):
    return county["adults"]


@pytest.fixture
def make_person(db):
    def make(role=None, **scope_and_fields):
        scope = {
            key: scope_and_fields.pop(key) for key in ("board", "area") if key in scope_and_fields
        }
        if role == "agency_lead":
            scope["agency"] = scope_and_fields.pop("lead_of")
        person = PersonFactory(**scope_and_fields)
        if role:
            RoleAssignmentFactory(person=person, role=role, **scope)
        return person

    return make


@pytest.fixture
def business_unit(make_person, children_board):
    return make_person("business_unit", board=children_board)


@pytest.fixture
def practitioner(make_person):
    return make_person("practitioner")


@pytest.fixture(autouse=True)
def _skip_postgres_only_tests_elsewhere(request):
    """`@pytest.mark.postgres` tests (row locks, triggers, pg_dump) skip on SQLite."""
    if request.node.get_closest_marker("postgres"):
        from django.db import connection

        if connection.vendor != "postgresql":
            pytest.skip("needs PostgreSQL: set DATABASE_URL=postgres://... to run it")
