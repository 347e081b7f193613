"""Calendar files (iCalendar) that Outlook, Google and Apple Calendar accept: the one builder
behind every .ics the hub makes, downloaded, subscribed to as a feed or e-mailed. Apps describe
their events as `CalendarEvent`s; this module writes everything else.

- Times are Europe/London wall-clock times with that zone's VTIMEZONE (its rules, so any year
  and both clock changes come out right); DTSTAMP is in UTC, as the standard asks.
- METHOD says what a file is: PUBLISH for downloads and feeds, REQUEST for an invitation
  e-mailed to someone, CANCEL for telling someone invited that the event is off.
- A record's UID never changes, and SEQUENCE is its `version` (core.concurrency.Versioned)
  less one, which moves on with every saved edit: a moved or cancelled event replaces the copy
  already in people's calendars instead of being added beside it.
- Links are absolute, from settings.SITE_URL.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone
from icalendar import Calendar, Event, Timezone, vCalAddress

from .formatting import absolute_url

LONDON = ZoneInfo("Europe/London")
PUBLISH, REQUEST, CANCEL = "PUBLISH", "REQUEST", "CANCEL"
PRODID = "-//Safeguarding Partnership Hub//Calendar//EN"
# The UK's rules since 1996: summer time from 01:00 UTC on the last Sunday of March to 01:00
# UTC on the last Sunday of October. Written as rules, not a list of dates, so it never ends.
_LONDON_VTIMEZONE = Timezone.from_ical(
    "BEGIN:VTIMEZONE\r\n"
    "TZID:Europe/London\r\n"
    "BEGIN:DAYLIGHT\r\n"
    "TZNAME:BST\r\n"
    "TZOFFSETFROM:+0000\r\n"
    "TZOFFSETTO:+0100\r\n"
    "DTSTART:19810329T010000\r\n"
    "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\n"
    "END:DAYLIGHT\r\n"
    "BEGIN:STANDARD\r\n"
    "TZNAME:GMT\r\n"
    "TZOFFSETFROM:+0100\r\n"
    "TZOFFSETTO:+0000\r\n"
    "DTSTART:19961027T020000\r\n"
    "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\n"
    "END:STANDARD\r\n"
    "END:VTIMEZONE\r\n"
)


@dataclass(frozen=True)
class CalendarEvent:
    uid: str
    summary: str
    start: datetime  # aware
    end: datetime
    organizer: tuple[str, str]  # (name, e-mail address): see `organizer`
    sequence: int = 0
    path: str = ""  # the event's page on the hub
    location: str = ""
    description: str = ""
    cancelled: bool = False


def uid(kind: str, pk) -> str:
    """The event's UID for the life of the record (already in people's calendars: keep it)."""
    return f"{kind}-{pk}@safeguarding-hub"


def sequence(record) -> int:
    """SEQUENCE for a Versioned record: 0 as created, one more for each saved edit."""
    return record.version - 1


def organizer(board) -> tuple[str, str]:
    """Replies and questions go to the board's business unit (or the hub's address)."""
    return board.name, board.email or settings.DEFAULT_FROM_EMAIL


def _address(name: str, email: str) -> vCalAddress:
    address = vCalAddress(f"mailto:{email}")
    if name:
        address.params["CN"] = name
    return address


def _vevent(event: CalendarEvent, method: str, attendee: str, stamp: datetime) -> Event:
    vevent = Event()
    vevent.add("uid", event.uid)
    vevent.add("dtstamp", stamp)
    vevent.add("sequence", event.sequence)
    vevent.add("summary", event.summary)
    vevent.add("dtstart", event.start.astimezone(LONDON))
    vevent.add("dtend", event.end.astimezone(LONDON))
    vevent.add("organizer", _address(*event.organizer))
    if attendee:
        person = _address("", attendee)
        person.params["ROLE"] = "REQ-PARTICIPANT"
        person.params["RSVP"] = "FALSE"
        vevent.add("attendee", person)
    cancelled = event.cancelled or method == CANCEL
    vevent.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    if event.location:
        vevent.add("location", event.location)
    if event.description:
        vevent.add("description", event.description)
    if event.path:
        vevent.add("url", absolute_url(event.path))
    return vevent


def calendar_bytes(
    events: Iterable[CalendarEvent], *, name: str = "", method: str = PUBLISH, attendee: str = ""
) -> bytes:
    """A calendar of `events`. REQUEST and CANCEL name the one `attendee` they are sent to."""
    if method != PUBLISH and not attendee:
        raise ValueError(f"A {method} is sent to someone: give the attendee")
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", method)
    calendar.add("calscale", "GREGORIAN")
    if name:
        calendar.add("x-wr-calname", name)
        calendar.add("x-wr-timezone", "Europe/London")
    calendar.add_component(_LONDON_VTIMEZONE)
    stamp = timezone.now().astimezone(ZoneInfo("UTC"))
    for event in events:
        calendar.add_component(_vevent(event, method, attendee, stamp))
    return calendar.to_ical()


def attachments(filename: str, event: CalendarEvent, *, method: str, attendee: str) -> list:
    """An invitation (REQUEST) or cancellation (CANCEL) to `attendee`, as queue_email's
    attachments. The method is on the MIME type too: Outlook reads it there to show it as an
    invitation."""
    body = calendar_bytes([event], name=event.summary, method=method, attendee=attendee)
    return [
        {
            "filename": filename,
            "content": body.decode(),
            "mimetype": f"text/calendar; method={method}",
        }
    ]


def calendar_response(body: bytes, filename: str = "") -> HttpResponse:
    """A calendar to download as `filename`, or, without one, a feed to subscribe to."""
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    if filename:
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
