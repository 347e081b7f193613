"""Settings for the benchmarks: the hub's own local settings, served by gunicorn against a
generated data set, plus the ceiling page (benchmarks/urls.py).

The data set is the SQLite file named by BENCH_SQLITE (benchmarks/output/bench-1x.sqlite3 by
default) or, when DATABASE_URL is set, that PostgreSQL database."""

import os

from config.settings.local import *  # noqa: F403
from config.settings.local import BASE_DIR, DATABASES, MIDDLEWARE, PASSWORD_HASHERS

OUTPUT_DIR = BASE_DIR / "benchmarks" / "output"
OUTPUT_DIR.mkdir(parents=True, exist_ok=True)

if not os.environ.get("DATABASE_URL"):
    DATABASES["default"]["NAME"] = os.environ.get(
        "BENCH_SQLITE", str(OUTPUT_DIR / "bench-1x.sqlite3")
    )

ROOT_URLCONF = "benchmarks.urls"
# The sign-in rush's "before" run (benchmarks/sign_ins.py --hasher pbkdf2): PBKDF2 first, as
# the hub had it before ADR 0008, so passwords verify and stay with PBKDF2.
if os.environ.get("BENCH_PREFERRED_HASHER") == "pbkdf2":
    PASSWORD_HASHERS = sorted(PASSWORD_HASHERS, key=lambda name: "PBKDF2" not in name)
DEBUG = False
MFA_REQUIRED = False
# The board middleware looks up the boards on every request; the ceiling page is meant to use
# no database at all, so the benchmark's copy of the middleware leaves that one page alone.
MIDDLEWARE = [
    "benchmarks.middleware.CurrentBoardMiddleware"
    if name == "safeguarding.organisations.middleware.CurrentBoardMiddleware"
    else name
    for name in MIDDLEWARE
]
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
