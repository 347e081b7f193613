"""Self-registration, e-mail verification and the agency lead's confirmations."""

import re

import pytest
from django.core import mail

from safeguarding.core.models import AuditEvent
from safeguarding.organisations.models import Person, Role
from safeguarding.organisations.tests.factories import AgencyEmailDomainFactory, AgencyFactory

from .conftest import sign_in

NEW_PASSWORD = "plain words make strong passphrases"


def register(client, email, agency=None, **extra):
    data = {
        "full_name": "Sam Example",
        "job_title": "Health visitor",
        "email": email,
        "password1": NEW_PASSWORD,
        "password2": NEW_PASSWORD,
        "agency": agency.pk if agency else "",
        **extra,
    }
    return client.post("/accounts/signup/", data)


def confirmation_link(message) -> str:
    return re.search(r"https?://\S+/accounts/confirm-email/\S+/", message.body).group(0)


def test_recognised_domain_gives_a_confirmed_agency_after_email_verification(
    client, db, django_capture_on_commit_callbacks
):
    domain = AgencyEmailDomainFactory(domain="nhs-trust.example")
    with django_capture_on_commit_callbacks(execute=True):
        response = register(client, "sam@NHS-trust.example")
    assert response.status_code == 302
    assert response.url == "/accounts/confirm-email/"
    person = Person.objects.get(email="sam@nhs-trust.example")
    assert (person.full_name, person.job_title) == ("Sam Example", "Health visitor")
    assert person.agency == domain.agency
    assert person.agency_confirmed
    assert person.has_role(Role.PRACTITIONER)
    assert AuditEvent.objects.filter(verb="account registered", target_id=str(person.pk)).exists()

    # No sign-in until the address is confirmed: the mail goes out through the outbox.
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["sam@nhs-trust.example"]
    assert (
        mail.outbox[0].subject == "Confirm your e-mail address for the Safeguarding Partnership Hub"
    )
    response = sign_in(client, "sam@nhs-trust.example", NEW_PASSWORD)
    assert response.url == "/accounts/confirm-email/"
    assert "_auth_user_id" not in client.session

    link = confirmation_link(mail.outbox[0])
    assert client.get(link).status_code == 200
    client.post(link)
    assert person.emailaddress_set.get().verified
    response = sign_in(client, "sam@nhs-trust.example", NEW_PASSWORD)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(person.pk)


def test_unrecognised_domain_takes_the_chosen_agency_unconfirmed(client, db):
    agency = AgencyFactory(name="Hillside Youth Project")
    register(client, "sam@gmail.example", agency=agency)
    person = Person.objects.get(email="sam@gmail.example")
    assert person.agency == agency
    assert not person.agency_confirmed


def test_unrecognised_domain_without_an_agency_is_refused(client, db):
    response = register(client, "sam@gmail.example")
    assert response.status_code == 200
    assert "choose your agency" in response.content.decode()
    assert not Person.objects.filter(email="sam@gmail.example").exists()


def test_short_password_is_refused_at_sign_up(client, db):
    AgencyEmailDomainFactory(domain="nhs-trust.example")
    response = register(
        client, "sam@nhs-trust.example", password1="elevenchars", password2="elevenchars"
    )
    assert "at least 12 characters" in response.content.decode()
    assert not Person.objects.filter(email="sam@nhs-trust.example").exists()


# --- Confirmations ---------------------------------------------------------------------------


@pytest.fixture
def agency():
    return AgencyFactory(name="Riverside Health Trust")


@pytest.fixture
def lead(make_person, agency):
    return make_person("agency_lead", lead_of=agency, agency=agency)


@pytest.fixture
def waiting(make_person, agency):
    return make_person("practitioner", agency=agency, agency_confirmed=False)


def test_lead_sees_and_confirms_people_waiting(client, lead, waiting, make_person, agency):
    other = make_person("practitioner", agency_confirmed=False)  # another agency's
    client.force_login(lead)
    html = client.get("/accounts/confirmations/").content.decode()
    assert waiting.full_name in html
    assert other.full_name not in html

    response = client.post(f"/accounts/confirmations/{waiting.pk}/confirm/")
    assert response.status_code == 302
    waiting.refresh_from_db()
    assert waiting.agency_confirmed
    assert waiting.agency == agency
    event = AuditEvent.objects.get(verb="agency confirmed")
    assert (event.actor_id, event.target_id) == (lead.pk, str(waiting.pk))
    html = client.get("/accounts/confirmations/").content.decode()
    assert f"{waiting.full_name} is confirmed as working for {agency}" in html  # the banner
    assert "Nobody is waiting" in html


def test_not_from_our_agency_clears_the_agency(client, lead, waiting):
    client.force_login(lead)
    client.post(f"/accounts/confirmations/{waiting.pk}/reject/")
    waiting.refresh_from_db()
    assert waiting.agency is None
    assert not waiting.agency_confirmed
    assert AuditEvent.objects.filter(verb="agency rejected", actor=lead).exists()


def test_a_lead_cannot_act_on_another_agencys_people(client, lead, make_person):
    other = make_person("practitioner", agency_confirmed=False)
    client.force_login(lead)
    assert client.post(f"/accounts/confirmations/{other.pk}/confirm/").status_code == 404
    assert client.post(f"/accounts/confirmations/{other.pk}/reject/").status_code == 404
    other.refresh_from_db()
    assert not other.agency_confirmed
    assert other.agency is not None


def test_business_unit_sees_every_agency(client, business_unit, waiting):
    client.force_login(business_unit)
    assert waiting.full_name in client.get("/accounts/confirmations/").content.decode()
    client.post(f"/accounts/confirmations/{waiting.pk}/confirm/")
    waiting.refresh_from_db()
    assert waiting.agency_confirmed


def test_practitioners_and_strangers_are_kept_out(client, practitioner, waiting):
    assert client.get("/accounts/confirmations/").status_code == 302  # to sign in
    client.force_login(practitioner)
    assert client.get("/accounts/confirmations/").status_code == 403
    assert client.post(f"/accounts/confirmations/{waiting.pk}/confirm/").status_code == 403


def test_no_change_on_get(client, lead, waiting):
    client.force_login(lead)
    assert client.get(f"/accounts/confirmations/{waiting.pk}/confirm/").status_code == 405
    waiting.refresh_from_db()
    assert not waiting.agency_confirmed


def test_confirmation_list_query_count_does_not_grow(
    client, lead, make_person, agency, django_assert_max_num_queries
):
    client.force_login(lead)
    make_person("practitioner", agency=agency, agency_confirmed=False)
    with django_assert_max_num_queries(12) as few:
        client.get("/accounts/confirmations/")
    for _ in range(15):
        make_person("practitioner", agency=agency, agency_confirmed=False)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get("/accounts/confirmations/")
    assert response.content.decode().count("Not from our agency") == 16


def test_what_needs_me_lists_waiting_people_for_the_lead(client, lead, waiting, practitioner):
    client.force_login(lead)
    html = client.get("/home/").content.decode()
    assert "1 person says they work for your agency" in html
    assert "/accounts/confirmations/" in html
    client.force_login(practitioner)
    assert "/accounts/confirmations/" not in client.get("/home/").content.decode()


def test_signing_up_again_with_a_known_address_reveals_nothing_on_screen(
    client, practitioner, django_capture_on_commit_callbacks
):
    """The page is the same as for a new address; the owner gets an e-mail instead."""
    with django_capture_on_commit_callbacks(execute=True):
        response = register(client, practitioner.email, agency=practitioner.agency)
    assert response.status_code == 302
    assert response.url == "/accounts/confirm-email/"
    assert Person.objects.filter(email=practitioner.email).count() == 1
    assert len(mail.outbox) == 1
    assert "already has an account" in mail.outbox[0].body
    assert "/accounts/password/reset/" in mail.outbox[0].body


def test_the_confirmation_list_says_whose_address_is_on_the_agencys_domain(
    client, lead, make_person, agency
):
    """It once told the lead every address was unknown, even one on the agency's own domain
    (listed after the person registered)."""
    AgencyEmailDomainFactory(agency=agency, domain="riverside.example")
    make_person("practitioner", agency=agency, agency_confirmed=False, email="a@riverside.example")
    make_person("practitioner", agency=agency, agency_confirmed=False, email="b@gmail.example")
    client.force_login(lead)
    page = client.get("/accounts/confirmations/").content.decode()
    assert "not one we recognise" not in page
    assert page.count("On your agency's e-mail domain") == 1
    assert page.count("Not on a domain listed for your agency") == 1
