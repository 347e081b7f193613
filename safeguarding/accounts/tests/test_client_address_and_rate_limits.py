"""Rate limits stop guessing, never many people signing in; behind a load balancer the lockout
counts each person's own address, read only from the proxies the hub is told to trust."""

import datetime as dt

import pytest
from django.test import RequestFactory

from safeguarding.accounts.lockout import client_address

from .conftest import PASSWORD, sign_in

BALANCER = "10.0.0.2"
VICTIM = "203.0.113.5"
ATTACKER = "198.51.100.9"


@pytest.fixture
def frozen(time_machine):
    # Everything below happens within one minute.
    time_machine.move_to(dt.datetime(2026, 3, 20, 9, 0, tzinfo=dt.UTC), tick=False)


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_forty_correct_sign_ins_from_one_address_in_a_minute_all_succeed(
    client, make_person, frozen
):
    people = [make_person("practitioner") for _ in range(40)]
    for person in people:
        response = sign_in(client, person.email, PASSWORD)
        assert response.status_code == 302, person.email
        assert signed_in(client)
        client.logout()


def test_guessing_from_one_address_is_refused_with_when_to_try_again(client, db, frozen):
    for number in range(30):
        response = sign_in(client, f"nobody{number}@agency.example", "not-the-password")
        assert "Too many failed sign-ins" not in response.content.decode()
    response = sign_in(client, "nobody-else@agency.example", "not-the-password")
    assert "Too many failed sign-ins from your computer or network. Wait a minute" in (
        response.content.decode()
    )


def test_a_rate_limit_refusal_is_a_styled_page_that_says_when(client, db, frozen):
    for _ in range(20):
        assert client.post("/accounts/signup/", {}).status_code == 200
    response = client.post("/accounts/signup/", {})
    assert response.status_code == 429
    html = response.content.decode()
    assert 'class="govuk-template__body"' in html
    assert "Wait 5 minutes, then try again" in html
    assert response["Retry-After"] == "300"


def test_the_lockout_page_says_when_to_try_again(client, practitioner, frozen):
    for _ in range(10):
        sign_in(client, practitioner.email, "not-my-password")
    response = sign_in(client, practitioner.email, PASSWORD)
    assert response.status_code == 429
    assert "Wait 5 minutes and try again" in response.content.decode()


def request_from(remote, forwarded=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def test_forwarded_for_is_ignored_unless_proxies_are_configured(settings):
    settings.HUB_TRUSTED_PROXY_COUNT = 0
    assert client_address(request_from(BALANCER, VICTIM)) == BALANCER


def test_the_address_is_the_one_the_trusted_proxy_saw(settings):
    settings.HUB_TRUSTED_PROXY_COUNT = 1
    assert client_address(request_from(BALANCER, VICTIM)) == VICTIM
    # Whatever the client put in the header itself is to the left of what the proxy added.
    assert client_address(request_from(BALANCER, f"{VICTIM}, {ATTACKER}")) == ATTACKER
    # Not through the proxy, or nonsense: only the connection's address is known.
    assert client_address(request_from(ATTACKER)) == ATTACKER
    assert client_address(request_from(BALANCER, "not-an-address")) == BALANCER
    settings.HUB_TRUSTED_PROXY_COUNT = 2
    assert client_address(request_from(BALANCER, f"{VICTIM}, 10.0.0.9")) == VICTIM
    settings.HUB_TRUSTED_PROXY_HEADER = "X-Real-IP"
    request = RequestFactory().get("/", REMOTE_ADDR=BALANCER, HTTP_X_REAL_IP=f"{VICTIM}, 10.0.0.9")
    assert client_address(request) == VICTIM


def test_behind_a_balancer_a_lockout_cannot_keep_someone_else_out(
    client, practitioner, settings, frozen
):
    settings.HUB_TRUSTED_PROXY_COUNT = 1
    # The attacker guesses the victim's e-mail and even claims the victim's address.
    for _ in range(12):
        sign_in(
            client,
            practitioner.email,
            "not-my-password",
            REMOTE_ADDR=BALANCER,
            HTTP_X_FORWARDED_FOR=f"{VICTIM}, {ATTACKER}",
        )
    locked = sign_in(
        client, practitioner.email, PASSWORD, REMOTE_ADDR=BALANCER, HTTP_X_FORWARDED_FOR=ATTACKER
    )
    assert locked.status_code == 429
    victim = type(client)()
    sign_in(victim, practitioner.email, PASSWORD, REMOTE_ADDR=BALANCER, HTTP_X_FORWARDED_FOR=VICTIM)
    assert signed_in(victim)


def test_without_the_setting_a_forged_header_does_not_dodge_the_lockout(
    client, practitioner, frozen
):
    for number in range(10):
        sign_in(
            client,
            practitioner.email,
            "not-my-password",
            HTTP_X_FORWARDED_FOR=f"192.0.2.{number}",
        )
    response = sign_in(client, practitioner.email, PASSWORD, HTTP_X_FORWARDED_FOR="192.0.2.99")
    assert response.status_code == 429
