"""Back up and restore the database: SQLite through its online backup API, PostgreSQL through
pg_dump / pg_restore. The `backup_database` and `restore_database` commands call these;
docs/operations.md says when and how to run them.

Backups are written to a temporary name beside the target and renamed when complete, so a
failed run never leaves a half-written file where a good backup was.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path
from typing import Any

SQLITE_ENGINES = ("django.db.backends.sqlite3", "safeguarding.core.sqlite")
POSTGRES_ENGINES = ("django.db.backends.postgresql",)


class BackupError(Exception):
    """A backup or restore could not be done; the message says why and what to do."""


# --- SQLite --------------------------------------------------------------------------------


def _check_sqlite_file(path: Path) -> None:
    if not path.is_file():
        raise BackupError(f"There is no file at {path}.")
    try:
        check = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            result = check.execute("PRAGMA quick_check").fetchone()[0]
        finally:
            check.close()
    except sqlite3.DatabaseError as error:
        raise BackupError(f"{path} is not an SQLite database: {error}") from error
    if result != "ok":
        raise BackupError(f"{path} is damaged: {result}")


def sqlite_backup(database: str | Path, target: str | Path) -> Path:
    """Copy a live SQLite database to `target` with the online backup API: a consistent
    snapshot even while the hub is running (WAL included), without stopping it."""
    database, target = Path(database), Path(target)
    if not database.is_file():
        raise BackupError(f"There is no database at {database}.")
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    source = sqlite3.connect(database)
    copy = sqlite3.connect(partial)
    try:
        source.backup(copy)
    finally:
        copy.close()
        source.close()
    os.replace(partial, target)
    return target


def sqlite_restore(backup: str | Path, database: str | Path) -> None:
    """Replace the contents of `database` with the backup, through the same API in the
    other direction (a single write transaction on the live file, WAL-safe)."""
    backup, database = Path(backup), Path(database)
    _check_sqlite_file(backup)
    source = sqlite3.connect(f"file:{backup}?mode=ro", uri=True)
    live = sqlite3.connect(database, timeout=30)
    try:
        source.backup(live)
    finally:
        live.close()
        source.close()


# --- PostgreSQL ----------------------------------------------------------------------------


def _pg_env(settings_dict: dict[str, Any]) -> dict[str, str]:
    """Connection details as libpq environment variables, so the password is never on the
    command line (where `ps` would show it)."""
    env = dict(os.environ)
    for variable, key in (
        ("PGHOST", "HOST"),
        ("PGPORT", "PORT"),
        ("PGUSER", "USER"),
        ("PGPASSWORD", "PASSWORD"),
    ):
        if settings_dict.get(key):
            env[variable] = str(settings_dict[key])
    options = settings_dict.get("OPTIONS") or {}
    if options.get("sslmode"):
        env["PGSSLMODE"] = str(options["sslmode"])
    return env


def pg_dump_command(settings_dict: dict[str, Any], target: Path) -> tuple[list[str], dict]:
    command = ["pg_dump", "--format=custom", "--file", str(target), settings_dict["NAME"]]
    return command, _pg_env(settings_dict)


def pg_restore_command(settings_dict: dict[str, Any], backup: Path) -> tuple[list[str], dict]:
    command = [
        "pg_restore",
        "--clean",
        "--if-exists",
        "--no-owner",
        "--single-transaction",
        "--exit-on-error",
        "--dbname",
        settings_dict["NAME"],
        str(backup),
    ]
    return command, _pg_env(settings_dict)


def _run(command: list[str], env: dict) -> None:
    if shutil.which(command[0]) is None:
        raise BackupError(
            f"{command[0]} is not installed or not on PATH. Install the PostgreSQL client "
            "tools of the same major version as the server."
        )
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()}")


def pg_backup(settings_dict: dict[str, Any], target: str | Path) -> Path:
    target = Path(target)
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    _run(*pg_dump_command(settings_dict, partial))
    os.replace(partial, target)
    return target


def pg_restore(settings_dict: dict[str, Any], backup: str | Path) -> None:
    backup = Path(backup)
    if not backup.is_file():
        raise BackupError(f"There is no file at {backup}.")
    _run(*pg_restore_command(settings_dict, backup))


# --- Either --------------------------------------------------------------------------------


def _sqlite_path(settings_dict: dict[str, Any]) -> Path:
    name = str(settings_dict["NAME"])
    if name == ":memory:" or "mode=memory" in name:
        raise BackupError("The database is in memory: there is nothing on disk to back up.")
    return Path(name)


def backup_database(settings_dict: dict[str, Any], target: str | Path) -> Path:
    engine = settings_dict["ENGINE"]
    if engine in SQLITE_ENGINES:
        return sqlite_backup(_sqlite_path(settings_dict), target)
    if engine in POSTGRES_ENGINES:
        return pg_backup(settings_dict, target)
    raise BackupError(f"Backups of {engine} databases are not supported.")


def restore_database(settings_dict: dict[str, Any], backup: str | Path) -> None:
    if not Path(backup).is_file():
        raise BackupError(f"There is no file at {backup}.")
    engine = settings_dict["ENGINE"]
    if engine in SQLITE_ENGINES:
        sqlite_restore(backup, _sqlite_path(settings_dict))
    elif engine in POSTGRES_ENGINES:
        pg_restore(settings_dict, backup)
    else:
        raise BackupError(f"Restoring {engine} databases is not supported.")
