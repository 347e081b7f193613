"""Home-page items: reviews whose statutory clock is late or due within three working days,
for the business unit of the review's board and the chair of the review's panel; and, for an
agency's safeguarding leads, the chronologies their agency has been asked for."""

from __future__ import annotations

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from safeguarding.core.home import NeedsMe, task_provider
from safeguarding.core.permissions import bu_board_ids, led_agency_ids
from safeguarding.core.workdays import describe_due

from .filters import slipping
from .models import ChronologyRequest, PanelMember, Review


@task_provider(reads=("reviews",))
def slipping_reviews(person, board) -> list[NeedsMe]:
    boards = bu_board_ids(person)
    chairs = PanelMember.objects.filter(person_id=person.pk, role__icontains="chair")
    condition = Q(pk__in=chairs.values("review_id"))
    if boards:
        condition |= Q(board_id__in=sorted(boards))
    today = timezone.localdate()
    reviews = (
        slipping(Review.objects.filter(condition), today)
        .exclude(stage=Review.Stage.CLOSED)
        .select_related("board")
        .order_by("next_due", "pk")[:50]
    )
    return [
        NeedsMe(
            title=f"Case review {review}: a deadline is {describe_due(review.next_due, today)}",
            href=reverse("reviews:review_detail", args=[review.pk]),
            category="Case review deadline"
            if review.next_due >= today
            else "Case review deadline missed",
            deadline=review.next_due,
            board=review.board.name if review.board_id in boards else "",
        )
        for review in reviews
    ]


@task_provider(reads=("reviews",))
def chronologies_to_send(person, board) -> list[NeedsMe]:
    """For an agency's safeguarding leads: the chronologies their agency has been asked for
    and has not sent."""
    agencies = led_agency_ids(person)
    if not agencies:
        return []
    requests = (
        ChronologyRequest.objects.filter(agency_id__in=sorted(agencies), received_at__isnull=True)
        .select_related("review", "agency")
        .order_by("due_on", "pk")[:50]
    )
    return [
        NeedsMe(
            title=f"Send {request.agency.name}'s chronology for case review "
            f"{request.review.reference}",
            href=reverse("reviews:chronology_detail", args=[request.pk]),
            category="Chronology to send",
            deadline=request.due_on,
        )
        for request in requests
    ]
