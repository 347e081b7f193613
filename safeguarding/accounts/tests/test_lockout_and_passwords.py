"""Lockout after 10 failed sign-ins per (e-mail, IP) for 5 minutes; the password policy."""

import datetime as dt

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from .conftest import PASSWORD, sign_in

OTHER_IP = "198.51.100.7"


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def fail_ten_times(client, email):
    for _ in range(10):
        response = sign_in(client, email, "not-my-password")
        assert not signed_in(client)
    return response


def test_the_eleventh_attempt_is_refused_even_with_the_right_password(
    client, practitioner, time_machine
):
    time_machine.move_to(dt.datetime(2026, 3, 20, 9, 0, tzinfo=dt.UTC), tick=False)
    fail_ten_times(client, practitioner.email)
    response = sign_in(client, practitioner.email, PASSWORD)
    assert response.status_code == 429
    html = response.content.decode()
    assert "Too many attempts to sign in" in html
    assert 'class="govuk-template__body"' in html
    assert not signed_in(client)

    # The same account from another address is not locked out...
    other = type(client)()
    sign_in(other, practitioner.email, PASSWORD, REMOTE_ADDR=OTHER_IP)
    assert signed_in(other)

    # ...and after 5 minutes the first address may try again.
    time_machine.move_to(dt.datetime(2026, 3, 20, 9, 4, 50, tzinfo=dt.UTC), tick=False)
    assert sign_in(client, practitioner.email, PASSWORD).status_code == 429
    time_machine.move_to(dt.datetime(2026, 3, 20, 9, 5, 30, tzinfo=dt.UTC), tick=False)
    response = sign_in(client, practitioner.email, PASSWORD)
    assert response.status_code == 302
    assert signed_in(client)


def test_nine_failures_do_not_lock_out(client, practitioner):
    for _ in range(9):
        sign_in(client, practitioner.email, "not-my-password")
    sign_in(client, practitioner.email, PASSWORD)
    assert signed_in(client)


def test_lockout_is_per_email_address_not_per_ip(client, practitioner, make_person):
    fail_ten_times(client, practitioner.email)
    colleague = make_person("practitioner")
    sign_in(client, colleague.email.upper(), PASSWORD)
    assert signed_in(client)


def test_email_case_does_not_dodge_the_lockout(client, practitioner):
    for index in range(10):
        email = practitioner.email.upper() if index % 2 else practitioner.email
        sign_in(client, email, "not-my-password")
    assert sign_in(client, practitioner.email, PASSWORD).status_code == 429


# --- Passwords -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "password",
    ["elevenchars", "Tr0ub4dor&3", "qwerty123456", "1qaz2wsx3edc", "123456789012345"],
)
def test_short_common_or_numeric_passwords_are_refused(password, db):
    with pytest.raises(ValidationError):
        validate_password(password)


@pytest.mark.parametrize(
    "password",
    ["twelve chars", "a" + "b c d e f g " * 10, "x" * 64 + "-and-then-some-more-words" * 4],
)
def test_twelve_characters_and_very_long_passphrases_are_accepted(password, db):
    validate_password(password)


def test_a_very_long_password_works_to_sign_in(client, practitioner):
    long_password = "correct horse battery staple " * 5  # 145 characters
    practitioner.set_password(long_password)
    practitioner.save()
    sign_in(client, practitioner.email, long_password)
    assert signed_in(client)


def test_no_forced_rotation(client, practitioner, time_machine):
    """A password set three years ago still signs in, with no "change your password" step."""
    time_machine.move_to(dt.datetime(2029, 6, 1, 9, 0, tzinfo=dt.UTC))
    response = sign_in(client, practitioner.email, PASSWORD)
    assert response.url == "/home/"
    assert signed_in(client)
