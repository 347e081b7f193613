"""Training in calendars: a session's .ics, the programme feed, and the invitation and
cancellation e-mailed to people with a place, read back with the icalendar parser and, for the
e-mails, as the messages are received."""

from datetime import timedelta

from django.core import mail
from django.urls import reverse

from safeguarding.core.outbox import send_pending
from safeguarding.core.testing.calendars import calendars_received, read_calendar
from safeguarding.training import services

from .conftest import apply_and_approve, make_session

LINK = "https://meet.example.org/neglect"


def _download(client, session):
    response = client.get(reverse("training:session_ics", args=[session.pk]))
    assert response.status_code == 200
    [event] = read_calendar(response.content).walk("VEVENT")
    return event


def _invitations(method: str):
    """(recipient, calendar) of each e-mail sent with a `method` calendar."""
    send_pending()
    return [
        (message.to[0], calendar)
        for message in mail.outbox
        for calendar in calendars_received(message, method)
    ]


def test_the_public_get_the_session_and_a_confirmed_place_the_joining_link(
    client, settings, business_unit, session, applicant, manager
):
    settings.SITE_URL = "https://hub.example.org"
    services.update_session(business_unit, session, online_link=LINK)
    event = _download(client, session)
    assert event["SUMMARY"] == "Recognising neglect"
    assert event["DTSTART"].params["TZID"] == "Europe/London"
    assert event["DTSTART"].dt == session.starts_at
    assert event["URL"] == f"https://hub.example.org/training/sessions/{session.pk}/"
    assert LINK not in event.to_ical().decode()
    apply_and_approve(applicant, session, manager)
    client.force_login(applicant)
    assert LINK in _download(client, session)["DESCRIPTION"]


def test_uid_stays_and_sequence_moves_on_when_moved_and_when_cancelled(
    client, business_unit, session, applicant, manager
):
    apply_and_approve(applicant, session, manager)
    client.force_login(applicant)
    first, again = _download(client, session), _download(client, session)
    uid = f"training-session-{session.pk}@safeguarding-hub"
    assert first["UID"] == again["UID"] == uid
    assert first["SEQUENCE"] == again["SEQUENCE"]
    day = timedelta(days=1)
    start, end = session.starts_at + day, session.ends_at + day
    services.update_session(business_unit, session, starts_at=start, ends_at=end)
    moved = _download(client, session)
    assert (moved["UID"], moved["DTSTART"].dt) == (uid, start)
    assert moved["SEQUENCE"] > first["SEQUENCE"]
    services.cancel_session(business_unit, session, "Trainer ill")
    [(to, cancellation)] = _invitations("CANCEL")
    assert to == applicant.email
    [event] = cancellation.walk("VEVENT")
    assert (event["UID"], event["STATUS"]) == (uid, "CANCELLED")
    assert event["SEQUENCE"] > moved["SEQUENCE"]
    assert event["ATTENDEE"] == f"mailto:{applicant.email}"


def test_a_confirmed_place_is_sent_an_invitation_with_the_link(
    settings, business_unit, session, applicant, manager
):
    settings.SITE_URL = "https://hub.example.org"
    services.update_session(business_unit, session, online_link=LINK)
    apply_and_approve(applicant, session, manager)
    [(to, invitation)] = _invitations("REQUEST")
    assert to == applicant.email
    [event] = invitation.walk("VEVENT")
    assert event["ORGANIZER"].params["CN"] == session.course.board.name
    assert event["URL"] == f"https://hub.example.org/training/sessions/{session.pk}/"
    assert LINK in event["DESCRIPTION"]


def test_the_programme_is_one_feed_with_cancelled_sessions_marked(
    client, settings, business_unit, course, session
):
    settings.SITE_URL = "https://hub.example.org"
    later = make_session(business_unit, course, days=60)
    services.cancel_session(business_unit, later, "Trainer ill")
    response = client.get(reverse("training:programme_calendar"))
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert "Content-Disposition" not in response
    events = {event["UID"]: event for event in read_calendar(response.content).walk("VEVENT")}
    assert events[f"training-session-{session.pk}@safeguarding-hub"]["STATUS"] == "CONFIRMED"
    assert events[f"training-session-{later.pk}@safeguarding-hub"]["STATUS"] == "CANCELLED"
    assert all(event["URL"].startswith("https://hub.example.org/") for event in events.values())
    catalogue = client.get(reverse("training:catalogue")).content.decode()
    assert reverse("training:programme_calendar") in catalogue


def test_a_confirmed_place_shows_a_calendar_link(client, session, applicant, manager):
    application = apply_and_approve(applicant, session, manager)
    client.force_login(applicant)
    ics = reverse("training:session_ics", args=[session.pk])
    page = client.get(reverse("training:application_detail", args=[application.pk]))
    assert ics in page.content.decode()
    assert ics in client.get(reverse("training:my_applications")).content.decode()


def test_a_confirmed_place_is_sent_the_moved_session(business_unit, session, applicant, manager):
    apply_and_approve(applicant, session, manager)
    services.update_session(business_unit, session, capacity=5)  # not a move
    services.update_session(business_unit, session, venue="Preston Guild Hall")
    [first, moved] = [calendar.walk("VEVENT")[0] for _, calendar in _invitations("REQUEST")]
    assert mail.outbox[-1].subject == "Session changed: Recognising neglect"
    assert moved["UID"] == first["UID"]
    assert moved["SEQUENCE"] > first["SEQUENCE"]
    assert moved["LOCATION"] == "Preston Guild Hall"
