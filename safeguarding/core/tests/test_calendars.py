"""The calendar builder, read back with the icalendar parser as calendar programs read it."""

from datetime import UTC, datetime, timedelta

import pytest
from icalendar import Calendar

from safeguarding.core import calendars
from safeguarding.core.calendars import LONDON, CalendarEvent


def _event(start: datetime, **fields) -> CalendarEvent:
    return CalendarEvent(
        uid=calendars.uid("meeting", 7),
        summary="Board meeting",
        start=start,
        end=start + timedelta(hours=2),
        organizer=("Lancashire Safeguarding Children Board", "lscb@example.org"),
        sequence=2,
        path="/meetings/7/",
        **fields,
    )


def _parse(body: bytes) -> Calendar:
    return Calendar.from_ical(body)


def test_times_are_london_wall_clock_with_its_timezone_in_summer_and_winter():
    summer = _event(datetime(2030, 7, 1, 10, tzinfo=LONDON))
    winter = _event(datetime(2031, 1, 6, 10, tzinfo=LONDON))
    calendar = _parse(calendars.calendar_bytes([summer, winter], name="Meetings"))
    [zone] = calendar.walk("VTIMEZONE")
    assert zone["TZID"] == "Europe/London"
    assert {part.name for part in zone.subcomponents} == {"STANDARD", "DAYLIGHT"}
    july, january = calendar.walk("VEVENT")
    assert july["DTSTART"].params["TZID"] == "Europe/London"
    assert july["DTSTART"].dt.astimezone(UTC) == datetime(2030, 7, 1, 9, tzinfo=UTC)
    assert january["DTSTART"].dt.astimezone(UTC) == datetime(2031, 1, 6, 10, tzinfo=UTC)
    assert july["DTSTAMP"].dt.tzinfo is not None
    assert july["DTSTAMP"].dt.utcoffset() == timedelta(0)


def test_the_timezone_written_agrees_with_the_uk_clock_changes_for_decades():
    """Clients that use the file's VTIMEZONE rather than their own tables get the same hour."""
    [zone] = _parse(calendars.calendar_bytes([])).walk("VTIMEZONE")
    written = zone.to_tz()
    noon = datetime(2026, 1, 1, 12, tzinfo=written)
    while noon.year < 2060:
        assert noon.utcoffset() == noon.replace(tzinfo=LONDON).utcoffset(), noon.date()
        noon += timedelta(days=1)


def test_a_download_says_publish_and_carries_what_clients_need(settings):
    settings.SITE_URL = "https://hub.example.org"
    calendar = _parse(calendars.calendar_bytes([_event(datetime(2030, 3, 20, 10, tzinfo=LONDON))]))
    assert calendar["METHOD"] == "PUBLISH"
    assert calendar["VERSION"] == "2.0"
    assert calendar["PRODID"] == calendars.PRODID
    [event] = calendar.walk("VEVENT")
    assert event["UID"] == "meeting-7@safeguarding-hub"
    assert event["SEQUENCE"] == 2
    assert event["STATUS"] == "CONFIRMED"
    assert event["URL"] == "https://hub.example.org/meetings/7/"
    assert event["ORGANIZER"] == "mailto:lscb@example.org"
    assert event["ORGANIZER"].params["CN"] == "Lancashire Safeguarding Children Board"
    assert "ATTENDEE" not in event


def test_an_invitation_and_its_cancellation_name_the_person_sent_to():
    event = _event(datetime(2030, 3, 20, 10, tzinfo=LONDON))
    [invitation] = calendars.attachments(
        "m.ics", event, method=calendars.REQUEST, attendee="a@x.org"
    )
    assert invitation["mimetype"] == "text/calendar; method=REQUEST"
    request = _parse(invitation["content"].encode())
    assert request["METHOD"] == "REQUEST"
    assert request.walk("VEVENT")[0]["ATTENDEE"] == "mailto:a@x.org"
    cancel = _parse(calendars.calendar_bytes([event], method=calendars.CANCEL, attendee="a@x.org"))
    assert cancel["METHOD"] == "CANCEL"
    assert cancel.walk("VEVENT")[0]["STATUS"] == "CANCELLED"
    with pytest.raises(ValueError, match="give the attendee"):
        calendars.calendar_bytes([event], method=calendars.REQUEST)


def test_a_feed_is_served_to_subscribe_and_a_file_to_download():
    feed = calendars.calendar_response(b"BEGIN:VCALENDAR")
    assert feed["Content-Type"] == "text/calendar; charset=utf-8"
    assert "Content-Disposition" not in feed
    download = calendars.calendar_response(b"BEGIN:VCALENDAR", "meeting-7.ics")
    assert download["Content-Disposition"] == 'attachment; filename="meeting-7.ics"'
