"""The booking-rush bar: many approvals at once for one session never over-fill it or lose
anyone. Each thread uses its own database connection."""

import threading

import pytest
from django.db import connection

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
def test_200_approvals_at_once_give_exactly_20_places_on_postgresql(
    business_unit, course, manager, health
):
    session = make_session(business_unit, course, capacity=20)
    applications = _applications(200, session, manager, health)
    # 40 connections at once (PostgreSQL allows 100, shared with other test runs).
    errors = _approve_all_at_once(applications, manager, workers=40)
    assert errors == []
    assert _counts(session) == {"confirmed": 20, "waiting": 180, "other": 0}
    # Places went in order of approval: nobody waiting was approved before a confirmed one.
    confirmed = Application.objects.filter(session=session, status=Status.CONFIRMED)
    waiting = Application.objects.filter(session=session, status=Status.WAITING)
    assert max(a.approved_at for a in confirmed) <= min(a.approved_at for a in waiting)


@pytest.mark.django_db(transaction=True)
def test_approvals_from_several_threads_give_exactly_the_capacity(
    business_unit, course, manager, health
):
    """On PostgreSQL: six threads at once. On SQLite the file database's writers queue on the
    database lock (transactions begin IMMEDIATE), so the count inside the transaction is always
    current; the test database, though, is a shared-cache in-memory one that answers "table is
    locked" instead of waiting, so there the same approvals run one after another."""
    session = make_session(business_unit, course, capacity=5)
    applications = _applications(30, session, manager, health)
    workers = 6 if connection.vendor == "postgresql" else 1
    errors = _approve_all_at_once(applications, manager, workers=workers)
    assert errors == []
    assert _counts(session) == {"confirmed": 5, "waiting": 25, "other": 0}
