"""Fixtures for the core app's tests, and the skip for PostgreSQL-only tests."""

import pytest
from django.db import connection


@pytest.fixture(autouse=True)
def _postgres_only(request):
    """Tests marked `@pytest.mark.postgres` need PostgreSQL: skip them on SQLite."""
    if request.node.get_closest_marker("postgres") and connection.vendor != "postgresql":
        pytest.skip(
            "needs PostgreSQL: set DATABASE_URL=postgres://... to run "
            "(triggers, row locks, pg_dump)"
        )


@pytest.fixture
def notice():
    """The arguments of a plain notice, for queue_email(**notice)."""
    return {
        "purpose": "test-notice",
        "recipient": "Lead@Agency.example",
        "object_key": "person:1",
        "subject": "A notice",
        "template": "emails/core/notice",
        "context": {"message": "Something happened.", "name": "Sam"},
    }
