"""The notice sweep, run by `run_sweeps`: on the notice date (14 days before fieldwork, or the
working day before that when it is a bank holiday) every agency serving the locality gets its
notice, once (a unique row per inspection and agency, and the outbox's own uniqueness, guard it
when the sweep runs twice or on two hosts). Notices go out on working days only: a sweep at a
weekend or on a bank holiday sends nothing, and the next working day's sends what is due."""

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
