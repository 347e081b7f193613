from datetime import timedelta
from decimal import Decimal

import pytest
import time_machine
from django.utils import timezone

from safeguarding.organisations.models import Agency
from safeguarding.organisations.tests.factories import AgencyFactory
from safeguarding.training import services


@pytest.fixture
def health(db):
    return AgencyFactory(
        name="Lancashire Teaching Hospitals",
        contribution_status=Agency.ContributionStatus.CONTRIBUTING,
    )


@pytest.fixture
def nursery(db):
    return AgencyFactory(
        name="Little Steps Nursery", contribution_status=Agency.ContributionStatus.PRIVATE
    )


@pytest.fixture
def manager(make_person, health):
    return make_person("practitioner", agency=health, full_name="Maria Manager")


@pytest.fixture
def applicant(make_person, health, manager):
    return make_person("practitioner", agency=health, line_manager=manager, full_name="Ann Apply")


@pytest.fixture
def course(business_unit, children_board):
    return services.create_course(
        business_unit,
        board=children_board,
        title="Recognising neglect",
        topic="Neglect",
        audience="Everyone working with children and families",
        level="introductory",
        learning_outcomes="Spot the signs of neglect\nKnow how to refer",
        duration="One day",
        fee_non_contributing=Decimal("60"),
        fee_private=Decimal("90"),
        charge_contributing=Decimal("50"),
        charge_non_contributing=Decimal("60"),
        charge_private=Decimal("90"),
        validity_months=36,
        waiting_list_minimum=3,
        offer_hours=48,
    )


def started_earlier_today():
    """A start time up to an hour ago and never yesterday, whatever the time of day the tests
    run (a session that started "an hour ago" at half past midnight was yesterday's)."""
    now = timezone.localtime()
    return max(now - timedelta(hours=1), now.replace(hour=0, minute=0, second=0, microsecond=0))


def mark_when_it_starts(acting_user, application, *, attended: bool):
    """Marks the register a minute after the session starts: registers open then."""
    with time_machine.travel(application.session.starts_at + timedelta(minutes=1), tick=False):
        return services.mark_attendance(acting_user, application, attended=attended)


def make_session(business_unit, course, *, days=30, capacity=2):
    start = timezone.now().replace(hour=9, minute=30, second=0, microsecond=0) + timedelta(
        days=days
    )
    return services.create_session(
        business_unit,
        course,
        starts_at=start,
        ends_at=start + timedelta(hours=6),
        trainer="Terry Trainer",
        capacity=capacity,
        venue="County Hall, Preston",
    )


@pytest.fixture
def session(business_unit, course):
    return make_session(business_unit, course)


@pytest.fixture
def staff(make_person, health, manager):
    """Five more of the manager's staff."""
    return [
        make_person("practitioner", agency=health, line_manager=manager, full_name=f"Staff {n}")
        for n in range(5)
    ]


def apply_and_approve(person, session, manager):
    application = services.apply(person, session, reason="For my work", line_manager=manager)
    return services.approve(manager, application)


def last_email_pk() -> int:
    from safeguarding.core.models import OutboundEmail

    last = OutboundEmail.objects.order_by("-pk").first()
    return last.pk if last else 0


def queued(after: int = 0, purpose: str | None = None):
    """Messages in the outbox (committed with the change that queued them), oldest first."""
    from safeguarding.core.models import OutboundEmail

    rows = OutboundEmail.objects.filter(pk__gt=after).order_by("pk")
    if purpose:
        rows = rows.filter(purpose=purpose)
    return list(rows)
