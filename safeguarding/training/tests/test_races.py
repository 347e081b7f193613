"""Two people at once on training: edits of a course or session never silently undo each
other, a register racing the session's cancellation is checked against the locked session,
and the course and session forms sent twice create one record."""

import uuid
from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from safeguarding.core.concurrency import EditConflict
from safeguarding.core.models import AuditEvent
from safeguarding.core.testing.races import race
from safeguarding.training import services
from safeguarding.training.models import Application, Course, Session, Status

from .conftest import apply_and_approve, make_session

LEVELS = ("contributing", "non_contributing", "private")


@pytest.fixture
def second_editor(make_person, children_board):
    return make_person("business_unit", board=children_board, full_name="Sam Second")


def _session_data(session, **changes):
    return {
        "date": session.starts_at.strftime("%d/%m/%Y"),
        "start_time": "09:30",
        "end_time": "15:30",
        "venue": session.venue,
        "trainer": session.trainer,
        "capacity": session.capacity,
        "version": session.version,
        **changes,
    }


def test_second_session_edit_from_the_same_version_is_refused(
    client, business_unit, second_editor, course
):
    session = make_session(business_unit, course)
    url = reverse("training:session_edit", args=[session.pk])
    loaded = _session_data(session)
    client.force_login(second_editor)
    assert client.post(url, {**loaded, "capacity": 12}).status_code == 302

    client.force_login(business_unit)
    response = client.post(url, {**loaded, "venue": "Town Hall, Burnley"})

    assert response.status_code == 200
    assert "by Sam Second" in response.content.decode()
    assert "capacity to &#x27;12&#x27;" in response.content.decode()
    session.refresh_from_db()
    assert (session.capacity, session.venue) == (12, "County Hall, Preston")


def test_stale_course_edit_is_refused(course, business_unit, second_editor):
    services.update_course(second_editor, course, version=1, duration="Half a day")
    with pytest.raises(EditConflict):
        services.update_course(business_unit, course, version=1, topic="Neglect and abuse")
    course.refresh_from_db()
    assert (course.duration, course.topic) == ("Half a day", "Neglect")


def test_the_same_session_form_sent_twice_adds_one_session(client, business_unit, course):
    client.force_login(business_unit)
    url = reverse("training:session_create", args=[course.pk])
    data = {
        "date": "20/03/2031",
        "start_time": "09:30",
        "end_time": "12:30",
        "venue": "County Hall",
        "trainer": "Terry Trainer",
        "capacity": 20,
        "submission": str(uuid.uuid4()),
    }
    first, second = client.post(url, data), client.post(url, data)
    session = Session.objects.get(course=course)
    assert first.url == second.url == reverse("training:session_manage", args=[session.pk])


def test_the_same_course_form_sent_twice_adds_one_course(client, business_unit, children_board):
    client.force_login(business_unit)
    data = {
        "title": "Working with fathers",
        "topic": "Fathers",
        "audience": "Everyone",
        "level": "introductory",
        "learning_outcomes": "Involve fathers",
        "duration": "One day",
        **{f"{kind}_{level}": "0" for kind in ("fee", "charge") for level in LEVELS},
        "offer_hours": 48,
        "waiting_list_minimum": 3,
        "submission": str(uuid.uuid4()),
    }
    url = reverse("training:course_create")
    first, second = client.post(url, data), client.post(url, data)
    assert first.status_code == second.status_code == 302
    assert first.url == second.url
    assert Course.objects.filter(title="Working with fathers").count() == 1


def test_a_register_loaded_before_the_cancellation_is_closed_after_it(
    applicant, manager, business_unit, course
):
    # Booked a month ahead, whatever today is: three days ahead can be past booking's close.
    session = make_session(business_unit, course)
    application = apply_and_approve(applicant, session, manager)
    loaded = Application.objects.select_related("session").get(pk=application.pk)
    services.cancel_session(business_unit, session, "Trainer ill")
    with (
        time_machine.travel(session.starts_at + timedelta(hours=1)),
        pytest.raises(ValidationError, match="cancelled"),
    ):
        services.mark_attendance(business_unit, loaded, attended=False)
    application.refresh_from_db()
    assert application.status == Status.CANCELLED
    assert application.charge is None


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_no_register_mark_racing_the_cancellation_lands_after_it(
    applicant, manager, business_unit, course, staff
):
    session = make_session(business_unit, course, capacity=6)
    applications = [apply_and_approve(person, session, manager) for person in [applicant, *staff]]
    with time_machine.travel(session.starts_at + timedelta(hours=1)):
        marks = [
            lambda application=application: services.mark_attendance(
                business_unit, application, attended=False
            )
            for application in applications
        ]
        outcomes = race(lambda: services.cancel_session(business_unit, session, "Fire"), *marks)

    assert outcomes[0] is None
    cancelled = AuditEvent.objects.get(verb="session cancelled")
    marked = AuditEvent.objects.filter(target_type="training.application", verb="absence marked")
    assert all(event.pk < cancelled.pk for event in marked)
    assert all(
        isinstance(outcome, ValidationError) for outcome in outcomes[1:] if outcome is not None
    )


def test_the_same_application_sent_twice_shows_the_first(client, applicant, manager, session):
    client.force_login(applicant)
    url = reverse("training:apply", args=[session.pk])
    data = {"reason": "For my role", "line_manager": manager.pk, "confirm": "on"}
    data["submission"] = str(uuid.uuid4())
    first, second = client.post(url, data), client.post(url, data)
    application = Application.objects.get(applicant=applicant)
    detail = reverse("training:application_detail", args=[application.pk])
    assert first.url == second.url == detail


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_no_application_racing_the_cancellation_is_left_live(manager, business_unit, course, staff):
    session = make_session(business_unit, course, days=10, capacity=6)
    applies = [
        lambda person=person: services.apply(person, session, reason="Needed", line_manager=manager)
        for person in staff
    ]
    outcomes = race(lambda: services.cancel_session(business_unit, session, "Venue lost"), *applies)

    assert outcomes[0] is None
    live = Application.objects.filter(session=session).exclude(status=Status.CANCELLED)
    assert not live.exists()
    assert all("closed" in outcome.messages[0] for outcome in outcomes[1:] if outcome)
