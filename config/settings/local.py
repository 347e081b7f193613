"""The default: the demo county on this machine, served over plain HTTP on 127.0.0.1.

MFA is offered but not enforced unless MFA_REQUIRED=1; e-mail is written to var/sent-mail."""

import os

from .base import *  # noqa: F403
from .base import VAR_DIR

if not SECRET_KEY:  # noqa: F405
    # A per-checkout key kept beside the database, so sessions survive restarts.
    key_file = VAR_DIR / "secret-key"
    if not key_file.exists():
        import secrets

        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    SECRET_KEY = key_file.read_text().strip()

SECURE_HSTS_SECONDS = 0
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend")
