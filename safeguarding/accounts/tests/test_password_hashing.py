"""Passwords are stored with Argon2id at OWASP's parameters (ADR 0008); a hash made before
(PBKDF2, Django's default until then) still signs in and is rehashed at that sign-in.

The suite hashes with MD5 for speed (config/settings/test.py); these tests put back the
production list from config/settings/base.py."""

import pytest
from django.contrib.auth.hashers import (
    Argon2PasswordHasher,
    PBKDF2PasswordHasher,
    check_password,
    identify_hasher,
    make_password,
)
from django.test import override_settings

from config.settings import base
from safeguarding.accounts.hashers import HubArgon2idPasswordHasher

from .conftest import PASSWORD, sign_in

OWASP_PREFIX = "argon2$argon2id$v=19$m=19456,t=2,p=1$"

production_hashers = override_settings(PASSWORD_HASHERS=base.PASSWORD_HASHERS)


def test_argon2id_comes_first_and_the_older_hashers_stay_to_verify():
    assert base.PASSWORD_HASHERS[0] == "safeguarding.accounts.hashers.HubArgon2idPasswordHasher"
    assert "django.contrib.auth.hashers.PBKDF2PasswordHasher" in base.PASSWORD_HASHERS[1:]
    assert "django.contrib.auth.hashers.ScryptPasswordHasher" in base.PASSWORD_HASHERS[1:]


@production_hashers
def test_a_new_password_is_argon2id_with_owasp_parameters():
    encoded = make_password(PASSWORD)
    assert encoded.startswith(OWASP_PREFIX)
    hasher = identify_hasher(encoded)
    assert isinstance(hasher, HubArgon2idPasswordHasher)
    decoded = hasher.decode(encoded)
    assert decoded["variety"] == "argon2id"
    assert (decoded["memory_cost"], decoded["time_cost"], decoded["parallelism"]) == (19456, 2, 1)
    assert not hasher.must_update(encoded)
    assert check_password(PASSWORD, encoded)
    assert not check_password("not-my-password", encoded)


@pytest.mark.django_db
@production_hashers
def test_a_pbkdf2_hash_signs_in_through_the_page_and_becomes_argon2id(client, practitioner):
    practitioner.password = make_password(PASSWORD, hasher="pbkdf2_sha256")
    practitioner.save(update_fields=["password"])
    before = practitioner.password
    assert before.startswith(f"pbkdf2_sha256${PBKDF2PasswordHasher.iterations}$")

    response = sign_in(client, practitioner.email, PASSWORD)

    assert response.status_code == 302
    assert response.url == "/home/"
    practitioner.refresh_from_db()
    assert practitioner.password.startswith(OWASP_PREFIX)
    assert check_password(PASSWORD, practitioner.password)
    # The session was made with the new hash, so it stays signed in.
    assert client.get("/home/").status_code == 200
    # Signing in again leaves the Argon2id hash as it is (no rehash each time).
    client.logout()
    sign_in(client, practitioner.email, PASSWORD)
    practitioner.refresh_from_db()
    assert practitioner.password.startswith(OWASP_PREFIX)
    assert client.get("/home/").status_code == 200


@pytest.mark.django_db
@production_hashers
def test_a_wrong_password_leaves_the_old_hash_alone(client, practitioner):
    practitioner.password = make_password(PASSWORD, hasher="pbkdf2_sha256")
    practitioner.save(update_fields=["password"])
    before = practitioner.password

    sign_in(client, practitioner.email, "not-my-password")

    practitioner.refresh_from_db()
    assert practitioner.password == before
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
@production_hashers
def test_django_s_own_argon2_parameters_are_rehashed_with_owasp_s(client, practitioner):
    django_default = Argon2PasswordHasher()  # 100 MiB, t=2, p=8
    practitioner.password = django_default.encode(PASSWORD, django_default.salt())
    practitioner.save(update_fields=["password"])
    assert "m=102400" in practitioner.password

    sign_in(client, practitioner.email, PASSWORD)

    practitioner.refresh_from_db()
    assert practitioner.password.startswith(OWASP_PREFIX)
    assert "_auth_user_id" in client.session
