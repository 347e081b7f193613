"""Reminders and escalations for actions, run by `run_sweeps`.

- 7 days before an action is due: a reminder to its owner (or its agency's leads).
- No progress update for HUB_ACTION_STALE_DAYS days: a reminder to the owner.
- Overdue or stalled: escalated to the chairs of the locality boards it applies to, and
  14 days later to the board's business unit.

Each notice is queued once (the outbox is unique per purpose, recipient and object key, the key
naming the due date or the last update) and recorded on the action's history.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from safeguarding.core.audit import record_change
from safeguarding.core.formatting import hub_date
from safeguarding.core.outbox import queue_email
from safeguarding.core.sweeps import sweep

from .emails import ESCALATIONS, Purpose
from .models import Action, Status
from .selectors import agency_leads, business_unit_for, cpb_chairs_for

DUE_SOON_DAYS = 7
ESCALATE_TO_BUSINESS_UNIT_AFTER = timedelta(days=14)


def _owners(action: Action) -> list:
    if action.owner_person is not None and action.owner_person.is_active:
        return [action.owner_person]
    return agency_leads(action.owner_agency_id)


def _stalled_since(action: Action) -> date | None:
    """The day the action became stalled, or None if it is not stalled."""
    last = timezone.localtime(action.last_activity()).date()
    since = last + timedelta(days=settings.HUB_ACTION_STALE_DAYS)
    return since if since <= timezone.localdate() else None


def _notify(action: Action, people, *, purpose, key, subject, reason, verb, level=None) -> int:
    """Queue one notice per person; record it on the action's history when any is new."""
    sent = []
    for person in people:
        if not person.email:
            continue
        if queue_email(
            purpose=purpose,
            recipient=person.email,
            object_key=key,
            subject=subject,
            template="emails/actionplans/action_notice",
            context={"action": action, "person": person, "reason": reason},
        ):
            sent.append(str(person))
    if sent:
        payload = {"summary": f"{reason} Sent to {', '.join(sent)}.", "key": key}
        if level:
            payload["level"] = level
        record_change(None, verb, action, payload)
    return len(sent)


def _remind_and_escalate(action: Action, today: date) -> int:
    acted = 0
    label = f"'{action}' ({action.plan.title})"
    due = action.due_date
    if today <= due <= today + timedelta(days=DUE_SOON_DAYS):
        acted += _notify(
            action,
            _owners(action),
            purpose=Purpose.ACTION_DUE_SOON,
            key=f"action:{action.pk}:due:{due.isoformat()}",
            subject=f"Action due on {hub_date(due)}: {action}",
            reason=f"Reminder: the action {label} is due on {hub_date(due)}.",
            verb="reminder sent",
        )
    stalled = _stalled_since(action)
    last = timezone.localtime(action.last_activity()).date().isoformat()
    if stalled is not None:
        acted += _notify(
            action,
            _owners(action),
            purpose=Purpose.ACTION_STALE,
            key=f"action:{action.pk}:stale:{last}",
            subject=f"No progress update for {settings.HUB_ACTION_STALE_DAYS} days: {action}",
            reason=f"Reminder: the action {label} has had no progress update since {last}.",
            verb="reminder sent",
        )
    triggers = []
    if due < today:
        triggers.append(("overdue", due, f"overdue since {hub_date(due)}", due.isoformat()))
    if stalled is not None:
        triggers.append(("stalled", stalled, f"stalled since {hub_date(stalled)}", last))
    for kind, since, words, ref in triggers:
        acted += _notify(
            action,
            cpb_chairs_for(action),
            purpose=ESCALATIONS[kind, "cpb"],
            key=f"action:{action.pk}:{kind}:{ref}",
            subject=f"Action {kind}: {action}",
            reason=f"Escalation to the locality board: the action {label} is {words}.",
            verb="action escalated",
            level="locality board",
        )
        if today >= since + ESCALATE_TO_BUSINESS_UNIT_AFTER:
            acted += _notify(
                action,
                business_unit_for(action.plan.board_id),
                purpose=ESCALATIONS[kind, "business_unit"],
                key=f"action:{action.pk}:{kind}:{ref}",
                subject=f"Action still {kind}: {action}",
                reason=f"Escalation to the business unit: the action {label} is {words}.",
                verb="action escalated",
                level="business unit",
            )
    return acted


@sweep
def remind_and_escalate_actions() -> int:
    """Returns how many notices were queued."""
    today = timezone.localdate()
    open_actions = (
        Action.objects.exclude(status=Status.COMPLETE)
        .select_related("plan", "plan__board", "owner_person", "owner_agency")
        .prefetch_related("localities", "plan__shared_with")
        .order_by("pk")
    )
    acted = 0
    for action in open_actions.iterator(chunk_size=500):
        with transaction.atomic():
            acted += _remind_and_escalate(action, today)
    return acted
