"""A meeting as a calendar event (core.calendars writes the files)."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.urls import reverse

from safeguarding.core import calendars
from safeguarding.core.calendars import LONDON, CalendarEvent

# A meeting with no end time given is shown as two hours long.
DEFAULT_LENGTH = timedelta(hours=2)


def event(meeting, *, private: bool) -> CalendarEvent:
    """`private`: for members, with the online link and the agenda; the public see the date,
    time and venue, as the public feed shows them."""
    start = datetime.combine(meeting.date, meeting.start_time, tzinfo=LONDON)
    if meeting.end_time:
        end = datetime.combine(meeting.date, meeting.end_time, tzinfo=LONDON)
    else:
        end = start + DEFAULT_LENGTH
    path = reverse("meetings:meeting_detail", args=[meeting.pk])
    location, description = meeting.venue, ""
    if private:
        location = meeting.venue or meeting.online_link
        description = "Agenda and papers: " + calendars.absolute_url(path)
        if meeting.online_link:
            description += "\nJoin online: " + meeting.online_link
    return CalendarEvent(
        uid=calendars.uid("meeting", meeting.pk),
        summary=meeting.title,
        start=start,
        end=end,
        organizer=calendars.organizer(meeting.board),
        sequence=calendars.sequence(meeting),
        path=path,
        location=location,
        description=description,
        cancelled=meeting.is_cancelled,
    )


def invitation(meeting, person, method: str) -> list[dict]:
    """The outbox attachment inviting a member (REQUEST) or calling the meeting off (CANCEL)."""
    private = event(meeting, private=True)
    return calendars.attachments(
        f"meeting-{meeting.pk}.ics", private, method=method, attendee=person.email
    )
