"""Items for the "what needs me" home page."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from safeguarding.core.formatting import hub_date
from safeguarding.core.home import NeedsMe, task_provider

from .models import Application, Status
from .selectors import registers_to_mark, trainer_ids


@task_provider
def training_approvals(person, board) -> list[NeedsMe]:
    rows = (
        Application.objects.filter(line_manager_id=person.pk, status=Status.AWAITING_APPROVAL)
        .select_related("applicant", "session__course")
        .order_by("session__booking_closes")[:50]
    )
    return [
        NeedsMe(
            title=f"{row.applicant.full_name}: {row.session.course.title}",
            href=reverse("training:decide", args=[row.pk]),
            category="Training application to approve",
            deadline=row.session.booking_closes,
        )
        for row in rows
    ]


@task_provider
def training_offers(person, board) -> list[NeedsMe]:
    rows = (
        Application.objects.filter(applicant_id=person.pk, status=Status.OFFERED)
        .select_related("session__course")
        .order_by("offer_expires_at")[:20]
    )
    return [
        NeedsMe(
            title=row.session.course.title,
            href=reverse("training:application_detail", args=[row.pk]),
            category="Training place offered: accept it",
            deadline=timezone.localtime(row.offer_expires_at).date()
            if row.offer_expires_at
            else None,
        )
        for row in rows
    ]


@task_provider
def training_registers(person, board) -> list[NeedsMe]:
    """Registers a trainer has still to mark: their sessions today or before, with someone
    not yet marked attended or absent. No query for people who train nothing."""
    if person.pk not in trainer_ids():
        return []
    return [
        NeedsMe(
            title=f"{row.course.title}, {hub_date(row.starts_at)}: {row.unmarked} to mark",
            href=reverse("training:register", args=[row.pk]),
            category="Training register to mark",
            deadline=row.start_date,
        )
        for row in registers_to_mark(person)[:20]
    ]
