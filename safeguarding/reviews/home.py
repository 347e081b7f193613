"""Home-page items: reviews whose statutory clock is late or due within three working days,
for the business unit of the review's board and the chair of the review's panel."""

from __future__ import annotations

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from safeguarding.core.home import NeedsMe, task_provider
from safeguarding.core.permissions import bu_board_ids
from safeguarding.core.workdays import describe_due

from .filters import slipping
from .models import PanelMember, Review


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
