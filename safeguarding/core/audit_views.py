"""Browse and download the audit trail (business unit and administrators)."""

from __future__ import annotations

import json

from django.shortcuts import render

from .audit import target_url
from .decorators import permission_required
from .filters import AuditEventFilter
from .listing import Column, ListDefinition, ListPage, export_only
from .selectors import audit_events_visible_to

AUDIT_TRAIL = ListDefinition(
    columns=[
        Column(
            "When",
            "occurred_at",
            value=lambda event: event.occurred_at,
            download_heading="When (UK time)",
        ),
        Column("Who", "actor", ("actor_label",), value=lambda event: event.actor_label),
        export_only("Who (person number)", lambda event: event.actor_id),
        Column("What", "verb", value=lambda event: event.verb),
        export_only("Kind of record", lambda event: event.target_type),
        export_only("Record number", lambda event: event.target_id),
        Column(
            "Record",
            "record",
            ("target_type", "target_label"),
            value=lambda event: event.target_label,
        ),
        export_only("Board number", lambda event: event.board_id),
        Column(
            "Details", value=lambda event: json.dumps(event.payload, sort_keys=True, default=str)
        ),
    ],
    filterset_class=AuditEventFilter,
    default_sort="-occurred_at",
    download_name="audit-trail",
    download_chunk=2000,
)


@permission_required("core.view_audit")
def audit_list(request):
    listing = ListPage(request, audit_events_visible_to(request.user), AUDIT_TRAIL)
    if listing.download_format:
        return listing.download()
    context = listing.context()
    context["events"] = [
        (event, target_url(event.target_type, event.target_id))
        for event in context["page"].object_list
    ]
    return render(request, "core/audit_list.html", context)
