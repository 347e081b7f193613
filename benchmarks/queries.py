"""Counts the database queries each benchmarked page makes, in-process with Django's test
client (no server), signed in as the benchmark's business-unit user (the ceiling without a session,
as the load test requests it). Prints one JSON object:
{"/directory/": {"status": 200, "queries": 9}, ...}.

    .venv/bin/python benchmarks/queries.py [--output FILE.sqlite3] PATH...

The data set is the SQLite file given (default bench-1x) or DATABASE_URL's database.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def count_queries(paths: list[str]) -> dict[str, dict]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from benchmarks.generate import BENCH_EMAIL
    from safeguarding.organisations.models import Person

    signed_in = Client(HTTP_HOST="127.0.0.1")
    signed_in.force_login(Person.objects.get(email=BENCH_EMAIL))
    anonymous = Client(HTTP_HOST="127.0.0.1")
    results = {}
    for path in paths:
        # The ceiling is requested without a session, as the load test does.
        client = anonymous if path.startswith("/bench/") else signed_in
        client.get(path)  # warm: first-use lookups (content types, caches) are not counted
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path)
        results[path] = {"status": response.status_code, "queries": len(captured)}
    return results


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description="Query count of each page")
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--output", help="the SQLite data set (default bench-1x)")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "benchmarks.settings")
    if args.output:
        os.environ["BENCH_SQLITE"] = args.output
    import django

    django.setup()
    print(json.dumps(count_queries(args.paths)))


if __name__ == "__main__":
    main()
