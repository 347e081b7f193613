"""Action plans at county scale (issue 3): at 1x, 20,000 actions in 40 plans of both boards,
shared with the five locality boards (CPBs), with 100,000 progress updates, 5,000 pieces of
evidence (links: no files are written) and 2,000 challenges. The first plan is the big one
(2,000 actions, shared with every locality), whose progress report is loaded.

Loaded: the CPB's "actions for my locality" list, signed in as the CPB member of the bench data
(generate.SIGN_INS["cpb"]), the business unit's plan list and challenge log, and the big plan's
report page.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

BATCH = 2000
SEED = 20141001
ACTIONS_1X = 20_000
UPDATES_PER_ACTION = 5
PLANS_1X = 40
BIG_PLAN_ACTIONS = 2_000
BIG_PLAN_TITLE = "County child sexual exploitation action plan (benchmark)"
EVIDENCE_EVERY = 4  # one piece of evidence for every fourth action
CHALLENGE_EVERY = 10  # one challenge for every tenth action
TODAY = date(2026, 11, 1)

THEMES = [
    "Neglect",
    "Child sexual exploitation",
    "Domestic abuse",
    "Early help",
    "Missing from home",
    "Self-harm",
    "Transitions to adulthood",
    "Safeguarding in schools",
]
VERBS = [
    "Audit the use of",
    "Train front-line staff in",
    "Review the pathway for",
    "Publish guidance on",
    "Report quarterly on",
    "Agree a shared protocol for",
]


def _big_plan_report() -> str:
    from safeguarding.actionplans.models import ActionPlan

    plan = ActionPlan.objects.filter(title=BIG_PLAN_TITLE).order_by("pk").first()
    if plan is None:
        raise LookupError("the big benchmark plan is missing: was the data set generated?")
    return f"/actions/{plan.pk}/report/"


PAGES = [
    ("Actions: my locality (CPB)", "/actions/my-locality/", "cpb"),
    ("Actions: plan list", "/actions/", "unit"),
    ("Actions: challenge log (CPB)", "/actions/challenges/", "cpb"),
    ("Actions: big plan report", _big_plan_report, "unit"),
]


def _aware(day: date, hour: int = 10):
    from django.utils import timezone

    return timezone.make_aware(datetime.combine(day, time(hour)))


def generate(scale: int) -> dict[str, int]:
    from django.db import transaction

    from benchmarks.generate import BENCH_EMAIL
    from safeguarding.actionplans.models import (
        Action,
        ActionPlan,
        Status,
    )
    from safeguarding.organisations.models import Area, Board, Person, Role, RoleAssignment

    rng = random.Random(SEED)
    boards = list(Board.objects.order_by("pk"))
    localities = list(Area.objects.filter(kind=Area.Kind.LOCALITY).order_by("name"))
    leads = list(
        RoleAssignment.objects.filter(role=Role.AGENCY_LEAD)
        .order_by("agency_id")
        .values_list("agency_id", "person_id")
    )
    chairs = dict(
        RoleAssignment.objects.filter(role=Role.CPB_CHAIR).values_list("area_id", "person_id")
    )
    unit = Person.objects.get(email=BENCH_EMAIL)
    children = next(b for b in boards if b.slug == "children") if boards else None
    action_total = ACTIONS_1X * scale
    plan_total = PLANS_1X * scale
    statuses = Status.values
    weights = [1, 5, 2, 1, 3]  # not started, on track, at risk, off track, complete

    with transaction.atomic():
        plans = []
        for number in range(plan_total):
            board = children if number == 0 or number % 10 < 7 else boards[-1]
            theme = THEMES[number % len(THEMES)]
            start = date(2014, 4, 1) + timedelta(days=rng.randint(0, 3000))
            plans.append(
                ActionPlan(
                    board=board,
                    title=BIG_PLAN_TITLE if number == 0 else f"{theme} action plan {number}",
                    purpose=f"What the partnership will do about {theme.lower()}.",
                    origin_kind=rng.choice(ActionPlan.Origin.values),
                    period_start=start,
                    period_end=start + timedelta(days=730),
                    created_by=unit,
                    created_at=_aware(start),
                    updated_at=_aware(start),
                )
            )
        ActionPlan.objects.bulk_create(plans, batch_size=BATCH)
        shared, shared_links = {}, []
        for number, plan in enumerate(plans):
            areas = localities if number == 0 else rng.sample(localities, rng.randint(1, 5))
            shared[plan.pk] = areas
            shared_links += [
                ActionPlan.shared_with.through(actionplan_id=plan.pk, area_id=a.pk) for a in areas
            ]
        ActionPlan.shared_with.through.objects.bulk_create(shared_links, batch_size=BATCH)

        # Actions: the big plan first, the rest spread over the other plans.
        sizes = [BIG_PLAN_ACTIONS * scale] + [0] * (plan_total - 1)
        for index in range(action_total - sizes[0]):
            sizes[1 + index % (plan_total - 1)] += 1
        counts = {"plans": len(plans), "actions": 0, "updates": 0, "evidence": 0, "challenges": 0}
        for plan, size in zip(plans, sizes, strict=True):
            start = plan.period_start
            actions = []
            for number in range(size):
                agency_id, person_id = leads[rng.randrange(len(leads))]
                status = rng.choices(statuses, weights=weights, k=1)[0]
                created = start + timedelta(days=rng.randint(0, 60))
                last = (
                    None
                    if status == Status.NOT_STARTED
                    else _aware(min(TODAY, created + timedelta(days=rng.randint(30, 700))))
                )
                theme = THEMES[(plan.pk + number) % len(THEMES)].lower()
                actions.append(
                    Action(
                        plan=plan,
                        what=f"{rng.choice(VERBS)} {theme} ({plan.pk}.{number + 1})",
                        outcome=f"Children and families get better help with {theme}.",
                        owner_agency_id=agency_id,
                        owner_person_id=person_id,
                        due_date=start + timedelta(days=rng.randint(60, 1100)),
                        measure_of_success="A re-audit shows the change has held.",
                        status=status,
                        status_reason="" if status == Status.NOT_STARTED else "As reported",
                        last_update_at=last,
                        created_at=_aware(created),
                    )
                )
            Action.objects.bulk_create(actions, batch_size=BATCH)
            counts["actions"] += len(actions)
            _fill_plan(rng, plan, actions, shared[plan.pk], chairs, unit, counts, statuses)
    return counts


def _fill_plan(rng, plan, actions, areas, chairs, unit, counts, statuses) -> None:
    """The actions' localities, progress updates, evidence and challenges."""
    from safeguarding.actionplans.models import (
        Action,
        Challenge,
        Evidence,
        ProgressUpdate,
    )

    links, updates, evidence, challenges = [], [], [], []
    for number, action in enumerate(actions):
        named = [] if rng.random() < 0.4 else rng.sample(areas, min(len(areas), rng.randint(1, 2)))
        links += [Action.localities.through(action_id=action.pk, area_id=a.pk) for a in named]
        # 5 or 6 updates (5.45 on average) for each action that has started: 100,000 at 1x.
        history = UPDATES_PER_ACTION + (number % 20 < 9) if action.last_update_at else 0
        first = action.created_at.date()
        last = action.last_update_at.date() if action.last_update_at else first
        span = max(1, (last - first).days)
        for step in range(history):
            day = first + timedelta(days=span * (step + 1) // history)
            final = step == history - 1
            status = action.status if final else rng.choice(statuses[:4])
            updates.append(
                ProgressUpdate(
                    action_id=action.pk,
                    author_id=action.owner_person_id,
                    date=day,
                    status=status,
                    narrative=f"Progress reported at the {step + 1}th review.",
                    created_at=_aware(day, 9 + step),
                )
            )
        if number % EVIDENCE_EVERY == 0:
            evidence.append(
                Evidence(
                    action_id=action.pk,
                    kind=Evidence.Kind.LINK,
                    url=f"https://intranet.example/evidence/{action.pk}",
                    description="Minutes recording the change",
                    added_by_id=action.owner_person_id,
                    added_at=action.last_update_at or action.created_at,
                    accepted=rng.choice([None, True, True, False]),
                )
            )
        if number % CHALLENGE_EVERY == 0:
            area = rng.choice(named or areas)
            state = rng.choice(Challenge.State.values)
            raised = action.created_at + timedelta(days=rng.randint(10, 200))
            challenges.append(
                Challenge(
                    action_id=action.pk,
                    raised_by_id=chairs.get(area.pk, unit.pk),
                    raised_at=raised,
                    locality_id=area.pk,
                    question="What evidence shows this has changed practice?",
                    addressed_to_agency_id=action.owner_agency_id,
                    addressed_to_person_id=action.owner_person_id,
                    respond_by=raised.date() + timedelta(days=28),
                    answer="" if state == "open" else "The audit results are attached.",
                    answered_by_id=None if state == "open" else action.owner_person_id,
                    answered_at=None if state == "open" else raised + timedelta(days=14),
                    outcome="Accepted." if state == "closed" else "",
                    closed_by_id=chairs.get(area.pk) if state == "closed" else None,
                    closed_at=raised + timedelta(days=30) if state == "closed" else None,
                    status=state,
                )
            )
        if len(updates) >= BATCH * 5:
            ProgressUpdate.objects.bulk_create(updates, batch_size=BATCH)
            counts["updates"] += len(updates)
            updates = []
    Action.localities.through.objects.bulk_create(links, batch_size=BATCH)
    ProgressUpdate.objects.bulk_create(updates, batch_size=BATCH)
    Evidence.objects.bulk_create(evidence, batch_size=BATCH)
    Challenge.objects.bulk_create(challenges, batch_size=BATCH)
    counts["updates"] += len(updates)
    counts["evidence"] += len(evidence)
    counts["challenges"] += len(challenges)
