"""E-mail outbox: queue in the writing transaction, send from a task, at most once per row.

`queue_email` inserts one row per (purpose, recipient, object key); a second call for the same
triple is ignored, which is what makes notices idempotent. A task to send it is enqueued in the
same transaction (the database task backend's row commits with the e-mail's), or after the
commit with any other backend; the `send_pending_emails` sweep picks up anything the queue
missed and releases rows a dead worker claimed but never finished, after
HUB_OUTBOX_SENDING_TIMEOUT. Every attempt at a row carries the same Message-ID
(docs/adr/0003-outbox-exactly-once.md).

A row moves PENDING -> SENDING (claimed by exactly one worker, with a conditional UPDATE) ->
SENT, or back to PENDING after a failed attempt (retried after a growing delay), or FAILED once
MAX_ATTEMPTS attempts have been used.
"""

from __future__ import annotations

import logging
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.template import Context, TemplateDoesNotExist
from django.template.loader import get_template, render_to_string
from django.utils import timezone

from .models import OutboundEmail
from .registry import is_email_purpose

logger = logging.getLogger(__name__)
MAX_ATTEMPTS = 5
# A failed message waits RETRY_DELAY x attempts before the sweep tries it again.
RETRY_DELAY = timedelta(minutes=2)
# Inside recorded_as_sent(), messages are stored as sent and never handed to the mail server.
_record_as_sent: ContextVar[bool] = ContextVar("record_as_sent", default=False)


@contextmanager
def recorded_as_sent():
    """Store the messages queued inside as already sent, without sending them. For loading a
    demo's past: the notices its history would have had count as given, so they are not sent
    on the first start (the outbox's uniqueness then keeps them from being queued again)."""
    token = _record_as_sent.set(True)
    try:
        yield
    finally:
        _record_as_sent.reset(token)


def queue_email(
    *,
    purpose: str,
    recipient: str,
    object_key: str,
    subject: str,
    template: str,
    context: dict | None = None,
    attachments: list[dict] | None = None,
    headers: dict[str, str] | None = None,
) -> bool:
    """Queue a message rendered from `template` (.txt, and .html when it exists), with any
    `attachments` ({"filename", "content" (text), "mimetype"}, such as an .ics invitation)
    and extra `headers` (such as List-Unsubscribe). Links in the templates are made absolute
    with the `absolute` filter or `absolute_url` tag (core/formatting.py).

    Call it inside the transaction that makes the change the message is about: if that
    transaction rolls back, so does the message. Returns True when a new message was queued,
    False when the same (purpose, recipient, object key) was queued before.
    """
    context = context or {}
    # Plain text is not HTML: "Alan Sharples's", not "Alan Sharples&#x27;s". The HTML body
    # stays escaped.
    body_text = get_template(f"{template}.txt").template.render(Context(context, autoescape=False))
    try:
        body_html = render_to_string(f"{template}.html", context)
    except TemplateDoesNotExist:
        body_html = ""
    return queue_message(
        purpose=purpose,
        recipient=recipient,
        object_key=object_key,
        subject=subject,
        body_text=body_text,
        body_html=body_html,
        attachments=attachments,
        headers=headers,
    )


def queue_message(
    *,
    purpose: str,
    recipient: str,
    object_key: str,
    subject: str,
    body_text: str,
    body_html: str = "",
    attachments: list[dict] | None = None,
    headers: dict[str, str] | None = None,
) -> bool:
    """Queue a message already rendered (queue_email renders one from a template). The
    purpose must be one an app declared (`core.registry.register_email_purposes`)."""
    if not is_email_purpose(purpose):
        raise ValueError(
            f"E-mail purpose {purpose!r} is not declared: add it to the app's emails.py "
            '("<app>.<snake_case_purpose>").'
        )
    recipient = recipient.strip().lower()
    as_sent = _record_as_sent.get()
    sent = {"status": OutboundEmail.Status.SENT, "sent_at": timezone.now()} if as_sent else {}
    try:
        # A savepoint, so a duplicate leaves the caller's transaction usable.
        with transaction.atomic():
            message = OutboundEmail.objects.create(
                purpose=purpose,
                recipient=recipient,
                object_key=object_key,
                subject=subject,
                body_text=body_text,
                body_html=body_html,
                attachments=attachments or [],
                headers=headers or {},
                **sent,
            )
    except IntegrityError:
        return False
    if as_sent:
        return True
    if _tasks_are_rows_in_this_database():
        # The task's row commits or rolls back with the e-mail's, in the same transaction:
        # after the commit it would take SQLite's write lock a second time.
        _enqueue_send(message.pk)
    else:
        transaction.on_commit(lambda: _enqueue_send(message.pk))
    return True


def _tasks_are_rows_in_this_database() -> bool:
    from django_tasks_db import DatabaseBackend

    from .tasks import send_outbound_email

    return isinstance(send_outbound_email.get_backend(), DatabaseBackend)


def _enqueue_send(pk: int) -> None:
    from .tasks import send_outbound_email

    try:
        with transaction.atomic():  # a failed insert must not break the writing transaction
            send_outbound_email.enqueue(pk)
    except Exception:
        # The sweep will send it; a broken queue must not break the person's request.
        logger.exception("Could not enqueue outbound e-mail %s", pk)


def claim(pk: int) -> datetime | None:
    """Take a pending message for sending. Only one worker can win: the UPDATE's condition is
    re-checked under the row lock. Returns the claim's timestamp (the winner's token), or None.
    """
    claimed_at = timezone.now()
    won = OutboundEmail.objects.filter(pk=pk, status=OutboundEmail.Status.PENDING).update(
        status=OutboundEmail.Status.SENDING,
        claimed_at=claimed_at,
        attempts=F("attempts") + 1,
    )
    return claimed_at if won else None


def message_id(message: OutboundEmail) -> str:
    """The Message-ID header: the same on every attempt at one row, so that a copy the mail
    server may have received twice is recognisable as one message (and can be dropped by the
    receiving side). The row's creation time keeps it unique across restored databases."""
    domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2] or "hub.invalid"
    return f"<outbox.{message.pk}.{message.created_at:%Y%m%d%H%M%S%f}@{domain}>"


def _build(message: OutboundEmail) -> EmailMultiAlternatives:
    email = EmailMultiAlternatives(
        subject=message.subject,
        body=message.body_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[message.recipient],
        headers={**message.headers, "Message-ID": message_id(message)},
    )
    if message.body_html:
        email.attach_alternative(message.body_html, "text/html")
    for attachment in message.attachments:
        email.attach(attachment["filename"], attachment["content"], attachment["mimetype"])
    return email


def _hand_over(message: OutboundEmail, email: EmailMultiAlternatives, claimed_at) -> bool:
    """Send a claimed message and record the outcome at once, if the claim is still ours (the
    sweep may have released it if we took far too long). A message the mail server accepted
    but that is not yet recorded as sent is the one that could go twice, so nothing else
    happens in between: the connection is opened before and closed (QUIT) after."""
    ours = OutboundEmail.objects.filter(
        pk=message.pk, status=OutboundEmail.Status.SENDING, claimed_at=claimed_at
    )
    connection = get_connection()
    email.connection = connection
    try:
        connection.open()
        email.send()
    except Exception as error:
        _close_quietly(connection)
        failed = message.attempts >= MAX_ATTEMPTS
        ours.update(
            status=OutboundEmail.Status.FAILED if failed else OutboundEmail.Status.PENDING,
            last_error=f"{type(error).__name__}: {error}"[:2000],
        )
        log = logger.error if failed else logger.warning
        log("Sending e-mail %s failed (attempt %s): %s", message.pk, message.attempts, error)
        return False
    ours.update(status=OutboundEmail.Status.SENT, sent_at=timezone.now(), last_error="")
    _close_quietly(connection)
    return True


def _close_quietly(connection) -> None:
    try:
        connection.close()
    except Exception:
        # The message's fate is already recorded; a failed goodbye changes nothing.
        logger.warning("Closing the mail connection failed", exc_info=True)


def send_claimed(pk: int, claimed_at: datetime) -> bool:
    """Send a message this worker has claimed (see claim). Returns True when sent."""
    message = OutboundEmail.objects.filter(
        pk=pk, status=OutboundEmail.Status.SENDING, claimed_at=claimed_at
    ).first()
    if message is None:
        return False  # released by the sweep while we were slow: someone else has it now
    return _hand_over(message, _build(message), claimed_at)


def send_one(pk: int) -> bool:
    """Claim and send one message; False when another worker has it or it is not pending.

    The message is read and built before the claim, so the claim is followed at once by the
    hand-over to the mail server."""
    message = OutboundEmail.objects.filter(pk=pk, status=OutboundEmail.Status.PENDING).first()
    if message is None:
        return False
    email = _build(message)
    claimed_at = claim(pk)
    if claimed_at is None:
        return False
    message.attempts += 1  # as the claim recorded
    return _hand_over(message, email, claimed_at)


def abandoned(now: datetime | None = None):
    """Messages still SENDING past HUB_OUTBOX_SENDING_TIMEOUT: their worker died (a live one
    gives up on the mail server well before, after EMAIL_TIMEOUT)."""
    now = now or timezone.now()
    return OutboundEmail.objects.filter(
        status=OutboundEmail.Status.SENDING,
        claimed_at__lt=now - settings.HUB_OUTBOX_SENDING_TIMEOUT,
    )


def release_abandoned(now: datetime | None = None) -> int:
    """Abandoned messages go back to PENDING to be sent again, unless they have used all
    their attempts, in which case they are marked FAILED for an operator to look at.
    """
    stuck = abandoned(now)
    failed = stuck.filter(attempts__gte=MAX_ATTEMPTS).update(
        status=OutboundEmail.Status.FAILED,
        last_error="The worker sending it stopped; attempts used up.",
    )
    released = stuck.filter(attempts__lt=MAX_ATTEMPTS).update(status=OutboundEmail.Status.PENDING)
    if failed or released:
        logger.warning("Outbox: released %s abandoned message(s), failed %s", released, failed)
    return failed + released


def due(now: datetime | None = None):
    """Pending messages whose retry delay (if any) has passed, oldest first."""
    now = now or timezone.now()
    waited_enough = Q(attempts=0) | Q(claimed_at__isnull=True)
    for attempts in range(1, MAX_ATTEMPTS):
        waited_enough |= Q(attempts=attempts, claimed_at__lte=now - RETRY_DELAY * attempts)
    return OutboundEmail.objects.filter(waited_enough, status=OutboundEmail.Status.PENDING)


def send_pending(limit: int = 500) -> int:
    """Release what dead workers abandoned, then send what is due. Returns how many were sent.

    Safe to run on several hosts at once: each message is claimed by one caller only.
    """
    now = timezone.now()
    release_abandoned(now)
    pks = list(due(now).order_by("created_at", "id").values_list("pk", flat=True)[:limit])
    return sum(send_one(pk) for pk in pks)
