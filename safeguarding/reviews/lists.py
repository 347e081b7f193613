"""The register of case reviews: what it shows, how it sorts and what its download holds."""

from __future__ import annotations

from django.utils import timezone

from safeguarding.core.listing import Column, ListDefinition, export_only

from .clocks import RAG_LABELS, rag
from .filters import ReviewFilter


def _rag(review) -> str:
    """The RAG of the review's earliest open clock ("" when none is open)."""
    if review.next_due is None:
        return ""
    return RAG_LABELS[rag(review.next_due, timezone.localdate())]


def _themes(review) -> str:
    return "; ".join(theme.name for theme in review.themes.all())


REGISTER = ListDefinition(
    columns=[
        Column("Review", "reference", value=lambda review: review.reference),
        export_only("Pseudonym", lambda review: review.pseudonym),
        Column("Type", "kind", value=lambda review: review.get_kind_display()),
        export_only("Board", lambda review: review.board.short_name),
        Column(
            "Locality",
            "locality",
            ("locality__name",),
            value=lambda review: review.locality.name if review.locality_id else "",
        ),
        Column("Stage", "stage", value=lambda review: review.get_stage_display()),
        export_only("Converted", lambda review: review.decision == "converted"),
        export_only("Lead area", lambda review: review.lead_area),
        Column("Themes", value=_themes),
        Column(
            "Learned of",
            "learned",
            ("learned_on",),
            value=lambda review: review.learned_on,
            download_heading="Date learned of",
        ),
        Column("Next deadline", "due", ("next_due",), value=lambda review: review.next_due),
        Column("RAG", value=_rag),
        export_only("Published", lambda review: review.published_on),
    ],
    filterset_class=ReviewFilter,
    default_sort="-learned",
    download_name="case-reviews",
)
