"""Items for the "what needs me" home page: returns to answer, and returns to moderate."""

from __future__ import annotations

from django.db.models import Q
from django.urls import reverse

from safeguarding.core.home import NeedsMe, task_provider
from safeguarding.core.permissions import bu_board_ids, led_agency_ids

from .models import Request, Return


@task_provider(reads=("returns",))
def returns_to_answer(person, board) -> list[NeedsMe]:
    """Unsigned returns of the agencies the person leads, or that they were invited to."""
    condition = Q(
        pk__in=Return.collaborators.through.objects.filter(person_id=person.pk).values("return_id")
    )
    agencies = led_agency_ids(person)
    if agencies:
        condition |= Q(agency_id__in=sorted(agencies))
    returns = (
        Return.objects.filter(condition)
        .exclude(status=Return.Status.SIGNED_OFF)
        .select_related("request", "agency")
        .order_by("request__deadline", "pk")[:50]
    )
    return [
        NeedsMe(
            title=f"Answer '{answered.request.title}' for {answered.agency.name}",
            href=reverse("returns:return_detail", args=[answered.pk]),
            category="More evidence asked for"
            if answered.moderation == Return.Moderation.MORE_EVIDENCE
            else "Return to answer",
            deadline=answered.evidence_deadline or answered.request.deadline,
        )
        for answered in returns
    ]


@task_provider(reads=("returns",))
def returns_to_moderate(person, board) -> list[NeedsMe]:
    condition = Q(
        request_id__in=Request.moderators.through.objects.filter(person_id=person.pk).values(
            "request_id"
        )
    )
    boards = bu_board_ids(person)
    if boards:
        condition |= Q(request__board_id__in=sorted(boards))
    returns = (
        Return.objects.filter(condition, moderation=Return.Moderation.IN_MODERATION)
        .filter(status=Return.Status.SIGNED_OFF)
        .select_related("request", "agency")
        .order_by("signed_off_at", "pk")[:20]
    )
    return [
        NeedsMe(
            title=f"Moderate {answered.agency.name}'s return to '{answered.request.title}'",
            href=reverse("returns:moderate", args=[answered.pk]),
            category="Return to moderate",
        )
        for answered in returns
    ]
