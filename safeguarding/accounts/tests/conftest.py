import re
import time

import pytest
from django.core.cache import cache

PASSWORD = "correct-horse-battery"  # what PersonFactory sets


@pytest.fixture(autouse=True)
def _fresh_cache():
    """allauth keeps rate limits and used TOTP codes in the cache: start each test clean."""
    cache.clear()
    yield
    cache.clear()


def sign_in(client, email, password=PASSWORD, **extra):
    return client.post("/accounts/login/", {"login": email, "password": password}, **extra)


CODE_TIME_NEEDED = 5  # seconds a code must still be valid for when it is typed


def totp_code(secret: str, at: float | None = None) -> str:
    """The code an authenticator app would show now, from allauth's own HOTP helper. A code
    for now is taken with at least CODE_TIME_NEEDED seconds of its 30 left: one taken at the
    end of its window can expire before a busy machine checks it, as a person would wait for
    the next one."""
    from allauth.mfa import app_settings
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    period = app_settings.TOTP_PERIOD
    if at is None:
        left = period - time.time() % period
        if left < CODE_TIME_NEEDED:
            time.sleep(left + 0.05)  # until the next window opens
        at = time.time()
    return format_hotp_value(hotp_value(secret, int(at) // period))


def secret_on_page(html: str) -> str:
    match = re.search(r'id="authenticator_secret" type="text" value="([A-Z2-7=]+)"', html)
    assert match, "the activation page shows the secret as text"
    return match.group(1)


def reauthenticate(client, password=PASSWORD):
    """allauth asks for the password again before authenticator changes."""
    return client.post("/accounts/reauthenticate/", {"password": password})


def activation_page(client, password=PASSWORD):
    response = client.get("/accounts/2fa/totp/activate/")
    if response.status_code == 302 and response.url.startswith("/accounts/reauthenticate/"):
        reauthenticate(client, password)
        response = client.get("/accounts/2fa/totp/activate/")
    return response


def enrol(client, password=PASSWORD) -> str:
    """Sets up an authenticator app for the signed-in person; returns its secret."""
    secret = secret_on_page(activation_page(client, password).content.decode())
    response = client.post("/accounts/2fa/totp/activate/", {"code": totp_code(secret)})
    assert response.status_code == 302, response.content.decode()[:2000]
    return secret
