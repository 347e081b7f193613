import datetime
import zoneinfo

import pytest
import time_machine

from safeguarding.actionplans import services
from safeguarding.actionplans.sweeps import remind_and_escalate_actions
from safeguarding.core.models import AuditEvent, OutboundEmail
from safeguarding.core.sweeps import SWEEPS
from safeguarding.core.testing.mail import check_reads_well, received, text_body

LONDON = zoneinfo.ZoneInfo("Europe/London")


def at(day: datetime.date):
    return time_machine.travel(datetime.datetime.combine(day, datetime.time(9), LONDON), tick=False)


@pytest.fixture
def setup(roles, business_unit, plan, police, owner, burnley, settings):
    settings.HUB_ACTION_STALE_DAYS = 30
    with at(datetime.date(2015, 3, 1)):
        action = services.add_action(
            business_unit,
            plan,
            what="Deliver CSE awareness sessions",
            owner_agency=police,
            owner_person=owner,
            due_date=datetime.date(2015, 3, 20),
            localities=[burnley],
        )
        services.post_update(owner, action, status="on_track", narrative="Planned")
    return action


def emails(purpose=None):
    rows = OutboundEmail.objects.all()
    if purpose:
        rows = rows.filter(purpose=purpose)
    return list(rows.values_list("purpose", "recipient", "object_key"))


def test_sweep_is_registered():
    assert "safeguarding.actionplans.sweeps.remind_and_escalate_actions" in SWEEPS


def test_nothing_before_the_reminder_window(setup):
    with at(datetime.date(2015, 3, 12)):
        assert remind_and_escalate_actions() == 0
    assert emails() == []


def test_due_reminder_once(setup, owner):
    with at(datetime.date(2015, 3, 13)):
        assert remind_and_escalate_actions() == 1
        assert remind_and_escalate_actions() == 0
    assert emails() == [
        ("actionplans.action_due_soon", owner.email, f"action:{setup.pk}:due:2015-03-20")
    ]
    event = AuditEvent.objects.get(verb="reminder sent", target_id=str(setup.pk))
    assert "due on 20 March 2015" in event.payload["summary"]
    assert event.actor is None


def test_overdue_escalates_to_cpb_chair_then_business_unit(setup, roles):
    chair, bu = roles["burnley_chair"], roles["business_unit"]
    with at(datetime.date(2015, 3, 21)):
        remind_and_escalate_actions()
    assert (
        "actionplans.action_overdue_cpb",
        chair.email,
        f"action:{setup.pk}:overdue:2015-03-20",
    ) in emails()
    # the Preston chair is not asked about a Burnley action
    assert roles["preston_chair"].email not in {row[1] for row in emails()}
    assert not emails("actionplans.action_overdue_business_unit")
    with at(datetime.date(2015, 4, 2)):
        remind_and_escalate_actions()
    assert not emails("actionplans.action_overdue_business_unit")
    with at(datetime.date(2015, 4, 3)):
        remind_and_escalate_actions()
        remind_and_escalate_actions()
    sent = emails("actionplans.action_overdue_business_unit")
    assert (
        "actionplans.action_overdue_business_unit",
        bu.email,
        f"action:{setup.pk}:overdue:2015-03-20",
    ) in sent
    assert len(sent) == len({row[1] for row in sent}) == 2  # both business-unit staff, once
    levels = list(
        AuditEvent.objects.filter(verb="action escalated", target_id=str(setup.pk)).values_list(
            "payload__level", flat=True
        )
    )
    # overdue: locality board then business unit; stalled since 31 March: locality board so far
    assert sorted(levels) == ["business unit", "locality board", "locality board"]


def test_stalled_action_reminds_owner_and_escalates(setup, owner, roles, settings):
    settings.HUB_ACTION_STALE_DAYS = 10
    with at(datetime.date(2015, 3, 10)):
        assert remind_and_escalate_actions() == 0
    with at(datetime.date(2015, 3, 11)):
        remind_and_escalate_actions()
    assert emails("actionplans.action_stale") == [
        ("actionplans.action_stale", owner.email, f"action:{setup.pk}:stale:2015-03-01")
    ]
    assert emails("actionplans.action_stalled_cpb")
    # a new update resets the clock: no new notice until it stalls again
    with at(datetime.date(2015, 3, 12)):
        services.post_update(owner, setup, status="on_track", narrative="Moving again")
        before = len(emails())
        remind_and_escalate_actions()
    assert len(emails("actionplans.action_stale")) == 1
    assert len(emails()) == before


def test_complete_actions_are_left_alone(setup, owner):
    services.post_update(
        owner, setup, status="complete", narrative="Done", links=[("https://example.org", "")]
    )
    with at(datetime.date(2015, 6, 1)):
        assert remind_and_escalate_actions() == 0


def test_no_owner_person_reminds_agency_leads(make_action, roles):
    with at(datetime.date(2015, 3, 1)):
        action = make_action(what="No owner", due_date=datetime.date(2015, 3, 5))
        remind_and_escalate_actions()
    assert emails() == [
        (
            "actionplans.action_due_soon",
            roles["police_lead"].email,
            f"action:{action.pk}:due:2015-03-05",
        )
    ]


def test_due_reminder_reads_well_as_received(setup, owner, settings, mailoutbox):
    settings.SITE_URL = "http://hub.example.org:8123"
    with at(datetime.date(2015, 3, 13)):
        remind_and_escalate_actions()
        (message,) = received()
    assert check_reads_well(message) == []
    text = text_body(message)
    assert "Due: 20 March 2015" in text
    assert f"http://hub.example.org:8123/actions/action/{setup.pk}/" in text
