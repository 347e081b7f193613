"""Race tests: jobs run in threads released at the same moment, each on its own connection."""

import threading

from django.db import connection


def race(*jobs) -> list[Exception | None]:
    """Run `jobs` at once; returns what each raised (None if it finished)."""
    start = threading.Barrier(len(jobs))
    outcomes: list[Exception | None] = [None] * len(jobs)

    def run(index, job):
        try:
            start.wait()
            job()
        except Exception as error:  # noqa: BLE001 - returned to the test
            outcomes[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=item) for item in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes
