"""The "what needs me" home page: each capability contributes the items awaiting a person.

An app registers a provider with `@task_provider`; a provider returns `NeedsMe` items for the
person (approvals, updates due, challenges to answer, audits to complete), each with a deadline.
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


def task_provider(function: Callable) -> Callable:
    PROVIDERS.append(function)
    return function


def items_for(person, board) -> list[NeedsMe]:
    items = [item for provider in PROVIDERS for item in provider(person, board)]
    return sorted(items, key=lambda item: (item.deadline is None, item.deadline or date.max))
