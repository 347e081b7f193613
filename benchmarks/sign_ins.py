"""The sign-in rush (issue 13): hundreds of people sign in within a minute, each checking a
password, and none may be refused by a limit meant for attackers.

    .venv/bin/python benchmarks/sign_ins.py [--people 500] [--over 60] [--checks 10]
    .venv/bin/python benchmarks/sign_ins.py --hasher pbkdf2     # as before ADR 0008
    .venv/bin/python benchmarks/sign_ins.py --hasher upgrade    # the first day after it
    .venv/bin/python benchmarks/sign_ins.py --checks-only       # only the in-process timing

1. In this process: --checks password checks with each hasher (PBKDF2 at Django's default
   iterations, the hub's Argon2id at OWASP's parameters, and Django's own Argon2 for
   comparison), CPU seconds per check (time.process_time, every thread of the process) and
   wall time, and what --people checks cost against the CPU two cores have in --over seconds.
2. Against gunicorn on 127.0.0.1 started as load.py starts it: the data set's rush people
   (benchmarks/generate.py gives 500 practitioners one known password) each open the sign-in
   page (GET, for the CSRF cookie and token) and sign in (POST), started evenly over --over
   seconds, all from 127.0.0.1. It prints how many were signed in (302 to the home page with a
   session), how many refused (403 or 429: django-axes' lockout, allauth's rate limits) or
   failed otherwise, and p50/p99 of the POST (the password check) and of the whole sign-in.
   Then it reads the database back: no lockout recorded, and with --hasher upgrade every
   signed-in person's hash is now Argon2id.

--hasher sets what the people's stored hash is and what the server prefers:
  argon2   Argon2id hashes, Argon2id preferred (the hub today; the default)
  pbkdf2   PBKDF2 hashes, PBKDF2 preferred (BENCH_PREFERRED_HASHER=pbkdf2: the hub before)
  upgrade  PBKDF2 hashes, Argon2id preferred: each sign-in verifies PBKDF2, then rehashes
Each run first stores one hash of the chosen kind for all the people (computed once).
It exits 1 when anyone was refused or not signed in.
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import signal
import sys
import threading
import time
from collections import Counter
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.generate import BENCH_PASSWORD, OUTPUT_DIR, setup_django  # noqa: E402

HOST = "127.0.0.1"
LOGIN = "/accounts/login/"
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
CORES = 2  # this machine's; the arithmetic is printed against it
REFUSED = {403, 429}


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Hundreds of people sign in within a minute.")
    parser.add_argument("--scale", type=int, default=1)
    parser.add_argument("--output", help="SQLite data set (default bench-<scale>x.sqlite3)")
    parser.add_argument("--people", type=int, default=500)
    parser.add_argument("--over", type=float, default=60.0, help="seconds the arrivals span")
    parser.add_argument("--checks", type=int, default=10, help="in-process checks per hasher")
    parser.add_argument("--checks-only", action="store_true", help="no server, no rush")
    parser.add_argument("--hasher", choices=["argon2", "pbkdf2", "upgrade"], default="argon2")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
    parser.add_argument("--worker-threads", type=int, default=4, help="threads per worker")
    args = parser.parse_args(argv)
    if args.output is None:
        args.output = str(OUTPUT_DIR / f"bench-{args.scale}x.sqlite3")
    if not 1 <= args.people <= 5000 or not 1 <= args.over <= 600 or args.checks < 1:
        parser.error("need 1 <= --people <= 5000, 1 <= --over <= 600 and --checks >= 1")
    return args


# --- 1. What one check costs, in this process -------------------------------------------------


def time_checks(checks: int) -> list[dict]:
    """CPU and wall seconds per check_password for each hasher, after one untimed check."""
    from django.contrib.auth.hashers import Argon2PasswordHasher, PBKDF2PasswordHasher

    from safeguarding.accounts.hashers import HubArgon2idPasswordHasher

    rows = []
    for label, hasher in (
        (f"PBKDF2-SHA256, {PBKDF2PasswordHasher.iterations:,} iterations", PBKDF2PasswordHasher()),
        ("Argon2id m=19 MiB t=2 p=1 (the hub's)", HubArgon2idPasswordHasher()),
        ("Argon2id m=100 MiB t=2 p=8 (Django's)", Argon2PasswordHasher()),
    ):
        encoded = hasher.encode(BENCH_PASSWORD, hasher.salt())
        assert hasher.verify(BENCH_PASSWORD, encoded)
        cpu, wall = time.process_time(), time.perf_counter()
        for _ in range(checks):
            hasher.verify(BENCH_PASSWORD, encoded)
        rows.append(
            {
                "label": label,
                "cpu": (time.process_time() - cpu) / checks,
                "wall": (time.perf_counter() - wall) / checks,
            }
        )
    return rows


def print_checks(rows: list[dict], checks: int, people: int, over: float) -> None:
    budget = CORES * over
    print(f"  {'hasher':<42} {'CPU s/check':>11} {'wall s/check':>12} {people} checks")
    for row in rows:
        total = row["cpu"] * people
        print(
            f"  {row['label']:<42} {row['cpu']:>11.3f} {row['wall']:>12.3f} "
            f"{total:>7.0f} CPU-s = {total / budget:.0%} of {CORES} cores x {over:.0f} s"
        )
    print(f"  ({checks} checks each; load average {load_average()})")


def load_average() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "unknown"


# --- 2. The rush through the web server -------------------------------------------------------


def group_cpu_seconds(pgid: int) -> float:
    """CPU seconds (user and system) used so far by the live processes of a process group:
    gunicorn's master and workers, which load.py starts in a group of their own. On a machine
    shared with other work, this is what the sign-ins cost, whatever the wait."""
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # the process ended
        if int(fields[2]) == pgid:  # fields from the state on: pgrp, then utime and stime
            total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


def prepare(people: int, hasher: str) -> list[str]:
    """The rush's people, each given the same (one) hash of BENCH_PASSWORD of the chosen kind,
    and with any lockout or failure record of theirs cleared."""
    from axes.models import AccessAttempt
    from django.contrib.auth.hashers import make_password
    from django.db import transaction

    from benchmarks.generate import rush_sign_in_emails
    from safeguarding.organisations.models import Person

    emails = rush_sign_in_emails()[:people]
    if len(emails) < people:
        sys.exit(
            f"The data set has {len(emails)} rush people, not {people}: "
            "run benchmarks/generate.py again."
        )
    algorithm = "argon2" if hasher == "argon2" else "pbkdf2_sha256"
    shared = make_password(BENCH_PASSWORD, hasher=algorithm)
    with transaction.atomic():
        Person.objects.filter(email__in=emails).update(password=shared)
        AccessAttempt.objects.all().delete()
    return emails


def outcome(emails: list[str]) -> dict:
    from axes.models import AccessAttempt

    from safeguarding.organisations.models import Person

    hashes = Counter(
        password.split("$", 1)[0]
        for password in Person.objects.filter(email__in=emails).values_list("password", flat=True)
    )
    return {"hashes": hashes, "lockouts": AccessAttempt.objects.count()}


def request(port: int, method: str, path: str, cookie: str = "", form: dict | None = None):
    """One request on its own connection: (status, Location, Set-Cookie values, body)."""
    connection = http.client.HTTPConnection(HOST, port, timeout=300)
    headers = {"Cookie": cookie} if cookie else {}
    body = None
    if form is not None:
        body = urlencode(form)
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    try:
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        content = response.read().decode(errors="replace")
        cookies = [
            value.split(";", 1)[0] for name, value in response.getheaders() if name == "Set-Cookie"
        ]
        return response.status, response.getheader("Location", ""), cookies, content
    finally:
        connection.close()


def sign_in(port: int, email: str) -> dict:
    """GET the sign-in page, then POST the e-mail and password, as a browser would."""
    started = time.perf_counter()
    try:
        status, _, cookies, page = request(port, "GET", LOGIN)
        token = TOKEN.search(page)
        if status != 200 or token is None:
            return {"result": f"page {status}", "post": 0.0, "total": 0.0}
        form = {"csrfmiddlewaretoken": token.group(1), "login": email, "password": BENCH_PASSWORD}
        posted = time.perf_counter()
        status, location, cookies_after, _ = request(port, "POST", LOGIN, "; ".join(cookies), form)
        finished = time.perf_counter()
    except (OSError, http.client.HTTPException) as error:
        return {"result": f"error: {error.__class__.__name__}", "post": 0.0, "total": 0.0}
    signed_in = status == 302 and any(c.startswith("sessionid=") for c in cookies_after)
    if signed_in and location.endswith("/home/"):
        result = "signed in"
    elif status in REFUSED:
        result = f"refused {status}"
    else:
        result = f"not signed in ({status} {location})"
    return {"result": result, "post": finished - posted, "total": finished - started}


def rush(port: int, emails: list[str], over: float) -> dict:
    """Person i starts at i * over / len(emails) seconds, on a thread of their own."""
    results: list = [None] * len(emails)
    gap = over / len(emails)

    def person(index: int) -> None:
        results[index] = sign_in(port, emails[index])

    threads = []
    started = time.perf_counter()
    for index in range(len(emails)):
        delay = started + index * gap - time.perf_counter()
        if delay > 0:
            time.sleep(delay)
        thread = threading.Thread(target=person, args=(index,))
        thread.start()
        threads.append(thread)
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    done = [row for row in results if row["result"] == "signed in"]

    def percentile(key: str, p: float) -> float:
        values = sorted(row[key] for row in done)
        return values[min(len(values) - 1, int(len(values) * p))] * 1000 if values else 0.0

    return {
        "people": len(emails),
        "seconds": elapsed,
        "results": Counter(row["result"] for row in results),
        "post_p50": percentile("post", 0.50),
        "post_p99": percentile("post", 0.99),
        "total_p50": percentile("total", 0.50),
        "total_p99": percentile("total", 0.99),
    }


def main(argv=None) -> None:
    args = parse_args(argv)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    if args.hasher == "pbkdf2":
        os.environ["BENCH_PREFERRED_HASHER"] = "pbkdf2"  # this process and the server's
    sqlite_path = None if os.environ.get("DATABASE_URL") else args.output
    if not args.checks_only and sqlite_path and not Path(sqlite_path).exists():
        sys.exit(f"No data set at {sqlite_path}: run benchmarks/generate.py first.")
    setup_django(sqlite_path)

    print(f"==> What one password check costs, in this process (load average {load_average()})")
    print_checks(time_checks(args.checks), args.checks, args.people, args.over)
    if args.checks_only:
        return

    from django.conf import settings
    from django.db import connection

    from benchmarks.load import free_port, start_server, stop_server

    emails = prepare(args.people, args.hasher)
    connection.close()
    stored = "Argon2id" if args.hasher == "argon2" else "PBKDF2"
    preferred = settings.PASSWORD_HASHERS[0].rsplit(".", 1)[-1]
    print(
        f"==> {len(emails)} people with {stored} hashes sign in over {args.over:.0f} s "
        f"(the server prefers {preferred})"
    )
    port = free_port()
    server = start_server(args, port)
    try:
        # Every worker thread renders the sign-in page once before the clock starts (not timed).
        for _ in range(2):
            warm = [
                threading.Thread(target=request, args=(port, "GET", LOGIN))
                for _ in range(args.workers * args.worker_threads)
            ]
            for thread in warm:
                thread.start()
            for thread in warm:
                thread.join()
        before = load_average()
        server_cpu, client_cpu = group_cpu_seconds(server.pid), time.process_time()
        figures = rush(port, emails, args.over)
        server_cpu = group_cpu_seconds(server.pid) - server_cpu
        client_cpu = time.process_time() - client_cpu
        after = load_average()
    finally:
        stop_server(server)

    connection.connect()
    result = outcome(emails)
    answers = ", ".join(f"{n} {what}" for what, n in sorted(figures["results"].items()))
    print(
        f"  {figures['people']} sign-ins in {figures['seconds']:.1f} s "
        f"({args.workers} workers x {args.worker_threads} threads): {answers}"
    )
    print(
        f"  sign-in POST p50 {figures['post_p50']:.0f} ms, p99 {figures['post_p99']:.0f} ms; "
        f"page and POST p50 {figures['total_p50']:.0f} ms, p99 {figures['total_p99']:.0f} ms"
    )
    print(
        f"  CPU: the server {server_cpu:.0f} s ({server_cpu / len(emails) * 1000:.0f} ms a "
        f"sign-in), the clients {client_cpu:.0f} s; load average before {before}, after {after}"
    )
    hashes = ", ".join(f"{n} {kind}" for kind, n in sorted(result["hashes"].items()))
    print(f"  stored hashes now: {hashes}; failed-sign-in records (axes): {result['lockouts']}")
    signed_in = figures["results"]["signed in"]
    refused = sum(n for what, n in figures["results"].items() if what.startswith("refused"))
    checks = {
        f"everyone signed in ({signed_in} of {len(emails)})": signed_in == len(emails),
        f"nobody refused by a rate limit or lockout ({refused})": refused == 0,
        "no failed sign-in recorded": result["lockouts"] == 0,
    }
    if args.hasher == "upgrade":
        checks["every signed-in person's hash is now Argon2id"] = (
            result["hashes"].get("argon2", 0) >= signed_in
        )
    for label, ok in checks.items():
        print(f"  {'ok  ' if ok else 'FAIL'} {label}")
    if not all(checks.values()):
        sys.exit(1)


if __name__ == "__main__":
    main()
