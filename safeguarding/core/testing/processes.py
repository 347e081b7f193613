"""Race tests on SQLite: the in-memory test database is copied to a file, as the hub runs on,
and each job runs in a process of its own (core/testing/run_in_process.py), all released at
the same moment. Needs a `transactional_db` test on SQLite."""

import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from django.db import connection

RUNNER = Path(__file__).with_name("run_in_process.py")


def race_in_processes(folder: Path, jobs: list[tuple[str, list]]) -> tuple[list[str], Path]:
    """Run each ("module:function", [args]) job at once; returns what each printed ("ok" or
    the exception's class name), in order, and the database file to check afterwards."""
    database = folder / "race.sqlite3"
    with sqlite3.connect(database) as copy:
        connection.ensure_connection()
        connection.connection.backup(copy)
    env = dict(os.environ, SQLITE_PATH=str(database), DJANGO_SETTINGS_MODULE="config.settings.test")
    env.pop("DATABASE_URL", None)
    go = folder / "go"
    processes = [
        subprocess.Popen(  # noqa: S603 - our own runner, arguments from the test
            [sys.executable, str(RUNNER), str(go), target, *map(str, args)],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for target, args in jobs
    ]
    deadline = time.monotonic() + 120
    while len(list(folder.glob("go.*"))) < len(jobs) and time.monotonic() < deadline:
        time.sleep(0.01)
    go.touch()
    outputs = [process.communicate(timeout=180) for process in processes]
    return [out.strip().splitlines()[-1] if out.strip() else err for out, err in outputs], database
