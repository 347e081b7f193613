"""The statutory clocks of a review, in England working days (`core.workdays`).

- Notification of a serious incident to the national panel and Ofsted: within 5 working days
  of the board learning of it.
- Rapid review: within 15 working days of the board learning of the incident.
- Publication: expected within 6 months of the review starting (the due date is the last
  working day on or before the day six months on).
- Safeguarding adults reviews: the Care Act sets no days, so each adults' board sets its own
  (`ClockSettings`): the decision whether to hold a review, and the publication.

Reviews led by another area run on that area's clocks; the register shows their expected
publication only.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date

from django.utils import timezone

from safeguarding.core.workdays import (
    add_working_days,
    describe_due,
    working_day_on_or_before,
    working_days_between,
)

NOTIFICATION_WORKING_DAYS = 5
RAPID_REVIEW_WORKING_DAYS = 15
PUBLICATION_MONTHS = 6
# An open clock within this many working days of its due date is amber.
AMBER_WORKING_DAYS = 3

GREEN, AMBER, RED = "green", "amber", "red"
RAG_LABELS = {GREEN: "Green", AMBER: "Amber", RED: "Red"}
RAG_TAGS = {GREEN: "govuk-tag--green", AMBER: "govuk-tag--yellow", RED: "govuk-tag--red"}


def add_months(day: date, months: int) -> date:
    """The same day `months` later (the month's last day when it has no such day)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def notification_due(learned_on: date) -> date:
    return add_working_days(learned_on, NOTIFICATION_WORKING_DAYS)


def rapid_review_due(learned_on: date) -> date:
    return add_working_days(learned_on, RAPID_REVIEW_WORKING_DAYS)


def publication_due(started_on: date, months: int = PUBLICATION_MONTHS) -> date:
    return working_day_on_or_before(add_months(started_on, months))


def rag(due: date, today: date, done_on: date | None = None) -> str:
    if done_on is not None:
        return GREEN if done_on <= due else RED
    if today > due:
        return RED
    return AMBER if working_days_between(today, due) <= AMBER_WORKING_DAYS else GREEN


@dataclass(frozen=True)
class Clock:
    key: str
    name: str
    due: date
    done_on: date | None
    today: date

    @property
    def is_open(self) -> bool:
        return self.done_on is None

    @property
    def rag(self) -> str:
        return rag(self.due, self.today, self.done_on)

    @property
    def rag_label(self) -> str:
        return RAG_LABELS[self.rag]

    @property
    def rag_tag(self) -> str:
        return RAG_TAGS[self.rag]

    @property
    def is_late(self) -> bool:
        return self.is_open and self.today > self.due

    @property
    def words(self) -> str:
        """ "in 3 working days", "4 working days late", "met on 20 March 2015" ..."""
        if self.done_on is not None:
            late = working_days_between(self.due, self.done_on)
            if late > 0:
                return f"met {late} working day{'s' if late > 1 else ''} late"
            return "met on time"
        return describe_due(self.due, self.today)


def clocks_for(review, today: date | None = None, settings=None) -> list[Clock]:
    """The review's clocks, open and met. `settings`: the board's ClockSettings (read when
    not given) for an adults' review."""
    today = today or timezone.localdate()
    if review.led_elsewhere:
        return []
    clocks = []
    if review.kind == review.Kind.SAR:
        if settings is None:
            from .models import ClockSettings

            settings = ClockSettings.objects.filter(board_id=review.board_id).first()
        decision_days = settings.decision_working_days if settings else RAPID_REVIEW_WORKING_DAYS
        months = settings.publication_months if settings else PUBLICATION_MONTHS
        clocks.append(
            Clock(
                "decision",
                "Decision whether to hold a review",
                add_working_days(review.learned_on, decision_days),
                review.decided_on,
                today,
            )
        )
    else:
        months = PUBLICATION_MONTHS
        clocks.append(
            Clock(
                "notification",
                "Notification to the national panel and Ofsted",
                notification_due(review.learned_on),
                review.notified_on,
                today,
            )
        )
        clocks.append(
            Clock(
                "rapid_review",
                "Rapid review",
                rapid_review_due(review.learned_on),
                review.rapid_review_on,
                today,
            )
        )
    if review.started_on and review.decision != review.Decision.NONE:
        clocks.append(
            Clock(
                "publication",
                "Publication",
                publication_due(review.started_on, months),
                review.published_on,
                today,
            )
        )
    return clocks


def worst_rag(clocks) -> str | None:
    """The review's RAG: its worst open clock's (or its worst met one's, when all are met)."""
    open_clocks = [clock for clock in clocks if clock.is_open]
    chosen = open_clocks or list(clocks)
    if not chosen:
        return None
    order = {GREEN: 0, AMBER: 1, RED: 2}
    return max((clock.rag for clock in chosen), key=order.__getitem__)
