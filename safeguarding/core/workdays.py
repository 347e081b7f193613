"""Working days: weekdays that are not England bank holidays (the holidays package, offline).

What statutory clocks count in: "due in 3 working days", "4 working days late".
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

import holidays

from .formatting import hub_date


@lru_cache(maxsize=64)
def _bank_holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year).keys())


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in _bank_holidays(day.year)


def working_day_on_or_after(day: date) -> date:
    """`day` when it is a working day, otherwise the next working day."""
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def add_working_days(day: date, count: int) -> date:
    """The working day `count` working days after `day` (before it if `count` is negative);
    `day` itself when `count` is 0, working day or not."""
    step = timedelta(days=1 if count > 0 else -1)
    remaining = abs(count)
    while remaining:
        day += step
        if is_working_day(day):
            remaining -= 1
    return day


def working_days_between(start: date, end: date) -> int:
    """The working days passed on the way from `start` to `end`: those after `start` up to
    and including `end`, or, going back, those from `end` up to but not including `start`
    (negative). So working_days_between(day, add_working_days(day, n)) is n."""
    if end < start:
        return -_count_working_days(end, start - timedelta(days=1))
    return _count_working_days(start + timedelta(days=1), end)


def _count_working_days(first: date, last: date) -> int:
    return sum(is_working_day(first + timedelta(days=n)) for n in range((last - first).days + 1))


def describe_due(due: date, today: date) -> str:
    """ "due today", "due in 3 working days", "4 working days late"."""
    if due >= today:
        left = working_days_between(today, due)
        if not left:  # due today, or today is the last working day before it
            return "due today"
        return f"due in {left} working day{'s' if left > 1 else ''}"
    late = working_days_between(due, today)
    if not late:  # due at the weekend or on a bank holiday, and no working day since
        return f"was due on {hub_date(due, weekday=True)}, no working day late yet"
    return f"{late} working day{'s' if late > 1 else ''} late"
