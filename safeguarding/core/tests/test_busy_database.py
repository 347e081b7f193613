"""SQLite's one write lock under load: a waiting write is retried fairly until the timeout,
and one that still cannot go answers 503 "busy, try again" (pages and API), having changed
nothing. The backend tests use a file database, as the hub runs on."""

import sqlite3
import threading
from unittest import mock

import pytest
from django.db import OperationalError, connections
from rest_framework.test import APIClient

from safeguarding.core.sqlite.base import DatabaseWrapper


def _hub_connection(path, timeout):
    """A connection through the hub's SQLite engine, as config/settings/base.py makes it."""
    settings_dict = connections.configure_settings(
        {
            "default": {
                "ENGINE": "safeguarding.core.sqlite",
                "NAME": str(path),
                "OPTIONS": {
                    "transaction_mode": "IMMEDIATE",
                    "timeout": timeout,
                    "init_command": "PRAGMA journal_mode=WAL",
                },
            }
        }
    )["default"]
    return DatabaseWrapper(settings_dict, alias="busy")


@pytest.fixture
def hub_connection(django_db_blocker):
    """Makes hub connections to a test's own file database; closes them afterwards."""
    made = []

    def make(path, timeout):
        made.append(_hub_connection(path, timeout))
        return made[-1]

    with django_db_blocker.unblock():
        yield make
        for hub in made:
            hub.close()


@pytest.fixture
def database(tmp_path):
    path = tmp_path / "hub.sqlite3"
    with sqlite3.connect(path) as setup:
        setup.execute("PRAGMA journal_mode=WAL")
        setup.execute("CREATE TABLE note (text TEXT)")
    return path


@pytest.fixture
def writer_holding_the_lock(database):
    """Another process's transaction, holding the write lock until released."""
    holder = sqlite3.connect(database, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")
    holder.execute("INSERT INTO note VALUES ('theirs')")
    yield holder
    holder.close()


def _notes(database):
    with sqlite3.connect(database) as reader:
        return [text for (text,) in reader.execute("SELECT text FROM note ORDER BY rowid")]


def test_a_write_waits_for_the_lock_and_then_goes_through(
    database, writer_holding_the_lock, hub_connection
):
    hub = hub_connection(database, timeout=60)
    # Far longer than SQLite's own wait per attempt: the write is retried, not refused.
    release = threading.Timer(1.0, writer_holding_the_lock.execute, ["COMMIT"])
    release.start()
    try:
        with hub.cursor() as cursor:
            cursor.execute("INSERT INTO note VALUES ('ours')")
    finally:
        release.join()
    assert _notes(database) == ["theirs", "ours"]


def test_a_transaction_waits_at_begin_and_then_goes_through(
    database, writer_holding_the_lock, hub_connection
):
    hub = hub_connection(database, timeout=60)
    release = threading.Timer(1.0, writer_holding_the_lock.execute, ["COMMIT"])
    release.start()
    try:
        hub.set_autocommit(False, force_begin_transaction_with_broken_autocommit=True)
        with hub.cursor() as cursor:
            cursor.execute("INSERT INTO note VALUES ('ours')")
        hub.commit()
    finally:
        release.join()
    assert _notes(database) == ["theirs", "ours"]


def test_a_write_that_waits_past_the_timeout_is_busy_and_changes_nothing(
    database, writer_holding_the_lock, hub_connection
):
    hub = hub_connection(database, timeout=0.3)
    with pytest.raises(OperationalError, match="database is locked"), hub.cursor() as cursor:
        cursor.execute("INSERT INTO note VALUES ('ours')")
    with pytest.raises(OperationalError, match="database is locked"):
        hub.set_autocommit(False, force_begin_transaction_with_broken_autocommit=True)
    writer_holding_the_lock.execute("COMMIT")
    assert _notes(database) == ["theirs"]


BUSY = OperationalError("database is locked")


@pytest.fixture
def agency_form(children_board):
    return {
        "name": "Busy Trust",
        "sector": "health",
        "contribution_status": "contributing",
        "boards": [children_board.pk],
    }


def test_a_busy_page_is_a_styled_503_that_asks_to_try_again(client, business_unit, agency_form):
    client.force_login(business_unit)
    with mock.patch("safeguarding.organisations.services.create_agency", side_effect=BUSY):
        response = client.post(
            "/directory/agencies/new/",
            agency_form,
        )
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert "Sorry, the service is busy" in response.text
    assert "try again" in response.text
    assert "govuk-footer" in response.text
    assert "database is locked" not in response.text


def test_a_busy_api_write_is_a_503_in_the_api_error_format(business_unit, agency_form):
    api = APIClient()
    api.force_authenticate(business_unit)
    with mock.patch("safeguarding.organisations.services.create_agency", side_effect=BUSY):
        response = api.post(
            "/api/agencies/",
            agency_form,
            format="json",
        )
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert response.json() == {
        "status": 503,
        "errors": [
            {
                "field": None,
                "message": "The service is busy and nothing was saved. Try again in a few seconds.",
                "code": "busy",
            }
        ],
    }


def test_a_busy_error_outside_the_view_gets_the_busy_page_too(client, business_unit):
    """Say the session could not be saved after the page was made."""
    client.force_login(business_unit)
    client.raise_request_exception = False
    with mock.patch(
        "django.contrib.sessions.middleware.SessionMiddleware.process_response", side_effect=BUSY
    ):
        response = client.get("/home/")
    assert response.status_code == 503
    assert "Sorry, the service is busy" in response.text


def test_other_database_errors_are_still_server_errors(client, business_unit, agency_form):
    client.force_login(business_unit)
    client.raise_request_exception = False
    broken = OperationalError("disk I/O error")
    with mock.patch("safeguarding.organisations.services.create_agency", side_effect=broken):
        response = client.post(
            "/directory/agencies/new/",
            agency_form,
        )
    assert response.status_code == 500
