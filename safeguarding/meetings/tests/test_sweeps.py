import datetime

from django.core import mail
from django.utils import timezone

from safeguarding.core.outbox import send_pending
from safeguarding.meetings import services, sweeps


def _soon(business_unit, children_board, member, days):
    meeting = services.schedule_meeting(
        business_unit,
        board=children_board,
        kind="board",
        title="LSCB",
        date=timezone.localdate() + datetime.timedelta(days=days),
        start_time=datetime.time(10),
        venue="County Hall",
        members=[member],
    )[0]
    services.add_item(business_unit, meeting, title="Business Plan", purpose="decision")
    return meeting


def test_members_reminded_once_before_a_published_meeting(business_unit, children_board, member):
    meeting = _soon(business_unit, children_board, member, 2)
    assert sweeps.remind_members() == 0  # agenda not published yet
    services.publish_agenda(business_unit, meeting)
    assert sweeps.remind_members() == 1
    assert sweeps.remind_members() == 0
    send_pending()
    reminder = [m for m in mail.outbox if m.subject.startswith("Reminder")]
    assert [m.to for m in reminder] == [[member.email]]
    assert "meeting.ics" in reminder[0].body


def test_business_unit_told_when_the_agenda_is_late(business_unit, children_board, member):
    meeting = _soon(business_unit, children_board, member, 5)
    assert sweeps.agenda_due() == 1
    assert sweeps.agenda_due() == 0
    services.publish_agenda(business_unit, meeting)
    later = _soon(business_unit, children_board, member, 30)
    assert sweeps.agenda_due() == 0
    assert later.agenda_published_at is None
