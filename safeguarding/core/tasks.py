"""Background tasks (django-tasks API; the database backend's db_worker runs them)."""

from django_tasks import task

from . import outbox


@task()
def send_outbound_email(pk: int) -> bool:
    return outbox.send_one(pk)


@task()
def run_all_sweeps() -> dict[str, int]:
    from .sweeps import run_sweeps

    return run_sweeps()
