"""Working days: weekdays that are not England bank holidays (the holidays package, offline).

What statutory clocks count in: "due in 3 working days", "4 working days late".
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

import holidays
from django.core.exceptions import ValidationError

from .formatting import hub_date


@lru_cache(maxsize=64)
def _bank_holiday_names(year: int) -> dict[date, str]:
    return dict(holidays.country_holidays("GB", subdiv="ENG", years=year).items())


@lru_cache(maxsize=64)
def _bank_holidays(year: int) -> frozenset[date]:
    return frozenset(_bank_holiday_names(year))


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in _bank_holidays(day.year)


def bank_holiday_name(day: date) -> str | None:
    """ "Christmas Day", "Boxing Day substitute" (the holidays package's "(observed)" in the
    words GOV.UK uses), or None when `day` is not an England bank holiday."""
    name = _bank_holiday_names(day.year).get(day)
    if name is None:
        return None
    return name.replace(" (observed)", " substitute")


def why_not_a_working_day(day: date) -> str | None:
    """What `day` is, when it is not a working day: "a Sunday", "a bank holiday (Boxing Day
    substitute)"; None for a working day. For messages such as "Fieldwork must start on a
    working day: 6 December 2026 is a Sunday"."""
    if day.weekday() >= 5:
        return f"a {day:%A}"
    holiday = bank_holiday_name(day)
    if holiday is not None:
        return f"a bank holiday ({holiday})"
    return None


def refuse_unless_working_day(field: str, day: date | None, what: str) -> None:
    """A ValidationError keyed on `field` when `day` is not a working day: "{what} on a
    working day: 6 December 2026 is a Sunday" (`what` such as "Fieldwork must start")."""
    if day is None:
        return
    why = why_not_a_working_day(day)
    if why is not None:
        raise ValidationError({field: f"{what} on a working day: {hub_date(day)} is {why}"})


def working_day_on_or_after(day: date) -> date:
    """`day` when it is a working day, otherwise the next working day."""
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def working_day_on_or_before(day: date) -> date:
    """`day` when it is a working day, otherwise the working day before it."""
    while not is_working_day(day):
        day -= timedelta(days=1)
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
