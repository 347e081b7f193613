"""Browse and download the audit trail (business unit and administrators)."""

from __future__ import annotations

import json

from django.shortcuts import render

from .audit import target_url
from .decorators import permission_required
from .exports import export_response
from .filters import AuditEventFilter
from .listing import Column, ListPage
from .selectors import audit_events_visible_to

AUDIT_COLUMNS = [
    Column("When", key="occurred_at", order_by=("occurred_at",)),
    Column("Who", key="actor", order_by=("actor_label",)),
    Column("What", key="verb", order_by=("verb",)),
    Column("Record", key="record", order_by=("target_type", "target_label")),
    Column("Details"),
]
EXPORT_HEADERS = [
    "When (UK time)",
    "Who",
    "Who (person number)",
    "What",
    "Kind of record",
    "Record number",
    "Record",
    "Board number",
    "Details",
]


def _export_rows(events):
    for event in events.iterator(chunk_size=2000):
        yield [
            event.occurred_at,
            event.actor_label,
            event.actor_id,
            event.verb,
            event.target_type,
            event.target_id,
            event.target_label,
            event.board_id,
            json.dumps(event.payload, sort_keys=True, default=str),
        ]


@permission_required("core.view_audit")
def audit_list(request):
    listing = ListPage(
        request,
        audit_events_visible_to(request.user),
        filterset_class=AuditEventFilter,
        columns=AUDIT_COLUMNS,
        default_sort="-occurred_at",
    )
    if listing.download_format:
        return export_response(
            listing.download_format, "audit-trail", EXPORT_HEADERS, _export_rows(listing.rows())
        )
    context = listing.context()
    context["events"] = [
        (event, target_url(event.target_type, event.target_id))
        for event in context["page"].object_list
    ]
    return render(request, "core/audit_list.html", context)
