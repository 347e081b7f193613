"""The booking-rush bar: many approvals at once for one session never over-fill it or lose
anyone. Each thread uses its own database connection."""

import sqlite3
import threading

import pytest
from django.db import connection

from safeguarding.core.testing.processes import race_in_processes
from safeguarding.organisations.tests.factories import PersonFactory
from safeguarding.training import services
from safeguarding.training.models import Application, Status

from .conftest import make_session


def _applications(count, session, manager, agency):
    people = [
        PersonFactory(agency=agency, line_manager=manager, full_name=f"Rush {n}")
        for n in range(count)
    ]
    return [
        services.apply(person, session, reason="Rush", line_manager=manager) for person in people
    ]


def _approve_all_at_once(applications, manager, workers):
    """`workers` threads, each with its own connection, released together by a barrier; each
    approves its share of the applications as fast as it can."""
    start = threading.Barrier(workers)
    errors = []
    shares = [applications[n::workers] for n in range(workers)]

    def work(share):
        try:
            start.wait()
            for application in share:
                services.approve(manager, application)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(share,)) for share in shares]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


def _counts(session):
    rows = Application.objects.filter(session=session)
    return {
        "confirmed": rows.filter(status=Status.CONFIRMED).count(),
        "waiting": rows.filter(status=Status.WAITING).count(),
        "other": rows.exclude(status__in=[Status.CONFIRMED, Status.WAITING]).count(),
    }


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_80_approvals_at_once_give_exactly_8_places_on_postgresql(
    business_unit, course, manager, health
):
    session = make_session(business_unit, course, capacity=8)
    applications = _applications(80, session, manager, health)
    # 40 connections at once (PostgreSQL allows 100, shared with other test runs): the first 40
    # approvals, one per connection, all want one of the 8 places at the same moment.
    errors = _approve_all_at_once(applications, manager, workers=40)
    assert errors == []
    assert _counts(session) == {"confirmed": 8, "waiting": 72, "other": 0}
    # Places went in order of approval: nobody waiting was approved before a confirmed one.
    confirmed = Application.objects.filter(session=session, status=Status.CONFIRMED)
    waiting = Application.objects.filter(session=session, status=Status.WAITING)
    assert max(a.approved_at for a in confirmed) <= min(a.approved_at for a in waiting)


@pytest.mark.django_db(transaction=True)
def test_approvals_from_several_threads_give_exactly_the_capacity(
    business_unit, course, manager, health
):
    """On PostgreSQL: six threads at once. The SQLite test database is a shared-cache in-memory
    one that answers "table is locked" instead of waiting, so there the same approvals run one
    after another; the SQLite test below runs them at once on a file database."""
    session = make_session(business_unit, course, capacity=5)
    applications = _applications(30, session, manager, health)
    workers = 6 if connection.vendor == "postgresql" else 1
    errors = _approve_all_at_once(applications, manager, workers=workers)
    assert errors == []
    assert _counts(session) == {"confirmed": 5, "waiting": 25, "other": 0}


def approve_on_threads(manager_pk, threads, *pks):
    """Run in a process of its own by the SQLite test below: approves the applications on
    `threads` threads at once, each with its own connection."""
    from safeguarding.organisations.models import Person

    manager = Person.objects.get(pk=manager_pk)
    applications = list(Application.objects.filter(pk__in=pks).order_by("pk"))
    connection.close()
    errors = _approve_all_at_once(applications, manager, workers=int(threads))
    if errors:
        raise RuntimeError(errors)


@pytest.mark.django_db(transaction=True)
def test_64_approvals_at_once_give_exactly_8_places_on_sqlite(
    business_unit, course, manager, health, tmp_path
):
    """The same bar on SQLite, with the file database the hub runs on (the test database is
    in memory): a copy of it is shared by 4 processes of 4 threads each, all approving at the
    same moment. The first 16 approvals alone, one per thread, would over-fill the 8 places
    if any two of them ever saw the same free place."""
    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL has its own test above")
    session = make_session(business_unit, course, capacity=8)
    applications = _applications(64, session, manager, health)
    pks = [application.pk for application in applications]
    job = "safeguarding.training.tests.test_concurrency:approve_on_threads"
    outcomes, database = race_in_processes(
        tmp_path, [(job, [manager.pk, 4, *pks[n::4]]) for n in range(4)]
    )
    assert outcomes == ["ok"] * 4
    with sqlite3.connect(database) as copy:
        statuses = dict(
            copy.execute(
                "SELECT status, COUNT(*) FROM training_application WHERE session_id = ? "
                "GROUP BY status",
                [session.pk],
            ).fetchall()
        )
        held = copy.execute(
            "SELECT MAX(approved_at) FROM training_application WHERE status = 'confirmed'"
        ).fetchone()[0]
        first_waiting = copy.execute(
            "SELECT MIN(approved_at) FROM training_application WHERE status = 'waiting'"
        ).fetchone()[0]
    assert statuses == {"confirmed": 8, "waiting": 56}
    assert held <= first_waiting
