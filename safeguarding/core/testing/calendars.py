"""Reading calendars back in tests as calendar programs do: with the icalendar parser, and from
an e-mail as it is received."""

import email

from icalendar import Calendar


def read_calendar(body: bytes, method: str = "PUBLISH") -> Calendar:
    """The parsed calendar, checked to say `method` and to carry the Europe/London zone."""
    calendar = Calendar.from_ical(body)
    assert calendar["METHOD"] == method
    assert calendar.walk("VTIMEZONE")[0]["TZID"] == "Europe/London"
    return calendar


def calendars_received(message, method: str) -> list[Calendar]:
    """The calendars a sent message (django.core.mail) carries with `method` on their MIME
    type, read from the message as it goes out."""
    received = email.message_from_bytes(message.message().as_bytes())
    return [
        read_calendar(part.get_payload(decode=True), method)
        for part in received.walk()
        if part.get_content_type() == "text/calendar" and part.get_param("method") == method
    ]
