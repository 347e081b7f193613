"""Race tests on SQLite: the in-memory test database is copied to a file, as the hub runs on,
and each job runs in a process of its own (forked by core/testing/run_in_process.py once Django
is set up), all released at the same moment. Needs a `transactional_db` test on SQLite."""

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from django.db import connection

RUNNER = Path(__file__).with_name("run_in_process.py")


def race_in_processes(folder: Path, jobs: list[tuple[str, list]]) -> tuple[list[str], Path]:
    """Run each ("module:function", [args]) job at once; returns what each gave ("ok" or the
    exception's class name), in order, and the database file to check afterwards."""
    database = folder / "race.sqlite3"
    copy = sqlite3.connect(database)
    try:
        connection.ensure_connection()
        connection.connection.backup(copy)
        # The racers' connections all ask for WAL as they open. Switching a database into WAL
        # needs it to themselves, and SQLite answers "locked" at once, without waiting, to a
        # racer that asks while another has it open. The copy is switched here, beforehand.
        copy.execute("PRAGMA journal_mode=WAL")
    finally:
        copy.close()
    env = dict(os.environ, SQLITE_PATH=str(database), DJANGO_SETTINGS_MODULE="config.settings.test")
    env.pop("DATABASE_URL", None)
    result = subprocess.run(  # noqa: S603 - our own runner, arguments from the test
        [sys.executable, str(RUNNER), json.dumps([[target, list(args)] for target, args in jobs])],
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    sys.stderr.write(result.stderr)  # the jobs' tracebacks, shown if the test fails
    _, marker, answers = result.stdout.partition("outcomes:\n")
    outcomes = answers.splitlines()
    if not marker or len(outcomes) != len(jobs):
        return [result.stdout + result.stderr] * len(jobs), database
    return outcomes, database
