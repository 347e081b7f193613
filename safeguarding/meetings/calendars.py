"""Calendar files: one meeting's invitation and feeds of a board's meetings (iCalendar)."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.urls import reverse
from icalendar import Calendar, Event

LONDON = ZoneInfo("Europe/London")


def _event(meeting, *, private: bool) -> Event:
    start = datetime.combine(meeting.date, meeting.start_time, tzinfo=LONDON)
    if meeting.end_time:
        end = datetime.combine(meeting.date, meeting.end_time, tzinfo=LONDON)
    else:
        end = start + timedelta(hours=2)
    event = Event()
    event.add("uid", f"meeting-{meeting.pk}@safeguarding-hub")
    event.add("summary", meeting.title)
    event.add("dtstart", start)
    event.add("dtend", end)
    event.add("dtstamp", meeting.created_at)
    url = settings.SITE_URL.rstrip("/") + reverse("meetings:meeting_detail", args=[meeting.pk])
    event.add("url", url)
    if private:
        location = meeting.venue or meeting.online_link
        if location:
            event.add("location", location)
        description = "Agenda and papers: " + url
        if meeting.online_link:
            description += "\nJoin online: " + meeting.online_link
        event.add("description", description)
    elif meeting.venue:
        event.add("location", meeting.venue)
    return event


def calendar_bytes(meetings, *, name: str, private: bool) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//Safeguarding Partnership Hub//Meetings//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    for meeting in meetings:
        calendar.add_component(_event(meeting, private=private))
    return calendar.to_ical()
