"""Every allauth page renders in the hub's GOV.UK layout."""

import re

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.core import mail

from safeguarding.core.models import OutboundEmail

from .conftest import PASSWORD, activation_page, enrol, secret_on_page, sign_in, totp_code


def assert_govuk_page(response, heading):
    html = response.content.decode()
    assert response.status_code == 200, html[:500]
    assert 'class="govuk-template__body"' in html, "extends the hub's base.html"
    assert re.search(r'<h1 class="govuk-(heading-l|panel__title)">\s*' + re.escape(heading), html)
    # Nothing from allauth's unstyled defaults: every heading and button carries GOV.UK classes.
    main = html[html.index("<main") : html.index("</main>")]
    assert not re.search(r"<h1>|<p>|<button(?![^>]*govuk-button)[^>]*>", main)
    return html


@pytest.mark.parametrize(
    ("url", "heading"),
    [
        ("/accounts/login/", "Sign in"),
        ("/accounts/signup/", "Create an account"),
        ("/accounts/password/reset/", "Reset your password"),
        ("/accounts/password/reset/done/", "Check your e-mail"),
        ("/accounts/password/reset/key/1-bad/", "This link does not work"),
        ("/accounts/confirm-email/", "Check your e-mail"),
        ("/accounts/confirm-email/not-a-key/", "Confirm your e-mail address"),
        ("/accounts/inactive/", "Your account is closed"),
    ],
)
def test_signed_out_pages(client, db, url, heading):
    response = client.get(url, follow=True)
    html = assert_govuk_page(response, heading)
    if "<form" in html:
        assert "govuk-button" in html


@pytest.mark.parametrize(
    ("url", "heading"),
    [
        ("/accounts/logout/", "Sign out"),
        ("/accounts/email/", "Your account"),
        ("/accounts/password/change/", "Change your password"),
        ("/accounts/2fa/", "Two-step verification"),
    ],
)
def test_signed_in_pages(client, practitioner, url, heading):
    sign_in(client, practitioner.email)
    assert_govuk_page(client.get(url), heading)


def test_sign_in_errors_use_the_error_summary(client, practitioner):
    response = sign_in(client, practitioner.email, "not-the-password")
    html = assert_govuk_page(response, "Sign in")
    assert 'class="govuk-error-summary"' in html
    assert "There is a problem" in html


def test_password_set_page_for_someone_without_a_password(client, practitioner):
    practitioner.set_unusable_password()
    practitioner.save()
    client.force_login(practitioner)
    assert_govuk_page(client.get("/accounts/password/set/"), "Set your password")


def test_totp_activation_asks_for_the_password_again(client, practitioner):
    sign_in(client, practitioner.email)
    response = client.get("/accounts/2fa/totp/activate/", follow=True)
    assert_govuk_page(response, "Confirm it is you")


def test_totp_activation_shows_the_qr_code_and_the_secret(client, practitioner):
    sign_in(client, practitioner.email)
    html = assert_govuk_page(activation_page(client), "Set up an authenticator app")
    assert 'src="data:image/svg+xml;base64,' in html
    assert len(secret_on_page(html)) >= 16


def test_the_mfa_pages_after_enrolment(client, practitioner):
    sign_in(client, practitioner.email)
    enrol(client)
    assert Authenticator.objects.filter(user=practitioner, type="totp").exists()
    # Recovery codes come with the first authenticator.
    html = assert_govuk_page(client.get("/accounts/2fa/recovery-codes/"), "Recovery codes")
    assert 'id="recovery_codes"' in html
    assert_govuk_page(
        client.get("/accounts/2fa/recovery-codes/generate/"), "Make new recovery codes"
    )
    assert_govuk_page(client.get("/accounts/2fa/totp/deactivate/"), "Turn off the authenticator")
    index = assert_govuk_page(client.get("/accounts/2fa/"), "Two-step verification")
    assert "Your authenticator app is set up" in index


def test_mfa_sign_in_and_reauthentication_pages(client, practitioner):
    secret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
    TOTP.activate(practitioner, secret)
    response = sign_in(client, practitioner.email)
    assert response.status_code == 302
    assert response.url == "/accounts/2fa/authenticate/"
    assert_govuk_page(client.get(response.url), "Enter the code from your authenticator app")
    client.post("/accounts/2fa/authenticate/", {"code": totp_code(secret)})
    # Turning the authenticator off asks for proof again: the password or a code.
    response = client.get("/accounts/2fa/totp/deactivate/", follow=True)
    html = assert_govuk_page(response, "Confirm it is you")
    assert "/accounts/2fa/reauthenticate/" in html
    html = assert_govuk_page(client.get("/accounts/2fa/reauthenticate/"), "Confirm it is you")
    assert "authenticator app" in html


def test_password_reset_email_link_leads_to_a_govuk_form(
    client, practitioner, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/password/reset/", {"email": practitioner.email})
    assert OutboundEmail.objects.get().purpose == "accounts.password_reset_key"
    assert len(mail.outbox) == 1
    link = re.search(r"https?://\S+/accounts/password/reset/key/\S+", mail.outbox[0].body)
    assert link
    response = client.get(link.group(0), follow=True)
    html = assert_govuk_page(response, "Choose a new password")
    action = re.search(r'<form method="post" action="([^"]+)"', html).group(1)
    new = "a-different-long-passphrase"
    response = client.post(action, {"password1": new, "password2": new}, follow=True)
    assert_govuk_page(response, "Your password has been changed")
    practitioner.refresh_from_db()
    assert practitioner.check_password(new)
    assert not practitioner.check_password(PASSWORD)


def test_every_header_and_footer_link_of_a_signed_in_page_works(client, business_unit):
    sign_in(client, business_unit.email)
    html = client.get("/home/").content.decode()
    chrome = html[: html.index("<main")] + html[html.index("</main>") :]
    links = set(
        re.findall(r'class="govuk-(?:footer|service-navigation)__link" href="([^"]+)"', chrome)
    )
    assert "/accounts/email/" in links  # "Your account"
    assert "/accounts/logout/" in links  # "Sign out"
    for link in sorted(links):
        assert client.get(link).status_code == 200, link
