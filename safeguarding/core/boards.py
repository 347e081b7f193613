"""Which board a record belongs to.

A board-owned model says how to reach its board with a class attribute `board_path`: "board"
for a model with its own board foreign key, or a path through its parents ("plan__board",
"item__meeting__board"). `board_path = None` says that a model's board foreign key is not an
owner (a role's scope, the board an audit row is filed under). `core.checks` makes every model
with a board foreign key, directly or through a parent, declare one or the other.
"""

from __future__ import annotations

from django.apps import apps
from django.db import models

BOARD_MODEL = "organisations.board"
UNDECLARED = object()


class NoBoardError(ValueError):
    """A board-owned record whose board cannot be found."""


def _is_board(model) -> bool:
    return model is not None and model._meta.label_lower == BOARD_MODEL


def declared_path(model) -> str | None | object:
    """The model's `board_path`: a path, None when it declares no owner, or UNDECLARED."""
    return getattr(model, "board_path", UNDECLARED)


def is_board_owned(model) -> bool:
    return _is_board(model) or isinstance(declared_path(model), str)


def board_id_of(record: models.Model) -> int | None:
    """The id of the board that owns `record` (a board owns itself), or None for a record no
    board owns. Raises NoBoardError for a board-owned record whose path leads to no board."""
    model = record.__class__  # not type(): request.user is a lazy object
    if _is_board(model):
        return record.pk
    path = declared_path(model)
    if not isinstance(path, str):
        return None
    *parents, last = path.split("__")
    current = record
    for name in parents:
        current = getattr(current, name, None)
        if current is None:
            break
    board_id = None if current is None else getattr(current, f"{last}_id", None)
    if board_id is None:
        raise NoBoardError(
            f"{model._meta.label} {record.pk} belongs to a board (board_path "
            f"{path!r}) but has none."
        )
    return board_id


def _relations(model):
    """Forward foreign keys and one-to-one fields (not reverse relations, not many-to-many)."""
    return [
        field
        for field in model._meta.get_fields()
        if field.concrete and (field.many_to_one or field.one_to_one) and field.related_model
    ]


def path_problem(model, path: str) -> str | None:
    """Why `path` does not lead from `model` to a board, or None when it does."""
    current = model
    for name in path.split("__"):
        field = next((f for f in _relations(current) if f.name == name), None)
        if field is None:
            return f"{current._meta.label} has no foreign key {name!r}"
        current = field.related_model
    if not _is_board(current):
        return f"{path!r} leads to {current._meta.label}, not to a board"
    return None


def _reaches_board(model, seen=()) -> bool:
    """Whether the model has a board foreign key, or a parent (a foreign key) that does. A
    model that declares `board_path = None` passes no board on to its children."""
    if _is_board(model):
        return True
    path = declared_path(model)
    if path is not UNDECLARED:
        return path is not None
    return any(
        field.related_model not in seen and _reaches_board(field.related_model, (*seen, model))
        for field in _relations(model)
    )


def undeclared_models() -> list[tuple[type[models.Model], str]]:
    """(model, the foreign key that leads to a board) for every model that reaches a board,
    through its own foreign key or a parent's, and declares no `board_path`."""
    missing = []
    for model in apps.get_models():
        if _is_board(model) or declared_path(model) is not UNDECLARED:
            continue
        for field in _relations(model):
            if field.related_model is not model and _reaches_board(field.related_model, (model,)):
                missing.append((model, field.name))
                break
    return missing
