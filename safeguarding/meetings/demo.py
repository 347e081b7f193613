"""The demo county's meetings (idempotent): the seed's board meeting of Friday 20 March 2015 with
its items and what was agreed, its published newsflash, the executive of 27 April and the board
of 8 May 2015, and a year of locality board (CPB) meetings carrying the board's summary."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from safeguarding.organisations.demo.loader import load_boards_and_areas
from safeguarding.organisations.models import Area, Person, Role

from . import newsflash as drafting
from . import services
from .models import AgendaItem, Attendance, Meeting, Newsflash

SEED_DATE = date(2015, 3, 20)
VENUE = "County Hall, Fishergate, Preston"

# (title, purpose, presenter, in the summary, what was agreed or reported)
SEED_ITEMS = [
    (
        "Welcome, apologies and declarations of interest",
        "information",
        "Independent Chair",
        False,
        "",
    ),
    (
        "Minutes of the last meeting and matters arising",
        "decision",
        "Independent Chair",
        False,
        "The minutes of the last meeting were agreed as a true record.",
    ),
    (
        "LSCB Training",
        "information",
        "Training Manager",
        True,
        "The LSCB training application process will become electronic within the next week or "
        "two. All details will be on the LSCB website.",
    ),
    (
        "Serious Case Reviews",
        "information",
        "Business Manager",
        True,
        "There is a serious case review due to be published at the end of March/early April. It "
        "is a Tameside SCR but Lancashire agencies had a significant amount of involvement. There "
        "are three other SCRs currently being undertaken by Lancashire LSCB.",
    ),
    (
        "Child Sexual Exploitation (CSE) Diagnostic",
        "decision",
        "Business Manager",
        True,
        "The LSCB has completed a diagnostic about CSE services in the Lancashire area. "
        "This was an exercise in 'taking stock' of what is happening in Lancashire at the "
        "present time. The "
        "final report was agreed by the LSCB today and will be sent out to agencies with a request "
        "that they respond to the findings.\n\nThe CPBs are being tasked with monitoring "
        "multi-agency work around CSE in their local areas and an Action Plan has been shared with "
        "most CPBs now to assist them in collating evidence and challenging where appropriate.",
    ),
    (
        "Burnley Multi Agency Safeguarding Practice Inspection (MASPI)",
        "discussion",
        "Quality Assurance Manager",
        True,
        "There is a flyer attached that explains what the MASPIs are and how they are undertaken. "
        "There was one completed in Burnley in October and the findings from this were shared with "
        "the LSCB today. Burnley and Pendle CPB is monitoring progress with actions emerging from "
        "that MASPI.\n\nThree MASPIs take place every year and they may be coming to a place near "
        "you soon.",
    ),
    (
        "Local Adult Safeguarding Board (LSAB)",
        "discussion",
        "Independent Chair",
        True,
        "Discussions about whether it is possible for the LSCB management team to also deliver the "
        "management function of the LSAB are continuing.",
    ),
    (
        "Restructures and Cuts",
        "discussion",
        "Independent Chair",
        True,
        "Agencies have been asked to report to the LSCB about their restructuring activity and "
        "whether any planned cuts will impact on safeguarding work.",
    ),
    (
        "Performance Framework",
        "decision",
        "Performance Officer",
        True,
        "The LSCB has adopted a regional performance framework tool which is huge in size and "
        "breadth of content. It was agreed that the management team will continue trying to "
        "populate the tool, but accepted that it may not be possible to complete in its entirety.",
    ),
    (
        "Member portfolio",
        "decision",
        "Business Manager",
        True,
        "The LSCB agreed a new member's portfolio, which includes induction, training and "
        "continuing professional development. This will be implemented now.",
    ),
    (
        "Ofsted Thematic Inspection of Early Help",
        "discussion",
        "Early Help Lead",
        True,
        "Some recommendations for LSCBs in this thematic report, although it was felt that "
        "Lancashire does have good evidence of work in this area. It was agreed that a future LSCB "
        "meeting would be a thematic Early Help meeting.",
    ),
    (
        "Business Plan",
        "decision",
        "Business Manager",
        True,
        "The LSCB agreed a new Business Plan for 2015/16 where the main priorities are around CSE "
        "and children missing from home, education or care.",
    ),
]

NEWSFLASH_SECTION = """## Lancashire Safeguarding Children Board Newsflash

The Local Safeguarding Children Board (LSCB) is a key statutory body in Lancashire that supports \
agencies in working together to safeguard and promote the welfare of children as well as checking \
how effective that work is.

### Multi-Agency Safeguarding Practice Inspections

The LSCB in Lancashire previously agreed to undertake multi-agency 'safeguarding practice \
inspections'. This means that the partner agencies of the LSCB have agreed to be part of a rolling \
programme of unannounced inspections across the County, with a view to helping agencies deliver \
the best service for children and their families.

The safeguarding practice inspections will involve case file audits across agencies, practitioner \
interviews and work shadowing, based on the inspection framework used by Ofsted. The 'review \
team' will be made up of managers from partner agencies. They will aim to evaluate the quality of \
services being offered to children and families and identify good practice or areas for \
improvement.

The programme of Safeguarding Practice Inspections across the County is now well established and \
inspections take place three times per year on a locality basis. Agencies are given two weeks' \
notice about an impending practice inspection in their area.

If you want any further details about multi-agency mock inspections, please contact us: \
{contact}.
"""


def _aware(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def _people(role: str, **scope) -> list[Person]:
    return list(
        Person.objects.filter(
            roles__role=role, is_active=True, **{f"roles__{k}": v for k, v in scope.items()}
        )
        .distinct()
        .order_by("pk")
    )


def _meeting(board, kind, title, day, *, area=None, start=time(10), end=time(12, 30), venue=VENUE):
    meeting, created = Meeting.objects.get_or_create(
        board=board,
        kind=kind,
        date=day,
        area=area,
        defaults={"title": title, "start_time": start, "end_time": end, "venue": venue},
    )
    return meeting, created


@transaction.atomic
def load_demo() -> int:
    """Loads the demo data; returns how many records were added (0 when already loaded)."""
    boards = load_boards_and_areas()
    board = boards["children"]
    added = 0
    board_members = _people(Role.BOARD_MEMBER, board=board) + _people(
        Role.BUSINESS_UNIT, board=board
    )

    seed, created = _meeting(board, Meeting.Kind.BOARD, "LSCB", SEED_DATE)
    if created:
        added += 1
        seed.members.set(board_members)
        for order, (title, purpose, presenter, summary, agreed) in enumerate(SEED_ITEMS, start=1):
            AgendaItem.objects.create(
                meeting=seed,
                order=order,
                title=title,
                purpose=purpose,
                presenter=presenter,
                minutes_allowed=10,
                include_in_summary=summary,
                decision=agreed,
            )
            added += 1
        for person in board_members:
            Attendance.objects.create(meeting=seed, person=person, status=Attendance.Status.PRESENT)
        Meeting.objects.filter(pk=seed.pk).update(
            agenda_published_at=_aware(SEED_DATE - timedelta(days=7)),
            quorate=True,
            minutes_state=Meeting.Minutes.APPROVED,
            minutes_approved_at=_aware(date(2015, 5, 8), 12),
        )

    executive, created = _meeting(
        board,
        Meeting.Kind.EXECUTIVE,
        "LSCB Executive",
        date(2015, 4, 27),
        start=time(14),
        end=time(16),
    )
    if created:
        added += 1
        executive.members.set(_people(Role.BUSINESS_UNIT, board=board))
    may, created = _meeting(board, Meeting.Kind.BOARD, "LSCB", date(2015, 5, 8))
    if created:
        added += 1
        may.members.set(board_members)
        AgendaItem.objects.create(
            meeting=may,
            order=1,
            title="Minutes of the meeting of 20 March 2015",
            purpose=AgendaItem.Purpose.DECISION,
            presenter="Independent Chair",
            include_in_summary=False,
        )

    # A year of CPB meetings, every eight weeks from April 2015, for each locality board.
    for offset, area in enumerate(Area.objects.filter(kind=Area.Kind.LOCALITY).order_by("name")):
        members = _people(Role.CPB_CHAIR, area=area) + _people(Role.CPB_MEMBER, area=area)
        day = date(2015, 4, 14) + timedelta(days=offset)
        while day < date(2016, 4, 1):
            meeting, created = _meeting(
                board,
                Meeting.Kind.CPB,
                f"{area.name} CPB",
                day,
                area=area,
                start=time(13, 30),
                end=time(15, 30),
                venue=f"{area.name} locality office",
            )
            if created:
                added += 1
                meeting.members.set(members)
                AgendaItem.objects.create(
                    meeting=meeting,
                    order=1,
                    title="Child sexual exploitation action plan: evidence and challenge",
                    purpose=AgendaItem.Purpose.DISCUSSION,
                    presenter="CPB Chair",
                    include_in_summary=False,
                )
            day += timedelta(weeks=8)

    newsflash = Newsflash.objects.filter(meeting=seed).first()
    if newsflash is None:
        body = (
            drafting.build_body(seed)
            + "\n"
            + NEWSFLASH_SECTION.format(contact=drafting.contact_line(board))
        )
        newsflash = Newsflash.objects.create(
            board=board,
            meeting=seed,
            title=drafting.summary_title(seed),
            body=body,
            state=Newsflash.State.PUBLISHED,
            approved_at=_aware(date(2015, 3, 23)),
            published_at=_aware(date(2015, 3, 24)),
            created_at=_aware(date(2015, 3, 23)),
        )
        added += 1
    # Every CPB's next meeting after publication carries the board's summary.
    added += services.cascade_to_localities(None, newsflash, today=date(2015, 3, 24))
    return added
