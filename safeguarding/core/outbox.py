"""E-mail outbox: queue in the writing transaction, send from a task, never twice.

`queue_email` inserts one row per (purpose, recipient, object key); a second call for the same
triple is ignored, which is what makes notices idempotent. After the transaction commits a task
is enqueued to send it; the `send_pending_emails` sweep picks up anything a dead worker missed.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.utils import timezone

from .models import OutboundEmail

logger = logging.getLogger(__name__)
MAX_ATTEMPTS = 5


def queue_email(
    *,
    purpose: str,
    recipient: str,
    object_key: str,
    subject: str,
    template: str,
    context: dict | None = None,
) -> bool:
    """Queue a message rendered from `template` (.txt, and .html when it exists).

    Returns True when a new message was queued, False when the same one was queued before.
    """
    context = {"site_url": settings.SITE_URL, **(context or {})}
    body_text = render_to_string(f"{template}.txt", context)
    try:
        body_html = render_to_string(f"{template}.html", context)
    except Exception:  # noqa: BLE001 - the HTML part is optional
        body_html = ""
    created = OutboundEmail.objects.bulk_create(
        [
            OutboundEmail(
                purpose=purpose,
                recipient=recipient.lower(),
                object_key=object_key,
                subject=subject,
                body_text=body_text,
                body_html=body_html,
            )
        ],
        ignore_conflicts=True,
    )
    queued = OutboundEmail.objects.filter(
        purpose=purpose, recipient=recipient.lower(), object_key=object_key
    ).values_list("pk", "status")
    row = queued.first()
    if row is None:
        return False
    pk, status = row
    if status == OutboundEmail.Status.PENDING:
        transaction.on_commit(lambda: _enqueue_send(pk))
    return bool(created) and status == OutboundEmail.Status.PENDING


def _enqueue_send(pk: int) -> None:
    from .tasks import send_outbound_email

    try:
        send_outbound_email.enqueue(pk)
    except Exception:
        # The sweep will send it; a broken queue must not break the user's request.
        logger.exception("Could not enqueue outbound e-mail %s", pk)


def claim(pk: int) -> bool:
    """Take a pending message for sending; only one worker can win."""
    return bool(
        OutboundEmail.objects.filter(pk=pk, status=OutboundEmail.Status.PENDING).update(
            status=OutboundEmail.Status.SENDING,
            claimed_at=timezone.now(),
            attempts=F("attempts") + 1,
        )
    )


def send_claimed(pk: int) -> None:
    message = OutboundEmail.objects.get(pk=pk)
    email = EmailMultiAlternatives(
        subject=message.subject,
        body=message.body_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[message.recipient],
    )
    if message.body_html:
        email.attach_alternative(message.body_html, "text/html")
    for attachment in message.attachments:
        email.attach(attachment["filename"], attachment["content"], attachment["mimetype"])
    try:
        email.send()
    except Exception as error:
        failed = message.attempts >= MAX_ATTEMPTS
        OutboundEmail.objects.filter(pk=pk).update(
            status=OutboundEmail.Status.FAILED if failed else OutboundEmail.Status.PENDING,
            last_error=str(error)[:2000],
        )
        logger.warning("Sending e-mail %s failed: %s", pk, error)
        return
    OutboundEmail.objects.filter(pk=pk).update(
        status=OutboundEmail.Status.SENT, sent_at=timezone.now(), last_error=""
    )


def send_one(pk: int) -> bool:
    if not claim(pk):
        return False
    send_claimed(pk)
    return True


def send_pending(limit: int = 500) -> int:
    """Send what is waiting, and release messages a dead worker claimed but never finished."""
    stale = timezone.now() - settings.HUB_TASK_TIMEOUT
    OutboundEmail.objects.filter(
        Q(status=OutboundEmail.Status.SENDING) & Q(claimed_at__lt=stale)
    ).update(status=OutboundEmail.Status.PENDING)
    pks = list(
        OutboundEmail.objects.filter(status=OutboundEmail.Status.PENDING).values_list(
            "pk", flat=True
        )[:limit]
    )
    return sum(send_one(pk) for pk in pks)
