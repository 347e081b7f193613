from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from safeguarding.core.workdays import (
    add_working_days,
    describe_due,
    is_working_day,
    refuse_unless_working_day,
    why_not_a_working_day,
    working_day_on_or_before,
    working_days_between,
)
from safeguarding.training.services import default_booking_close

days = st.dates(min_value=date(2015, 1, 1), max_value=date(2035, 12, 31))
counts = st.integers(min_value=-400, max_value=400)


@given(days, counts)
def test_adding_working_days_then_counting_back_gives_the_same_number(day, count):
    assert working_days_between(day, add_working_days(day, count)) == count


@given(days, counts.filter(bool))
def test_adding_working_days_never_lands_on_a_weekend_or_bank_holiday(day, count):
    landed = add_working_days(day, count)
    assert landed.weekday() < 5
    assert is_working_day(landed)
    assert (landed > day) == (count > 0)


@given(days)
def test_adding_no_working_days_is_the_same_day(day):
    assert add_working_days(day, 0) == day
    assert working_days_between(day, day) == 0


@given(days, days)
def test_working_days_count_the_same_both_ways_between_working_days(start, end):
    start, end = add_working_days(start, 1), add_working_days(end, 1)
    assert working_days_between(start, end) == -working_days_between(end, start)


@given(days)
def test_booking_closes_on_a_working_day_three_working_days_before(start):
    closes = default_booking_close(start)
    assert closes < start
    assert is_working_day(closes)
    between = [
        closes + timedelta(days=n)
        for n in range(1, (start - closes).days)
        if is_working_day(closes + timedelta(days=n))
    ]
    assert len(between) == 2  # the closing day is the third working day back


@pytest.mark.parametrize(
    "day",
    [
        date(2015, 4, 6),  # Easter Monday
        date(2015, 12, 28),  # Boxing Day (substitute)
        date(2026, 4, 3),  # Good Friday
        date(2026, 4, 6),  # Easter Monday
        date(2026, 12, 25),  # Christmas Day, a Friday
        date(2026, 12, 28),  # Boxing Day falls on a Saturday: the Monday instead
        date(2027, 3, 26),  # Good Friday
        date(2027, 3, 29),  # Easter Monday
        date(2027, 12, 27),  # Christmas Day falls on a Saturday: the Monday instead
        date(2027, 12, 28),  # Boxing Day falls on a Sunday: the Tuesday instead
        date(2027, 1, 1),  # New Year's Day
    ],
)
def test_bank_holidays_are_not_working_days(day):
    assert not is_working_day(day)


def test_ordinary_weekdays_are_working_days():
    assert is_working_day(date(2015, 3, 20))
    assert is_working_day(date(2026, 12, 24))
    assert is_working_day(date(2026, 12, 29))


@pytest.mark.parametrize(
    ("day", "count", "expected"),
    [
        # Thursday 24 December 2026 + 1: over Christmas, the weekend and Boxing Day (observed)
        (date(2026, 12, 24), 1, date(2026, 12, 29)),
        (date(2026, 12, 29), -1, date(2026, 12, 24)),
        # New Year's Day 2027 is a Friday
        (date(2026, 12, 31), 1, date(2027, 1, 4)),
        # Thursday before Easter 2026 + 1 is the Tuesday after Easter Monday
        (date(2026, 4, 2), 1, date(2026, 4, 7)),
        (date(2027, 3, 25), 2, date(2027, 3, 31)),
        # Friday 24 December 2027 + 1: Christmas and Boxing Day both observed on Mon and Tue
        (date(2027, 12, 24), 1, date(2027, 12, 29)),
        (date(2027, 12, 29), -3, date(2027, 12, 22)),
        # A weekend day moves to the working days either side
        (date(2026, 12, 5), 1, date(2026, 12, 7)),
        (date(2026, 12, 5), -1, date(2026, 12, 4)),
        (date(2026, 12, 5), 0, date(2026, 12, 5)),
    ],
)
def test_adding_working_days_over_christmas_and_easter(day, count, expected):
    assert add_working_days(day, count) == expected
    assert working_days_between(day, expected) == count


@pytest.mark.parametrize(
    ("due", "today", "expected"),
    [
        (date(2026, 12, 3), date(2026, 12, 3), "due today"),
        (date(2026, 12, 4), date(2026, 12, 3), "due in 1 working day"),
        (date(2026, 12, 7), date(2026, 12, 2), "due in 3 working days"),
        (date(2026, 12, 29), date(2026, 12, 23), "due in 2 working days"),
        (date(2026, 12, 2), date(2026, 12, 3), "1 working day late"),
        (date(2026, 11, 30), date(2026, 12, 4), "4 working days late"),
        (date(2026, 12, 24), date(2026, 12, 29), "1 working day late"),
        # Due on a Saturday: Friday is the last working day for it
        (date(2026, 12, 5), date(2026, 12, 4), "due today"),
        (
            date(2026, 12, 5),
            date(2026, 12, 6),
            "was due on Saturday 5 December 2026, no working day late yet",
        ),
        (date(2026, 12, 5), date(2026, 12, 7), "1 working day late"),
    ],
)
def test_describing_when_something_is_due(due, today, expected):
    assert describe_due(due, today) == expected


@pytest.mark.parametrize(
    ("day", "why"),
    [
        (date(2026, 12, 6), "a Sunday"),
        (date(2026, 12, 26), "a Saturday"),  # Boxing Day itself: the weekend is the reason
        (date(2026, 12, 25), "a bank holiday (Christmas Day)"),
        (date(2026, 12, 28), "a bank holiday (Boxing Day substitute)"),
        (date(2027, 5, 31), "a bank holiday (Spring Bank Holiday)"),
        (date(2026, 12, 7), None),
        (date(2026, 12, 24), None),
    ],
)
def test_why_not_a_working_day_names_the_day_and_the_reason(day, why):
    assert why_not_a_working_day(day) == why
    assert (why is None) == is_working_day(day)


def test_refusing_a_day_that_is_not_a_working_day_names_the_field():
    with pytest.raises(ValidationError) as refused:
        refuse_unless_working_day("start", date(2026, 12, 6), "The course must start")
    assert refused.value.message_dict == {
        "start": ["The course must start on a working day: 6 December 2026 is a Sunday"]
    }
    refuse_unless_working_day("start", date(2026, 12, 7), "The course must start")
    refuse_unless_working_day("start", None, "The course must start")


@given(days)
def test_working_day_on_or_before_is_the_latest_working_day_not_after(day):
    before = working_day_on_or_before(day)
    assert is_working_day(before)
    assert before <= day
    skipped = [before + timedelta(days=n) for n in range(1, (day - before).days + 1)]
    assert not any(is_working_day(d) for d in skipped)


def test_working_day_on_or_before_goes_back_over_christmas():
    assert working_day_on_or_before(date(2026, 12, 28)) == date(2026, 12, 24)
