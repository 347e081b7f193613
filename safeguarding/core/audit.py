"""The one way to write the audit trail.

Every write service calls `record_change` inside its own transaction; views and exports of
restricted records call `record_view`. Keys that look like secrets are masked in the payload.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from itertools import islice
from typing import Any

from django.db import models
from django.urls import NoReverseMatch, reverse

from .models import AuditEvent

SENSITIVE_KEYS = ("password", "secret", "token", "totp", "recovery")
SYSTEM_LABEL = "System"


def _masked(payload: dict[str, Any]) -> dict[str, Any]:
    masked = {}
    for key, value in payload.items():
        if any(word in key.lower() for word in SENSITIVE_KEYS):
            masked[key] = "***"
        elif isinstance(value, dict):
            masked[key] = _masked(value)
        else:
            masked[key] = value
    return masked


def _actor_label(actor) -> str:
    if actor is None or not getattr(actor, "is_authenticated", False):
        return SYSTEM_LABEL
    return str(actor)


def _board_of(target: models.Model | None):
    board_id = getattr(target, "board_id", None)
    return board_id


def record_change(
    actor,
    verb: str,
    target: models.Model,
    payload: dict[str, Any] | None = None,
    *,
    board=None,
) -> AuditEvent:
    """Record that `actor` did `verb` to `target`. Call inside the writing transaction."""
    return AuditEvent.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        actor_label=_actor_label(actor),
        verb=verb,
        target_type=target._meta.label_lower,
        target_id=str(target.pk),
        target_label=str(target)[:300],
        board_id=board.pk if board is not None else _board_of(target),
        payload=_masked(payload or {}),
    )


def record_changes(
    actor,
    verb: str,
    changes: Iterable[tuple[models.Model, dict[str, Any]]],
    *,
    board=None,
    batch_size: int = 1000,
) -> int:
    """`record_change` for many records at once (an import): one row per (target, payload),
    inserted in batches as `changes` is consumed. Call inside the writing transaction."""
    actor_id = actor.pk if getattr(actor, "is_authenticated", False) else None
    label = _actor_label(actor)
    written = 0
    iterator = iter(changes)
    while batch := list(islice(iterator, batch_size)):
        AuditEvent.objects.bulk_create(
            [
                AuditEvent(
                    actor_id=actor_id,
                    actor_label=label,
                    verb=verb,
                    target_type=target._meta.label_lower,
                    target_id=str(target.pk),
                    target_label=str(target)[:300],
                    board_id=board.pk if board is not None else _board_of(target),
                    payload=_masked(payload or {}),
                )
                for target, payload in batch
            ]
        )
        written += len(batch)
    return written


def record_view(actor, target: models.Model, reason: str, *, verb: str = "viewed") -> AuditEvent:
    """Record that `actor` viewed (or, with verb="exported", downloaded) a restricted record,
    and why. Commits on its own when called outside a transaction, as a read usually is."""
    return record_change(actor, verb, target, {"reason": reason})


# How the audit page links an event to its record: target_type -> f(target_id) -> URL.
TARGET_URLS: dict[str, Callable[[str], str]] = {}


def register_target_url(target_type: str, url_name: str) -> None:
    """Link events about `target_type` ("app.model") to the page `url_name`, which takes the
    record's primary key as its one argument. Apps call this from their AppConfig.ready()."""
    TARGET_URLS[target_type] = lambda target_id: reverse(url_name, args=[target_id])


def target_url(target_type: str, target_id: str) -> str | None:
    """The page of an event's record, or None if there is none (or the record's kind has no
    page). The page itself still checks whether the reader may see the record."""
    make = TARGET_URLS.get(target_type)
    if make is None:
        return None
    try:
        return make(target_id)
    except NoReverseMatch:
        return None


def changed_fields(instance: models.Model, before: dict[str, Any], fields) -> dict[str, Any]:
    """The {field: [old, new]} pairs that differ, for an update's audit payload."""
    changes = {}
    for name in fields:
        new = getattr(instance, name)
        old = before.get(name)
        if old != new:
            changes[name] = [_plain(old), _plain(new)]
    return changes


def snapshot(instance: models.Model, fields) -> dict[str, Any]:
    return {name: getattr(instance, name) for name in fields}


def _plain(value):
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return str(value)
