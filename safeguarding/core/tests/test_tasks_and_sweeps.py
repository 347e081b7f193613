import logging
import signal
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult, get_date_max

from safeguarding.core import sweeps
from safeguarding.core.models import OutboundEmail
from safeguarding.core.outbox import queue_email
from safeguarding.core.tasks import send_outbound_email

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def only_these_sweeps(monkeypatch):
    """Replace the registry for one test, so the app's own sweeps don't run."""
    registry = {}
    monkeypatch.setattr(sweeps, "SWEEPS", registry)
    return registry


def test_one_failing_sweep_does_not_stop_the_others(only_these_sweeps, caplog):
    ran = []

    @sweeps.sweep
    def broken():
        raise RuntimeError("sweep broke")

    @sweeps.sweep
    def working():
        ran.append("working")
        return 3

    with caplog.at_level(logging.ERROR, logger="safeguarding.core.sweeps"):
        results = sweeps.run_sweeps()

    assert ran == ["working"]
    assert results[f"{__name__}.broken"] == -1
    assert results[f"{__name__}.working"] == 3
    assert "Sweep" in caplog.text
    assert "broken failed" in caplog.text


def test_the_app_registers_its_sweeps():
    assert "safeguarding.core.sweeps.send_pending_emails" in sweeps.SWEEPS
    assert "safeguarding.core.sweeps.requeue_stuck_tasks" in sweeps.SWEEPS


def test_run_sweeps_command_reports_what_it_did(db, notice, capsys):
    queue_email(**notice)
    call_command("run_sweeps")
    out = capsys.readouterr().out
    assert "send_pending_emails': 1" in out
    assert len(mail.outbox) == 1


def _task_row(*, status, started_minutes_ago=None, workers=("worker-1",)):
    now = timezone.now()
    return DBTaskResult.objects.create(
        status=status,
        args_kwargs={"args": [1], "kwargs": {}},
        task_path="safeguarding.core.tasks.send_outbound_email",
        backend_name="default",
        run_after=get_date_max(),
        started_at=(
            None if started_minutes_ago is None else now - timedelta(minutes=started_minutes_ago)
        ),
        worker_ids=list(workers),
    )


def test_a_task_stuck_running_is_requeued_once(db, settings):
    timeout_minutes = settings.HUB_TASK_TIMEOUT.total_seconds() / 60
    stuck = _task_row(status=TaskResultStatus.RUNNING, started_minutes_ago=timeout_minutes + 1)
    busy = _task_row(status=TaskResultStatus.RUNNING, started_minutes_ago=timeout_minutes - 1)

    assert sweeps.requeue_stuck_tasks() == 1
    stuck.refresh_from_db()
    busy.refresh_from_db()
    assert stuck.status == TaskResultStatus.READY
    assert stuck.started_at is None
    assert busy.status == TaskResultStatus.RUNNING
    # Running the sweep again changes nothing.
    assert sweeps.requeue_stuck_tasks() == 0


def test_a_task_stuck_a_second_time_is_marked_failed(db, settings):
    timeout_minutes = settings.HUB_TASK_TIMEOUT.total_seconds() / 60
    stuck = _task_row(
        status=TaskResultStatus.RUNNING,
        started_minutes_ago=timeout_minutes + 1,
        workers=("worker-1", "worker-2"),
    )

    assert sweeps.requeue_stuck_tasks() == 1
    stuck.refresh_from_db()
    assert stuck.status == TaskResultStatus.FAILED
    assert stuck.finished_at is not None
    assert "StuckTask" in stuck.exception_class_path
    assert sweeps.requeue_stuck_tasks() == 0


def test_finished_and_waiting_tasks_are_left_alone(db):
    for status in (TaskResultStatus.READY, TaskResultStatus.SUCCESSFUL, TaskResultStatus.FAILED):
        _task_row(status=status, started_minutes_ago=500)
    assert sweeps.requeue_stuck_tasks() == 0
    assert not DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING).exists()


@pytest.fixture
def keep_signal_handlers():
    """db_worker installs SIGINT/SIGTERM handlers; put pytest's back afterwards."""
    saved = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
    yield
    for sig, handler in saved.items():
        signal.signal(sig, handler)


@pytest.mark.django_db(transaction=True)
def test_db_worker_sends_a_queued_email_end_to_end(notice, keep_signal_handlers):
    with override_settings(TASKS=DATABASE_TASKS):
        queue_email(**notice)  # its task is enqueued in the same (autocommit) write
        row = OutboundEmail.objects.get()
        task = DBTaskResult.objects.get()
        assert task.status == TaskResultStatus.READY
        assert task.args_kwargs["args"] == [row.pk]
        assert mail.outbox == []

        call_command(
            "db_worker",
            "--batch",
            "--no-startup-delay",
            "--no-reload",
            "--interval",
            "0",
            verbosity=0,
        )

    task.refresh_from_db()
    assert task.status == TaskResultStatus.SUCCESSFUL, task.traceback
    assert task.return_value is True
    assert len(mail.outbox) == 1
    assert OutboundEmail.objects.get().status == OutboundEmail.Status.SENT


@pytest.mark.django_db(transaction=True)
def test_an_emails_task_row_commits_or_rolls_back_with_the_email(notice):
    """With the database backend the task is a row written in the writing transaction (one
    write transaction, not a second after the commit): never a task without its e-mail, nor
    an e-mail left waiting for the sweep because the process died between the two."""
    with override_settings(TASKS=DATABASE_TASKS):
        with transaction.atomic():
            queue_email(**notice)
            assert DBTaskResult.objects.count() == 1  # already there, before the commit
            transaction.set_rollback(True)
        assert not OutboundEmail.objects.exists()
        assert not DBTaskResult.objects.exists()
        with transaction.atomic():
            queue_email(**notice)
        task = DBTaskResult.objects.get()
        assert task.args_kwargs["args"] == [OutboundEmail.objects.get().pk]


@pytest.mark.django_db(transaction=True)
def test_a_requeued_send_task_does_not_send_twice(notice, keep_signal_handlers):
    with override_settings(TASKS=DATABASE_TASKS):
        queue_email(**notice)
        pk = OutboundEmail.objects.get().pk
        send_outbound_email.enqueue(pk)  # a second task for the same message
        call_command(
            "db_worker",
            "--batch",
            "--no-startup-delay",
            "--no-reload",
            "--interval",
            "0",
            verbosity=0,
        )
    assert sorted(DBTaskResult.objects.values_list("return_value", flat=True)) == [False, True]
    assert len(mail.outbox) == 1
