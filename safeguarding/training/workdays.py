"""Working days: weekdays that are not England bank holidays (the holidays package, offline)."""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

import holidays


@lru_cache(maxsize=32)
def _bank_holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year).keys())


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in _bank_holidays(day.year)


def working_days_before(day: date, count: int) -> date:
    """The date `count` working days before `day`."""
    current = day
    while count > 0:
        current -= timedelta(days=1)
        if is_working_day(current):
            count -= 1
    return current


def default_booking_close(start: date) -> date:
    """Booking closes 3 working days before a session starts."""
    return working_days_before(start, 3)
