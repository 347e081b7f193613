"""The booking rush (issue 5): a popular course opens and hundreds of practitioners apply for
one session at once, then their line managers approve at once, through the web server.

    .venv/bin/python benchmarks/rush.py [--clients 500] [--places 20] [--scale 1]

Against the generated data set (benchmarks/generate.py; DATABASE_URL's PostgreSQL database when
set), it adds a fresh session with --places places to a course of its own, picks --clients
practitioners who have a line manager and signs each of them, and each of their managers, in
(sessions written straight into the session store: nobody but the benchmark's sign-ins has a
password, and 500 password checks would measure the hash, not the booking). Then, against
gunicorn on 127.0.0.1 started as load.py starts it:

1. every client opens the apply page (not timed), waits at a barrier, then all send the form
   at the same moment: applications/s, p50 and p99;
2. every line manager opens their decision page (not timed), then all approve at the same
   moment: approvals/s, p50 and p99 (each approval locks the session's row and either takes a
   place or joins the waiting list);
3. the database is read back: exactly --places confirmed, the rest waiting, none lost or
   doubled, and one e-mail of each kind per application in the outbox.

It exits 1 when the check fails. The rush's course and session stay in the data set (a new
session each run; the course is reused).
"""

from __future__ import annotations

import argparse
import http.client
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

from benchmarks.generate import OUTPUT_DIR, setup_django  # noqa: E402

HOST = "127.0.0.1"
RUSH_COURSE = "Booking rush: neglect in practice"
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
ERROR_MESSAGE = re.compile(r'govuk-error-summary__list">\s*<li>(?:<a[^>]*>)?([^<]+)<', re.S)


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Many people apply for one session at once.")
    parser.add_argument("--scale", type=int, default=1)
    parser.add_argument("--output", help="SQLite data set (default bench-<scale>x.sqlite3)")
    parser.add_argument("--clients", type=int, default=500)
    parser.add_argument("--places", type=int, default=20)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
    parser.add_argument("--worker-threads", type=int, default=4, help="threads per worker")
    args = parser.parse_args(argv)
    if args.output is None:
        args.output = str(OUTPUT_DIR / f"bench-{args.scale}x.sqlite3")
    if not 1 <= args.places < args.clients <= 5000:
        parser.error("need 1 <= --places < --clients <= 5000")
    return args


# --- Preparing the rush, inside Django --------------------------------------------------------


def prepare(clients: int, places: int) -> dict:
    """A new session and signed-in clients: {"session": pk, "applicants": [(person_pk,
    manager_pk, cookie)], "managers": {manager_pk: cookie}}."""
    import random
    from datetime import timedelta
    from decimal import Decimal

    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.db import transaction
    from django.db.models import F
    from django.utils import timezone

    from safeguarding.accounts.middleware import start_session_clock
    from safeguarding.organisations.models import Board, Person
    from safeguarding.training.models import Course, Session
    from safeguarding.training.services import default_booking_close

    board = Board.objects.order_by("pk").first()
    with transaction.atomic():
        course, _ = Course.objects.get_or_create(
            title=RUSH_COURSE,
            defaults={
                "board": board,
                "topic": "Neglect",
                "audience": "Practitioners in every partner agency",
                "learning_outcomes": "Recognise neglect\nUse the county's neglect toolkit",
                "duration": "One day",
                "fee_contributing": Decimal("0"),
                "fee_non_contributing": Decimal("60"),
                "fee_private": Decimal("90"),
                "is_published": True,
            },
        )
        starts = timezone.now().replace(hour=9, minute=30, second=0, microsecond=0)
        starts += timedelta(days=60)
        session = Session.objects.create(
            course=course,
            starts_at=starts,
            ends_at=starts + timedelta(hours=6),
            venue="County Hall, Preston",
            trainer="Booking rush trainer",
            capacity=places,
            booking_closes=default_booking_close(timezone.localdate(starts)),
        )

    people = list(
        Person.objects.filter(
            is_active=True,
            agency__isnull=False,
            agency_confirmed=True,
            line_manager__isnull=False,
            line_manager__is_active=True,
            # Whom the apply form offers (training.selectors.line_managers_for).
            line_manager__agency_confirmed=True,
            line_manager__agency_id=F("agency_id"),
        ).values_list("pk", "line_manager_id", "password")[: clients * 20]
    )
    chosen = random.Random(session.pk).sample(people, clients)

    def signed_in(pk: int, password: str) -> str:
        # What django.contrib.auth.login() stores, without a password check per person.
        store = SessionStore()
        store[SESSION_KEY] = str(pk)
        store[BACKEND_SESSION_KEY] = "safeguarding.accounts.backends.HubAuthenticationBackend"
        store[HASH_SESSION_KEY] = Person(pk=pk, password=password).get_session_auth_hash()
        start_session_clock(store)
        store.create()
        return f"sessionid={store.session_key}"

    manager_passwords = dict(
        Person.objects.filter(pk__in={m for _, m, _ in chosen}).values_list("pk", "password")
    )
    return {
        "session": session.pk,
        "applicants": [(pk, manager, signed_in(pk, pw)) for pk, manager, pw in chosen],
        "managers": {pk: signed_in(pk, pw) for pk, pw in manager_passwords.items()},
    }


def outcome(session_pk: int) -> dict:
    from safeguarding.core.models import OutboundEmail
    from safeguarding.training.models import Application

    applications = list(
        Application.objects.filter(session_id=session_pk).values_list("pk", "status")
    )
    keys = [str(pk) for pk, _ in applications]
    notices = Counter(
        OutboundEmail.objects.filter(purpose__startswith="training.", object_key__in=keys)
        .values_list("purpose", flat=True)
        .iterator()
    )
    return {
        "applications": len(applications),
        "statuses": Counter(status for _, status in applications),
        "notices": notices,
    }


# --- The clients ------------------------------------------------------------------------------


def request(port: int, method: str, path: str, cookie: str, form: dict | None = None):
    """One request on its own connection: (status, body, Set-Cookie values, seconds)."""
    connection = http.client.HTTPConnection(HOST, port, timeout=120)
    headers = {"Cookie": cookie}
    body = None
    if form is not None:
        body = urlencode(form)
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    started = time.perf_counter()
    try:
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        content = response.read().decode(errors="replace")
        cookies = [
            value.split(";", 1)[0] for name, value in response.getheaders() if name == "Set-Cookie"
        ]
        return response.status, content, cookies, time.perf_counter() - started
    finally:
        connection.close()


def open_form(port: int, path: str, cookie: str) -> tuple[str, str]:
    """GETs a form page; returns the cookie header with the CSRF cookie, and the form's token."""
    status, body, cookies, _ = request(port, "GET", path, cookie)
    token = TOKEN.search(body)
    if status != 200 or token is None:
        raise RuntimeError(f"{path} answered {status} without a form")
    return "; ".join([cookie, *cookies]), token.group(1)


def in_parallel(jobs: list, work, threads: int) -> list:
    """Runs work(job) for every job on `threads` threads; results in the jobs' order."""
    results = [None] * len(jobs)
    cursor = iter(range(len(jobs)))
    lock = threading.Lock()

    def worker():
        while True:
            with lock:
                index = next(cursor, None)
            if index is None:
                return
            results[index] = work(jobs[index])

    pool = [threading.Thread(target=worker) for _ in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    return results


def rush(port: int, posts: list[tuple[str, str, dict]]) -> dict:
    """Every POST on its own thread, released together by a barrier: the burst's figures."""
    barrier = threading.Barrier(len(posts))
    results: list = [None] * len(posts)

    def client(index: int) -> None:
        path, cookie, form = posts[index]
        barrier.wait()
        try:
            status, body, _, seconds = request(port, "POST", path, cookie, form)
        except (OSError, http.client.HTTPException) as error:
            status, body, seconds = f"error: {error.__class__.__name__}", "", 0.0
        if status == 200:  # the form came back: say why, as the person would read it
            message = ERROR_MESSAGE.search(body)
            status = f"200 ({message.group(1).strip() if message else 'no error message'})"
        results[index] = (status, seconds, time.perf_counter())

    threads = [threading.Thread(target=client, args=(i,)) for i in range(len(posts))]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    latencies = sorted(seconds for _, seconds, _ in results)
    elapsed = max(finished for _, _, finished in results) - started

    def percentile(p: float) -> float:
        return latencies[min(len(latencies) - 1, int(len(latencies) * p))] * 1000

    return {
        "requests": len(posts),
        "seconds": elapsed,
        "per_second": len(posts) / elapsed,
        "p50_ms": percentile(0.50),
        "p99_ms": percentile(0.99),
        "statuses": Counter(status for status, _, _ in results),
    }


def print_burst(label: str, figures: dict) -> None:
    statuses = ", ".join(
        f"{count} x {status}" for status, count in sorted(figures["statuses"].items(), key=str)
    )
    print(
        f"  {label}: {figures['requests']} in {figures['seconds']:.2f}s = "
        f"{figures['per_second']:.0f}/s; p50 {figures['p50_ms']:.0f} ms, "
        f"p99 {figures['p99_ms']:.0f} ms; answers: {statuses}"
    )


def main(argv=None) -> None:
    args = parse_args(argv)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    import os

    sqlite_path = None if os.environ.get("DATABASE_URL") else args.output
    if sqlite_path and not Path(sqlite_path).exists():
        sys.exit(f"No data set at {sqlite_path}: run benchmarks/generate.py first.")
    setup_django(sqlite_path)
    from django.db import connection

    from benchmarks.load import free_port, start_server, stop_server

    print(f"==> Preparing a {args.places}-place session and {args.clients} signed-in applicants")
    plan = prepare(args.clients, args.places)
    connection.close()  # the server's workers write; this process only reads at the end
    session = plan["session"]
    print(f"  session {session}; {len(plan['managers'])} line managers will decide")

    port = free_port()
    print(
        f"==> Starting gunicorn on {HOST}:{port} "
        f"({args.workers} workers x {args.worker_threads} threads)"
    )
    server = start_server(args, port)
    try:
        apply_path = f"/training/sessions/{session}/apply/"
        print(f"==> {args.clients} applicants open the apply page (not timed)")
        forms = in_parallel(
            plan["applicants"], lambda job: open_form(port, apply_path, job[2]), threads=16
        )
        posts = [
            (
                apply_path,
                cookie,
                {
                    "csrfmiddlewaretoken": token,
                    "reason": "Neglect is the most common concern in my caseload.",
                    "line_manager": str(manager),
                    "confirm": "on",
                },
            )
            for (_, manager, _), (cookie, token) in zip(plan["applicants"], forms, strict=True)
        ]
        print(f"==> The rush: {args.clients} applications sent at the same moment")
        applied = rush(port, posts)
        print_burst("applications", applied)

        connection.connect()
        from safeguarding.training.models import Application

        to_decide = list(
            Application.objects.filter(session_id=session).values_list("pk", "line_manager_id")
        )
        connection.close()
        print(f"==> {len(to_decide)} line managers open their decision page (not timed)")
        decisions = in_parallel(
            to_decide,
            lambda job: open_form(
                port, f"/training/applications/{job[0]}/decide/", plan["managers"][job[1]]
            ),
            threads=16,
        )
        approvals = [
            (
                f"/training/applications/{pk}/decide/",
                cookie,
                {"csrfmiddlewaretoken": token, "decision": "approve", "note": ""},
            )
            for (pk, _), (cookie, token) in zip(to_decide, decisions, strict=True)
        ]
        print(f"==> {len(approvals)} approvals sent at the same moment")
        approved = rush(port, approvals)
        print_burst("approvals", approved)
    finally:
        stop_server(server)

    connection.connect()
    result = outcome(session)
    statuses = result["statuses"]
    confirmed, waiting = statuses.get("confirmed", 0), statuses.get("waiting", 0)
    notices = result["notices"]
    print("==> The outcome, read from the database")
    print(f"  applications stored: {result['applications']} of {args.clients}")
    print(f"  confirmed: {confirmed} (places: {args.places}); waiting: {waiting}")
    print(
        "  e-mails queued: " + ", ".join(f"{n} {purpose}" for purpose, n in sorted(notices.items()))
    )
    checks = {
        f"every application stored once ({args.clients})": result["applications"] == args.clients,
        f"exactly {args.places} confirmed": confirmed == args.places,
        f"the other {args.clients - args.places} waiting": waiting == args.clients - args.places,
        "one approval request per application": notices["training.approval_request"]
        == args.clients,
        "one confirmation per place": notices["training.place_confirmed"] == args.places,
        "one waiting-list notice per waiting person": notices["training.waiting_list"]
        == args.clients - args.places,
    }
    for label, ok in checks.items():
        print(f"  {'ok  ' if ok else 'FAIL'} {label}")
    if not all(checks.values()):
        sys.exit(1)


if __name__ == "__main__":
    main()
