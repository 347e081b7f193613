"""The test suite: fast hashing, in-memory mail, tasks run in-process."""

from .base import *  # noqa: F403

SECRET_KEY = "test-only-key-not-secret-0123456789abcdefghijklmnopqrstuvwxyz"  # noqa: S105
DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
SECURE_HSTS_SECONDS = 31536000
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

if DATABASES["default"]["ENGINE"] == "safeguarding.core.sqlite":  # noqa: F405
    # In memory, as for Django's own SQLite engine: pytest-django's parallel runs would otherwise
    # take the hub's engine for a server database and name a file per worker after the path.
    DATABASES["default"]["TEST"] = {"NAME": ":memory:"}  # noqa: F405
