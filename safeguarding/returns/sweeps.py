"""Reminders before a return's deadline, chasing after it and escalation, run by `run_sweeps`.

- 5 working days before the deadline: a reminder to the agency's safeguarding leads.
- The first working day after the deadline, unsigned: chased with the leads.
- 10 working days after the deadline, still unsigned: escalated to the board members who
  represent the agency on the request's board.
- More evidence asked for by the moderator: reminded before its own deadline, and chased
  once after it.

Each notice is queued once (the outbox is unique per purpose, recipient and object key, the
key naming the return and its deadline), so a restart or a second host sends nothing twice,
and recorded on the return's history.
"""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from safeguarding.core.audit import record_change
from safeguarding.core.formatting import hub_date
from safeguarding.core.outbox import queue_email
from safeguarding.core.sweeps import sweep
from safeguarding.core.workdays import add_working_days, working_days_between

from .emails import Purpose
from .models import Return
from .selectors import agency_leads, board_members_for

REMIND_DAYS = 5
ESCALATE_AFTER_DAYS = 10
# A return this long past its deadline is no longer swept (its notices went long ago).
CHASE_FOR = timedelta(days=90)


def _send(answered: Return, people, *, purpose, key: str, subject: str, reason: str, verb: str):
    sent = []
    for person in people:
        if person.email and queue_email(
            purpose=purpose,
            recipient=person.email,
            object_key=key,
            subject=subject,
            template="emails/returns/return_notice",
            context={"answered": answered, "person": person, "reason": reason},
        ):
            sent.append(str(person))
    if sent:
        record_change(None, verb, answered, {"summary": f"{reason} Sent to {', '.join(sent)}."})
    return len(sent)


def _remind(answered: Return, today) -> int:
    deadline = answered.request.deadline
    title = answered.request.title
    key = f"return:{answered.pk}:{deadline.isoformat()}"
    if today <= deadline <= add_working_days(today, REMIND_DAYS):
        return _send(
            answered,
            agency_leads(answered.agency_id),
            purpose=Purpose.DEADLINE_SOON,
            key=key,
            subject=f"Due on {hub_date(deadline)}: {title}",
            reason=f"Reminder: {answered.agency.name}'s return to '{title}' is due on "
            f"{hub_date(deadline)}.",
            verb="return reminded",
        )
    if deadline >= today:
        return 0
    acted = _send(
        answered,
        agency_leads(answered.agency_id),
        purpose=Purpose.CHASE,
        key=key,
        subject=f"Late since {hub_date(deadline)}: {title}",
        reason=f"{answered.agency.name}'s return to '{title}' was due on {hub_date(deadline)} "
        "and has not been signed off.",
        verb="return reminded",
    )
    if working_days_between(deadline, today) >= ESCALATE_AFTER_DAYS:
        acted += _send(
            answered,
            board_members_for(answered.agency_id, answered.request.board_id),
            purpose=Purpose.ESCALATION,
            key=key,
            subject=f"Late return from {answered.agency.name}: {title}",
            reason=f"As the board member for {answered.agency.name}: its return to '{title}' "
            f"was due on {hub_date(deadline)} and is still not signed off.",
            verb="return escalated",
        )
    return acted


def _chase_evidence(answered: Return, today) -> int:
    """More evidence asked for by the moderator: reminded before its own deadline, chased
    after it."""
    deadline = answered.evidence_deadline
    title = answered.request.title
    key = f"return:{answered.pk}:evidence:{deadline.isoformat()}"
    if today <= deadline <= add_working_days(today, REMIND_DAYS):
        subject, reason = (
            f"Evidence due on {hub_date(deadline)}: {title}",
            f"Reminder: the evidence the moderator asked {answered.agency.name} for is due on "
            f"{hub_date(deadline)}.",
        )
    elif deadline < today:
        subject, reason = (
            f"Evidence late since {hub_date(deadline)}: {title}",
            f"The evidence the moderator asked {answered.agency.name} for was due on "
            f"{hub_date(deadline)}.",
        )
    else:
        return 0
    return _send(
        answered,
        agency_leads(answered.agency_id),
        purpose=Purpose.EVIDENCE_CHASE,
        key=f"{key}:{'late' if deadline < today else 'soon'}",
        subject=subject,
        reason=reason,
        verb="return reminded",
    )


@sweep
def remind_and_chase_returns() -> int:
    """Returns how many notices were queued."""
    today = timezone.localdate()
    horizon = add_working_days(today, REMIND_DAYS)
    due = (
        Return.objects.exclude(status=Return.Status.SIGNED_OFF)
        # Sent back for more evidence: chased by that evidence's own deadline (below).
        .exclude(moderation=Return.Moderation.MORE_EVIDENCE)
        .filter(request__deadline__lte=horizon, request__deadline__gte=today - CHASE_FOR)
        .select_related("request", "agency")
        .order_by("pk")
    )
    acted = 0
    for answered in due.iterator(chunk_size=500):
        with transaction.atomic():
            acted += _remind(answered, today)
    evidence = (
        Return.objects.filter(
            moderation=Return.Moderation.MORE_EVIDENCE,
            evidence_deadline__lte=horizon,
            evidence_deadline__gte=today - CHASE_FOR,
        )
        .exclude(status=Return.Status.SIGNED_OFF)
        .select_related("request", "agency")
        .order_by("pk")
    )
    for answered in evidence.iterator(chunk_size=500):
        with transaction.atomic():
            acted += _chase_evidence(answered, today)
    return acted
