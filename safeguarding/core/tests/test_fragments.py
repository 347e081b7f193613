"""Cached fragments are reused until their data changes, and never shown after a change."""

import pytest
from django.db import IntegrityError, connection, transaction

from safeguarding.core import fragments
from safeguarding.core.models import ContentVersion


class Renders:
    def __init__(self):
        self.count = 0

    def __call__(self):
        self.count += 1
        return f"<p>render {self.count}</p>"


@pytest.fixture
def renders():
    return Renders()


def test_a_fragment_is_rendered_once_for_the_same_question(db, renders):
    first = fragments.cached_fragment("things", ("list", "page=1"), renders)
    again = fragments.cached_fragment("things", ("list", "page=1"), renders)
    other = fragments.cached_fragment("things", ("list", "page=2"), renders)
    assert first == again == "<p>render 1</p>"
    assert other == "<p>render 2</p>"
    assert renders.count == 2


def test_a_change_shows_at_once_in_this_process_even_before_the_commit(db, renders):
    fragments.cached_fragment("things", ("list",), renders)
    fragments.changed("things")  # inside the test's transaction: not committed yet
    assert fragments.cached_fragment("things", ("list",), renders) == "<p>render 2</p>"


@pytest.mark.django_db(transaction=True)
def test_each_commit_bumps_the_stored_version_for_every_process():
    with transaction.atomic():
        fragments.changed("things")
        # SQLite bumps inside the writing transaction (it holds the one write lock anyway);
        # PostgreSQL after the commit, so as not to hold the version's row lock meanwhile.
        # Either way other processes see the new version when the data commits, not before.
        bumped_inside = ContentVersion.objects.filter(name="things").exists()
        assert bumped_inside == (connection.vendor == "sqlite")
    assert ContentVersion.objects.get(name="things").version == 1
    with transaction.atomic():
        fragments.changed("things")
        fragments.changed("other")
    assert dict(ContentVersion.objects.values_list("name", "version")) == {
        "things": 2,
        "other": 1,
    }
    with transaction.atomic():
        fragments.changed("things")
        transaction.set_rollback(True)  # rolled back: nothing changed, no bump
    assert ContentVersion.objects.get(name="things").version == 2


def test_one_bump_per_transaction_however_many_rows_it_saved(
    db, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        for _ in range(3):
            fragments.changed("things")
        fragments.changed("other")
    assert len(callbacks) == 2
    assert ContentVersion.objects.get(name="things").version == 1


def test_another_process_sees_a_committed_change_through_the_stored_version(
    db, renders, monkeypatch
):
    # Another process's change reaches this one only through the database: this process's
    # local counter does not move.
    fragments.cached_fragment("things", ("list",), renders)
    monkeypatch.setattr(fragments, "_local", dict(fragments._local))
    ContentVersion.objects.create(name="things", version=7)
    assert fragments.cached_fragment("things", ("list",), renders) == "<p>render 2</p>"


def test_a_failed_bump_never_breaks_the_write_that_committed(db, monkeypatch, caplog):
    def broken(**kwargs):
        raise IntegrityError("simulated")

    monkeypatch.setattr(ContentVersion.objects, "create", broken)
    monkeypatch.setattr(
        ContentVersion.objects,
        "filter",
        lambda **kwargs: (_ for _ in ()).throw(RuntimeError("database gone")),
    )
    fragments._bump_stored("things")  # logs, does not raise
    assert "Could not bump the things content version" in caplog.text


def test_saving_a_tracked_model_changes_its_fragments(db, renders, county):
    from safeguarding.organisations.models import Board

    fragments.track("boards-test", Board)
    fragments.cached_fragment("boards-test", (), renders)
    board = county["children"]
    board.short_name = "Children's board"
    board.save()
    assert fragments.cached_fragment("boards-test", (), renders) == "<p>render 2</p>"
