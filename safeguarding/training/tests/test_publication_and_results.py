"""Taking a course off the public pages (and back), and a course's feedback results."""

import csv
import io
import re
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from openpyxl import load_workbook
from rest_framework.test import APIClient

from safeguarding.core.models import AuditEvent
from safeguarding.training import services
from safeguarding.training.models import Status

from .conftest import apply_and_approve, make_session

pytestmark = pytest.mark.django_db


# --- Taking a course off the public pages ----------------------------------------------------


def test_taking_a_course_off_the_public_pages_and_back(
    client, business_unit, course, session, applicant, manager, staff
):
    place = apply_and_approve(applicant, session, manager)
    client.force_login(business_unit)
    course_url = reverse("training:course_detail", args=[course.pk])
    assert "Take the course off the public pages" in client.get(course_url).content.decode()
    edit = client.get(reverse("training:course_edit", args=[course.pk])).content.decode()
    url = reverse("training:course_publication", args=[course.pk])
    assert url in edit
    confirm = client.get(url).content.decode()
    assert "disappear from the course catalogue" in confirm
    assert "booking stops" in confirm
    assert "1 application and place already made" in confirm
    response = client.post(url, {"publish": "no"}, follow=True)
    assert "has been taken off the public pages" in response.content.decode()
    course.refresh_from_db()
    assert not course.is_published
    event = AuditEvent.objects.get(verb="course taken off the public pages")
    assert event.actor == business_unit
    assert event.payload["live_applications"] == 1
    # the business unit still sees the course page, saying so, with the way back
    page = client.get(course_url).content.decode()
    assert "This course is not on the public pages" in page
    assert "Put the course back on the public pages" in page
    # nobody else finds it, its sessions or a way to apply
    client.force_login(staff[0])
    catalogue = client.get(reverse("training:catalogue")).content.decode()
    assert course.title not in catalogue
    for name, pk in (
        ("course_detail", course.pk),
        ("session_detail", session.pk),
        ("apply", session.pk),
        ("session_ics", session.pk),
    ):
        assert client.get(reverse(f"training:{name}", args=[pk])).status_code == 404, name
    with pytest.raises(ValidationError):
        services.apply(staff[0], session, reason="Please", line_manager=manager)
    api = APIClient()
    api.force_authenticate(staff[0])
    assert api.get("/api/training-courses/").json()["count"] == 0
    assert api.get("/api/training-sessions/").json()["count"] == 0
    response = api.post(
        "/api/training-applications/", {"session": session.pk, "reason": "Please"}, format="json"
    )
    assert response.status_code == 400
    # places already given are kept, and their holders keep the calendar invitation
    place.refresh_from_db()
    assert place.status == Status.CONFIRMED
    client.force_login(applicant)
    ics = client.get(reverse("training:session_ics", args=[session.pk]))
    assert b"BEGIN:VEVENT" in ics.content
    # and back again
    client.force_login(business_unit)
    assert "appear in the course catalogue again" in client.get(url).content.decode()
    response = client.post(url, {"publish": "yes"}, follow=True)
    assert "is back on the public pages" in response.content.decode()
    client.force_login(staff[0])
    assert client.get(reverse("training:apply", args=[session.pk])).status_code == 200
    assert AuditEvent.objects.filter(verb="course put back on the public pages").count() == 1


def test_publication_is_for_the_courses_business_unit_only(
    client, course, applicant, make_person, adults_board
):
    with pytest.raises(PermissionDenied):
        services.set_course_published(applicant, course, False)
    other_unit = make_person("business_unit", board=adults_board)
    with pytest.raises(PermissionDenied):
        services.set_course_published(other_unit, course, False)
    client.force_login(other_unit)
    url = reverse("training:course_publication", args=[course.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"publish": "no"}).status_code == 404
    course.refresh_from_db()
    assert course.is_published


def test_publication_through_the_api(business_unit, course, session, applicant):
    api = APIClient()
    api.force_authenticate(applicant)
    assert api.post(f"/api/training-courses/{course.pk}/unpublish/").status_code == 404
    api.force_authenticate(business_unit)
    response = api.post(f"/api/training-courses/{course.pk}/unpublish/")
    assert response.status_code == 200, response.json()
    assert response.json()["is_published"] is False
    assert api.get(f"/api/training-sessions/{session.pk}/").status_code == 404
    response = api.post(f"/api/training-courses/{course.pk}/publish/")
    assert response.json()["is_published"] is True
    assert api.get(f"/api/training-sessions/{session.pk}/").status_code == 200


# --- A course's feedback results -------------------------------------------------------------


def _past_sessions_with_feedback(business_unit, course, manager, people, count, answers):
    """`count` sessions (booked, then moved into the past), each attended by `people`, of
    whom `answers` give feedback."""
    sessions = []
    for number in range(count):
        session = make_session(business_unit, course, days=20 + number, capacity=len(people))
        applications = [apply_and_approve(person, session, manager) for person in people]
        start = session.starts_at - timedelta(days=40 + number)
        services.update_session(
            business_unit,
            session,
            starts_at=start,
            ends_at=start + timedelta(hours=3),
            booking_closes=start.date(),
        )
        for index, booked in enumerate(applications):
            application = services.mark_attendance(business_unit, booked, attended=True)
            if index < answers:
                services.submit_feedback(
                    application.applicant,
                    application,
                    overall=1 + (index + number) % 5,
                    outcomes_met=5 - index % 5,
                    will_change_practice=index % 2 == 0,
                    comments=f"Comment {number}-{index}",
                )
        sessions.append(session)
    return sessions


@pytest.fixture
def people(applicant, staff):
    return [applicant, *staff]


def test_course_results_combine_every_session(client, business_unit, course, manager, people):
    sessions = _past_sessions_with_feedback(business_unit, course, manager, people, 2, 3)
    make_session(business_unit, course, days=30)  # still to come: not listed
    client.force_login(business_unit)
    url = reverse("training:course_results", args=[course.pk])
    response = client.get(url)
    assert response.status_code == 200
    page = response.content.decode()
    assert "6 responses from 2 sessions" in page
    # ratings 1,2,3 then 2,3,4: averages 2.5 overall; outcomes 5,4,3 twice: 4.0
    assert "Average overall rating 2.5 out of 5" in page
    assert "learning outcomes met 4.0 out of 5" in page
    summary = response.context["summary"]
    assert [row["count"] for row in response.context["distribution"]] == [1, 2, 2, 1, 0]
    assert [row["outcomes_count"] for row in response.context["distribution"]] == [0, 0, 2, 2, 2]
    assert summary["changing"] == 4
    rows = response.context["sessions"]
    assert [s.pk for s in rows] == [s.pk for s in sorted(sessions, key=lambda s: s.starts_at)]
    assert [(s.attended, s.responses) for s in rows] == [(6, 3), (6, 3)]
    # the chart has a text alternative of both sets of ratings, and its table the same figures
    assert re.search(r'aria-labelledby="([\w-]+)-title \1-desc"', page)
    assert "Rating 1: 1 response; rating 2: 2 responses" in page
    assert "learning outcomes were met, 1 (not at all) to 5 (fully): Rating 1: 0 responses" in page
    assert "Number of responses giving each rating" in page
    assert "Comment 1-2" in page
    # linked from the course page and the reports page
    client.get(reverse("training:course_detail", args=[course.pk]))
    assert url in client.get(reverse("training:course_detail", args=[course.pk])).content.decode()
    assert url in client.get(reverse("training:reports")).content.decode()


def test_course_results_download_as_csv_and_excel(client, business_unit, course, manager, people):
    _past_sessions_with_feedback(business_unit, course, manager, people, 2, 3)
    client.force_login(business_unit)
    url = reverse("training:course_results", args=[course.pk])
    response = client.get(url, {"download": "csv"})
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:4] == ["Session", "Trainer", "Attended", "Responses"]
    assert len(rows) == 4
    assert rows[-1][:4] == ["All sessions", "", "12", "6"]
    assert rows[-1][4] == "2.5"
    response = client.get(url, {"download": "xlsx"})
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    values = list(sheet.values)
    assert values[-1][0] == "All sessions"
    assert values[-1][3] == 6


def test_course_results_are_the_business_units(client, course, applicant, make_person):
    url = reverse("training:course_results", args=[course.pk])
    client.force_login(applicant)
    assert client.get(url).status_code == 404
    assert client.get(url, {"download": "csv"}).status_code == 404
    api = APIClient()
    api.force_authenticate(applicant)
    assert api.get(f"/api/training-courses/{course.pk}/feedback/").status_code == 404


def test_course_results_through_the_api(business_unit, course, manager, people):
    _past_sessions_with_feedback(business_unit, course, manager, people, 2, 3)
    api = APIClient()
    api.force_authenticate(business_unit)
    data = api.get(f"/api/training-courses/{course.pk}/feedback/").json()
    assert data["responses"] == 6
    assert data["average_overall"] == pytest.approx(2.5)
    assert [r["overall"] for r in data["ratings"]] == [1, 2, 2, 1, 0]
    assert [s["responses"] for s in data["sessions"]] == [3, 3]
    assert data["sessions"][0]["overall_ratings"] == [1, 1, 1, 0, 0]


@pytest.mark.parametrize(("sessions", "answers"), [(1, 2), (6, 6)])
def test_course_results_query_count_does_not_grow_with_the_data(
    client, business_unit, course, manager, people, sessions, answers, django_assert_max_num_queries
):
    _past_sessions_with_feedback(business_unit, course, manager, people, sessions, answers)
    client.force_login(business_unit)
    url = reverse("training:course_results", args=[course.pk])
    client.get(url)  # the first page of a test also fills per-process caches
    with django_assert_max_num_queries(8):
        assert client.get(url).status_code == 200
    with django_assert_max_num_queries(8):
        response = client.get(url, {"download": "csv"})
        b"".join(response.streaming_content)
    api = APIClient()
    api.force_authenticate(business_unit)
    with django_assert_max_num_queries(8):
        assert api.get(f"/api/training-courses/{course.pk}/feedback/").status_code == 200
