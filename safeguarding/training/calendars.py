"""A training session as a calendar event (core.calendars writes the files)."""

from __future__ import annotations

from django.urls import reverse

from safeguarding.core import calendars
from safeguarding.core.calendars import CalendarEvent


def event(session, *, private: bool) -> CalendarEvent:
    """`private`: for someone with a confirmed place, with the joining link and instructions,
    which the public pages keep for them too."""
    location = session.venue or ("Online" if session.online_link else "")
    description = ""
    if private:
        location = session.venue or session.online_link
        description = session.joining_instructions
        if session.venue and session.online_link:
            description = f"{description}\nJoin online: {session.online_link}".strip()
    return CalendarEvent(
        uid=calendars.uid("training-session", session.pk),
        summary=session.course.title,
        start=session.starts_at,
        end=session.ends_at,
        organizer=calendars.organizer(session.course.board),
        sequence=calendars.sequence(session),
        path=reverse("training:session_detail", args=[session.pk]),
        location=location,
        description=description,
        cancelled=session.is_cancelled,
    )


def attachment(session, person, method: str = calendars.REQUEST) -> list[dict]:
    """The outbox attachment inviting `person` to the session (or, CANCEL, calling it off)."""
    private = event(session, private=True)
    return calendars.attachments(
        f"training-{session.pk}.ics", private, method=method, attendee=person.email
    )


def programme(sessions) -> bytes:
    """The public programme as one feed; a cancelled session stays in it, marked cancelled,
    so subscribed calendars show that it is off."""
    events = (event(session, private=False) for session in sessions)
    return calendars.calendar_bytes(events, name="Safeguarding training programme")
