"""The "what needs me" home page: each capability contributes the items awaiting a person.

An app registers a provider with `@task_provider`; a provider returns `NeedsMe` items for the
person (approvals, updates due, challenges to answer, audits to complete), each with a deadline.
Work the business unit does for a board names that board (`board`): the page groups it by
board, after the person's own items and with the board they are working for first, each group
oldest deadline first.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

PROVIDERS: list[Callable] = []


@dataclass(frozen=True)
class NeedsMe:
    title: str
    href: str
    category: str
    deadline: date | None = None
    board: str = ""  # the board's name, for work done for a board rather than by the person


def task_provider(function: Callable) -> Callable:
    PROVIDERS.append(function)
    return function


def items_for(person, board) -> list[NeedsMe]:
    """The person's own items, then the board they are working for, then their other boards
    by name; each group by deadline, oldest first."""
    items = [item for provider in PROVIDERS for item in provider(person, board)]
    current = board.name if board is not None else None
    return sorted(
        items,
        key=lambda item: (
            item.board != "",
            item.board != current,
            item.board,
            item.deadline is None,
            item.deadline or date.max,
        ),
    )
