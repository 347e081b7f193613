"""The demo county's meetings (idempotent), in two parts.

- History: the seed's board meeting of Friday 20 March 2015 with its items, minutes and what was
  agreed, its published newsflash, the executive of 27 April and the board of 8 May 2015, and
  the locality boards' (CPBs') meetings for the rest of 2015, the first carrying the summary.
- The present, dated from the day the demo is loaded: each board's (children's and adults')
  last meeting with approved minutes and its next ones, the children's executive, and every
  CPB's last and next meetings. Every date is a working day (core.workdays).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from safeguarding.core.workdays import add_working_days, working_day_on_or_after
from safeguarding.organisations.demo.loader import load_boards_and_areas
from safeguarding.organisations.models import Area, Person, Role

from . import newsflash as drafting
from . import services
from .models import AgendaItem, Attendance, Meeting, Newsflash

SEED_DATE = date(2015, 3, 20)
HISTORY_END = date(2015, 12, 31)  # the seed's story; later meetings belong to the present
VENUE = "County Hall, Fishergate, Preston"

# (title, purpose, presenter, in the summary, what was agreed or reported)
# The demo's words are the hub's own, telling of the business the seed meeting covered.
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
        "The board accepted the minutes of its previous meeting as accurate.",
    ),
    (
        "LSCB Training",
        "information",
        "Training Manager",
        True,
        "Applications for the board's training courses move online in the next week or two. "
        "How to apply will be explained on the board's website.",
    ),
    (
        "Serious Case Reviews",
        "information",
        "Business Manager",
        True,
        "A serious case review led by Tameside, in which agencies in Lancashire were closely "
        "involved, is expected to be published at the end of March or early in April. The board "
        "is conducting three further serious case reviews of its own.",
    ),
    (
        "Child Sexual Exploitation (CSE) Diagnostic",
        "decision",
        "Business Manager",
        True,
        "The board's diagnostic of services for child sexual exploitation across Lancashire is "
        "finished: a review of where those services stand today. The board approved the final "
        "report at this meeting; it goes to every agency, and each is asked to answer its "
        "findings.\n\nEach locality board (CPB) will monitor multi-agency work on CSE in its "
        "own area. Most CPBs already have the CSE action plan, to help them gather evidence and "
        "challenge agencies where they need to.",
    ),
    (
        "Burnley Multi Agency Safeguarding Practice Inspection (MASPI)",
        "discussion",
        "Quality Assurance Manager",
        True,
        "A leaflet with this summary explains what a practice inspection is and how one is run. "
        "The Burnley inspection took place in October and the board heard its findings at this "
        "meeting; Burnley and Pendle CPB is following up the actions that came out of it."
        "\n\nThere are three inspections a year, so one may come to your area next.",
    ),
    (
        "Local Adult Safeguarding Board (LSAB)",
        "discussion",
        "Independent Chair",
        True,
        "Talks continue on whether the children's board's business unit could also run the "
        "business of the adults' board.",
    ),
    (
        "Restructures and Cuts",
        "discussion",
        "Independent Chair",
        True,
        "Each agency has been asked to tell the board how it is restructuring and whether any "
        "planned savings will affect its safeguarding work.",
    ),
    (
        "Performance Framework",
        "decision",
        "Performance Officer",
        True,
        "The board has taken on the region's performance framework, which covers a very wide "
        "range of measures. The business unit will go on filling it in, and the board accepted "
        "that some of it may never be completed.",
    ),
    (
        "Member portfolio",
        "decision",
        "Business Manager",
        True,
        "The board approved a portfolio for its members covering their induction, training and "
        "continuing professional development; it starts straight away.",
    ),
    (
        "Ofsted Thematic Inspection of Early Help",
        "discussion",
        "Early Help Lead",
        True,
        "Ofsted's thematic report on early help makes some recommendations for safeguarding "
        "boards. The board felt Lancashire already has good evidence of its early help work, and "
        "agreed to give one of its coming meetings over to early help.",
    ),
    (
        "Business Plan",
        "decision",
        "Business Manager",
        True,
        "The board approved its Business Plan for 2015/16, whose main priorities are child "
        "sexual exploitation and children missing from home, education or care.",
    ),
]

# The seed meeting's minutes: a short note of each item's discussion, in the hub's own words.
SEED_MINUTES = {
    "Welcome, apologies and declarations of interest": (
        "The chair opened the meeting and noted the apologies received. Nobody declared an "
        "interest in any item."
    ),
    "Minutes of the last meeting and matters arising": (
        "Members went through the previous minutes page by page. The actions arising were "
        "either done or on this agenda."
    ),
    "LSCB Training": (
        "The training manager described the new online booking. Members asked that line "
        "managers keep approving places, and that agencies be told before the change."
    ),
    "Serious Case Reviews": (
        "The business manager gave the expected publication date of the review led by "
        "Tameside and the progress of the board's own three reviews. Members agreed to brief "
        "their agencies' press officers ahead of publication."
    ),
    "Child Sexual Exploitation (CSE) Diagnostic": (
        "Members discussed the diagnostic's main findings and how agencies should answer them. "
        "The CPB chairs said they were ready to monitor the action plan in their localities."
    ),
    "Burnley Multi Agency Safeguarding Practice Inspection (MASPI)": (
        "The quality assurance manager summarised the October inspection: good joint work when "
        "a child is at risk, less sign of the child's own voice on file. Members welcomed the "
        "leaflet explaining the inspections."
    ),
    "Local Adult Safeguarding Board (LSAB)": (
        "The chair reported on talks with the adults' board about sharing one business unit. "
        "A proposal is expected at a later meeting."
    ),
    "Restructures and Cuts": (
        "Several agencies described changes under way. Members agreed that any risk to "
        "safeguarding work should come to the board early, not after the event."
    ),
    "Performance Framework": (
        "The performance officer showed which measures can be filled in now and which depend "
        "on data agencies do not yet collect. Members accepted a partial framework for the "
        "first year."
    ),
    "Member portfolio": (
        "Members looked at the draft portfolio and asked for the induction part to be short "
        "enough for new members to finish in their first month."
    ),
    "Ofsted Thematic Inspection of Early Help": (
        "Members compared the report's recommendations with what Lancashire already does and "
        "chose early help as the theme of a future meeting."
    ),
    "Business Plan": (
        "The business manager presented the plan's priorities for the year. Members asked "
        "that each priority name the agency leading it."
    ),
}

# The present's board agendas: (title, purpose, presenter, minutes of the discussion).
PRESENT_BOARD_ITEMS = {
    "children": [
        (
            "Child sexual exploitation: progress against the action plan",
            "discussion",
            "Business Manager",
            "The CPB chairs reported the evidence gathered since the last meeting. Return "
            "interviews in Preston remain behind target; the chair asked for a recovery plan.",
        ),
        (
            "Practice inspection programme",
            "information",
            "Quality Assurance Manager",
            "Members heard which locality is next and how agencies will be told two weeks "
            "before fieldwork begins.",
        ),
        (
            "Training programme and attendance",
            "information",
            "Training Manager",
            "Attendance is steady; places lost to late cancellation are falling since charges "
            "were explained to agencies.",
        ),
    ],
    "adults": [
        (
            "Safeguarding adults reviews: progress",
            "discussion",
            "Business Manager",
            "Members heard where each open review stands and agreed to share the learning from "
            "the last one in a short briefing.",
        ),
        (
            "Making safeguarding personal",
            "discussion",
            "Adult Social Care Lead",
            "An audit of enquiries showed people's wishes recorded in most files; members asked "
            "for the next audit to include health providers.",
        ),
        (
            "Training for adults' practitioners",
            "information",
            "Training Manager",
            "The board noted the year's courses and asked for more sessions on self-neglect.",
        ),
    ],
}

NEWSFLASH_SECTION = """## Lancashire Safeguarding Children Board Newsflash

The Local Safeguarding Children Board (LSCB) is the statutory partnership through which \
Lancashire's agencies work together to keep children safe and promote their welfare, and which \
checks how well that work is done.

### Multi-Agency Safeguarding Practice Inspections

The board's partner agencies have agreed to take part in a rolling programme of unannounced \
multi-agency practice inspections across the county, to help every agency give children and \
their families the best service it can.

Each inspection audits case files across agencies, interviews practitioners and shadows their \
work, following the framework Ofsted inspects against. A review team of managers from the \
partner agencies judges the quality of the help children and families receive, and names good \
practice and what should improve.

The programme is now well established: there are three inspections a year, each in one \
locality, and the agencies there are told two weeks before it begins.

To find out more about the practice inspections, contact us: {contact}.
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
    added = _load_history(boards["children"])
    today = timezone.localdate()
    for board in boards.values():
        added += _load_present(board, today)
    return added


def _load_history(board) -> int:
    added = 0
    board_members = _members(board)
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
                discussion=SEED_MINUTES[title],
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

    # The CPBs meet every eight weeks from mid-April to the end of 2015, one locality a day.
    for offset, area in enumerate(_localities()):
        day = add_working_days(date(2015, 4, 13), offset + 1)
        while day <= HISTORY_END:
            added += _cpb(board, area, working_day_on_or_after(day))
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


def _load_present(board, today: date) -> int:
    """The board's meetings around `today`, once: a board that has any meeting after the
    history already has its present (a later load, on another day, adds nothing)."""
    if Meeting.objects.filter(board=board, date__gt=HISTORY_END).exists():
        return 0
    added = 0
    members = _members(board)
    name = board.short_name
    # The board meets every eight weeks: last met about six weeks ago, next in about two. The
    # adults' board meets the working day after the children's (one business unit serves both).
    later = 0 if board.slug == "children" else 1
    last = add_working_days(working_day_on_or_after(today - timedelta(weeks=6)), later)
    meeting, _ = _meeting(board, Meeting.Kind.BOARD, name, last)
    meeting.members.set(members)
    for order, (title, purpose, presenter, minutes) in enumerate(
        PRESENT_BOARD_ITEMS[board.slug], start=1
    ):
        AgendaItem.objects.create(
            meeting=meeting,
            order=order,
            title=title,
            purpose=purpose,
            presenter=presenter,
            minutes_allowed=20,
            include_in_summary=True,
            discussion=minutes,
        )
    for person in members:
        Attendance.objects.create(meeting=meeting, person=person, status=Attendance.Status.PRESENT)
    Meeting.objects.filter(pk=meeting.pk).update(
        agenda_published_at=_aware(add_working_days(last, -5)),
        quorate=True,
        minutes_state=Meeting.Minutes.APPROVED,
        minutes_approved_at=_aware(add_working_days(last, 10), 12),
    )
    added += 1
    for weeks in (2, 10):
        day = add_working_days(working_day_on_or_after(today + timedelta(weeks=weeks)), later)
        meeting, _ = _meeting(board, Meeting.Kind.BOARD, name, day)
        meeting.members.set(members)
        AgendaItem.objects.create(
            meeting=meeting,
            order=1,
            title="Minutes of the last meeting and matters arising",
            purpose=AgendaItem.Purpose.DECISION,
            presenter="Independent Chair",
            include_in_summary=False,
        )
        added += 1
    if board.slug != "children":
        return added
    day = working_day_on_or_after(today + timedelta(weeks=1))
    executive, _ = _meeting(
        board, Meeting.Kind.EXECUTIVE, f"{name} Executive", day, start=time(14), end=time(16)
    )
    executive.members.set(_people(Role.BUSINESS_UNIT, board=board))
    added += 1
    # Each CPB met about four weeks ago and meets again in about four and twelve weeks.
    for offset, area in enumerate(_localities()):
        for weeks in (-4, 4, 12):
            day = working_day_on_or_after(today + timedelta(weeks=weeks))
            day = add_working_days(day, offset)  # one locality a working day
            added += _cpb(board, area, day)
    return added


def _members(board) -> list[Person]:
    return _people(Role.BOARD_MEMBER, board=board) + _people(Role.BUSINESS_UNIT, board=board)


def _localities():
    return Area.objects.filter(kind=Area.Kind.LOCALITY).order_by("name")


def _cpb(board, area, day: date) -> int:
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
    if not created:
        return 0
    meeting.members.set(_people(Role.CPB_CHAIR, area=area) + _people(Role.CPB_MEMBER, area=area))
    AgendaItem.objects.create(
        meeting=meeting,
        order=1,
        title="Child sexual exploitation action plan: evidence and challenge",
        purpose=AgendaItem.Purpose.DISCUSSION,
        presenter="CPB Chair",
        include_in_summary=False,
    )
    return 1
