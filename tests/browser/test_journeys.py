"""Journeys through the real pages in Chromium; axe-core checks every page visited."""

import base64
import hashlib
import hmac
import re
import struct
import time

import pytest
import time_machine
from allauth.account.models import EmailAddress
from django.core import mail

from safeguarding.core.testing.browser import assert_accessible, screenshot
from safeguarding.organisations.models import Agency
from safeguarding.organisations.tests.factories import AgencyEmailDomainFactory, AgencyFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def totp_code(secret: str, at: float | None = None) -> str:
    """RFC 6238: HMAC-SHA1 over the 30-second counter, dynamically truncated to 6 digits."""
    key = base64.b32decode(secret.replace(" ", "").upper() + "=" * (-len(secret) % 8))
    counter = int((time.time() if at is None else at) // 30)
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    number = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{number % 1_000_000:06d}"


def test_totp_code_matches_the_rfc_6238_test_vector():
    secret = base64.b32encode(b"12345678901234567890").decode()
    assert totp_code(secret, at=59) == "287082"


def test_the_accessibility_check_catches_a_violation(browser):
    browser.page.set_content(
        '<html lang="en"><head><title>Broken</title></head><body><main><h1>Broken</h1>'
        '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="><input type="text"></main></body>'
        "</html>"
    )
    with pytest.raises(AssertionError, match="image-alt") as failure:
        assert_accessible(browser.page)
    assert "label" in str(failure.value)


def test_public_home_and_contact_need_no_sign_in(browser, county):
    browser.goto("/")
    assert browser.page.locator("h1").count() == 1
    screenshot(browser.page, "public-home")
    browser.goto("/contact/")
    assert browser.path() == "/contact/"


def test_sign_in_reaches_the_home_page(browser, county, make_person):
    practitioner = make_person(
        "practitioner",
        full_name="Priya Shah",
        email="priya.shah@riverside-health.example",
        agency=AgencyFactory(name="Riverside Community Health"),
    )
    browser.sign_in(practitioner)
    assert browser.path().startswith("/home/")
    assert "Sign in" not in browser.page.locator("h1").inner_text()


def test_enrol_in_two_step_verification_then_sign_in_with_a_code(browser, business_unit):
    # Each step starts just after a 30-second code window opens, so a code typed on a busy
    # machine is still current when the server checks it. The live server runs in this
    # process, so it travels too.
    enrolment = (int(time.time()) // 30 + 1) * 30 + 1
    with time_machine.travel(enrolment, tick=True):
        secret = _enrol(browser, business_unit)
    browser.sign_out()
    # The next window, so the code differs from the one used at enrolment (allauth refuses a
    # code twice).
    with time_machine.travel(enrolment + 30, tick=True):
        browser.sign_in(business_unit)
        assert "/2fa/authenticate/" in browser.path()
        browser.page.locator("input[name=code]").fill(totp_code(secret))
        browser.submit("Continue")
    assert browser.path().startswith("/home/")


def _enrol(browser, business_unit) -> str:
    browser.sign_in(business_unit)
    browser.goto("/accounts/2fa/totp/activate/")
    if "/reauthenticate/" in browser.path():
        # allauth asks for the password again before changing sign-in security.
        browser.page.locator("input[name=password]").fill("correct-horse-battery")
        browser.submit("Continue")
    screenshot(browser.page, "mfa-enrolment")
    secret = browser.page.locator("#authenticator_secret").input_value()
    assert re.fullmatch(r"[A-Z2-7]{16,}", secret), secret
    browser.page.locator("input[name=code]").fill(totp_code(secret))
    browser.submit("Turn on two-step verification")
    # allauth shows the recovery codes once two-step verification is on.
    if "recovery-codes" not in browser.path():
        browser.goto("/accounts/2fa/recovery-codes/")
    codes = browser.page.locator("#recovery_codes").input_value().split()
    assert len(codes) >= 5, codes
    assert all(re.fullmatch(r"[0-9a-z]{8}", code) for code in codes), codes
    return secret


@pytest.fixture
def named_business_unit(make_person, children_board):
    """Business-unit staff with a realistic name and agency, for the README's screenshots."""
    return make_person(
        "business_unit",
        board=children_board,
        full_name="Beth Unit",
        agency=AgencyFactory(name="Safeguarding Partnership Business Unit"),
    )


def test_find_an_agency_in_the_directory(browser, named_business_unit):
    business_unit = named_business_unit
    AgencyFactory(name="Riverside Community Health", sector=Agency.Sector.HEALTH)
    AgencyFactory(name="Northgate Primary School", sector=Agency.Sector.EDUCATION)
    browser.sign_in(business_unit)
    browser.goto("/directory/")
    screenshot(browser.page, "directory")
    browser.page.locator("input[name=search]").fill("Riverside")
    browser.submit("Apply filters")
    main = browser.page.locator("main").inner_text()
    assert "Riverside Community Health" in main
    assert "Northgate Primary School" not in main


def test_business_unit_edits_a_job_title(browser, named_business_unit, make_person):
    business_unit = named_business_unit
    person = make_person(
        job_title="Health visitor",
        full_name="Priya Shah",
        email="priya.shah@riverside-health.example",
        agency=AgencyFactory(name="Riverside Community Health"),
    )
    browser.sign_in(business_unit)
    browser.goto(f"/directory/people/{person.pk}/")
    screenshot(browser.page, "person-profile")
    browser.goto(f"/directory/people/{person.pk}/edit/")
    browser.page.locator("input[name=job_title]").fill("Named nurse for safeguarding")
    browser.submit("Save")
    banner = browser.page.locator(".govuk-notification-banner")
    assert "details have been updated" in banner.inner_text()
    assert "Named nurse for safeguarding" in browser.page.locator("main").inner_text()
    person.refresh_from_db()
    assert person.job_title == "Named nurse for safeguarding"


def test_practitioner_registers_and_confirms_their_e_mail(browser, county, live_server):
    AgencyEmailDomainFactory(domain="riverside-health.example")
    browser.goto("/accounts/signup/")
    page = browser.page
    page.locator("input[name=full_name]").fill("Sam Practitioner")
    page.locator("input[name=job_title]").fill("School nurse")
    page.locator("input[name=email]").fill("sam@riverside-health.example")
    page.locator("input[name=password1]").fill("a long and unusual passphrase")
    page.locator("input[name=password2]").fill("a long and unusual passphrase")
    browser.submit("Create account")
    assert len(mail.outbox) == 1, [m.subject for m in mail.outbox]
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", mail.outbox[0].body).group(0)
    browser.goto(re.sub(r"^https?://[^/]+", "", link))
    browser.submit("Confirm e-mail address")
    assert EmailAddress.objects.get(email="sam@riverside-health.example").verified
    assert "/accounts/login/" in browser.path() or "/home/" in browser.path()


def test_sign_in_form_works_with_the_keyboard_alone(browser, practitioner):
    browser.goto("/accounts/login/")
    page = browser.page
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.name") == "login":
            break
    else:
        pytest.fail("Tab never reached the e-mail address field")
    page.keyboard.type(practitioner.email)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.name") == "password"
    page.keyboard.type("correct-horse-battery")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert_accessible(page)
    assert browser.path().startswith("/home/")


def test_directory_fits_a_320_pixel_screen(browser, business_unit):
    AgencyFactory(name="Riverside Community Health")
    browser.sign_in(business_unit)
    browser.page.set_viewport_size({"width": 320, "height": 800})
    browser.goto("/directory/")
    width = browser.page.evaluate("document.documentElement.scrollWidth")
    assert width <= 320, f"the directory scrolls sideways at 320px: {width}px wide"


def test_the_api_reference_is_a_page_like_the_others(browser, business_unit):
    """/api/docs/ was a bare page (no language, landmark or heading) whose inline script the
    hub's Content-Security-Policy blocked; it is now drawn on the server and checked by axe."""
    browser.sign_in(business_unit)
    browser.goto("/api/docs/")
    page = browser.page
    assert page.locator("h1").all_inner_texts() == ["API reference"]
    assert page.locator("html").get_attribute("lang") == "en-GB"
    assert page.locator("main").count() == 1
    assert page.get_by_role("heading", name="GET /api/people/{id}/").count() == 1
    assert page.get_by_role("link", name="action-challenges").count() == 1
