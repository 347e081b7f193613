"""Counts the database queries each benchmarked page makes, in-process with Django's test
client (no server), signed in as the page's benchmark sign-in (generate.SIGN_INS; the
business unit's by default, the ceiling without a session, as the load test requests it).

    .venv/bin/python benchmarks/queries.py [--output FILE.sqlite3] PATH...
    .venv/bin/python benchmarks/queries.py [--output FILE.sqlite3] --scenarios

With paths, prints one JSON object: {"/directory/": {"status": 200, "queries": 9}, ...}. With
--scenarios, also resolves the pages of benchmarks/scenarios (a path may be a function of the
data set) and prints {"pages": [{"label", "path", "sign_in", "status", "queries"}, ...]}.

The data set is the SQLite file given (default bench-1x) or DATABASE_URL's database.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _clients() -> dict:
    from django.test import Client

    from benchmarks.generate import SIGN_INS
    from safeguarding.organisations.models import Person

    clients = {}
    for name, email in SIGN_INS.items():
        person = Person.objects.filter(email=email).first()
        if person is None:
            continue
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(person)
        clients[name] = client
    clients[""] = Client(HTTP_HOST="127.0.0.1")  # anonymous
    return clients


def count_queries(paths: list[str], sign_ins: list[str] | None = None) -> dict[str, dict]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    clients = _clients()
    results = {}
    for index, path in enumerate(paths):
        # The ceiling is requested without a session, as the load test does.
        sign_in = sign_ins[index] if sign_ins else "unit"
        if path.startswith("/bench/"):
            sign_in = ""
        client = clients.get(sign_in)
        if client is None:
            results[path] = {"status": 0, "queries": None, "error": f"no sign-in {sign_in!r}"}
            continue
        client.get(path)  # warm: first-use lookups (content types, caches) are not counted
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path)
        results[path] = {"status": response.status_code, "queries": len(captured)}
    return results


def scenario_pages() -> list[dict]:
    """benchmarks/scenarios' pages with their paths resolved and their query counts."""
    from benchmarks import scenarios

    resolved = []
    for label, path, sign_in in scenarios.pages():
        try:
            path = path() if callable(path) else path
        except Exception as error:  # noqa: BLE001 - reported, the other pages still run
            resolved.append({"label": label, "path": None, "error": repr(error)})
            continue
        resolved.append({"label": label, "path": path, "sign_in": sign_in})
    ready = [page for page in resolved if page["path"]]
    counts = count_queries([page["path"] for page in ready], [page["sign_in"] for page in ready])
    for page in ready:
        page.update(counts[page["path"]])
    return resolved


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description="Query count of each page")
    parser.add_argument("paths", nargs="*")
    parser.add_argument("--scenarios", action="store_true", help="also the scenarios' pages")
    parser.add_argument("--output", help="the SQLite data set (default bench-1x)")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "benchmarks.settings")
    if args.output:
        os.environ["BENCH_SQLITE"] = args.output
    import django

    django.setup()
    result = count_queries(args.paths) if args.paths else {}
    if args.scenarios:
        result = {"paths": result, "pages": scenario_pages()}
    print(json.dumps(result))


if __name__ == "__main__":
    main()
