"""Security headers, cookies, CSRF and Django's deployment check under production settings."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from .conftest import PASSWORD, sign_in

ROOT = Path(settings.BASE_DIR)


def test_signed_in_pages_carry_the_security_headers(client, practitioner):
    sign_in(client, practitioner.email)
    response = client.get("/home/")
    csp = response.headers["Content-Security-Policy"]
    for directive in ("object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'"):
        assert directive in csp
    assert "img-src 'self' data:" in csp  # the authenticator QR code is a data: URI
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert "no-store" in response.headers["Cache-Control"]


def test_hsts_is_a_year_with_subdomains_over_https(client, db):
    response = client.get("/accounts/login/", secure=True)
    hsts = response.headers["Strict-Transport-Security"]
    assert int(hsts.split("max-age=")[1].split(";")[0]) >= 31536000
    assert "includeSubDomains" in hsts


def test_cookies_are_httponly_and_samesite(client, practitioner):
    response = sign_in(client, practitioner.email)
    session_cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert session_cookie["httponly"]
    assert session_cookie["samesite"] == "Lax"
    csrf_cookie = client.get("/accounts/login/").cookies.get(settings.CSRF_COOKIE_NAME)
    if csrf_cookie is not None:
        assert csrf_cookie["httponly"]
        assert csrf_cookie["samesite"] == "Lax"


def test_signing_in_without_a_csrf_token_is_refused(practitioner):
    strict = Client(enforce_csrf_checks=True)
    response = strict.post("/accounts/login/", {"login": practitioner.email, "password": PASSWORD})
    assert response.status_code == 403
    assert "_auth_user_id" not in strict.session


def _production(*args: str) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": "a-long-random-production-like-key-" + "x7Kq2Lm9Pz" * 5,
    }
    env.pop("MFA_REQUIRED", None)
    return subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


# One process under production settings answers both tests below (setting Django up is most of
# the cost): the settings they check on one line, then each deployment check's report followed
# by "passed" or its SystemCheckError, each part ended by a divider.
PRODUCTION = """
import django
from django.conf import settings as s
from django.core.management import call_command
from django.core.management.base import SystemCheckError

django.setup()
print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY,
      s.SESSION_COOKIE_SAMESITE, s.SECURE_HSTS_SECONDS >= 31536000,
      s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.MFA_REQUIRED, s.DEBUG)
print("-----", flush=True)
for args in (["--deploy", "--tag", "security", "--fail-level", "WARNING"], ["--deploy"]):
    try:
        call_command("check", *args)
    except SystemCheckError as error:
        print(error)
    else:
        print("passed")
    print("-----", flush=True)
"""


@pytest.fixture(scope="module")
def production():
    """(the settings line, the security check's report, the whole check's report, all output)"""
    result = _production("-c", PRODUCTION)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    settings_line, security, everything, _ = result.stdout.split("-----\n")
    return settings_line, security, everything, output


def test_check_deploy_is_clean_under_production_settings(production):
    _, security, everything, output = production
    # Not one warning from Django's deployment (security) checks...
    assert "no issues" in security, output
    assert security.rstrip().endswith("passed"), output
    # ...and no error from any check at all (CI also fails on other apps' warnings).
    assert everything.rstrip().endswith("passed"), output


def test_production_settings_make_cookies_secure_and_require_mfa(production):
    settings_line, *_ = production
    assert settings_line.split() == ["True", "True", "True", "Lax", "True", "True", "True", "False"]
