"""For every model with both a "may this person see this record" rule and a `visible_to(user)`
queryset, the two agree for every demo sign-in (and a superuser, the other board's business
unit and anyone signed out), over every record of the demo county. A rule or selector changed
without the other fails here."""

import pytest
import time_machine
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.utils import timezone

from safeguarding.actionplans.models import Action, ActionPlan, Challenge
from safeguarding.actionplans.selectors import (
    actions_visible_to,
    challenges_visible_to,
    plans_visible_to,
)
from safeguarding.inspections.models import CaseAudit, Inspection
from safeguarding.inspections.selectors import audits_visible_to, inspections_visible_to
from safeguarding.meetings.models import Meeting
from safeguarding.meetings.selectors import meetings_visible_to
from safeguarding.organisations.demo.people import DEMO_LINE_MANAGER, DEMO_SIGNINS
from safeguarding.organisations.models import Agency, Board, Person
from safeguarding.organisations.selectors import people_visible_to
from safeguarding.organisations.tests.factories import PersonFactory, RoleAssignmentFactory
from safeguarding.returns.models import Request as ReturnsRequest
from safeguarding.returns.models import Return
from safeguarding.returns.selectors import requests_visible_to, returns_visible_to
from safeguarding.reviews.models import ChronologyRequest, Review
from safeguarding.reviews.selectors import chronologies_visible_to, reviews_visible_to
from safeguarding.training.models import Application
from safeguarding.training.selectors import applications_visible_to

# permission, model, selector
PAIRS = [
    ("organisations.view_person", Person, people_visible_to),
    ("actionplans.view_plan", ActionPlan, plans_visible_to),
    ("actionplans.view_action", Action, actions_visible_to),
    ("actionplans.view_challenge", Challenge, challenges_visible_to),
    ("meetings.view_meeting", Meeting, meetings_visible_to),
    ("training.view_application", Application, applications_visible_to),
    ("inspections.view_inspection", Inspection, inspections_visible_to),
    ("inspections.view_audit", CaseAudit, audits_visible_to),
    ("returns.view_request", ReturnsRequest, requests_visible_to),
    ("returns.view_return", Return, returns_visible_to),
    ("reviews.view_review", Review, reviews_visible_to),
    ("reviews.view_chronology", ChronologyRequest, chronologies_visible_to),
]


@pytest.fixture
def readers(db):
    """The demo county with every app's demo records; its sign-ins and three more readers."""
    call_command("load_demo_county", verbosity=0)
    readers = {email: Person.objects.get(email=email) for email, *_ in DEMO_SIGNINS}
    adults_bu = PersonFactory(full_name="Adults Unit")
    RoleAssignmentFactory(
        person=adults_bu, role="business_unit", board=Board.objects.get(slug="adults")
    )
    readers["adults' business unit only"] = adults_bu
    # Someone of another agency whom the demo line manager manages.
    manager = readers[DEMO_LINE_MANAGER]
    PersonFactory(agency=Agency.objects.exclude(pk=manager.agency_id).first(), line_manager=manager)
    readers["superuser"] = PersonFactory(is_superuser=True, is_staff=True)
    readers["signed out"] = AnonymousUser()
    return readers


def test_rule_and_queryset_agree_for_every_reader(readers):
    wrong = []
    # One moment for both halves, so neither can see a different day.
    with time_machine.travel(timezone.now(), tick=False):
        for permission, model, selector in PAIRS:
            records = list(model.objects.all())
            assert records, f"the demo county has no {model.__name__}"
            for name, reader in readers.items():
                visible = set(selector(reader).values_list("pk", flat=True))
                differ = [
                    record.pk
                    for record in records
                    if reader.has_perm(permission, record) != (record.pk in visible)
                ]
                if differ:
                    wrong.append(f"{permission} / {selector.__name__} for {name}: {differ[:10]}")
    assert not wrong, "\n".join(wrong)
