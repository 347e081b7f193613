import datetime
import zoneinfo

import time_machine

from safeguarding.core.models import AuditEvent, OutboundEmail
from safeguarding.core.sweeps import SWEEPS
from safeguarding.core.testing.mail import check_reads_well, received
from safeguarding.returns import services
from safeguarding.returns.sweeps import remind_and_chase_returns

from .conftest import DEADLINE

LONDON = zoneinfo.ZoneInfo("Europe/London")


def at(day: datetime.date):
    return time_machine.travel(datetime.datetime.combine(day, datetime.time(9), LONDON), tick=False)


def emails(purpose):
    return sorted(OutboundEmail.objects.filter(purpose=purpose).values_list("recipient", flat=True))


def test_the_sweep_is_registered():
    assert "safeguarding.returns.sweeps.remind_and_chase_returns" in SWEEPS


def test_nothing_long_before_the_deadline(sent):
    with at(DEADLINE - datetime.timedelta(days=30)):
        assert remind_and_chase_returns() == 0


def test_a_reminder_before_the_deadline_once(sent, police_lead, health_lead):
    with at(DEADLINE - datetime.timedelta(days=3)):
        assert remind_and_chase_returns() == 2
        assert remind_and_chase_returns() == 0  # a restart sends nothing again
    assert emails("returns.deadline_soon") == sorted([police_lead.email, health_lead.email])
    assert AuditEvent.objects.filter(verb="return reminded").count() == 2
    for message in received():
        assert check_reads_well(message) == []


def test_a_signed_off_return_is_not_chased(sent, police_lead, police_return, health_lead):
    from .conftest import questions_of

    scores = {q.pk: {"score": 2} for q in questions_of(police_return) if q.kind == "scale"}
    services.save_answers(police_lead, police_return, scores)
    services.sign_off(police_lead, police_return)
    with at(DEADLINE + datetime.timedelta(days=1)):
        assert remind_and_chase_returns() == 1
    assert emails("returns.chase") == [health_lead.email]


def test_late_returns_are_chased_then_escalated_to_the_board_member(
    sent, police_lead, health_lead, police_board_member
):
    with at(DEADLINE + datetime.timedelta(days=1)):
        assert remind_and_chase_returns() == 2
    assert emails("returns.escalation") == []
    with at(DEADLINE + datetime.timedelta(days=16)):
        assert remind_and_chase_returns() == 1
        assert remind_and_chase_returns() == 0
    assert emails("returns.escalation") == [police_board_member.email]
    assert emails("returns.chase") == sorted([police_lead.email, health_lead.email])
    assert AuditEvent.objects.filter(verb="return escalated").count() == 1


def test_more_evidence_is_reminded_then_chased_once(business_unit, police_lead, police_return):
    from .conftest import questions_of

    scores = {q.pk: {"score": 2} for q in questions_of(police_return) if q.kind == "scale"}
    services.save_answers(police_lead, police_return, scores)
    services.sign_off(police_lead, police_return)
    due = datetime.date(2030, 9, 2)
    with at(datetime.date(2030, 8, 1)):
        services.ask_for_evidence(business_unit, police_return, note="DBS audit", deadline=due)
    with at(due - datetime.timedelta(days=2)):
        remind_and_chase_returns()
        assert remind_and_chase_returns() == 0
    assert emails("returns.evidence_chase") == [police_lead.email]
    with at(due + datetime.timedelta(days=3)):
        remind_and_chase_returns()
        assert remind_and_chase_returns() == 0
    assert emails("returns.evidence_chase") == [police_lead.email, police_lead.email]
    # The return sent back for evidence is not chased as late against the request's deadline.
    assert police_lead.email not in emails("returns.chase")
