"""In Chromium, with axe-core after every page: a trainer signs in, finds today's register on
their home page, marks it on a phone-sized screen; the business unit reads a course's feedback
results and the page for taking the course off the public pages."""

from datetime import timedelta

import pytest
from django.utils import timezone

from safeguarding.organisations.tests.factories import AgencyFactory, PersonFactory
from safeguarding.training import services
from safeguarding.training.models import Status

from .conftest import started_earlier_today

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def programme(business_unit, children_board):
    health = AgencyFactory(name="Lancashire Teaching Hospitals")
    manager = PersonFactory(agency=health, full_name="Maria Manager")
    trainer = PersonFactory(agency=health, full_name="Tess Trainer")
    people = [
        PersonFactory(agency=health, line_manager=manager, full_name=name)
        for name in ("Ann Apply", "Ben Booked", "Cat Confirmed")
    ]
    course = services.create_course(
        business_unit,
        board=children_board,
        title="Recognising and responding to neglect",
        topic="Neglect",
        audience="Everyone working with children",
        level="introductory",
        learning_outcomes="Spot the signs of neglect\nKnow how to refer",
        duration="One day",
    )
    start = started_earlier_today()
    today = services.create_session(
        business_unit,
        course,
        starts_at=start,
        ends_at=start + timedelta(hours=3),
        trainer="",
        trained_by=trainer,
        capacity=10,
        venue="County Hall, Preston",
        booking_closes=timezone.localdate(),
    )
    places = []
    for person in people:
        application = services.apply(person, today, reason="For my work", line_manager=manager)
        places.append(services.approve(manager, application))
    # Last month's session, attended, with feedback.
    later = start + timedelta(days=20)
    earlier = services.create_session(
        business_unit,
        course,
        starts_at=later,
        ends_at=later + timedelta(hours=3),
        trainer="Terry Trainer",
        capacity=10,
        venue="Lancaster Town Hall",
    )
    booked = []
    for person in people:
        application = services.apply(person, earlier, reason="Again", line_manager=manager)
        booked.append(services.approve(manager, application))
    before = start - timedelta(days=30)
    services.update_session(
        business_unit,
        earlier,
        starts_at=before,
        ends_at=before + timedelta(hours=3),
        booking_closes=before.date(),
    )
    for index, (person, application) in enumerate(zip(people, booked, strict=True)):
        application = services.mark_attendance(business_unit, application, attended=True)
        services.submit_feedback(
            person, application, overall=3 + index, outcomes_met=4, comments="Useful"
        )
    return {"trainer": trainer, "course": course, "today": today, "places": places}


def test_a_trainer_marks_their_register_on_a_phone(browser, programme, business_unit):
    trainer, session = programme["trainer"], programme["today"]
    first, second, third = programme["places"]
    browser.sign_in(trainer)
    page = browser.page
    page.set_viewport_size({"width": 375, "height": 800})
    browser.goto("/home/")
    page.get_by_role("link", name="Recognising and responding to neglect").first.click()
    page.wait_for_url(f"**/training/sessions/{session.pk}/register/")
    browser.goto(f"/training/sessions/{session.pk}/register/")
    page.locator(f"#attendance-{first.pk}").check()
    page.locator(f"#attendance-{second.pk}-absent").check()
    page.locator(f"#attendance-{third.pk}").check()
    browser.submit("Save the register")
    assert "The register has been saved (3 marked)" in page.content()
    for application, status in (
        (first, Status.ATTENDED),
        (second, Status.ABSENT),
        (third, Status.ATTENDED),
    ):
        application.refresh_from_db()
        assert application.status == status
    browser.goto("/training/sessions-i-train/")
    assert page.get_by_role("link", name="Sign-in sheet (PDF)").count() == 1
    browser.sign_out()

    page.set_viewport_size({"width": 1280, "height": 900})
    browser.sign_in(business_unit)
    course = programme["course"]
    browser.goto(f"/training/courses/{course.pk}/")
    page.get_by_role("link", name="Feedback results for every session").click()
    page.wait_for_url(f"**/training/courses/{course.pk}/feedback/")
    browser.goto(f"/training/courses/{course.pk}/feedback/")
    assert "3 responses from 2 sessions" in page.content()
    browser.goto(f"/training/courses/{course.pk}/publication/")
    browser.submit("Take the course off the public pages")
    assert "has been taken off the public pages" in page.content()
