"""Meetings at county scale (issue 4): ten years of meetings, every eight weeks, for each board,
its executive and each of the five locality boards (CPBs); 4 x scale sub-groups meeting every
four weeks; ten agenda items per board meeting and six per other meeting, each with what was
agreed; a published newsflash per board meeting; the board's members on its meetings.

Loaded, signed in as the business unit: the newsflash list, the meetings list and the page of
the latest children's board meeting (ten items, forty members, attendance recorded).
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

BATCH = 2000
SEED = 20150320
FIRST = date(2016, 1, 8)
YEARS = 10
SUBGROUPS_1X = 4
TOPICS = [
    "Child sexual exploitation",
    "Serious case reviews",
    "Training",
    "Performance framework",
    "Business plan",
    "Early help",
    "Restructures and cuts",
    "Practice inspections",
    "Member portfolio",
    "Neglect",
    "Missing from home, education or care",
    "Budget",
]


def _latest_board_meeting() -> str:
    from django.utils import timezone

    from safeguarding.meetings.models import Meeting

    meeting = (
        Meeting.objects.filter(kind="board", board__slug="children", date__lte=timezone.localdate())
        .order_by("-date")
        .first()
    )
    if meeting is None:
        raise LookupError("no benchmark board meeting: was the data set generated?")
    return f"/meetings/{meeting.pk}/"


PAGES = [
    ("Meetings: newsflash list", "/meetings/news/", "unit"),
    ("Meetings: meeting list", "/meetings/", "unit"),
    ("Meetings: a board meeting", _latest_board_meeting, "unit"),
]


def _dates(start: date, weeks: int) -> list[date]:
    end = start.replace(year=start.year + YEARS)
    days = []
    while start < end:
        days.append(start)
        start += timedelta(weeks=weeks)
    return days


def generate(scale: int) -> dict[str, int]:
    from django.db import transaction
    from django.utils import timezone

    from benchmarks.generate import BENCH_EMAIL
    from safeguarding.meetings.models import AgendaItem, Attendance, Meeting, Newsflash
    from safeguarding.meetings.newsflash import long_date
    from safeguarding.organisations.models import Area, Board, Person, Role, RoleAssignment

    rng = random.Random(SEED)
    boards = list(Board.objects.order_by("pk"))
    localities = list(Area.objects.filter(kind=Area.Kind.LOCALITY).order_by("name"))
    unit = Person.objects.get(email=BENCH_EMAIL)
    members = {
        board.pk: list(
            RoleAssignment.objects.filter(role=Role.BOARD_MEMBER, board=board)
            .order_by("person_id")
            .values_list("person_id", flat=True)
        )
        for board in boards
    }
    cpb_members = {
        area.pk: list(
            RoleAssignment.objects.filter(role__in=[Role.CPB_CHAIR, Role.CPB_MEMBER], area=area)
            .order_by("person_id")
            .values_list("person_id", flat=True)
        )
        for area in localities
    }
    children = next((b for b in boards if b.slug == "children"), boards[0])
    plan = []  # (Meeting, member ids, item count)
    for board in boards:
        for day in _dates(FIRST, 8):
            plan.append(
                (
                    Meeting(
                        board=board,
                        kind="board",
                        title=board.short_name,
                        date=day,
                        start_time=time(10),
                        end_time=time(12, 30),
                        venue="County Hall, Preston",
                    ),
                    members[board.pk],
                    10,
                )
            )
        for day in _dates(FIRST + timedelta(weeks=3), 8):
            plan.append(
                (
                    Meeting(
                        board=board,
                        kind="executive",
                        title=f"{board.short_name} Executive",
                        date=day,
                        start_time=time(14),
                        end_time=time(16),
                        venue="County Hall, Preston",
                    ),
                    [],
                    6,
                )
            )
    for offset, area in enumerate(localities):
        for day in _dates(FIRST + timedelta(days=4 + offset), 8):
            plan.append(
                (
                    Meeting(
                        board=children,
                        kind="cpb",
                        title=f"{area.name} CPB",
                        area=area,
                        date=day,
                        start_time=time(13, 30),
                        end_time=time(15, 30),
                        venue=f"{area.name} office",
                    ),
                    cpb_members[area.pk],
                    6,
                )
            )
    for number in range(SUBGROUPS_1X * scale):
        board = boards[number % len(boards)]
        topic = TOPICS[number % len(TOPICS)]
        for day in _dates(FIRST + timedelta(days=number % 20), 4):
            plan.append(
                (
                    Meeting(
                        board=board,
                        kind="subgroup",
                        title=f"{topic} sub-group {number + 1}",
                        date=day,
                        start_time=time(9, 30),
                        end_time=time(11),
                        online_link="https://meet.example/sub-group",
                    ),
                    [],
                    6,
                )
            )
    today = timezone.localdate()
    with transaction.atomic():
        for meeting, _, _ in plan:
            if meeting.date < today:
                meeting.agenda_published_at = timezone.make_aware(
                    datetime.combine(meeting.date - timedelta(days=7), time(9))
                )
                meeting.minutes_state = Meeting.Minutes.APPROVED
                meeting.quorate = True
        meetings = Meeting.objects.bulk_create([m for m, _, _ in plan], batch_size=BATCH)
        through = Meeting.members.through
        links, items, attendance = [], [], []
        for meeting, (_, people, count) in zip(meetings, plan, strict=True):
            for person in [unit.pk, *people]:
                links.append(through(meeting_id=meeting.pk, person_id=person))
                if meeting.date < today:
                    attendance.append(
                        Attendance(
                            meeting=meeting,
                            person_id=person,
                            status=rng.choice(["present", "present", "apologies"]),
                        )
                    )
            for order in range(1, count + 1):
                topic = TOPICS[(order + meeting.pk) % len(TOPICS)]
                items.append(
                    AgendaItem(
                        meeting=meeting,
                        order=order,
                        title=topic,
                        purpose=rng.choice(AgendaItem.Purpose.values),
                        presenter="Business Manager",
                        minutes_allowed=10,
                        include_in_summary=meeting.kind == "board",
                        discussion=f"The {meeting.title} discussed {topic.lower()}.",
                        decision=f"The {meeting.title} agreed the next steps on {topic.lower()}.",
                    )
                )
        through.objects.bulk_create(links, batch_size=BATCH)
        AgendaItem.objects.bulk_create(items, batch_size=BATCH)
        Attendance.objects.bulk_create(attendance, batch_size=BATCH)
        newsflashes = []
        for meeting in meetings:
            if meeting.kind != "board" or meeting.date >= today:
                continue
            published = timezone.make_aware(
                datetime.combine(meeting.date + timedelta(days=3), time(9))
            )
            short = meeting.board.short_name
            next_date = long_date(meeting.date + timedelta(weeks=8))
            body = "\n\n".join(
                f"## {topic}\n\nThe {short} agreed the next steps on {topic.lower()}."
                for topic in TOPICS[:10]
            )
            body += f"\n\nNext {short}: {next_date}\n"
            newsflashes.append(
                Newsflash(
                    board=meeting.board,
                    meeting=meeting,
                    title=f"Summary from {short} held on {meeting.date:%A %-d %B %Y}",
                    body=body,
                    state=Newsflash.State.PUBLISHED,
                    approved_at=published,
                    published_at=published,
                    created_at=published,
                    updated_at=published,
                )
            )
        Newsflash.objects.bulk_create(newsflashes, batch_size=BATCH)
    return {
        "meetings": len(meetings),
        "agenda items": len(items),
        "meeting members": len(links),
        "attendance rows": len(attendance),
        "newsflashes": len(newsflashes),
    }
