"""The demo county's case reviews (idempotent: a second run adds nothing).

From the seed (20 March 2015): a serious case review led by Tameside, due to publish at the end
of March or early April, in which Lancashire agencies had a significant involvement; three
serious case reviews Lancashire LSCB is undertaking, at different stages; older published
reviews with learning briefs and recommendations (some complete, some overdue); a rapid review
that converted to a full review; and two safeguarding adults reviews on the adults' board.

The open reviews' clocks are dated from the day the demo is loaded, so they read as they would
today ("due in 3 working days", "4 working days late"); the published ones lie in the past.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from safeguarding.actionplans import services as plans
from safeguarding.actionplans.models import Status
from safeguarding.core.workdays import add_working_days, working_day_on_or_before
from safeguarding.organisations.demo.loader import load_boards_and_areas
from safeguarding.organisations.models import Agency, Area, Person

from . import services
from .models import ChronologyRequest, Review, Stage, Theme

THEMES = [
    "Neglect",
    "Domestic abuse",
    "Child sexual exploitation",
    "Parental mental health",
    "Substance misuse",
    "Safe sleeping",
    "Self-neglect",
    "Working across borders",
]
DEMO_BUSINESS_UNIT = "business.unit@demo.example"
DEMO_PANEL_CHAIR = "board.member@demo.example"


def _agencies(count: int = 4) -> list[Agency]:
    return list(Agency.objects.filter(is_active=True).order_by("name")[:count])


def _locality(name: str) -> Area | None:
    return Area.objects.filter(kind=Area.Kind.LOCALITY, name=name).first()


def _actor() -> Person:
    person = Person.objects.filter(email=DEMO_BUSINESS_UNIT).first()
    if person is not None:
        return person
    return Person.objects.filter(is_superuser=True).first() or Person.objects.create_superuser(
        "reviews.demo@demo.example", full_name="Reviews Demo"
    )


def _working_days_ago(today: date, n: int) -> date:
    return add_working_days(today, -n)


def _theme(name: str) -> Theme:
    return Theme.objects.get(name=name)


@transaction.atomic
def load_demo() -> int:
    """Loads the demo reviews; returns how many were added (0 when already loaded)."""
    boards = load_boards_and_areas()
    if Review.objects.exists():
        return 0
    for name in THEMES:
        Theme.objects.get_or_create(name=name)
    bu = _actor()
    children, adults = boards["children"], boards["adults"]
    today = timezone.localdate()
    agencies = _agencies()
    chair = Person.objects.filter(email=DEMO_PANEL_CHAIR).first()
    added = 0

    # The Tameside review: another area leads; Lancashire agencies were much involved.
    services.record_notification(
        bu,
        board=children,
        kind=Review.Kind.SCR,
        learned_on=today - timedelta(days=420),
        led_elsewhere=True,
        lead_area="Tameside",
        our_involvement="Lancashire health visiting, the GP practice and the police were "
        "involved with the family before it moved to Tameside.",
        their_publication_expected=working_day_on_or_before(today + timedelta(days=12)),
        our_actions="Share the review's learning with Lancashire health visitors and GPs once "
        "it is published.",
        agencies=agencies[:3],
        themes=[_theme("Working across borders"), _theme("Neglect")],
    )
    added += 1

    # Three serious case reviews the board is undertaking, at different stages.
    stages = [
        ("Burnley and Pendle", [Stage.RAPID_REVIEW, Stage.DECISION, Stage.COMMISSIONING], 70),
        (
            "Preston",
            [Stage.RAPID_REVIEW, Stage.DECISION, Stage.COMMISSIONING, Stage.IN_PROGRESS],
            150,
        ),
        (
            "Fylde, Lancaster and Wyre",
            [
                Stage.RAPID_REVIEW,
                Stage.DECISION,
                Stage.COMMISSIONING,
                Stage.IN_PROGRESS,
                Stage.DRAFT_REPORT,
            ],
            230,
        ),
    ]
    for number, (locality, path, days_ago) in enumerate(stages):
        learned = _working_days_ago(today, days_ago)
        review = services.record_notification(
            bu,
            board=children,
            kind=Review.Kind.SCR,
            learned_on=learned,
            notified_on=add_working_days(learned, 3),
            locality=_locality(locality),
            agencies=agencies,
            themes=[_theme(THEMES[number]), _theme("Parental mental health")],
            summary="A child known to several agencies suffered serious harm.",
        )
        _run(bu, review, path, learned)
        if number == 0:
            if chair is not None:
                services.add_panel_member(bu, review, person=chair, role="Chair")
            _chronologies(bu, review, agencies, today)
        added += 1

    # A rapid review that converted to a full review, waiting to be commissioned.
    learned = _working_days_ago(today, 25)
    converted = services.record_notification(
        bu,
        board=children,
        kind=Review.Kind.RAPID,
        learned_on=learned,
        notified_on=add_working_days(learned, 4),
        locality=_locality("Hyndburn, Ribble Valley and Rossendale"),
        agencies=agencies[:2],
        themes=[_theme("Safe sleeping")],
    )
    _run(bu, converted, [Stage.RAPID_REVIEW, Stage.DECISION], learned, decision="converted")
    added += 1

    # A new notification whose clocks are running now.
    services.record_notification(
        bu,
        board=children,
        kind=Review.Kind.RAPID,
        learned_on=_working_days_ago(today, 3),
        locality=_locality("Chorley, South Ribble and West Lancashire"),
        agencies=agencies[:2],
        themes=[_theme("Domestic abuse")],
    )
    added += 1

    # Older published reviews, with learning briefs and recommendations.
    # (the seed's history: published in 2014, so their plans start then)
    for learned, pseudonym, theme in (
        (date(2013, 9, 2), "Child A", "Neglect"),
        (date(2014, 1, 6), "Child B", "Safe sleeping"),
    ):
        review = services.record_notification(
            bu,
            board=children,
            kind=Review.Kind.SCR,
            learned_on=learned,
            notified_on=add_working_days(learned, 2),
            agencies=agencies,
            themes=[_theme(theme)],
            pseudonym=pseudonym,
        )
        _run(bu, review, list(Stage)[1:9], learned)
        services.publish_learning_brief(
            bu,
            review,
            title=f"Seven-minute briefing: {pseudonym}",
            body="What happened, why it matters, and what every practitioner should do: "
            "look at the whole household, share worries early, and check that help offered "
            "was taken up.",
        )
        _recommendations(bu, review, agencies, today)
        added += 1

    # Safeguarding adults reviews (Care Act 2014 s44) on the adults' board.
    for number, days_ago in enumerate((40, 300)):
        learned = _working_days_ago(today, days_ago)
        sar = services.record_notification(
            bu,
            board=adults,
            kind=Review.Kind.SAR,
            learned_on=learned,
            agencies=agencies[:3],
            themes=[_theme("Self-neglect")],
        )
        path = [Stage.DECISION] if number == 0 else [Stage.DECISION, Stage.COMMISSIONING]
        path += [] if number == 0 else [Stage.IN_PROGRESS]
        _run(bu, sar, path, learned)
        added += 1
    return added


def _run(bu, review: Review, path, learned: date, decision: str = "local") -> None:
    """Move `review` along `path`, each stage with believable dates after `learned`."""
    fields = {
        Stage.RAPID_REVIEW: {
            "notified_on": add_working_days(learned, 3),
            "rapid_review_on": add_working_days(learned, 12),
        },
        Stage.DECISION: {
            "rapid_review_decision": "The criteria for a review are met.",
            "decision": decision,
            "decided_on": add_working_days(learned, 14),
            "panel_view": "The national panel agreed with the decision.",
            "panel_view_on": add_working_days(learned, 25),
        },
        Stage.COMMISSIONING: {"reviewer": "An independent reviewer", "budget": 12000},
        Stage.IN_PROGRESS: {
            "terms_of_reference": "Multi-agency practice in the two years before the incident.",
            "started_on": add_working_days(learned, 40),
        },
        Stage.DRAFT_REPORT: {"draft_received_on": add_working_days(learned, 140)},
        Stage.SIGN_OFF: {"signed_off_on": add_working_days(learned, 150)},
        Stage.PUBLICATION: {"publication_expected": add_working_days(learned, 160)},
        Stage.LEARNING: {
            "published_on": add_working_days(learned, 165),
            "report_url": "https://www.example.org/lscb/case-reviews/report.pdf",
        },
    }
    for stage in path:
        data = dict(fields.get(stage, {}))
        if review.kind == Review.Kind.SAR and stage == Stage.DECISION:
            data = {"decision": "local", "decided_on": add_working_days(learned, 10)}
        review = services.move_review(bu, review, stage, **data)


def _recommendations(bu, review: Review, agencies, today: date) -> None:
    texts = [
        "Health visitors and GPs share concerns about a child at every contact.",
        "Children's social care checks that help offered to the family was taken up.",
        "The police share information from domestic abuse call-outs with schools the next day.",
    ]
    for number, text in enumerate(texts):
        due = today + timedelta(days=90) if number == 0 else today - timedelta(days=60 * number)
        made = services.add_recommendation(
            bu, review, text=text, agency=agencies[number % len(agencies)], due_date=due
        )
        if number == 1:
            plans.add_evidence_link(
                bu, made.action, "https://www.example.org/evidence/audit.pdf", "Audit of files"
            )
            plans.post_update(bu, made.action, status=Status.COMPLETE, narrative="Done and audited")


def _chronologies(bu, review: Review, agencies, today: date) -> None:
    """Two agencies asked for their chronologies: one has sent it, one is awaited. (Made
    directly, as the demo's past: their request e-mails are not sent again.)"""
    for number, agency in enumerate(agencies[:2]):
        request = ChronologyRequest.objects.create(
            review=review,
            agency=agency,
            due_on=add_working_days(today, 5 if number else -5),
            note="Your agency's involvement with the family in the two years before the incident.",
            requested_by=bu,
        )
        if number == 0:
            request.original_name = "chronology.pdf"
            request.received_at = timezone.now() - timedelta(days=8)
            request.received_by = bu
            request.save()
