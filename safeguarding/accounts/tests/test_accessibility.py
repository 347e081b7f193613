"""axe-core in Chromium finds nothing on the sign-in, account and MFA pages."""

import pytest

from safeguarding.core.testing.browser import axe_violations
from safeguarding.organisations.tests.factories import AgencyFactory, PersonFactory

from .conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def check(page, url_or_none=None, live_server=None):
    if url_or_none:
        page.goto(live_server.url + url_or_none)
    assert axe_violations(page) == [], page.url


def test_account_pages_have_no_axe_violations(browser_page, live_server, make_person):
    page = browser_page
    agency = AgencyFactory(name="Axe Trust")
    lead = make_person("agency_lead", lead_of=agency, agency=agency)
    PersonFactory(agency=agency, agency_confirmed=False, full_name="Axe Waiting")

    for url in ["/accounts/login/", "/accounts/signup/", "/accounts/password/reset/"]:
        check(page, url, live_server)
    # A form with errors: the error summary and messages.
    page.goto(live_server.url + "/accounts/signup/")
    page.click("button[type=submit]")
    assert page.locator(".govuk-error-summary").count() == 1
    check(page)

    page.goto(live_server.url + "/accounts/login/")
    page.fill("#id_login", lead.email)
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    for url in [
        "/accounts/confirmations/",
        "/accounts/email/",
        "/accounts/password/change/",
        "/accounts/2fa/",
        "/accounts/logout/",
    ]:
        check(page, url, live_server)
    page.goto(live_server.url + "/accounts/2fa/totp/activate/")
    check(page)  # asks for the password again
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    assert page.locator("img[src^='data:image/svg+xml']").count() == 1
    check(page)
