"""Training at county scale (issue 5): at 1x, 60 courses of both boards and 2,000 sessions over
ten years (the last one ahead, so the catalogue has a year of sessions to book), with 150,000
applications: attended, absent and cancelled for past sessions; confirmed, waiting and awaiting
approval for coming ones. The first coming session is a big one (200 places, all taken, with a
waiting list), whose public page is loaded.

Loaded: the public catalogue (first page and a filtered one) and the big session's page.
"""

from __future__ import annotations

import random
from datetime import datetime, time, timedelta
from decimal import Decimal

BATCH = 2000
SEED = 20150320
COURSES_1X = 60
SESSIONS_1X = 2_000
APPLICATIONS_1X = 150_000
BIG_SESSION_PLACES = 200
BIG_SESSION_TRAINER = "Benchmark trainer (big session)"
TOPICS = [
    "Neglect",
    "Exploitation",
    "Domestic abuse",
    "Mental capacity",
    "Safer workforce",
    "Early help",
    "Online safety",
    "Self-neglect",
]


def _big_session() -> str:
    from safeguarding.training.models import Session

    session = Session.objects.filter(trainer=BIG_SESSION_TRAINER).order_by("pk").first()
    if session is None:
        raise LookupError("the big benchmark session is missing: was the data set generated?")
    return f"/training/sessions/{session.pk}/"


def _big_session_public() -> str:
    return _big_session() + "?public"  # the same page under its own label and figures


# The catalogue and session pages are public: loaded signed in (as business-unit staff, whose
# navigation is the longest) and, as most visitors see them, without signing in.
PAGES = [
    ("Training: catalogue", "/training/", "unit"),
    ("Training: catalogue, filtered", "/training/?topic=Neglect&places=on", "unit"),
    ("Training: big session page", _big_session, "unit"),
    ("Training: catalogue, public", "/training/?public", ""),
    ("Training: big session page, public", _big_session_public, ""),
]


def generate(scale: int) -> dict[str, int]:
    from django.db import transaction
    from django.utils import timezone

    from safeguarding.organisations.models import Area, Board, Person
    from safeguarding.training.models import Application, Course, Session, Status
    from safeguarding.training.services import default_booking_close

    rng = random.Random(SEED)
    boards = list(Board.objects.order_by("pk"))
    districts = list(Area.objects.filter(kind=Area.Kind.DISTRICT).order_by("name"))
    people = list(Person.objects.filter(agency__isnull=False).values_list("pk", "agency_id"))
    now = timezone.now()
    today = timezone.localdate()
    session_total = SESSIONS_1X * scale
    per_session = APPLICATIONS_1X * scale // session_total

    with transaction.atomic():
        courses = [
            Course(
                board=boards[number % len(boards)],
                open_to_both_boards=number % 5 == 0,
                title=f"{TOPICS[number % len(TOPICS)]} course {number + 1}",
                topic=TOPICS[number % len(TOPICS)],
                audience="Practitioners in every partner agency",
                level=rng.choice(Course.Level.values),
                learning_outcomes="Know the signs\nKnow the procedures",
                duration="One day",
                fee_non_contributing=Decimal("60"),
                fee_private=Decimal("90"),
                charge_contributing=Decimal("50"),
                validity_months=rng.choice([None, 12, 36]),
            )
            for number in range(COURSES_1X * scale)
        ]
        Course.objects.bulk_create(courses, batch_size=BATCH)
        span = 3650
        sessions = []
        for number in range(session_total):
            big = number == int(session_total * 0.9) + 1
            day = today + timedelta(days=-span * 9 // 10 + number * span // session_total + 1)
            while day.weekday() >= 5:
                day += timedelta(days=1)
            starts = timezone.make_aware(datetime.combine(day, time(9, 30)))
            sessions.append(
                Session(
                    course=courses[number % len(courses)],
                    starts_at=starts,
                    ends_at=starts + timedelta(hours=6),
                    venue="County Hall, Preston",
                    area=districts[number % len(districts)] if districts else None,
                    trainer=BIG_SESSION_TRAINER if big else "Benchmark trainer",
                    capacity=BIG_SESSION_PLACES if big else rng.choice([40, 60, 80]),
                    booking_closes=default_booking_close(day),
                )
            )
        Session.objects.bulk_create(sessions, batch_size=BATCH)
        rows = []
        total = 0
        for session in sessions:
            past = session.starts_at < now
            chosen = rng.sample(people, min(len(people), per_session))
            if session.trainer == BIG_SESSION_TRAINER:
                chosen = rng.sample(people, min(len(people), BIG_SESSION_PLACES + 50))
            for index, (person_id, agency_id) in enumerate(chosen):
                if past:
                    status = rng.choices(
                        [Status.ATTENDED, Status.ABSENT, Status.CANCELLED], [90, 4, 6]
                    )[0]
                elif index < session.capacity:
                    status = rng.choices([Status.CONFIRMED, Status.AWAITING_APPROVAL], [9, 1])[0]
                else:
                    status = Status.WAITING
                applied = session.starts_at - timedelta(days=30, minutes=index)
                rows.append(
                    Application(
                        session_id=session.pk,
                        applicant_id=person_id,
                        agency_id=agency_id,
                        status=status,
                        reason="Benchmark",
                        applied_at=applied,
                        approved_at=applied + timedelta(days=1),
                        updated_at=applied,
                    )
                )
            if len(rows) >= BATCH:
                Application.objects.bulk_create(rows, batch_size=BATCH)
                total += len(rows)
                rows = []
        Application.objects.bulk_create(rows, batch_size=BATCH)
        total += len(rows)
    return {"courses": len(courses), "sessions": len(sessions), "applications": total}
