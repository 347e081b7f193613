"""Run by test_concurrency in separate processes against a file SQLite database: approves the
given applications on several threads at once. Once Django is ready it creates GO_FILE.<pid>,
then waits for GO_FILE itself, so that every process starts at the same moment.

    python approve_in_process.py GO_FILE MANAGER_PK THREADS APPLICATION_PK...

Prints "ok" or the errors' tracebacks, and the longest approval's time on standard error.
SQLITE_PATH and DJANGO_SETTINGS_MODULE come from the environment."""

import os
import sys
import threading
import time
import traceback
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[3]))


def main() -> None:
    import django

    django.setup()
    from django.db import connection

    from safeguarding.organisations.models import Person
    from safeguarding.training import services
    from safeguarding.training.models import Application

    go_file, manager_pk, threads, *pks = sys.argv[1:]
    manager = Person.objects.get(pk=manager_pk)
    applications = list(Application.objects.filter(pk__in=pks))
    connection.close()
    go = Path(go_file)
    Path(f"{go_file}.{os.getpid()}").touch()
    deadline = time.monotonic() + 60
    while not go.exists() and time.monotonic() < deadline:
        time.sleep(0.005)
    errors = []
    waits = []
    shares = [applications[n :: int(threads)] for n in range(int(threads))]

    def work(share):
        try:
            for application in share:
                started = time.monotonic()
                try:
                    services.approve(manager, application)
                finally:
                    waits.append(time.monotonic() - started)
        except Exception:  # noqa: BLE001 - reported to the test
            errors.append(traceback.format_exc())
        finally:
            connection.close()

    pool = [threading.Thread(target=work, args=(share,)) for share in shares]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    print("ok" if not errors else "\n".join(errors))
    # The longest approval (waiting for the write lock included), for the test's report.
    sys.stderr.write(f"longest approval: {max(waits, default=0):.2f}s of {len(waits)}\n")


if __name__ == "__main__":
    main()
