"""Production: HTTPS only, secure cookies, MFA required for staff. SECRET_KEY must be set."""

import os

from .base import *  # noqa: F403
from .base import env_bool

SECRET_KEY = os.environ["SECRET_KEY"]
DEBUG = False
MFA_REQUIRED = env_bool("MFA_REQUIRED", True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = max(int(os.environ.get("SECURE_HSTS_SECONDS", "31536000")), 31536000)
SESSION_COOKIE_NAME = "__Secure-sessionid"
CSRF_COOKIE_NAME = "__Secure-csrftoken"
SECURE_HSTS_PRELOAD = True
