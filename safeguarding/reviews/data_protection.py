"""What the subject access report holds about a member of staff from case reviews: the review
panels they sat on and the chronologies they uploaded (references only: reviews hold no child's
name)."""

from __future__ import annotations

from safeguarding.core.data_protection import subject_access_section

from .models import ChronologyRequest, PanelMember


@subject_access_section("case reviews")
def case_reviews(person) -> dict:
    seats = PanelMember.objects.filter(person=person).select_related("review")
    uploads = ChronologyRequest.objects.filter(received_by=person).select_related(
        "review", "agency"
    )
    return {
        "review_panels": [
            {
                "review": seat.review.reference,
                "role": seat.role,
                "added_at": seat.added_at.isoformat(),
            }
            for seat in seats
        ],
        "chronologies_uploaded": [
            {
                "review": upload.review.reference,
                "agency": upload.agency.name,
                "received_at": upload.received_at.isoformat() if upload.received_at else None,
            }
            for upload in uploads
        ],
    }
