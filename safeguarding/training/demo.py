"""The demo county's training (idempotent): a year of the children's and adults' boards'
multi-agency programmes, about 30 courses and 150 sessions from six months ago to six months
ahead, with applications in every status, waiting lists, a few absences and late cancellations
with charges, certificates, feedback and training passports some of which are expiring.

Dates are relative to today so the demo always has sessions to book, offers to accept and
training about to expire. Every session is on working days (core.workdays) and lasts what its
course says: three hours or half a day, a day, or two consecutive working days.

Rows are written directly (as a data load, not as people's actions), so loading sends no
e-mail. A second run finds the courses by title and adds nothing.
"""

from __future__ import annotations

import random
from datetime import datetime, time, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from safeguarding.core import fragments
from safeguarding.core.workdays import is_working_day, working_day_on_or_after
from safeguarding.organisations.demo.loader import load_boards_and_areas
from safeguarding.organisations.models import Area, Person

from .models import (
    HOLDS_PLACE,
    Application,
    Course,
    Feedback,
    Session,
    Status,
    new_certificate_code,
)
from .services import default_booking_close

SEED = 20150320
DEMO_PRACTITIONER = "practitioner@demo.example"
DEMO_LINE_MANAGER = "line.manager@demo.example"
# The demo line manager also trains every TRAINER_EVERY-th session (and the last one before
# today, whose register is left for them to mark), to try "Sessions I train" and the register.
DEMO_TRAINER = DEMO_LINE_MANAGER
TRAINER_EVERY = 10

# (title, topic, level, duration, validity in months or None, board, open to both boards)
COURSES = [
    (
        "Safeguarding children: the essentials",
        "Safeguarding basics",
        "introductory",
        "3 hours",
        36,
        "children",
        False,
    ),
    (
        "Working together to safeguard children",
        "Multi-agency working",
        "intermediate",
        "One day",
        36,
        "children",
        False,
    ),
    (
        "Recognising and responding to neglect",
        "Neglect",
        "intermediate",
        "One day",
        36,
        "children",
        False,
    ),
    (
        "Graded Care Profile 2: assessing neglect",
        "Neglect",
        "advanced",
        "Two days",
        None,
        "children",
        False,
    ),
    (
        "Child sexual exploitation: spotting the signs",
        "Exploitation",
        "introductory",
        "3 hours",
        12,
        "children",
        False,
    ),
    (
        "Child sexual exploitation: working with young people",
        "Exploitation",
        "advanced",
        "One day",
        12,
        "children",
        False,
    ),
    (
        "Children missing from home, care or education",
        "Missing children",
        "intermediate",
        "Half a day",
        24,
        "children",
        False,
    ),
    (
        "Domestic abuse and its impact on children",
        "Domestic abuse",
        "intermediate",
        "One day",
        36,
        "children",
        True,
    ),
    (
        "Parental mental health and substance misuse",
        "Families",
        "intermediate",
        "One day",
        None,
        "children",
        True,
    ),
    (
        "Female genital mutilation awareness",
        "Harmful practices",
        "introductory",
        "3 hours",
        36,
        "children",
        False,
    ),
    ("Safer recruitment", "Safer workforce", "intermediate", "One day", 36, "children", True),
    (
        "Managing allegations against staff",
        "Safer workforce",
        "advanced",
        "Half a day",
        36,
        "children",
        True,
    ),
    ("Early help assessment", "Early help", "introductory", "Half a day", None, "children", False),
    (
        "Learning from serious case reviews",
        "Learning from reviews",
        "intermediate",
        "Half a day",
        None,
        "children",
        True,
    ),
    (
        "Online safety for professionals",
        "Online safety",
        "introductory",
        "3 hours",
        6,
        "children",
        False,
    ),
    (
        "Safeguarding supervision for managers",
        "Supervision",
        "advanced",
        "Two days",
        None,
        "children",
        False,
    ),
    (
        "Safeguarding disabled children",
        "Disability",
        "intermediate",
        "One day",
        None,
        "children",
        False,
    ),
    (
        "Child protection conferences: a guide for partners",
        "Child protection",
        "introductory",
        "Half a day",
        24,
        "children",
        False,
    ),
    (
        "Safeguarding adults: the essentials",
        "Safeguarding basics",
        "introductory",
        "3 hours",
        36,
        "adults",
        False,
    ),
    (
        "Mental Capacity Act in practice",
        "Mental capacity",
        "intermediate",
        "One day",
        36,
        "adults",
        False,
    ),
    (
        "Deprivation of Liberty Safeguards",
        "Mental capacity",
        "advanced",
        "One day",
        12,
        "adults",
        False,
    ),
    ("Self-neglect and hoarding", "Self-neglect", "intermediate", "One day", 24, "adults", False),
    (
        "Financial abuse and scams",
        "Financial abuse",
        "introductory",
        "3 hours",
        24,
        "adults",
        False,
    ),
    (
        "Making safeguarding personal",
        "Person-centred practice",
        "intermediate",
        "Half a day",
        None,
        "adults",
        False,
    ),
    (
        "Modern slavery and human trafficking",
        "Exploitation",
        "intermediate",
        "Half a day",
        24,
        "adults",
        True,
    ),
    (
        "Prevent: radicalisation awareness",
        "Radicalisation",
        "introductory",
        "3 hours",
        6,
        "adults",
        True,
    ),
    (
        "Safeguarding adults enquiries (section 42)",
        "Enquiries",
        "advanced",
        "Two days",
        None,
        "adults",
        False,
    ),
    (
        "Learning from safeguarding adults reviews",
        "Learning from reviews",
        "intermediate",
        "Half a day",
        None,
        "adults",
        False,
    ),
    (
        "Domestic abuse: risk assessment with DASH",
        "Domestic abuse",
        "intermediate",
        "Half a day",
        12,
        "adults",
        True,
    ),
    (
        "Safeguarding adults for managers",
        "Supervision",
        "advanced",
        "One day",
        None,
        "adults",
        False,
    ),
]
TRAINERS = ["Jo Ashworth", "Sam Patel", "Kim Howarth", "Dee Walsh", "Ravi Shah", "Lou Birtwistle"]
VENUES = {
    "Preston": "County Hall, Fishergate, Preston",
    "Burnley": "Burnley Fire Station training suite",
    "Lancaster": "Lancaster Town Hall",
    "Blackburn": "Blackburn Professional Development Centre",
    "Chorley": "Chorley Council Offices",
    "Pendle": "Nelson Town Hall",
}
REASONS = [
    "A requirement of my role",
    "To refresh my knowledge before I start supervising others",
    "Recommended by my manager after a recent case",
    "Our team has had more referrals on this topic",
]


def load_demo() -> int:
    """Loads the demo data; returns how many records were added (0 when already loaded)."""
    if Course.objects.filter(title=COURSES[0][0]).exists():
        return 0
    people = list(
        Person.objects.filter(is_active=True, agency__isnull=False, agency_confirmed=True)
        .exclude(email__in=["admin@demo.example"])
        .order_by("pk")
    )
    if len(people) < 40:
        return 0  # the demo county's people are not loaded
    with transaction.atomic():
        return _load(people)


def _load(people: list[Person]) -> int:
    rng = random.Random(SEED)
    boards = load_boards_and_areas()
    districts = {a.name: a for a in Area.objects.filter(kind=Area.Kind.DISTRICT)}
    now = timezone.now()
    courses = []
    for title, topic, level, duration, validity, board, both in COURSES:
        fee = Decimal(rng.choice([40, 60, 75, 90]))
        courses.append(
            Course.objects.create(
                board=boards[board],
                open_to_both_boards=both,
                title=title,
                topic=topic,
                audience="Practitioners and managers in every partner agency who work with "
                + ("children, young people and families" if board == "children" else "adults"),
                level=level,
                learning_outcomes="\n".join(
                    [
                        f"Understand the main facts about {topic.lower()}",
                        "Know the local procedures and who to contact",
                        "Apply what you learn to your own cases",
                    ]
                ),
                duration=duration,
                prerequisites="" if level == "introductory" else "An introductory course",
                fee_contributing=Decimal("0"),
                fee_non_contributing=fee,
                fee_private=fee + 30,
                charge_contributing=Decimal("50"),
                charge_non_contributing=fee,
                charge_private=fee + 30,
                validity_months=validity,
                waiting_list_minimum=5,
                offer_hours=48,
            )
        )
    added = len(courses)
    trainer = Person.objects.filter(email=DEMO_TRAINER, is_active=True).first()
    sessions = []
    for number in range(150):
        course = courses[number % len(courses)]
        day = (now + timedelta(days=-182 + number * 365 // 150 + rng.randint(0, 2))).date()
        starts, ends = _times(course.duration, working_day_on_or_after(day), rng.choice([9, 13]))
        online = number % 5 == 0
        town = rng.choice(list(VENUES))
        sessions.append(
            Session(
                course=course,
                starts_at=starts,
                ends_at=ends,
                venue="" if online else VENUES[town],
                online_link="https://meet.lancashire-lscb.example/training" if online else "",
                area=None if online else districts.get(town),
                trainer=rng.choice(TRAINERS),
                capacity=rng.choice([12, 16, 20, 24]),
                booking_closes=default_booking_close(starts.date()),
                joining_instructions="Please arrive 15 minutes early; parking is limited.",
            )
        )
    unmarked = None
    if trainer is not None:
        past = [s for s in sessions if s.starts_at < now]
        unmarked = past[-1] if past else None
        for number, session in enumerate(sessions):
            if number % TRAINER_EVERY == 3 or session is unmarked:
                session.trained_by = trainer
                session.trainer = trainer.full_name
    Session.objects.bulk_create(sessions)
    fragments.changed("training")  # bulk_create sends no signals
    sessions = list(Session.objects.filter(course__in=courses).select_related("course"))
    added += len(sessions)
    unmarked_pk = unmarked.pk if unmarked is not None else None
    added += _applications(rng, sessions, people, now, unmarked_pk)
    return added


def _times(duration: str, day, hour: int) -> tuple[datetime, datetime]:
    """A session's start and end for a course of `duration` starting on working day `day`:
    three hours or half a day from 9:30 or 13:30 (`hour` 9 or 13), a day from 9:30 to 16:30,
    or two days on consecutive working days (moved on until the next day is one)."""
    if duration == "Two days":
        while not is_working_day(day + timedelta(days=1)):
            day = working_day_on_or_after(day + timedelta(days=1))
    last = day + timedelta(days=1) if duration == "Two days" else day
    if duration in ("3 hours", "Half a day"):
        start, end = time(hour, 30), time(hour + 3, 30)
    else:
        start, end = time(9, 30), time(16, 30)
    return (
        timezone.make_aware(datetime.combine(day, start)),
        timezone.make_aware(datetime.combine(last, end)),
    )


def _applications(rng, sessions, people, now, unmarked_pk=None) -> int:
    by_email = {p.email: p for p in people}
    demo = by_email.get(DEMO_PRACTITIONER)
    manager = by_email.get(DEMO_LINE_MANAGER)
    rows = []
    used = set()
    demo_plan = []  # (session, person, status): what the demo sign-ins' days rely on
    past = [s for s in sessions if s.starts_at < now]
    future = [s for s in sessions if s.starts_at >= now]
    if demo is not None:
        expiring = [s for s in past if s.course.validity_months == 6]
        demo_plan = [
            (expiring[0], Status.ATTENDED) if expiring else None,
            (past[-3], Status.ATTENDED),
            (future[1], Status.CONFIRMED),
            (future[4], Status.AWAITING_APPROVAL),
            (future[7], Status.OFFERED),
        ]
        demo_plan = [(session, demo, status) for session, status in filter(None, demo_plan)]
    if manager is not None:
        # The line manager has two applications to decide whatever the day's dates make of
        # the random ones: the practitioner's above and one from another of their staff.
        staff = [p for p in people if p.line_manager_id == manager.pk and p is not demo]
        if staff:
            demo_plan.append((future[6], staff[0], Status.AWAITING_APPROVAL))
    planned_for = {(session.pk, person.pk): status for session, person, status in demo_plan}
    for session in sessions:
        count = rng.randint(session.capacity // 2, session.capacity + 8)
        applicants = rng.sample(people, min(count, len(people)))
        applicants = [p for p in applicants if p.pk != session.trained_by_id]
        if demo is not None:
            applicants = [p for p in applicants if p.pk != demo.pk]
        for planned, person, _status in demo_plan:
            if planned.pk == session.pk:
                applicants.insert(0, person)
        places = session.capacity
        held = 0
        for index, person in enumerate(applicants):
            if (session.pk, person.pk) in used:
                continue
            used.add((session.pk, person.pk))
            planned = planned_for.get((session.pk, person.pk))
            status = planned or _status_for(rng, session, held, places, now)
            if (
                planned is None
                and session.pk == unmarked_pk
                and status in (Status.ATTENDED, Status.ABSENT)
            ):
                status = Status.CONFIRMED  # the trainer has still to mark the register
            if status in HOLDS_PLACE:
                held += 1
            applied = session.starts_at - timedelta(days=rng.randint(20, 60))
            row = Application(
                session=session,
                applicant=person,
                line_manager_id=person.line_manager_id,
                agency_id=person.agency_id,
                status=status,
                reason=rng.choice(REASONS),
                applied_at=min(applied, now - timedelta(days=1)),
                updated_at=now,
            )
            if status not in (Status.APPLIED, Status.AWAITING_APPROVAL, Status.DECLINED):
                row.approved_at = row.applied_at + timedelta(days=2, minutes=index)
                row.decided_at = row.approved_at
                row.decided_by_id = person.line_manager_id
            if status == Status.DECLINED:
                row.decided_at = row.applied_at + timedelta(days=2)
                row.decision_note = "Not possible to release you on that date"
            if status in (Status.CONFIRMED, Status.ATTENDED, Status.ABSENT):
                row.confirmed_at = row.approved_at
            if status == Status.OFFERED:
                row.offered_at = now - timedelta(hours=6)
                row.offer_expires_at = row.offered_at + timedelta(hours=48)
            if status == Status.EXPIRED_OFFER:
                row.offered_at = now - timedelta(days=5)
                row.offer_expires_at = row.offered_at + timedelta(hours=48)
            if status == Status.ATTENDED:
                row.certificate_code = new_certificate_code()
            if status == Status.ABSENT:
                row.charge = _charge(session.course, person)
                row.charge_reason = "Absence"
            if status == Status.CANCELLED:
                row.cancelled_at = session.starts_at - timedelta(days=rng.choice([1, 10]))
                if row.cancelled_at.date() > session.booking_closes:
                    row.charge = _charge(session.course, person)
                    row.charge_reason = "Late cancellation"
            rows.append(row)
    Application.objects.bulk_create(rows, batch_size=500)
    attended = Application.objects.filter(session__in=sessions, status=Status.ATTENDED).values_list(
        "pk", flat=True
    )
    feedback = [
        Feedback(
            application_id=pk,
            overall=rng.choice([3, 4, 4, 5, 5]),
            outcomes_met=rng.choice([3, 4, 5]),
            will_change_practice=rng.random() < 0.7,
            comments=rng.choice(["", "", "Very practical", "More case studies please"]),
        )
        for pk in attended
        if rng.random() < 0.6
    ]
    Feedback.objects.bulk_create(feedback, batch_size=500)
    return len(rows) + len(feedback)


def _charge(course, person):
    status = person.agency.contribution_status if person.agency_id else None
    return course.charge_for(status)


def _status_for(rng, session, held, capacity, now) -> str:
    """A plausible status for the next applicant of a session where `held` places are taken."""
    if session.starts_at < now:
        if held >= capacity:
            return rng.choice([Status.EXPIRED_OFFER, Status.DECLINED, Status.CANCELLED])
        roll = rng.random()
        if roll < 0.08:
            return Status.ABSENT
        if roll < 0.14:
            return Status.CANCELLED
        return Status.ATTENDED
    if held >= capacity:
        return Status.WAITING if rng.random() < 0.8 else Status.DECLINED
    roll = rng.random()
    if roll < 0.1:
        return Status.AWAITING_APPROVAL
    if roll < 0.13:
        return Status.APPLIED
    if roll < 0.16:
        return Status.CANCELLED
    if roll < 0.18 and held == capacity - 1:
        return Status.OFFERED
    return Status.CONFIRMED
