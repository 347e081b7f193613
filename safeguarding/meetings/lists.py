"""The meetings list: what it shows, how it sorts and what its download holds."""

from __future__ import annotations

from safeguarding.core.listing import Column, ListDefinition, export_only

from .filters import MeetingFilter

MEETINGS = ListDefinition(
    columns=[
        Column("Meeting", "title", ("title", "date"), value=lambda meeting: meeting.title),
        export_only("Board", lambda meeting: meeting.board.short_name),
        Column("Type", "kind", ("kind", "date"), value=lambda meeting: meeting.get_kind_display()),
        export_only("Locality", lambda meeting: meeting.area.name if meeting.area else ""),
        Column("Date", "date", ("date", "start_time"), value=lambda meeting: meeting.date),
        Column("Time"),
        export_only("Start", lambda meeting: meeting.start_time.strftime("%H:%M")),
        export_only(
            "End", lambda meeting: meeting.end_time.strftime("%H:%M") if meeting.end_time else ""
        ),
        export_only("Venue", lambda meeting: meeting.venue),
        Column("Agenda"),
        export_only(
            "Agenda published", lambda meeting: "Yes" if meeting.agenda_published_at else "No"
        ),
        export_only("Minutes", lambda meeting: meeting.get_minutes_state_display()),
    ],
    filterset_class=MeetingFilter,
    default_sort="-date",
    download_name="meetings",
    per_page=25,
    # Not cached_as: the meeting list view keeps the list together with what is coming up and
    # the calendar feeds in one cached value, so the rows are not kept a second time.
)
