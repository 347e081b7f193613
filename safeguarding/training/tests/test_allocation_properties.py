"""Whatever order approvals, cancellations, acceptances and expiries come in, a session never
holds more places than it has, and nobody waits while a place is free."""

from datetime import timedelta

import pytest
import time_machine
from django.db.models import Q
from django.utils import timezone
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from safeguarding.organisations.tests.factories import PersonFactory
from safeguarding.training import services
from safeguarding.training.models import HOLDS_PLACE, Application, Status

from .conftest import make_session

pytestmark = pytest.mark.django_db

STEPS = st.lists(
    st.tuples(
        st.sampled_from(["approve", "approve", "approve", "cancel", "accept", "expire"]),
        st.integers(0, 4),
    ),
    min_size=3,
    max_size=25,
)


def _check(session):
    rows = Application.objects.filter(session=session)
    held = rows.filter(status__in=HOLDS_PLACE).count()
    waiting = rows.filter(status=Status.WAITING).count()
    assert held <= session.capacity
    if held < session.capacity:
        assert waiting == 0


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(steps=STEPS, capacity=st.integers(1, 3))
@example(steps=[("approve", 0), ("approve", 1), ("cancel", 0)], capacity=1)
def test_any_order_of_events_keeps_the_allocation_rules(
    steps, capacity, business_unit, course, manager, health
):
    session = make_session(business_unit, course, days=200, capacity=capacity)
    people = [PersonFactory(agency=health, line_manager=manager) for _ in range(5)]
    applications = [
        services.apply(person, session, reason="Needed", line_manager=manager) for person in people
    ]
    now = timezone.now()
    for action, index in steps:
        application = Application.objects.get(pk=applications[index].pk)
        if action == "approve" and application.status == Status.AWAITING_APPROVAL:
            services.approve(manager, application)
        elif action == "cancel" and application.status in (
            Status.AWAITING_APPROVAL,
            Status.WAITING,
            Status.CONFIRMED,
            Status.OFFERED,
        ):
            services.cancel(application.applicant, application)
        elif action == "accept" and application.status == Status.OFFERED:
            services.accept_offer(application.applicant, application)
        elif action == "expire":
            now += timedelta(hours=49)
            with time_machine.travel(now):
                due = Application.objects.filter(
                    Q(session=session), status=Status.OFFERED, offer_expires_at__lte=now
                )
                for pk in due.values_list("pk", flat=True):
                    services.expire_offer(pk)
        _check(session)
