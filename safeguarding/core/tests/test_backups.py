import shutil
import sqlite3
import uuid

import psycopg
import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from safeguarding.core import backups
from safeguarding.core.backups import BackupError
from safeguarding.organisations.models import Agency

SQLITE = "django.db.backends.sqlite3"


def _names(path):
    with sqlite3.connect(path) as db:
        names = [row[0] for row in db.execute("SELECT name FROM agency ORDER BY name")]
    db.close()
    return names


@pytest.fixture
def live_database(tmp_path):
    """A file-based SQLite database in WAL mode, like the hub's own, with one record."""
    path = tmp_path / "hub.sqlite3"
    db = sqlite3.connect(path)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("CREATE TABLE agency (name TEXT)")
    db.execute("INSERT INTO agency VALUES ('Lancashire Constabulary')")
    db.commit()
    yield path, db
    db.close()


def test_sqlite_backup_and_restore_bring_back_the_original(live_database, tmp_path):
    path, db = live_database
    backup = tmp_path / "backups" / "hub-2015-03-20.sqlite3"
    backup.parent.mkdir()

    # The backup is taken while another connection holds the database open.
    backups.backup_database({"ENGINE": SQLITE, "NAME": str(path)}, backup)
    db.execute("DELETE FROM agency")
    db.execute("INSERT INTO agency VALUES ('Changed after the backup')")
    db.commit()
    assert _names(path) == ["Changed after the backup"]

    backups.restore_database({"ENGINE": SQLITE, "NAME": str(path)}, backup)

    assert _names(path) == ["Lancashire Constabulary"]
    assert not list(backup.parent.glob("*.partial"))


def test_sqlite_backup_includes_changes_still_in_the_write_ahead_log(live_database, tmp_path):
    path, db = live_database
    db.execute("INSERT INTO agency VALUES ('Blackpool Council')")
    db.commit()  # in the -wal file, not yet checkpointed into the main file
    backup = backups.sqlite_backup(path, tmp_path / "copy.sqlite3")
    assert _names(backup) == ["Blackpool Council", "Lancashire Constabulary"]


def test_restoring_a_file_that_is_not_a_database_changes_nothing(live_database, tmp_path):
    path, _ = live_database
    bogus = tmp_path / "notes.txt"
    bogus.write_text("not a database " * 100)
    with pytest.raises(BackupError, match="not an SQLite database"):
        backups.sqlite_restore(bogus, path)
    with pytest.raises(BackupError, match="no file"):
        backups.sqlite_restore(tmp_path / "missing.sqlite3", path)
    assert _names(path) == ["Lancashire Constabulary"]


def test_an_in_memory_database_cannot_be_backed_up(tmp_path):
    with pytest.raises(BackupError, match="in memory"):
        backups.backup_database({"ENGINE": SQLITE, "NAME": ":memory:"}, tmp_path / "x")


def test_the_commands_explain_a_failure(db, tmp_path):
    if connection.vendor == "sqlite":
        # The test database is in memory.
        with pytest.raises(CommandError, match="in memory"):
            call_command("backup_database", str(tmp_path / "backup.sqlite3"))
    with pytest.raises(CommandError, match="no file"):
        call_command("restore_database", str(tmp_path / "missing"), "--yes")


def test_restore_asks_before_replacing_everything(db, tmp_path, monkeypatch):
    monkeypatch.setattr("builtins.input", lambda prompt: "no")
    with pytest.raises(CommandError, match="cancelled"):
        call_command("restore_database", str(tmp_path / "missing"))


def test_postgresql_commands_keep_the_password_off_the_command_line(tmp_path):
    settings_dict = {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "hub",
        "USER": "hub",
        "PASSWORD": "s3cret-pass",
        "HOST": "db.internal",
        "PORT": 5433,
        "OPTIONS": {"sslmode": "require"},
    }
    dump, env = backups.pg_dump_command(settings_dict, tmp_path / "hub.dump")
    assert dump[:2] == ["pg_dump", "--format=custom"]
    assert dump[-1] == "hub"
    restore, _ = backups.pg_restore_command(settings_dict, tmp_path / "hub.dump")
    assert restore[0] == "pg_restore"
    assert "--clean" in restore
    assert "s3cret-pass" not in " ".join(dump + restore)
    assert env["PGPASSWORD"] == "s3cret-pass"
    assert env["PGHOST"] == "db.internal"
    assert env["PGPORT"] == "5433"
    assert env["PGSSLMODE"] == "require"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_pg_dump_and_pg_restore_bring_back_a_row(tmp_path):
    if shutil.which("pg_dump") is None or shutil.which("pg_restore") is None:
        pytest.skip("needs PostgreSQL: pg_dump and pg_restore are not on PATH")
    Agency.objects.create(name="Lancashire Constabulary", slug="police", sector="police")
    dump = tmp_path / "hub.dump"
    call_command("backup_database", str(dump))
    assert dump.stat().st_size > 0

    scratch = f"{connection.settings_dict['NAME']}_restore_{uuid.uuid4().hex[:8]}"
    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    params["dbname"] = "postgres"
    with psycopg.connect(**params, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{scratch}"')
    try:
        backups.restore_database({**connection.settings_dict, "NAME": scratch}, dump)
        params["dbname"] = scratch
        with psycopg.connect(**params) as restored:
            names = restored.execute("SELECT name FROM organisations_agency").fetchall()
            # The restored copy keeps the audit trail's trigger.
            triggers = restored.execute(
                "SELECT tgname FROM pg_trigger WHERE tgname = 'core_auditevent_append_only'"
            ).fetchall()
        assert names == [("Lancashire Constabulary",)]
        assert triggers == [("core_auditevent_append_only",)]
    finally:
        params["dbname"] = "postgres"
        with psycopg.connect(**params, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{scratch}"')
