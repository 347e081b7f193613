from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from safeguarding.training.workdays import default_booking_close, is_working_day


@given(st.dates(min_value=date(2015, 1, 1), max_value=date(2035, 12, 31)))
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


def test_bank_holidays_are_not_working_days():
    assert not is_working_day(date(2015, 4, 6))  # Easter Monday
    assert not is_working_day(date(2015, 12, 28))  # Boxing Day (substitute)
    assert is_working_day(date(2015, 3, 20))
