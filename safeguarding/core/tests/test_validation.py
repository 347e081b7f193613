import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from safeguarding.core.validation import check_date

TODAY = datetime.date(2026, 3, 10)


def refusal(*args, **kwargs) -> str:
    with pytest.raises(ValidationError) as refused:
        check_date(*args, **kwargs)
    (field, messages), *_ = refused.value.message_dict.items()
    return f"{field}: {messages[0]}"


@time_machine.travel(datetime.datetime(2026, 3, 10, 12, tzinfo=datetime.UTC), tick=False)
def test_bounds_and_field_named_messages():
    check_date("due_date", datetime.date(2000, 1, 1), "due date")
    check_date("due_date", datetime.date(2031, 3, 10), "due date")
    check_date("due_date", None, "due date")
    assert refusal("due_date", datetime.date(1900, 1, 1), "due date") == (
        "due_date: Enter a due date on or after 1 January 2000"
    )
    assert refusal("due_date", datetime.date(2031, 3, 11), "due date") == (
        "due_date: Enter a due date no later than 10 March 2031"
    )
    assert refusal("respond_by", datetime.date(9999, 12, 31), "reply-by date", years_ahead=1) == (
        "respond_by: Enter a reply-by date no later than 10 March 2027"
    )
    assert refusal("date", TODAY + datetime.timedelta(days=1), "date", not_future=True) == (
        "date: Enter a date today or in the past"
    )
    check_date("date", TODAY, "date", not_future=True)
    assert refusal(
        "until", datetime.date(2026, 1, 1), "end date", earliest=datetime.date(2026, 2, 1)
    ) == ("until: Enter an end date on or after 1 February 2026")


def test_datetimes_are_judged_by_their_local_day():
    local = timezone.get_current_timezone()
    late = datetime.datetime(1999, 12, 31, 23, 30, tzinfo=local)
    with pytest.raises(ValidationError):
        check_date("starts_at", late, "date for the session")
    check_date("starts_at", late + datetime.timedelta(hours=1), "date for the session")
