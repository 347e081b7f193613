"""Sweeps: idempotent scheduled jobs that find what is due and act on it.

Each sweep is safe to run twice, or on two hosts at once, because what it does is guarded by a
conditional update or by the outbox's uniqueness. Apps register theirs with `@sweep`; the
`run_sweeps` command (run every few minutes by script/server's worker side, or by cron) runs all.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.conf import settings
from django.utils import timezone

logger = logging.getLogger(__name__)
SWEEPS: dict[str, Callable[[], int]] = {}


def sweep(function: Callable[[], int]) -> Callable[[], int]:
    """Register a sweep. It returns how many things it acted on."""
    SWEEPS[f"{function.__module__}.{function.__name__}"] = function
    return function


def run_sweeps() -> dict[str, int]:
    results = {}
    for name, function in SWEEPS.items():
        try:
            results[name] = function()
        except Exception:
            # One broken sweep must not stop the others; the error is logged for the operator.
            logger.exception("Sweep %s failed", name)
            results[name] = -1
    return results


def record_past_notices() -> int:
    """Runs every sweep but the sender once, storing what they queue as already sent. For a
    demo just loaded: the reminders and escalations its history would have had count as given,
    so the first real sweep queues only what falls due from then on. Returns how many."""
    from .models import OutboundEmail
    from .outbox import recorded_as_sent

    before = OutboundEmail.objects.count()
    with recorded_as_sent():
        for function in SWEEPS.values():
            if function is not send_pending_emails:
                function()
    return OutboundEmail.objects.count() - before


@sweep
def send_pending_emails() -> int:
    from .outbox import send_pending

    return send_pending()


def stuck_tasks(now=None):
    """Tasks still RUNNING past HUB_TASK_TIMEOUT: their worker died (or hangs)."""
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    now = now or timezone.now()
    return DBTaskResult.objects.filter(
        status=TaskResultStatus.RUNNING, started_at__lt=now - settings.HUB_TASK_TIMEOUT
    )


@sweep
def requeue_stuck_tasks() -> int:
    """Tasks left RUNNING past the timeout (their worker died) are run again.

    A task is re-queued once; if it is found stuck a second time it is marked failed so an
    operator sees it, rather than looping for ever.
    """
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    acted = 0
    for result in stuck_tasks():
        if len(result.worker_ids) > 1:
            updated = DBTaskResult.objects.filter(
                pk=result.pk, status=TaskResultStatus.RUNNING
            ).update(
                status=TaskResultStatus.FAILED,
                finished_at=timezone.now(),
                exception_class_path="safeguarding.core.sweeps.StuckTask",
                traceback=f"Still running after {settings.HUB_TASK_TIMEOUT}; flagged by sweep.",
            )
        else:
            updated = DBTaskResult.objects.filter(
                pk=result.pk, status=TaskResultStatus.RUNNING
            ).update(status=TaskResultStatus.READY, started_at=None)
        if updated:
            logger.warning("Task %s (%s) was stuck RUNNING", result.pk, result.task_path)
        acted += updated
    return acted
