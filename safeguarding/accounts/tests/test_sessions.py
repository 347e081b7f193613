"""Session limits: 30 minutes idle, 12 hours at most, and the ways a session ends."""

import datetime as dt

import pytest
from django.contrib.sessions.models import Session
from django.test import Client

from safeguarding.core.models import AuditEvent
from safeguarding.organisations.services import deactivate_person

from .conftest import PASSWORD, sign_in

START = dt.datetime(2026, 3, 20, 9, 0, tzinfo=dt.UTC)


def signed_in(client) -> bool:
    return client.get("/home/").status_code == 200


@pytest.fixture
def clock(time_machine):
    time_machine.move_to(START, tick=False)

    def at(**delta):
        time_machine.move_to(START + dt.timedelta(**delta), tick=False)

    return at


def test_idle_for_more_than_30_minutes_signs_out(client, practitioner, clock):
    sign_in(client, practitioner.email)
    clock(minutes=29)
    assert signed_in(client)
    clock(minutes=29 + 29)
    assert signed_in(client)
    clock(minutes=29 + 29 + 31)
    response = client.get("/home/")
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")
    assert "_auth_user_id" not in client.session


def test_twelve_hours_after_sign_in_the_session_ends_however_busy(
    client, practitioner, clock, settings
):
    # A longer cookie, so it is the hub's own 12-hour limit that ends the session.
    settings.SESSION_COOKIE_AGE = 7 * 24 * 3600
    sign_in(client, practitioner.email)
    for minutes in range(20, 12 * 60, 20):
        clock(minutes=minutes)
        assert signed_in(client), f"still signed in after {minutes} minutes"
    clock(hours=12, minutes=1)
    assert not signed_in(client)


def test_signing_in_gives_a_new_session_key(client, practitioner):
    session = client.session
    session["before"] = "signing in"
    session.save()
    client.cookies["sessionid"] = session.session_key
    before = session.session_key
    sign_in(client, practitioner.email)
    assert client.session.session_key != before
    assert not Session.objects.filter(session_key=before).exists()


def test_signing_out_ends_the_session(client, practitioner):
    sign_in(client, practitioner.email)
    key = client.session.session_key
    client.post("/accounts/logout/")
    assert not Session.objects.filter(session_key=key).exists()
    replay = Client()
    replay.cookies["sessionid"] = key
    assert not signed_in(replay)


def test_deactivation_ends_every_session(client, practitioner, business_unit):
    sign_in(client, practitioner.email)
    assert signed_in(client)
    deactivate_person(business_unit, practitioner)
    assert not signed_in(client)
    sign_in(client, practitioner.email)
    assert not signed_in(client)


def test_a_password_change_signs_out_everywhere(practitioner):
    laptop, phone = Client(), Client()
    sign_in(laptop, practitioner.email)
    sign_in(phone, practitioner.email)
    assert signed_in(laptop)
    assert signed_in(phone)
    new = "an entirely new passphrase"
    response = laptop.post(
        "/accounts/password/change/",
        {"oldpassword": PASSWORD, "password1": new, "password2": new},
    )
    assert response.status_code == 302
    practitioner.refresh_from_db()
    assert practitioner.check_password(new)
    assert not signed_in(phone)
    assert not signed_in(laptop)
    sign_in(phone, practitioner.email, new)
    assert signed_in(phone)


def test_sign_in_and_out_are_audited(client, practitioner):
    sign_in(client, practitioner.email, "wrong password here")
    sign_in(client, practitioner.email)
    client.post("/accounts/logout/")
    events = AuditEvent.objects.filter(target_id=str(practitioner.pk)).order_by("id")
    assert [event.verb for event in events] == ["sign-in failed", "signed in", "signed out"]
    assert events[1].actor_id == practitioner.pk
    assert "wrong password" not in str(events[0].payload)
