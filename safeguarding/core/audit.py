"""The one way to write the audit trail.

Every write service calls `record_change` inside its own transaction; views and exports of
restricted records call `record_view`. Every verb must be declared by an app
(`core.registry.register_audit_verbs`). Keys that look like secrets are masked in the payload.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from itertools import islice
from typing import Any

from django.db import models
from django.urls import NoReverseMatch, reverse

from .boards import NoBoardError, board_id_of
from .models import AuditEvent
from .registry import is_audit_verb

SENSITIVE_KEYS = ("password", "secret", "token", "totp", "recovery")
SYSTEM_LABEL = "System"


class UndeclaredVerb(ValueError):
    """A verb no app declared: the trail keeps one vocabulary, so a misspelt one fails loudly."""


def _declared(verb: str) -> str:
    if not is_audit_verb(verb):
        raise UndeclaredVerb(
            f"Audit verb {verb!r} is not declared: add it, with a short description, to "
            "AUDIT_VERBS in the recording app's audit_verbs.py ('<thing> <past participle>', "
            "like 'plan created')."
        )
    return verb


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


def _board_id(target: models.Model, board) -> int | None:
    """The board the event is filed under: a board-owned target's own board (its
    `board_path`, core/boards.py), which must exist; else the board passed, if any. Events
    under no board are shown to administrators only."""
    owner = board_id_of(target)  # raises NoBoardError for a board-owned target without one
    if owner is not None:
        if board is not None and board.pk != owner:
            raise NoBoardError(
                f"{target._meta.label} {target.pk} belongs to board {owner}, not {board.pk}."
            )
        return owner
    return board.pk if board is not None else None


def record_change(
    actor,
    verb: str,
    target: models.Model,
    payload: dict[str, Any] | None = None,
    *,
    board=None,
) -> AuditEvent:
    """Record that `actor` did `verb` to `target`. Call inside the writing transaction.

    A board-owned target is filed under its own board; `board` files a change to a record no
    board owns (a person's role for a board) under that board."""
    return AuditEvent.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        actor_label=_actor_label(actor),
        verb=_declared(verb),
        target_type=target._meta.label_lower,
        target_id=str(target.pk),
        target_label=str(target)[:300],
        board_id=_board_id(target, board),
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
    _declared(verb)
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
                    board_id=_board_id(target, board),
                    payload=_masked(payload or {}),
                )
                for target, payload in batch
            ]
        )
        written += len(batch)
    return written


def record_view(actor, target: models.Model, reason: str, *, verb: str) -> AuditEvent:
    """Record that `actor` viewed (or downloaded) a restricted record, and why: `verb` is the
    app's declared one ("case audit viewed", "evidence downloaded"). Commits on its own when
    called outside a transaction, as a read usually is."""
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
