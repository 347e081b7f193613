"""Status moves, declared once per model and made in one way.

A model whose records move through statuses says which moves exist, and the audit verb of
each, as its `moves`:

    class Challenge(models.Model):
        class State(models.TextChoices): ...
        moves = StatusMachine(
            "status",
            {State.OPEN: {State.ANSWERED, State.CLOSED}, State.ANSWERED: {State.CLOSED}},
            verbs={State.ANSWERED: "challenge answered", State.CLOSED: "challenge closed"},
        )

A service makes a move with `Challenge.moves.move(acting_user, challenge, State.CLOSED,
changes={"outcome": text})`: the row is locked and its stored status checked (so of two
people answering at once, the second is refused rather than overwriting the first), the
status and the other changed fields are saved, and the audit row is written, all in the
caller's transaction. Templates ask the same table which moves a record may make,
`{% load transitions %}{% if challenge|can_become:"closed" %}`, instead of repeating it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import F
from django.db.models.signals import post_save


class TransitionError(ValidationError):
    """A record cannot move from its status to the one asked for."""


class StatusMachine:
    def __init__(
        self,
        field: str,
        transitions: Mapping[str, set[str]],
        *,
        verbs: Mapping[str, str],
    ):
        self.field = field
        self.transitions = {
            str(source): frozenset(map(str, to)) for source, to in transitions.items()
        }
        self.verbs = {str(status): verb for status, verb in verbs.items()}
        reachable = set().union(*self.transitions.values())
        if missing := reachable - set(self.verbs):
            raise ValueError(f"No audit verb for a move to {sorted(missing)}")

    def _label(self, record: models.Model, status: str) -> str:
        choices = dict(record._meta.get_field(self.field).flatchoices)
        return str(choices.get(status, status))

    def allowed(self, record: models.Model) -> frozenset[str]:
        """The statuses `record` may move to from the status it holds."""
        return self.transitions.get(getattr(record, self.field), frozenset())

    def can_become(self, record: models.Model, status: str) -> bool:
        return str(status) in self.allowed(record)

    def refusal(self, record: models.Model, old: str, new: str) -> TransitionError:
        name = record._meta.verbose_name
        article = "An" if name[:1].lower() in "aeiou" else "A"
        return TransitionError(
            {
                self.field: f"{article} {name} that is '{self._label(record, old)}' cannot become "
                f"'{self._label(record, new)}'"
            }
        )

    def move(
        self,
        actor,
        record: models.Model,
        new: str,
        *,
        changes: Mapping[str, Any] | None = None,
        payload: Mapping[str, Any] | None = None,
    ) -> models.Model:
        """Move `record` to `new`, saving `changes` (other fields) with it, and audit it.

        The stored status is read from the locked row and the update is conditional on it,
        so of two people moving one record at once the second is refused (also on SQLite,
        which has no row locks) rather than overwriting the first."""
        from .audit import record_change  # core.audit imports the models; this module doesn't

        new, changes = str(new), dict(changes or {})
        rows = type(record)._base_manager.filter(pk=record.pk)
        with transaction.atomic():
            old = rows.select_for_update().values_list(self.field, flat=True).get()
            if new not in self.transitions.get(old, frozenset()):
                setattr(record, self.field, old)
                raise self.refusal(record, old, new)
            update = {self.field: new, **changes}
            if hasattr(record, "version"):
                # A moved record is a changed one: an edit form loaded before the move must
                # not save over it unseen (core.concurrency).
                update["version"] = F("version") + 1
            if not rows.filter(**{self.field: old}).update(**update):
                raise self.refusal(record, old, new)  # only if the row lock failed to hold
            for name, value in {self.field: new, **changes}.items():
                setattr(record, name, value)
            if hasattr(record, "version"):
                record.version = rows.values_list("version", flat=True).get()
            # The row was saved by an UPDATE, which sends no signal: tell those listening for
            # saves (the cached fragments, core.fragments) as Model.save() would.
            post_save.send(
                sender=type(record),
                instance=record,
                created=False,
                update_fields=frozenset(update),
                raw=False,
                using=rows.db,
            )
            record_change(
                actor,
                self.verbs[new],
                record,
                {self.field: [old, new], **{k: _plain(v) for k, v in (payload or {}).items()}},
            )
        return record


def _plain(value):
    return (
        value
        if isinstance(value, str | int | float | bool | type(None) | list | dict)
        else str(value)
    )
