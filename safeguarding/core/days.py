"""Days as ranges of time: filters on a date-time column compare it with the local midnights
around the day, which an index can answer. A `__date` lookup instead converts every row's
value, in Python on SQLite, whatever the size of the table."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.utils import timezone


def start_of_day(day: date) -> datetime:
    """Local midnight at the start of `day`, time-zone aware."""
    return timezone.make_aware(datetime.combine(day, time.min))


def on_or_after(field: str, day: date) -> dict[str, datetime]:
    """Filter arguments: `field` (a date-time) falls on `day` or later, local time."""
    return {f"{field}__gte": start_of_day(day)}


def on_or_before(field: str, day: date) -> dict[str, datetime]:
    """Filter arguments: `field` (a date-time) falls on `day` or earlier, local time."""
    return {f"{field}__lt": start_of_day(day + timedelta(days=1))}
