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

from django.utils import timezone

from . import fragments

PROVIDERS: list[Callable] = []
# What each provider reads, as core.fragments names: while every provider has declared its
# data, the page's items are kept until one of those changes (or the day does).
READS: dict[Callable, tuple[str, ...]] = {}


@dataclass(frozen=True)
class NeedsMe:
    title: str
    href: str
    category: str
    deadline: date | None = None
    board: str = ""  # the board's name, for work done for a board rather than by the person


def task_provider(function: Callable | None = None, *, reads: tuple[str, ...] = ()):
    """Registers a provider. `reads` names the core.fragments data every row it reads is
    tracked under (its app's `fragments.track`); a provider that declares none makes the
    page compute everyone's items on every request."""

    def register(function: Callable) -> Callable:
        PROVIDERS.append(function)
        if reads:
            READS[function] = tuple(reads)
        return function

    return register if function is None else register(function)


def data_read() -> tuple[str, ...] | None:
    """Every name the providers read, or None when one of them has not said."""
    if any(provider not in READS for provider in PROVIDERS):
        return None
    # Roles decide whose work a person sees: the directory's data is always read.
    names = {"directory", *(name for provider in PROVIDERS for name in READS[provider])}
    return tuple(sorted(names))


def cached_items_for(person, board) -> list[NeedsMe]:
    """`items_for`, reused for the person, board and day until the data the providers read
    changes. Due dates count in days, so a new day is a new key."""
    names = data_read()
    if names is None:
        return items_for(person, board)
    vary_on = ("home", person.pk, board.pk if board else None, timezone.localdate())
    return fragments.cached(names, vary_on, lambda: items_for(person, board))


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
