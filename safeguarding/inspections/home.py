"""Items for the "what needs me" home page: audits to complete and audits to moderate."""

from __future__ import annotations

from django.urls import reverse

from safeguarding.core.home import NeedsMe, task_provider

from .models import CaseAudit, TeamMember
from .selectors import audit_rows, team_inspection_ids


@task_provider(reads=("inspections",))
def review_work(person, board) -> list[NeedsMe]:
    """Audits to complete and to moderate; one cheap question first, since most people who
    open their home page have never been on a review team."""
    if not TeamMember.objects.filter(person_id=person.pk).exists():
        return []
    return audits_to_complete(person) + audits_to_moderate(person)


def audits_to_complete(person) -> list[NeedsMe]:
    audits = (
        audit_rows(person)
        .filter(reviewer_id=person.pk, state=CaseAudit.State.IN_PROGRESS)
        .order_by("inspection__fieldwork_end", "pk")[:50]
    )
    return [
        NeedsMe(
            title=f"Complete the case audit {audit.record.case.reference} ({audit.agency.name})",
            href=reverse("inspections:audit_detail", args=[audit.pk]),
            category="Case audit to complete",
            deadline=audit.inspection.fieldwork_end,
        )
        for audit in audits
    ]


def audits_to_moderate(person) -> list[NeedsMe]:
    led = team_inspection_ids(person).filter(team__person_id=person.pk, team__is_lead=True)
    audits = (
        audit_rows(person)
        .filter(inspection_id__in=led, state=CaseAudit.State.SUBMITTED)
        .exclude(reviewer_id=person.pk)
        .order_by("submitted_at", "pk")[:50]
    )
    return [
        NeedsMe(
            title=f"Moderate the case audit {audit.record.case.reference} ({audit.agency.name})",
            href=reverse("inspections:audit_detail", args=[audit.pk]),
            category="Case audit to moderate",
            deadline=audit.inspection.fieldwork_end,
        )
        for audit in audits
    ]


@task_provider(reads=("inspections",))
def inspections_to_prepare(person, board) -> list[NeedsMe]:
    """For the business unit: inspections whose notice goes out within 28 days and whose
    review team has no lead reviewer yet."""
    from datetime import timedelta

    from django.utils import timezone

    from safeguarding.core.permissions import bu_board_ids

    from .models import Inspection

    boards = bu_board_ids(person)
    if not boards:
        return []
    today = timezone.localdate()
    soon = (
        Inspection.objects.filter(
            board_id__in=sorted(boards),
            notice_date__gte=today,
            notice_date__lte=today + timedelta(days=28),
        )
        .exclude(status=Inspection.Status.CANCELLED)
        .exclude(team__is_lead=True)
        .select_related("locality", "board")
        .order_by("notice_date")[:20]
    )
    items = [
        NeedsMe(
            title=f"Choose the review team for the {inspection}",
            href=reverse("inspections:inspection_detail", args=[inspection.pk]),
            category="Inspection: agencies get notice soon",
            deadline=inspection.notice_date,
            board=inspection.board.name,
        )
        for inspection in soon
    ]
    # In the notice period agencies submit their cases; the sample is drawn before fieldwork.
    unsampled = (
        Inspection.objects.filter(
            board_id__in=sorted(boards),
            notice_date__lte=today,
            fieldwork_start__gte=today,
            sampled_at__isnull=True,
        )
        .exclude(status=Inspection.Status.CANCELLED)
        .select_related("locality", "board")
        .order_by("fieldwork_start")[:20]
    )
    items += [
        NeedsMe(
            title=f"Draw the case sample for the {inspection}",
            href=reverse("inspections:inspection_detail", args=[inspection.pk]),
            category="Inspection in its notice period",
            deadline=inspection.fieldwork_start,
            board=inspection.board.name,
        )
        for inspection in unsampled
    ]
    return items
