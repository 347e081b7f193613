"""Meetings in calendars: downloads, the public feed and the invitation e-mailed to members, read
back with the icalendar parser and, for the e-mail, as the message is received."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from icalendar import Calendar

from safeguarding.core.calendars import LONDON
from safeguarding.core.models import AuditEvent
from safeguarding.core.outbox import send_pending
from safeguarding.core.testing.calendars import calendars_received, read_calendar
from safeguarding.meetings import services

START = datetime.datetime(2030, 3, 20, 10, tzinfo=LONDON)


def _download(client, meeting):
    response = client.get(f"/meetings/{meeting.pk}/meeting.ics")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    [event] = read_calendar(response.content).walk("VEVENT")
    return event


def test_anyone_may_add_a_meeting_as_the_public_feed_shows_it(
    client, settings, business_unit, meeting
):
    settings.SITE_URL = "https://hub.example.org"
    services.update_meeting(business_unit, meeting, online_link="https://meet.example.org/lscb")
    event = _download(client, meeting)  # not signed in
    assert event["SUMMARY"] == "LSCB"
    assert event["LOCATION"] == "County Hall, Preston"
    assert event["DTSTART"].dt == START
    assert event["URL"] == f"https://hub.example.org/meetings/{meeting.pk}/"
    assert "DESCRIPTION" not in event  # the online link is for members
    assert b"meet.example.org" not in client.get(f"/meetings/{meeting.pk}/meeting.ics").content


def test_a_member_gets_the_online_link_and_the_agenda_address(
    client, settings, business_unit, member, outsider, meeting
):
    settings.SITE_URL = "https://hub.example.org"
    services.update_meeting(business_unit, meeting, online_link="https://meet.example.org/lscb")
    client.force_login(member)
    description = _download(client, meeting)["DESCRIPTION"]
    assert f"https://hub.example.org/meetings/{meeting.pk}/" in description
    assert "https://meet.example.org/lscb" in description
    client.force_login(outsider)  # a board member, but not of this meeting
    assert "DESCRIPTION" not in _download(client, meeting)


def test_uid_stays_and_sequence_moves_on_when_the_meeting_moves(client, business_unit, meeting):
    first, again = _download(client, meeting), _download(client, meeting)
    assert first["UID"] == again["UID"] == f"meeting-{meeting.pk}@safeguarding-hub"
    assert first["SEQUENCE"] == again["SEQUENCE"] == 0
    services.update_meeting(business_unit, meeting, date=datetime.date(2030, 3, 27))
    moved = _download(client, meeting)
    assert moved["UID"] == first["UID"]
    assert moved["SEQUENCE"] > first["SEQUENCE"]
    assert moved["DTSTART"].dt == START + datetime.timedelta(weeks=1)


def test_the_public_feed_lists_the_boards_meetings(client, children_board, meeting):
    response = client.get(f"/meetings/calendar/{children_board.slug}.ics")
    assert "Content-Disposition" not in response  # subscribed to, not downloaded
    calendar = read_calendar(response.content)
    assert calendar["X-WR-CALNAME"] == children_board.name
    assert [event["UID"] for event in calendar.walk("VEVENT")] == [
        f"meeting-{meeting.pk}@safeguarding-hub"
    ]


def test_members_are_invited_with_a_request_naming_them(
    settings, business_unit, member, meeting, item
):
    settings.SITE_URL = "https://hub.example.org"
    services.publish_agenda(business_unit, meeting)
    send_pending()
    [calendar] = calendars_received(mail.outbox[0], "REQUEST")
    [event] = calendar.walk("VEVENT")
    assert event["ATTENDEE"] == f"mailto:{member.email}"
    assert event["ORGANIZER"].params["CN"] == meeting.board.name
    assert event["URL"] == f"https://hub.example.org/meetings/{meeting.pk}/"


def test_members_invited_get_the_moved_meeting_with_a_higher_sequence(
    business_unit, member, meeting, item
):
    services.publish_agenda(business_unit, meeting)
    services.update_meeting(business_unit, meeting, title="LSCB (renamed)")  # not a move
    services.update_meeting(
        business_unit, meeting, start_time=datetime.time(14), end_time=datetime.time(15)
    )
    send_pending()
    assert [m.subject.split(":")[0] for m in mail.outbox] == [
        "Agenda and papers",
        "Meeting changed",
    ]
    first, moved = (
        Calendar.from_ical(message.attachments[0][1]).walk("VEVENT")[0] for message in mail.outbox
    )
    assert moved["UID"] == first["UID"]
    assert moved["SEQUENCE"] > first["SEQUENCE"]
    assert moved["DTSTART"].dt == START.replace(hour=14)
    assert "LSCB (renamed) has changed" in mail.outbox[1].body


def test_a_cancelled_meeting_is_sent_as_a_cancellation_and_shown_in_the_feed(
    client, business_unit, children_board, member, meeting, item
):
    services.publish_agenda(business_unit, meeting)
    invited = _download(client, meeting)
    client.force_login(business_unit)
    response = client.post(f"/meetings/{meeting.pk}/cancel/", {"reason": ""})
    assert "Enter why the meeting is cancelled, for the members" in response.content.decode()
    response = client.post(f"/meetings/{meeting.pk}/cancel/", {"reason": "Not quorate"})
    assert response.status_code == 302
    send_pending()
    cancelled = mail.outbox[-1]
    assert cancelled.to == [member.email]
    assert "Reason: Not quorate" in cancelled.body
    [calendar] = calendars_received(cancelled, "CANCEL")
    [event] = calendar.walk("VEVENT")
    assert (event["UID"], event["STATUS"]) == (invited["UID"], "CANCELLED")
    assert event["SEQUENCE"] > invited["SEQUENCE"]
    client.logout()
    feed = client.get(f"/meetings/calendar/{children_board.slug}.ics")
    assert read_calendar(feed.content).walk("VEVENT")[0]["STATUS"] == "CANCELLED"
    assert AuditEvent.objects.filter(verb="meeting cancelled").count() == 1
    with pytest.raises(ValidationError):
        services.cancel_meeting(business_unit, meeting, reason="Again")
    with pytest.raises(ValidationError):
        services.publish_agenda(business_unit, meeting)
