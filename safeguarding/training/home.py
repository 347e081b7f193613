"""Items for the "what needs me" home page."""

from __future__ import annotations

from django.db.models import Count, F, Q
from django.urls import reverse
from django.utils import timezone

from safeguarding.core.formatting import hub_date
from safeguarding.core.home import NeedsMe, task_provider
from safeguarding.core.permissions import bu_board_ids

from .models import Application, Session, Status
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


@task_provider
def programme_work(person, board) -> list[NeedsMe]:
    """For the business unit: sessions with applications it decides (nobody's line manager
    was named) and sessions whose waiting list has reached the course's mark for planning
    another. Two queries, whatever the size of the programme."""
    boards = sorted(bu_board_ids(person))
    if not boards:
        return []
    today = timezone.localdate()
    ours = Q(course__board_id__in=boards) | Q(course__open_to_both_boards=True)
    undecided = (
        Session.objects.filter(ours, is_cancelled=False, booking_closes__gte=today)
        .annotate(undecided=Count("applications", filter=Q(applications__status=Status.APPLIED)))
        .filter(undecided__gt=0)
        .select_related("course__board")
        .order_by("booking_closes", "starts_at")[:20]
    )
    items = [
        NeedsMe(
            title=f"Decide on {session.undecided} application"
            f"{'s' if session.undecided > 1 else ''} for {session.course.title}, "
            f"{hub_date(session.starts_at)}",
            href=reverse("training:session_manage", args=[session.pk]),
            category="Training applications to decide (no line manager named)",
            deadline=session.booking_closes,
            board=session.course.board.name,
        )
        for session in undecided
    ]
    crowded = (
        Session.objects.filter(
            ours,
            is_cancelled=False,
            starts_at__date__gte=today,
        )
        .annotate(waiting=Count("applications", filter=Q(applications__status=Status.WAITING)))
        .filter(waiting__gte=F("course__waiting_list_minimum"), waiting__gt=0)
        .select_related("course__board")
        .order_by("starts_at")[:20]
    )
    items += [
        NeedsMe(
            title=f"Plan another session of {session.course.title}: {session.waiting} people "
            f"are waiting for {hub_date(session.starts_at)}",
            href=reverse("training:session_manage", args=[session.pk]),
            category="Waiting list over the course's mark",
            deadline=session.booking_closes,
            board=session.course.board.name,
        )
        for session in crowded
    ]
    return items
