"""Run by `processes.race_in_processes` against a file SQLite database: sets Django up once, then
forks one process per job, each with its own database connection, and releases them all at the
same moment; prints what each job gave ("ok" or the class of what it raised), one line each in
the jobs' order, after a line "outcomes:".

    python run_in_process.py JOBS_JSON        (a list of ["module:function", [ARG, ...]])

Setting Django up costs a few seconds of CPU; done once before forking rather than once per
process, a race of six processes no longer starts with half a minute of imports on two cores.
SQLITE_PATH and DJANGO_SETTINGS_MODULE come from the environment."""

import importlib
import json
import os
import sys
import traceback
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[3]))


def _child(function, args, ready, go) -> str:
    """In the forked process: says it is ready, waits for the release, runs the job."""
    from django.db import connections

    os.write(ready, b"r")
    os.read(go, 1)  # blocks until the parent closes its end: every job starts together
    try:
        function(*args)
    except Exception as error:  # noqa: BLE001 - reported to the test
        traceback.print_exc()
        return type(error).__name__
    finally:
        connections.close_all()
    return "ok"


def main() -> None:
    import django

    django.setup()
    from django.db import connections

    jobs = json.loads(sys.argv[1])
    functions = []
    for target, args in jobs:
        module, name = target.split(":")
        functions.append((getattr(importlib.import_module(module), name), [str(a) for a in args]))
    connections.close_all()  # each process opens its own connection
    sys.stdout.flush()
    sys.stderr.flush()
    go_read, go_write = os.pipe()
    children = []
    for function, args in functions:
        answer_read, answer_write = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(go_write)
            os.close(answer_read)
            try:
                outcome = _child(function, args, answer_write, go_read)
            except BaseException:  # noqa: BLE001 - anything else, reported as such
                outcome = "crashed: " + traceback.format_exc().replace("\n", " | ")
            os.write(answer_write, outcome.encode())
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(0)
        os.close(answer_write)
        children.append((pid, answer_read))
    os.close(go_read)
    for _, answer in children:
        os.read(answer, 1)  # "r": that process is ready
    os.close(go_write)  # go
    outcomes = []
    for pid, answer in children:
        with os.fdopen(answer, "rb") as stream:
            outcomes.append(stream.read().decode() or "no answer")
        os.waitpid(pid, 0)
    print("outcomes:")
    print("\n".join(outcomes))


if __name__ == "__main__":
    main()
