"""The notice sweep, run by `run_sweeps`: exactly 14 days before fieldwork, every agency serving
the locality gets its notice, once (a unique row per inspection and agency, and the outbox's own
uniqueness, guard it when the sweep runs twice or on two hosts)."""

from __future__ import annotations

from django.utils import timezone

from safeguarding.core.sweeps import sweep

from .models import Inspection
from .services import send_notices


@sweep
def send_inspection_notices() -> int:
    """Returns how many agencies were notified."""
    today = timezone.localdate()
    due = (
        Inspection.objects.filter(notice_date__lte=today, fieldwork_start__gte=today)
        .exclude(status=Inspection.Status.CANCELLED)
        .select_related("locality", "board", "contact")
        .order_by("pk")
    )
    return sum(send_notices(inspection, today) for inspection in due)
