"""axe-core in Chromium finds nothing on the audit trail and the error pages."""

import pytest

from safeguarding.core.audit import record_change
from safeguarding.core.testing.browser import axe_violations, sign_in
from safeguarding.organisations.models import Role
from safeguarding.organisations.tests.factories import PersonFactory, RoleAssignmentFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_audit_and_error_pages_have_no_axe_violations(browser_page, live_server, client, county):
    business_unit = PersonFactory(full_name="Bea Unit")
    RoleAssignmentFactory(person=business_unit, role=Role.BUSINESS_UNIT, board=county["children"])
    practitioner = PersonFactory(full_name="Pat Practitioner")
    for number in range(55):
        record_change(
            business_unit, "person updated", practitioner, {"job_title": ["a", f"b{number}"]}
        )
    sign_in(browser_page, live_server, client, business_unit)
    paths = [
        "/audit/",
        "/audit/?page=2",
        "/audit/?actor=bea&verb=person+updated&date_from=31%2F02%2F2015",
        "/no-such-page/",
    ]
    problems = {}
    for path in paths:
        browser_page.goto(live_server.url + path)
        heading = browser_page.locator("h1").first.inner_text()
        assert heading == ("Page not found" if "no-such" in path else "Audit trail")
        violations = axe_violations(browser_page)
        if violations:
            problems[path] = violations
    assert problems == {}
