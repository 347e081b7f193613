"""Fixtures shared by every app's tests."""

import pytest
from hypothesis import settings as hypothesis_settings

from safeguarding.organisations.demo.loader import load_boards_and_areas
from safeguarding.organisations.tests.factories import PersonFactory, RoleAssignmentFactory

# No time limit per example: a first example that loads the bank holidays on a busy machine is
# slow, and the suite never asserts on time (benchmarks/ measures it).
hypothesis_settings.register_profile("hub", deadline=None)
hypothesis_settings.load_profile("hub")


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
def _fresh_fragment_cache():
    """Every test's database starts again at version 0 (core.fragments), so fragments cached
    by an earlier test must not be found."""
    from django.core.cache import caches

    caches["fragments"].clear()


@pytest.fixture(autouse=True)
def _skip_postgres_only_tests_elsewhere(request):
    """`@pytest.mark.postgres` tests (row locks, triggers, pg_dump) skip on SQLite."""
    if request.node.get_closest_marker("postgres"):
        from django.db import connection

        if connection.vendor != "postgresql":
            pytest.skip("needs PostgreSQL: set DATABASE_URL=postgres://... to run it")


def _database_group(item) -> int:
    """pytest-django's order: tests in a transaction (0), then transactional ones (1), then
    tests without the database (2); those after a transactional test find its tables emptied."""
    from django.test import TestCase, TransactionTestCase
    from pytest_django.plugin import validate_django_db

    cls = getattr(item, "cls", None)
    if cls and issubclass(cls, TransactionTestCase):
        return 0 if issubclass(cls, TestCase) else 1
    fixtures = getattr(item, "fixturenames", ())
    marker = item.get_closest_marker("django_db")
    transactional = "transactional_db" in fixtures or "live_server" in fixtures
    if marker:
        transaction, reset_sequences, *_ = validate_django_db(marker)
        transactional = transactional or transaction or reset_sequences
    if transactional:
        return 1
    return 0 if marker or "db" in fixtures else 2


def _slow_first(item) -> int:
    """Browser tests, then the races of several processes or threads, then the rest."""
    if item.get_closest_marker("browser"):
        return 0
    module = item.nodeid.split("::")[0]
    return 1 if "race" in module or "concurrency" in module else 2


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    # The slowest transactional tests first within their group (so pytest-django's groups keep
    # their order, and each module's tests stay together): -n 2 hands tests out in order, so
    # the run no longer ends with one worker in a long browser journey and the other idle.
    groups = {item: _database_group(item) for item in items}
    items.sort(key=lambda item: (groups[item], _slow_first(item) if groups[item] == 1 else 0))

    from safeguarding.core.testing.browser import AXE_SOURCE, CHROMIUM

    if CHROMIUM.exists() and AXE_SOURCE.exists():
        return
    skip = pytest.mark.skip(reason=f"{CHROMIUM} or axe-core is missing: run script/test")
    for item in items:
        if item.get_closest_marker("browser"):
            item.add_marker(skip)


@pytest.fixture(scope="module")
def chromium():
    """One Chromium per test module, closed (with Playwright's event loop) before other tests."""
    from django.db import connections
    from playwright.sync_api import sync_playwright

    from safeguarding.core.testing.browser import CHROMIUM, CHROMIUM_ARGS, async_unsafe_allowed

    with async_unsafe_allowed(), sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()
        # Playwright's greenlets give the test its own database connection: close it, or the
        # test database cannot be dropped at the end (PostgreSQL).
        connections.close_all()


@pytest.fixture
def browser_page(chromium, live_server, transactional_db):
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def browser(browser_page, live_server):
    """A page with helpers that run axe-core after every navigation."""
    from safeguarding.core.testing.browser import Browser

    return Browser(browser_page, live_server.url)
