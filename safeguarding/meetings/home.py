"""Items for the "what needs me" home page: a member's coming meetings and minutes to read."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from safeguarding.core.home import NeedsMe, task_provider
from safeguarding.core.permissions import bu_board_ids
from safeguarding.core.workdays import add_working_days

from .models import Meeting, Newsflash


@task_provider(reads=("meetings",))
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


@task_provider(reads=("meetings",))
def meetings_to_run(person, board) -> list[NeedsMe]:
    """For the business unit, for each board it serves: agendas to send before a meeting,
    minutes to write after it and to record as approved at the next one, and newsflashes to
    approve and publish. At most five queries, whatever the number of meetings."""
    boards = bu_board_ids(person)
    if not boards:
        return []
    today = timezone.localdate()
    ours = Meeting.objects.filter(board_id__in=sorted(boards), cancelled_at__isnull=True)
    ours = ours.select_related("board", "area")
    items = []
    for meeting in ours.filter(
        agenda_published_at__isnull=True, date__gte=today, date__lte=today + timedelta(days=21)
    ).order_by("date")[:20]:
        items.append(
            NeedsMe(
                title=f"Send the agenda and papers for {meeting}",
                href=reverse("meetings:meeting_detail", args=[meeting.pk]),
                category="Meeting coming up",
                # Members expect papers a week ahead.
                deadline=add_working_days(meeting.date, -5),
                board=meeting.board.name,
            )
        )
    for meeting in ours.filter(
        minutes_state=Meeting.Minutes.DRAFT, date__lt=today, date__gte=today - timedelta(days=120)
    ).order_by("date")[:20]:
        items.append(
            NeedsMe(
                title=f"Write up and circulate the minutes of {meeting}",
                href=reverse("meetings:meeting_detail", args=[meeting.pk]),
                category="Minutes to write",
                deadline=add_working_days(meeting.date, 10),
                board=meeting.board.name,
            )
        )
    circulated = list(
        ours.filter(
            minutes_state=Meeting.Minutes.CIRCULATED, date__gte=today - timedelta(days=365)
        ).order_by("date")[:20]
    )
    # Approved at the next meeting of the same body: due once that meeting has happened.
    following = {}
    since = min((meeting.date for meeting in circulated), default=today)
    for later in (
        ours.filter(date__lte=today, date__gt=since)
        .order_by("-date")
        .values("board_id", "kind", "area_id", "date")[:500]
        if circulated
        else []
    ):
        following.setdefault((later["board_id"], later["kind"], later["area_id"]), []).append(
            later["date"]
        )
    for meeting in circulated:
        held = [
            day
            for day in following.get((meeting.board_id, meeting.kind, meeting.area_id), [])
            if day > meeting.date
        ]
        if held:
            items.append(
                NeedsMe(
                    title=f"Record the minutes of {meeting} as approved",
                    href=reverse("meetings:meeting_detail", args=[meeting.pk]),
                    category="Minutes approved at the next meeting",
                    deadline=min(held),
                    board=meeting.board.name,
                )
            )
    drafts = Newsflash.objects.filter(board_id__in=sorted(boards)).exclude(
        state=Newsflash.State.PUBLISHED
    )
    for newsflash in drafts.select_related("board", "meeting").order_by("created_at")[:20]:
        approved = newsflash.state == Newsflash.State.APPROVED
        held_on = newsflash.meeting.date if newsflash.meeting else newsflash.created_at.date()
        items.append(
            NeedsMe(
                title=f"{'Publish' if approved else 'Approve'} the newsflash '{newsflash.title}'",
                href=reverse("meetings:newsflash_detail", args=[newsflash.pk]),
                category="Newsflash to publish" if approved else "Newsflash to approve",
                deadline=add_working_days(held_on, 5),
                board=newsflash.board.name,
            )
        )
    return items
