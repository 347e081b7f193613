"""The demo county tells one story whatever day it is loaded: the seed's history in 2014-2015,
and a present around the day of loading, every meeting, session and inspection on working
days. Its past counts as notified, so the first sweeps send next to nothing."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from safeguarding.actionplans.models import ActionPlan, ProgressUpdate
from safeguarding.core.models import OutboundEmail
from safeguarding.core.sweeps import run_sweeps
from safeguarding.core.workdays import add_working_days, is_working_day
from safeguarding.inspections.models import Inspection
from safeguarding.meetings.models import Meeting
from safeguarding.organisations.models import Board
from safeguarding.training.models import Application, Session

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
DAYS = [
    datetime(2027, 5, 28, 9, tzinfo=LONDON),  # a Friday before the Spring bank holiday Monday
    datetime(2026, 11, 18, 11, tzinfo=LONDON),  # a Wednesday
]
PRESENT = timedelta(days=366)  # the present: within a year of today (a business year)


def _local(moment):
    return timezone.localtime(moment).date()


@pytest.mark.parametrize("when", DAYS, ids=["friday-before-bank-holiday", "midweek"])
def test_demo_dates_tell_one_story(when):
    with time_machine.travel(when, tick=False):
        call_command("load_demo_county")
        today = timezone.localdate()

        # Meetings, sessions and inspection days are working days, at sensible times.
        for meeting in Meeting.objects.all():
            assert is_working_day(meeting.date), meeting
            assert 9 <= meeting.start_time.hour <= 14, meeting
        for session in Session.objects.select_related("course"):
            first, last = _local(session.starts_at), _local(session.ends_at)
            assert is_working_day(first), session
            assert is_working_day(last), session
            hours = (session.ends_at - session.starts_at).total_seconds() / 3600
            duration = session.course.duration
            if duration == "Two days":
                assert last == first + timedelta(days=1) == add_working_days(first, 1), session
            elif duration == "One day":
                assert (first, hours) == (last, 7), session
            else:  # "3 hours" or "Half a day"
                assert (first, hours) == (last, 3), session
        for inspection in Inspection.objects.all():
            for day in (inspection.notice_date, inspection.fieldwork_start):
                assert is_working_day(day), inspection
            assert is_working_day(inspection.fieldwork_end), inspection

        # Both boards meet soon, and the CPBs too.
        for board in Board.objects.all():
            assert Meeting.objects.filter(board=board, date__gte=today, kind="board").exists()
        assert Meeting.objects.filter(kind="cpb", date__gte=today).count() >= 5
        assert Session.objects.filter(starts_at__date__gte=today).exists()
        assert Inspection.objects.filter(notice_date__lte=today, fieldwork_start__gt=today)

        # Approved minutes have their text.
        for meeting in Meeting.objects.filter(minutes_state=Meeting.Minutes.APPROVED):
            assert meeting.items.exists(), meeting
            for item in meeting.items.all():
                assert item.discussion.strip(), item

        # Everything is either the seed's history (2014-2015) or the present around today.
        dated = (
            [m.date for m in Meeting.objects.all()]
            + [i.fieldwork_start for i in Inspection.objects.all()]
            + [p.period_start for p in ActionPlan.objects.all()]
            + [u.date for u in ProgressUpdate.objects.all()]
        )
        for day in dated:
            assert day.year in (2014, 2015) or abs(day - today) < PRESENT, day
        seed = Meeting.objects.get(date="2015-03-20")
        assert seed.minutes_state == Meeting.Minutes.APPROVED

        # A second load adds nothing.
        counts = [m.objects.count() for m in (Meeting, Session, Application, Inspection)]
        call_command("load_demo_county")
        assert [m.objects.count() for m in (Meeting, Session, Application, Inspection)] == counts


def test_the_first_sweeps_send_only_what_is_due_now():
    call_command("load_demo_county")
    before = OutboundEmail.objects.count()
    assert not OutboundEmail.objects.exclude(status=OutboundEmail.Status.SENT).exists()
    run_sweeps()
    assert OutboundEmail.objects.count() - before < 10
    # Tomorrow, the sweeps find what has fallen due since, and it is a handful.
    with time_machine.travel(timezone.now() + timedelta(days=1)):
        run_sweeps()
    assert 0 < OutboundEmail.objects.count() - before < 60
