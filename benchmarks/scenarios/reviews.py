"""Case reviews at county scale (issue 14): at 1x, ten years of reviews (60, about six a year,
of every kind, a few led by other areas, the adults' board's SARs among them) with 600
recommendations, each an action in its review's action plan shared with the review's locality
board. At 10x, 600 reviews and 6,000 recommendations.

Loaded, as the business unit: the register, the page of the review with the most
recommendations, and the board's home page (benchmarks/load.py's "Home").
"""

from __future__ import annotations

import random
from datetime import date, timedelta

BATCH = 2000
SEED = 20150320
REVIEWS_1X = 60
RECOMMENDATIONS_PER_REVIEW = 10
FIRST_YEAR = 2015
THEMES = ["Neglect", "Domestic abuse", "Child sexual exploitation", "Self-neglect", "Suicide"]


def _busiest_review() -> str:
    from django.db.models import Count

    from safeguarding.reviews.models import Review

    review = Review.objects.annotate(n=Count("recommendations")).order_by("-n", "pk").first()
    if review is None:
        raise LookupError("no benchmark review: was the data set generated?")
    return f"/reviews/{review.pk}/"


PAGES = [
    ("Reviews: register", "/reviews/", "unit"),
    ("Reviews: a review's page", _busiest_review, "unit"),
]


def generate(scale: int) -> dict[str, int]:
    from django.db import transaction

    from safeguarding.actionplans.models import Action, ActionPlan
    from safeguarding.core.workdays import add_working_days
    from safeguarding.organisations.models import Agency, Area, Board
    from safeguarding.reviews.clocks import publication_due
    from safeguarding.reviews.models import Recommendation, Review, Theme

    rng = random.Random(SEED)
    children = Board.objects.get(kind=Board.Kind.CHILDREN, is_default=True)
    adults = Board.objects.filter(kind=Board.Kind.ADULTS).first()
    localities = list(Area.objects.filter(kind=Area.Kind.LOCALITY).order_by("name"))
    agencies = list(Agency.objects.order_by("pk").values_list("pk", flat=True)[:200])
    themes = [Theme.objects.get_or_create(name=name)[0] for name in THEMES]
    total = REVIEWS_1X * scale
    counts = {"reviews": 0, "recommendations": 0}
    # The references already taken (a second scenario run adds reviews after them).
    start = Review.objects.count()
    with transaction.atomic():
        reviews = []
        for number in range(start, start + total):
            sar = adults is not None and number % 6 == 5
            board = adults if sar else children
            learned = date(FIRST_YEAR, 1, 5) + timedelta(days=(number * 61) % 3650)
            started = add_working_days(learned, 40)
            published = number % 5 != 0
            reviews.append(
                Review(
                    reference=f"BENCH-{number:05d}",
                    kind="sar" if sar else rng.choice(["cspr", "scr", "rapid"]),
                    board=board,
                    locality=localities[number % len(localities)],
                    learned_on=learned,
                    notified_on=add_working_days(learned, 3),
                    rapid_review_on=add_working_days(learned, 12),
                    decision="local",
                    decided_on=add_working_days(learned, 14),
                    started_on=started,
                    publication_expected=publication_due(started),
                    published_on=publication_due(started) if published else None,
                    stage="learning" if published else "in_progress",
                    next_due=None if published else publication_due(started),
                    led_elsewhere=number % 20 == 7,
                    lead_area="Tameside" if number % 20 == 7 else "",
                )
            )
        Review.objects.bulk_create(reviews, batch_size=BATCH)
        counts["reviews"] = len(reviews)
        links = [
            Review.themes.through(review_id=review.pk, theme_id=theme.pk)
            for review in reviews
            for theme in rng.sample(themes, 2)
        ]
        Review.themes.through.objects.bulk_create(links, batch_size=BATCH)
        plans = [
            ActionPlan(
                board=review.board,
                title=f"Case review {review.reference} recommendations",
                origin_kind=ActionPlan.Origin.CASE_REVIEW,
                origin_reference=f"reviews.review:{review.pk}",
                period_start=review.published_on or review.started_on,
            )
            for review in reviews
        ]
        ActionPlan.objects.bulk_create(plans, batch_size=BATCH)
        ActionPlan.shared_with.through.objects.bulk_create(
            [
                ActionPlan.shared_with.through(actionplan_id=plan.pk, area_id=review.locality_id)
                for plan, review in zip(plans, reviews, strict=True)
            ],
            batch_size=BATCH,
        )
        actions = []
        for plan, review in zip(plans, reviews, strict=True):
            for index in range(RECOMMENDATIONS_PER_REVIEW):
                actions.append(
                    Action(
                        plan=plan,
                        what=f"Recommendation {index + 1} of {review.reference}",
                        owner_agency_id=rng.choice(agencies),
                        due_date=review.started_on + timedelta(days=300 + 30 * index),
                        status=rng.choice(["on_track", "complete", "at_risk", "not_started"]),
                    )
                )
        Action.objects.bulk_create(actions, batch_size=BATCH)
        Action.localities.through.objects.bulk_create(
            [
                Action.localities.through(action_id=action.pk, area_id=review.locality_id)
                for action, review in zip(
                    actions,
                    [r for r in reviews for _ in range(RECOMMENDATIONS_PER_REVIEW)],
                    strict=True,
                )
            ],
            batch_size=BATCH,
        )
        recommendations = [
            Recommendation(
                review_id=action.plan.origin_reference
                and int(action.plan.origin_reference.rsplit(":", 1)[1]),
                text=action.what,
                agency_id=action.owner_agency_id,
                action=action,
            )
            for action in actions
        ]
        Recommendation.objects.bulk_create(recommendations, batch_size=BATCH)
        counts["recommendations"] = len(recommendations)
    from safeguarding.core import fragments

    fragments.changed("reviews")
    fragments.changed("actionplans")
    return counts
