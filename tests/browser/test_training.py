"""Training journeys in Chromium (issue 5); axe-core checks every page visited.

A practitioner finds a course and applies; their line manager signs in and approves; the place
is confirmed. Someone on the waiting list takes a freed place; the business unit marks the
register on a phone-sized screen; the certificate downloads and checks out on the public page.
"""

from datetime import timedelta
from decimal import Decimal

import pytest
import time_machine
from django.utils import timezone

from safeguarding.organisations.tests.factories import AgencyFactory, PersonFactory
from safeguarding.training import services
from safeguarding.training.models import Application, Status

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def health(db):
    return AgencyFactory(name="Lancashire Teaching Hospitals")


@pytest.fixture
def manager(health):
    return PersonFactory(agency=health, full_name="Maria Manager")


@pytest.fixture
def practitioner(health, manager):
    return PersonFactory(agency=health, line_manager=manager, full_name="Priya Practitioner")


@pytest.fixture
def session(business_unit, children_board):
    course = services.create_course(
        business_unit,
        board=children_board,
        title="Recognising and responding to neglect",
        topic="Neglect",
        audience="Everyone working with children",
        level="introductory",
        learning_outcomes="Spot the signs of neglect\nKnow how to refer",
        duration="One day",
        charge_contributing=Decimal("50"),
        validity_months=36,
    )
    start = timezone.now().replace(hour=9, minute=30, second=0, microsecond=0)
    start += timedelta(days=30)
    return services.create_session(
        business_unit,
        course,
        starts_at=start,
        ends_at=start + timedelta(hours=6),
        trainer="Terry Trainer",
        capacity=1,
        venue="County Hall, Preston",
    )


@pytest.fixture(params=["with JavaScript", "without JavaScript"])
def browser(request, chromium, live_server, transactional_db):
    """The journey runs twice: with JavaScript (axe-core checks every page) and with it
    switched off, as some councils' locked-down browsers have it."""
    from safeguarding.core.testing.browser import Browser

    javascript = request.param == "with JavaScript"
    context = chromium.new_context(
        viewport={"width": 1280, "height": 900}, java_script_enabled=javascript
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield Browser(page, live_server.url, check_accessibility=javascript)
    context.close()


def test_apply_approve_confirm_then_a_freed_place_register_and_certificate(
    browser, practitioner, manager, business_unit, session, health
):
    # The public catalogue, without signing in: filtered to the topic, then the session.
    browser.goto("/training/")
    browser.page.get_by_label("Topic").select_option("Neglect")
    browser.submit("Apply filters")
    assert "topic=Neglect" in browser.page.url
    browser.page.get_by_role("link", name="Recognising and responding to neglect").click()
    browser.page.wait_for_url(f"**/training/sessions/{session.pk}/")

    # The practitioner signs in and applies.
    browser.sign_in(practitioner)
    browser.goto(f"/training/sessions/{session.pk}/")
    browser.page.get_by_role("link", name="Apply for a place").click()
    browser.page.wait_for_url("**/apply/")
    browser.submit("Send application")  # nothing filled in: errors, still accessible
    assert "Enter why you want to attend" in browser.page.content()
    browser.page.get_by_label("Why do you want to attend?").fill("I lead on neglect cases")
    browser.page.get_by_label("I confirm the line manager above is correct").check()
    browser.submit("Send application")
    assert "Awaiting approval" in browser.page.content()
    browser.sign_out()

    # The line manager signs in (never an unauthenticated link) and approves.
    browser.sign_in(manager)
    browser.goto("/training/approvals/")
    browser.page.get_by_role("link", name="Decide on Priya Practitioner's application").click()
    browser.page.wait_for_url("**/decide/")
    browser.page.get_by_label("Approve").check()
    browser.submit("Record decision")
    application = Application.objects.get(applicant=practitioner)
    assert application.status == Status.CONFIRMED
    browser.sign_out()

    # A colleague is approved for the full session and waits; the practitioner cancels and the
    # freed place is offered to the colleague, who accepts it.
    colleague = PersonFactory(agency=health, line_manager=manager, full_name="Colin Colleague")
    waiting = services.apply(colleague, session, reason="Needed", line_manager=manager)
    services.approve(manager, waiting)
    waiting.refresh_from_db()
    assert waiting.status == Status.WAITING
    browser.sign_in(practitioner)
    browser.goto(f"/training/applications/{application.pk}/")
    browser.page.get_by_role("link", name="Cancel this application").click()
    browser.page.wait_for_url("**/cancel/")
    browser.submit("Cancel the application")
    browser.sign_out()
    browser.sign_in(colleague)
    browser.goto("/home/")
    browser.page.get_by_role("link", name="Recognising and responding to neglect").click()
    browser.submit("Accept the place")
    waiting.refresh_from_db()
    assert waiting.status == Status.CONFIRMED
    browser.sign_out()

    # On the day, once the session has started (registers open then), the business unit
    # marks the register on a phone-sized screen.
    browser.page.set_viewport_size({"width": 375, "height": 800})
    with time_machine.travel(session.starts_at + timedelta(minutes=5)):
        browser.sign_in(business_unit)
        browser.goto(f"/training/sessions/{session.pk}/register/")
        browser.page.get_by_label("Attended").check()
        browser.submit("Save the register")
        waiting.refresh_from_db()
        assert waiting.status == Status.ATTENDED
        browser.sign_out()

    # The colleague downloads the certificate; anyone can check its code.
    browser.page.set_viewport_size({"width": 1280, "height": 900})
    browser.sign_in(colleague)
    browser.goto(f"/training/applications/{waiting.pk}/")
    with browser.page.expect_download() as download:
        browser.page.get_by_role("link", name="Download certificate (PDF)").click()
    with open(download.value.path(), "rb") as pdf:
        assert pdf.read(4) == b"%PDF"
    browser.sign_out()
    browser.goto(f"/training/certificates/check/?code={waiting.certificate_code}")
    assert "Certificate is genuine" in browser.page.content()
