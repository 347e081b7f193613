"""Sensible bounds for the dates people enter, checked by the services so that pages and the API
refuse the same things ("dated 1900" or "reply by 9999" are typing slips, not plans).

    check_date("due_date", due_date, "due date")
    check_date("date", update_date, "update's date", not_future=True)
    check_date("respond_by", respond_by, "reply-by date", earliest=today, years_ahead=1)

Each refusal is a ValidationError keyed by the field, in words that say what to enter.
"""

from __future__ import annotations

from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.utils import timezone

from .formatting import hub_date

# Nothing the boards record predates the hub's era: the oldest records migrated are from 2000.
HUB_ERA_START = date(2000, 1, 1)
# How far ahead anything is planned: plans, due dates, meetings, courses, inspections.
YEARS_AHEAD = 5


def _day(value: date | datetime) -> date:
    if isinstance(value, datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


def _years_after(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def check_date(
    field: str,
    value: date | datetime | None,
    label: str,
    *,
    earliest: date | datetime | None = None,
    not_future: bool = False,
    years_ahead: int = YEARS_AHEAD,
) -> None:
    """Refuse `value` (a date or datetime; None is left to the caller) before `earliest` (and
    never before the hub's era), after today when `not_future` (it has happened), or more than
    `years_ahead` years from today."""
    if value is None:
        return
    a = "an" if label[:1] in "aeiou" else "a"
    day, today = _day(value), timezone.localdate()
    start = max(HUB_ERA_START, _day(earliest)) if earliest is not None else HUB_ERA_START
    if day < start:
        raise ValidationError({field: f"Enter {a} {label} on or after {hub_date(start)}"})
    if not_future and day > today:
        raise ValidationError({field: f"Enter {a} {label} today or in the past"})
    latest = _years_after(today, years_ahead)
    if day > latest:
        raise ValidationError({field: f"Enter {a} {label} no later than {hub_date(latest)}"})
