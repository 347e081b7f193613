"""Two-step verification is required of business-unit staff and administrators when
MFA_REQUIRED is on; they reach only the enrolment pages and sign-out until enrolled."""

import pytest
from allauth.mfa.models import Authenticator

from .conftest import PASSWORD, activation_page, enrol, sign_in, totp_code


@pytest.fixture
def mfa_required(settings):
    settings.MFA_REQUIRED = True


@pytest.fixture
def administrator(make_person):
    return make_person("administrator", is_staff=True)


@pytest.mark.usefixtures("mfa_required")
@pytest.mark.parametrize("url", ["/home/", "/directory/people/", "/accounts/confirmations/"])
def test_staff_without_an_authenticator_are_sent_to_enrol(client, business_unit, url):
    sign_in(client, business_unit.email)
    response = client.get(url)
    assert response.status_code == 302
    assert response.url == "/accounts/2fa/totp/activate/"
    html = activation_page(client).content.decode()
    assert "Your role needs two-step verification" in html


@pytest.mark.usefixtures("mfa_required")
def test_the_admin_site_needs_an_authenticator_too(client, administrator):
    response = client.get("/admin/", follow=True)
    # The admin signs in through allauth (lockout, MFA); its own form takes no password.
    assert response.redirect_chain[-1][0].startswith("/accounts/login/")
    client.post("/admin/login/", {"username": administrator.email, "password": PASSWORD})
    assert "_auth_user_id" not in client.session
    sign_in(client, administrator.email)
    response = client.get("/admin/")
    assert response.url == "/accounts/2fa/totp/activate/"
    enrol(client)
    assert client.get("/admin/").status_code == 200


@pytest.mark.usefixtures("mfa_required")
def test_unenrolled_staff_can_enrol_and_sign_out(client, business_unit):
    sign_in(client, business_unit.email)
    secret = enrol(client)
    assert client.get("/home/").status_code == 200
    # Sign out is always reachable; afterwards the next sign-in asks for the code.
    client.post("/accounts/logout/")
    assert "_auth_user_id" not in client.session
    response = sign_in(client, business_unit.email)
    assert response.url == "/accounts/2fa/authenticate/"
    assert "_auth_user_id" not in client.session
    assert client.get("/home/").status_code == 302
    response = client.post("/accounts/2fa/authenticate/", {"code": "000000"})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    client.post("/accounts/2fa/authenticate/", {"code": totp_code(secret)})
    assert client.session["_auth_user_id"] == str(business_unit.pk)
    assert client.get("/home/").status_code == 200


@pytest.mark.usefixtures("mfa_required")
def test_sign_out_is_reachable_before_enrolment(client, business_unit):
    sign_in(client, business_unit.email)
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


@pytest.mark.usefixtures("mfa_required")
def test_practitioners_are_not_required_to_enrol(client, practitioner):
    sign_in(client, practitioner.email)
    assert client.get("/home/").status_code == 200


def test_nothing_is_required_when_the_setting_is_off(client, business_unit, settings):
    settings.MFA_REQUIRED = False
    sign_in(client, business_unit.email)
    assert client.get("/home/").status_code == 200


def test_a_recovery_code_works_once_instead_of_the_app(client, practitioner):
    sign_in(client, practitioner.email)
    enrol(client)
    codes = Authenticator.objects.get(
        user=practitioner, type=Authenticator.Type.RECOVERY_CODES
    ).wrap()
    code = codes.get_unused_codes()[0]
    client.post("/accounts/logout/")
    sign_in(client, practitioner.email)
    client.post("/accounts/2fa/authenticate/", {"code": code})
    assert client.session["_auth_user_id"] == str(practitioner.pk)
    client.post("/accounts/logout/")
    sign_in(client, practitioner.email)
    client.post("/accounts/2fa/authenticate/", {"code": code})
    assert "_auth_user_id" not in client.session


@pytest.mark.usefixtures("mfa_required")
def test_an_api_token_needs_the_authenticator_its_owner_needs(client, business_unit, practitioner):
    from rest_framework.authtoken.models import Token

    staff_token = Token.objects.create(user=business_unit)
    refused = client.get("/api/", HTTP_AUTHORIZATION=f"Token {staff_token.key}")
    assert refused.status_code in (401, 403)
    assert "two-step verification" in refused.content.decode()

    Authenticator.objects.create(user=business_unit, type=Authenticator.Type.TOTP, data={})
    assert client.get("/api/", HTTP_AUTHORIZATION=f"Token {staff_token.key}").status_code == 200

    # A practitioner's role needs no authenticator, so their token works as before.
    practitioner_token = Token.objects.create(user=practitioner)
    response = client.get("/api/", HTTP_AUTHORIZATION=f"Token {practitioner_token.key}")
    assert response.status_code == 200
