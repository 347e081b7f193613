"""The statutory clocks, in England working days: properties over every date 2014-2030 and
hand-computed cases around Easter and Christmas."""

import datetime

import holidays
import pytest
from hypothesis import given
from hypothesis import strategies as st

from safeguarding.core.workdays import add_working_days, is_working_day, working_days_between
from safeguarding.reviews import clocks
from safeguarding.reviews.clocks import Clock

D = datetime.date
BANK_HOLIDAYS = sorted(holidays.country_holidays("GB", subdiv="ENG", years=range(2014, 2031)))
DAYS = st.dates(min_value=D(2014, 1, 1), max_value=D(2030, 6, 30))
# Days on and around every bank holiday (the substitutions for Christmas and Boxing Day fall
# among them), so each is met by the tests, not only by chance.
NEAR_HOLIDAYS = st.builds(
    lambda holiday, offset: holiday + datetime.timedelta(days=offset),
    st.sampled_from(BANK_HOLIDAYS),
    st.integers(-7, 7),
)
ANY_DAY = st.one_of(DAYS, NEAR_HOLIDAYS)


@given(ANY_DAY, st.integers(1, 40))
def test_adding_working_days_then_stepping_back_is_consistent(day, n):
    due = add_working_days(day, n)
    assert working_days_between(day, due) == n
    assert add_working_days(due, -n) <= day
    if is_working_day(day):
        assert add_working_days(due, -n) == day


@given(ANY_DAY)
def test_a_due_date_is_never_a_weekend_or_a_bank_holiday(day):
    for due in (
        clocks.notification_due(day),
        clocks.rapid_review_due(day),
        clocks.publication_due(day),
    ):
        assert due.weekday() < 5
        assert due not in BANK_HOLIDAYS
        assert due > day


@given(ANY_DAY)
def test_the_rapid_review_is_due_ten_working_days_after_the_notification(day):
    assert working_days_between(clocks.notification_due(day), clocks.rapid_review_due(day)) == 10


@given(ANY_DAY, ANY_DAY)
def test_an_open_clock_is_red_exactly_when_late(due, today):
    due = add_working_days(due, 1)
    rag = clocks.rag(due, today)
    assert (rag == clocks.RED) == (today > due)


@pytest.mark.parametrize(
    ("learned", "notification", "rapid_review"),
    [
        # Easter 2015: Good Friday 3 April, Easter Monday 6 April.
        (D(2015, 3, 30), D(2015, 4, 8), D(2015, 4, 22)),
        (D(2015, 4, 2), D(2015, 4, 13), D(2015, 4, 27)),
        # Easter 2016: Good Friday 25 March, Easter Monday 28 March.
        (D(2016, 3, 24), D(2016, 4, 4), D(2016, 4, 18)),
        # Christmas 2015 on a Friday; Boxing Day on Saturday, its substitute Monday 28th.
        (D(2015, 12, 22), D(2015, 12, 31), D(2016, 1, 15)),
        (D(2015, 12, 24), D(2016, 1, 5), D(2016, 1, 19)),
        # Christmas 2016 on a Sunday: substitutes on Monday 26 and Tuesday 27 December, and
        # New Year's Day's on Monday 2 January 2017.
        (D(2016, 12, 23), D(2017, 1, 4), D(2017, 1, 18)),
        # Christmas 2021 on a Saturday: substitutes on Monday 27 and Tuesday 28 December.
        (D(2021, 12, 24), D(2022, 1, 5), D(2022, 1, 19)),
    ],
)
def test_hand_computed_notification_and_rapid_review_dates(learned, notification, rapid_review):
    assert clocks.notification_due(learned) == notification
    assert clocks.rapid_review_due(learned) == rapid_review


@pytest.mark.parametrize(
    ("started", "due"),
    [
        (D(2015, 2, 9), D(2015, 8, 7)),  # 9 August 2015 is a Sunday
        (D(2014, 10, 3), D(2015, 4, 2)),  # 3 April 2015 is Good Friday
        (D(2015, 6, 25), D(2015, 12, 24)),  # 25 December itself
        (D(2015, 6, 28), D(2015, 12, 24)),  # 28 December 2015: the Boxing Day substitute
        (D(2015, 8, 31), D(2016, 2, 29)),  # no 31 February: the last day of the month
    ],
)
def test_hand_computed_publication_dates(started, due):
    assert clocks.publication_due(started) == due


def test_a_clock_says_how_long_is_left_or_how_late_it_is():
    due = D(2015, 3, 25)
    assert Clock("x", "X", due, None, D(2015, 3, 20)).words == "due in 3 working days"
    assert Clock("x", "X", due, None, D(2015, 3, 20)).rag == clocks.AMBER
    assert Clock("x", "X", due, None, D(2015, 3, 31)).words == "4 working days late"
    assert Clock("x", "X", due, None, D(2015, 3, 31)).rag == clocks.RED
    assert Clock("x", "X", due, None, D(2015, 3, 2)).rag == clocks.GREEN
    assert Clock("x", "X", due, D(2015, 3, 24), D(2015, 3, 31)).words == "met on time"
    assert Clock("x", "X", due, D(2015, 3, 27), D(2015, 3, 31)).words == "met 2 working days late"
