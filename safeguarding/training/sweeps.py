"""Scheduled training work. Each sweep is safe to run twice: offers expire under a conditional
check inside a locked transaction, and every e-mail goes through the outbox, which keeps one
message per (purpose, recipient, object)."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Count, F, Q
from django.urls import reverse
from django.utils import timezone

from safeguarding.core.formatting import absolute_reverse, hub_date, hub_datetime
from safeguarding.core.sweeps import sweep

from . import calendars, services
from .emails import REMINDERS, Purpose
from .models import Application, Session, Status
from .selectors import EXPIRING_DAYS


@sweep
def expire_training_offers() -> int:
    due = Application.objects.filter(status=Status.OFFERED, offer_expires_at__lte=timezone.now())
    return sum(services.expire_offer(pk) for pk in due.values_list("pk", flat=True))


@sweep
def send_training_reminders() -> int:
    """Each confirmed place gets the reminder of the nearest window it is in: someone booking
    two days before a session gets the 2-day reminder alone, not the 14-day one with it."""
    now = timezone.now()
    sent = 0
    upcoming = Application.objects.filter(
        status=Status.CONFIRMED,
        session__is_cancelled=False,
        session__starts_at__gt=now,
        session__starts_at__lte=now + timedelta(days=max(REMINDERS)),
    ).select_related("applicant", "session__course")
    for application in upcoming:
        session = application.session
        days = min(d for d in REMINDERS if session.starts_at <= now + timedelta(days=d))
        lines = [
            f"A reminder: {session.course.title} is on "
            f"{hub_datetime(session.starts_at, weekday=True)}.",
            f"Where: {session.venue or session.online_link}",
        ]
        if session.joining_instructions:
            lines.append(session.joining_instructions)
        lines.append(
            "Add it to your calendar: " + absolute_reverse("training:session_ics", session.pk)
        )
        services._notify(
            REMINDERS[days],
            application.applicant,
            application.pk,
            f"Reminder: {session.course.title}",
            lines,
            reverse("training:application_detail", args=[application.pk]),
            attachments=calendars.attachment(session, application.applicant),
        )
        sent += 1
    return sent


@sweep
def prompt_for_extra_sessions() -> int:
    """Tell the business unit when a session's waiting list reaches the course's minimum."""
    long_lists = (
        Session.objects.filter(starts_at__gt=timezone.now(), is_cancelled=False)
        .annotate(waiting=Count("applications", filter=Q(applications__status=Status.WAITING)))
        .filter(waiting__gte=F("course__waiting_list_minimum"))
        .select_related("course")
    )
    prompted = 0
    for session in long_lists:
        for person in services._business_unit_of(session.course):
            services._notify(
                Purpose.WAITING_LIST_PROMPT,
                person,
                session.pk,
                f"Long waiting list: {session.course.title}",
                [
                    f"{session.waiting} people are waiting for {session.course.title} on "
                    f"{hub_date(session.start_date)}.",
                    "Consider adding another session.",
                ],
                reverse("training:session_manage", args=[session.pk]),
            )
        prompted += 1
    return prompted


@sweep
def prompt_before_training_expires() -> int:
    """Tell people (and their agency lead) when a course's validity ends within 90 days."""
    from safeguarding.organisations.models import Role, RoleAssignment

    today = timezone.localdate()
    prompted = 0
    attended = Application.objects.filter(
        status=Status.ATTENDED, session__course__validity_months__isnull=False
    ).select_related("applicant", "session__course")
    for application in attended.iterator():
        expires = application.expires_on()
        if expires is None or not (today <= expires <= today + timedelta(days=EXPIRING_DAYS)):
            continue
        lines = [
            f"{application.applicant.full_name}'s {application.session.course.title} training "
            f"stops being current on {hub_date(expires)}.",
            "Book a refresher session from the course catalogue.",
        ]
        services._notify(
            Purpose.EXPIRY,
            application.applicant,
            application.pk,
            "Training expiring",
            lines,
            reverse("training:catalogue"),
        )
        leads = RoleAssignment.objects.filter(
            role=Role.AGENCY_LEAD, agency_id=application.applicant.agency_id
        ).select_related("person")
        for lead in leads:
            services._notify(
                Purpose.EXPIRY_TO_LEAD,
                lead.person,
                application.pk,
                "Staff training expiring",
                lines,
                reverse("training:staff"),
            )
        prompted += 1
    return prompted
