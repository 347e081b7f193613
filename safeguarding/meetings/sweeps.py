"""Meeting reminders, run by `run_sweeps`.

- 3 days before a meeting whose agenda is published: a reminder to each member, with the
  calendar link.
- 7 days before a meeting whose agenda is not yet published: a note to the business unit of the
  meeting's board, so the papers go out in time.

Each message is queued once (the outbox is unique per purpose, recipient and object key, and the
key names the meeting and its date, so a moved meeting is reminded again).
"""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from safeguarding.core.outbox import queue_email
from safeguarding.core.sweeps import sweep
from safeguarding.organisations.models import Person, Role

from .emails import Purpose
from .models import Meeting

REMIND_MEMBERS_DAYS = 3
AGENDA_DUE_DAYS = 7


@sweep
def remind_members() -> int:
    today = timezone.localdate()
    meetings = Meeting.objects.filter(
        date__gte=today,
        date__lte=today + timedelta(days=REMIND_MEMBERS_DAYS),
        agenda_published_at__isnull=False,
        cancelled_at__isnull=True,
    ).select_related("board")
    queued = 0
    for meeting in meetings:
        with transaction.atomic():
            for person in meeting.members.filter(is_active=True):
                queued += queue_email(
                    purpose=Purpose.REMINDER,
                    recipient=person.email,
                    object_key=f"meeting:{meeting.pk}:{meeting.date.isoformat()}",
                    subject=f"Reminder: {meeting}",
                    template="emails/meetings/reminder",
                    context={
                        "meeting": meeting,
                        "person": person,
                        "meeting_path": reverse("meetings:meeting_detail", args=[meeting.pk]),
                        "ics_path": reverse("meetings:meeting_ics", args=[meeting.pk]),
                    },
                )
    return queued


@sweep
def agenda_due() -> int:
    today = timezone.localdate()
    meetings = Meeting.objects.filter(
        date__gte=today,
        date__lte=today + timedelta(days=AGENDA_DUE_DAYS),
        agenda_published_at__isnull=True,
        cancelled_at__isnull=True,
    ).select_related("board")
    queued = 0
    for meeting in meetings:
        staff = Person.objects.filter(
            is_active=True, roles__role=Role.BUSINESS_UNIT, roles__board=meeting.board_id
        ).distinct()
        with transaction.atomic():
            for person in staff:
                queued += queue_email(
                    purpose=Purpose.AGENDA_DUE,
                    recipient=person.email,
                    object_key=f"meeting:{meeting.pk}:{meeting.date.isoformat()}",
                    subject=f"Agenda not yet published: {meeting}",
                    template="emails/meetings/agenda_due",
                    context={
                        "meeting": meeting,
                        "person": person,
                        "meeting_path": reverse("meetings:meeting_detail", args=[meeting.pk]),
                    },
                )
    return queued
