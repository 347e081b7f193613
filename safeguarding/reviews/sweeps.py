"""Reminders and escalations for the reviews' statutory clocks, run by `run_sweeps`.

- Three working days before an open clock's due date: a reminder to the business unit of the
  review's board and the chair of its panel.
- The day after it is missed: an escalation to the same people.
- Three working days before a chronology is due and not received: a reminder to the
  agency's safeguarding leads; the day after its deadline, an escalation to the business unit.

Each notice is queued once (the outbox is unique per purpose, recipient and object key, the key
naming the clock and its due date) and recorded in the review's audit trail.
"""

from __future__ import annotations

from django.db.models import Q
from django.utils import timezone

from safeguarding.core.audit import record_change
from safeguarding.core.formatting import absolute_reverse, hub_date
from safeguarding.core.outbox import queue_email
from safeguarding.core.sweeps import sweep
from safeguarding.core.workdays import add_working_days
from safeguarding.organisations.models import Person, Role

from .clocks import AMBER_WORKING_DAYS, clocks_for
from .emails import Purpose
from .models import ChronologyRequest, Review
from .services import agency_leads


def _people_to_tell(review: Review):
    return Person.objects.filter(
        Q(roles__role=Role.BUSINESS_UNIT, roles__board_id=review.board_id)
        | Q(review_panels__review=review, review_panels__role__icontains="chair"),
        is_active=True,
    ).distinct()


@sweep
def remind_and_escalate_review_clocks() -> int:
    today = timezone.localdate()
    horizon = add_working_days(today, AMBER_WORKING_DAYS)
    sent = 0
    reviews = (
        Review.objects.filter(next_due__lte=horizon)
        .exclude(stage=Review.Stage.CLOSED)
        .select_related("board")
    )
    for review in reviews:
        for clock in clocks_for(review, today):
            if not clock.is_open or clock.due > horizon:
                continue
            late = clock.is_late
            purpose = Purpose.CLOCK_ESCALATION if late else Purpose.CLOCK_REMINDER
            key = f"reviews.review:{review.pk}:{clock.key}:{clock.due.isoformat()}"
            words = f"{clock.name} for case review {review.reference} is {clock.words}"
            told = []
            for person in _people_to_tell(review):
                if queue_email(
                    purpose=purpose,
                    recipient=person.email,
                    object_key=key,
                    subject=f"{'Missed' if late else 'Due soon'}: {words}",
                    template="emails/reviews/clock_notice",
                    context={
                        "person": person,
                        "review": review,
                        "clock": clock,
                        "due": hub_date(clock.due),
                        "late": late,
                        "link": absolute_reverse("reviews:review_detail", review.pk),
                    },
                ):
                    told.append(person.full_name)
            if told:
                sent += len(told)
                record_change(
                    None,
                    "review deadline escalated" if late else "review deadline reminded",
                    review,
                    {"clock": clock.name, "due": clock.due.isoformat(), "sent_to": told},
                )
    return sent


@sweep
def remind_chronologies_due() -> int:
    today = timezone.localdate()
    horizon = add_working_days(today, AMBER_WORKING_DAYS)
    sent = 0
    requests = ChronologyRequest.objects.filter(
        received_at__isnull=True, due_on__gte=today, due_on__lte=horizon
    ).select_related("review", "agency")
    for request in requests:
        told = []
        for lead in agency_leads(request.agency):
            if queue_email(
                purpose=Purpose.CHRONOLOGY_REMINDER,
                recipient=lead.email,
                object_key=f"reviews.chronologyrequest:{request.pk}:{request.due_on.isoformat()}",
                subject=f"Chronology due {hub_date(request.due_on)}: case review "
                f"{request.review.reference}",
                template="emails/reviews/chronology_reminder",
                context={
                    "person": lead,
                    "request": request,
                    "due": hub_date(request.due_on),
                    "link": absolute_reverse("reviews:chronology_detail", request.pk),
                },
            ):
                told.append(lead.full_name)
        if told:
            sent += len(told)
            record_change(
                None,
                "chronology reminded",
                request.review,
                {"agency": request.agency.name, "sent_to": told},
            )
    return sent


@sweep
def escalate_overdue_chronologies() -> int:
    today = timezone.localdate()
    sent = 0
    requests = ChronologyRequest.objects.filter(
        received_at__isnull=True, due_on__lt=today
    ).select_related("review", "review__board", "agency")
    for request in requests:
        review = request.review
        told = []
        unit = Person.objects.filter(
            roles__role=Role.BUSINESS_UNIT, roles__board_id=review.board_id, is_active=True
        ).distinct()
        for person in unit:
            if queue_email(
                purpose=Purpose.CHRONOLOGY_OVERDUE,
                recipient=person.email,
                object_key=f"reviews.chronologyrequest:{request.pk}:{request.due_on.isoformat()}",
                subject=f"Chronology overdue: {request.agency.name}, case review "
                f"{review.reference}",
                template="emails/reviews/chronology_overdue",
                context={
                    "person": person,
                    "request": request,
                    "due": hub_date(request.due_on),
                    "link": absolute_reverse("reviews:review_detail", review.pk),
                },
            ):
                told.append(person.full_name)
        if told:
            sent += len(told)
            record_change(
                None,
                "chronology escalated",
                review,
                {"agency": request.agency.name, "sent_to": told},
            )
    return sent
