"""The training catalogue's list: what it shows, how it sorts and what its download holds."""

from __future__ import annotations

from safeguarding.core.listing import Column, ListDefinition, export_only

from .filters import SessionFilter

CATALOGUE = ListDefinition(
    columns=[
        Column("Course", "course", ("course__title",), value=lambda session: session.course.title),
        export_only("Topic", lambda session: session.course.topic),
        export_only("Board", lambda session: session.course.board.short_name),
        Column(
            "Date",
            "date",
            ("starts_at",),
            value=lambda session: session.starts_at,
            download_heading="Starts (UK time)",
        ),
        Column("Where", value=lambda session: session.venue or "Online", download_heading="Venue"),
        Column(
            "Places left",
            "places",
            ("places_taken",),
            numeric=True,
            value=lambda session: session.capacity - session.places_taken,
        ),
        Column("Book by", "closes", ("booking_closes",), value=lambda s: s.booking_closes),
    ],
    filterset_class=SessionFilter,
    default_sort="date",
    download_name="training-sessions",
    per_page=25,
)
