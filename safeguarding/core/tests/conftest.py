"""Fixtures for the core app's tests, and the skip for PostgreSQL-only tests."""

import pytest
from django.db import connection
from django.db.models import TextChoices

from safeguarding.core.registry import register_audit_verbs, register_email_purposes


class NoticePurpose(TextChoices):
    NOTICE = "core.test_notice", "A notice the core app's tests send"


# Core sends no e-mail of its own; its tests declare one purpose like any app would.
register_email_purposes("core", NoticePurpose)

# Verbs for the audit helpers' own tests, declared the way an app declares its own.
TEST_VERBS = {
    "record changed": "A change made by a core test",
    "record viewed": "A restricted record read by a core test",
    "file downloaded": "A file downloaded by a core test",
    "list exported": "A list exported by a core test",
    "records imported": "Records imported by a core test",
}
register_audit_verbs("core", TEST_VERBS)


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
        "purpose": NoticePurpose.NOTICE,
        "recipient": "Lead@Agency.example",
        "object_key": "person:1",
        "subject": "A notice",
        "template": "emails/core/notice",
        "context": {"message": "Something happened.", "name": "Sam"},
    }
