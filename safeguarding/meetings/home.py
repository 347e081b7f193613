"""Items for the "what needs me" home page: a member's coming meetings and minutes to read."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from safeguarding.core.home import NeedsMe, task_provider

from .models import Meeting


@task_provider
def my_meetings(person, board) -> list[NeedsMe]:
    today = timezone.localdate()
    items = []
    coming = Meeting.objects.filter(
        members=person, date__gte=today, date__lte=today + timedelta(days=21)
    ).order_by("date", "start_time")[:10]
    for meeting in coming:
        category = "Meeting: read the papers" if meeting.agenda_published_at else "Meeting"
        items.append(
            NeedsMe(
                title=str(meeting),
                href=reverse("meetings:meeting_detail", args=[meeting.pk]),
                category=category,
                deadline=meeting.date,
            )
        )
    circulated = Meeting.objects.filter(
        members=person,
        minutes_state=Meeting.Minutes.CIRCULATED,
        date__gte=today - timedelta(days=120),
    ).order_by("date")[:10]
    for meeting in circulated:
        upcoming = (
            Meeting.objects.filter(
                board_id=meeting.board_id, kind=meeting.kind, date__gt=meeting.date
            )
            .order_by("date")
            .values_list("date", flat=True)
            .first()
        )
        items.append(
            NeedsMe(
                title=f"Draft minutes: {meeting}",
                href=reverse("meetings:meeting_detail", args=[meeting.pk]),
                category="Minutes to comment on",
                deadline=upcoming,
            )
        )
    return items
