"""Items for the "what needs me" home page."""

from __future__ import annotations

from django.db.models import Count, F, Q
from django.urls import reverse
from django.utils import timezone

from safeguarding.core.days import on_or_after
from safeguarding.core.formatting import hub_date
from safeguarding.core.home import NeedsMe, task_provider
from safeguarding.core.permissions import bu_board_ids

from .models import Application, Session, Status
from .selectors import registers_to_mark, trainer_ids


@task_provider(reads=("training",))
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


@task_provider(reads=("training",))
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


@task_provider(reads=("training",))
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


def _sessions_by_count(status: str, sessions: Q, order: list[str]) -> list[Session]:
    """The first 20 sessions matching `sessions` that have applications in `status`, each
    with that count as `.count`. Counted from the applications in that status (an index on
    status and session), not by reading every application of every session."""
    counts = (
        Application.objects.filter(status=status)
        .filter(sessions)
        .values("session")
        .annotate(count=Count("pk"))
        .order_by(*[f"session__{field}" for field in order], "session")
    )
    if status == Status.WAITING:
        counts = counts.filter(count__gte=F("session__course__waiting_list_minimum"))
    counts = {row["session"]: row["count"] for row in counts[:20]}
    found = Session.objects.filter(pk__in=counts).select_related("course__board").order_by(*order)
    for session in found:
        session.count = counts[session.pk]
    return list(found)


@task_provider(reads=("training",))
def programme_work(person, board) -> list[NeedsMe]:
    """For the business unit: sessions with applications it decides (nobody's line manager
    was named) and sessions whose waiting list has reached the course's mark for planning
    another. Four small queries, however many sessions and applications there are."""
    boards = sorted(bu_board_ids(person))
    if not boards:
        return []
    today = timezone.localdate()
    ours = Q(session__course__board_id__in=boards) | Q(session__course__open_to_both_boards=True)
    undecided = _sessions_by_count(
        Status.APPLIED,
        ours & Q(session__is_cancelled=False, session__booking_closes__gte=today),
        ["booking_closes", "starts_at"],
    )
    items = [
        NeedsMe(
            title=f"Decide on {session.count} application"
            f"{'s' if session.count > 1 else ''} for {session.course.title}, "
            f"{hub_date(session.starts_at)}",
            href=reverse("training:session_manage", args=[session.pk]),
            category="Training applications to decide (no line manager named)",
            deadline=session.booking_closes,
            board=session.course.board.name,
        )
        for session in undecided
    ]
    crowded = _sessions_by_count(
        Status.WAITING,
        ours & Q(session__is_cancelled=False, **on_or_after("session__starts_at", today)),
        ["starts_at"],
    )
    items += [
        NeedsMe(
            title=f"Plan another session of {session.course.title}: {session.count} people "
            f"are waiting for {hub_date(session.starts_at)}",
            href=reverse("training:session_manage", args=[session.pk]),
            category="Waiting list over the course's mark",
            deadline=session.booking_closes,
            board=session.course.board.name,
        )
        for session in crowded
    ]
    return items
