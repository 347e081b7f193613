"""Training: multi-agency courses, their dated sessions and people's applications for places.

An application's status only changes through `Application.moves` (core.transitions), which
checks the move against `ALLOWED_TRANSITIONS` below and writes the audit row; places are
counted from the database inside a transaction that holds the session's lock (see
services.allocate_place).
"""

from __future__ import annotations

import secrets
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from safeguarding.core.concurrency import Versioned
from safeguarding.core.formatting import hub_date, hub_time
from safeguarding.core.transitions import StatusMachine
from safeguarding.organisations.models import Agency


class Course(Versioned):
    board_path = "board"

    class Level(models.TextChoices):
        INTRODUCTORY = "introductory", "Introductory (level 1)"
        INTERMEDIATE = "intermediate", "Intermediate (level 2)"
        ADVANCED = "advanced", "Advanced (level 3)"

    board = models.ForeignKey(
        "organisations.Board", on_delete=models.PROTECT, related_name="courses"
    )
    open_to_both_boards = models.BooleanField(
        default=False, help_text="Tick if staff working with adults and with children may attend."
    )
    title = models.CharField(max_length=200)
    topic = models.CharField(max_length=100, help_text="For example, neglect or exploitation.")
    audience = models.TextField(help_text="Who the course is for.")
    level = models.CharField(max_length=20, choices=Level.choices)
    learning_outcomes = models.TextField(help_text="One outcome a line.")
    duration = models.CharField(max_length=50, help_text="For example, 'One day' or '3 hours'.")
    prerequisites = models.TextField(blank=True)
    fee_contributing = models.DecimalField(
        "fee for contributing partners", max_digits=8, decimal_places=2, default=Decimal("0")
    )
    fee_non_contributing = models.DecimalField(
        "fee for non-contributing agencies", max_digits=8, decimal_places=2, default=Decimal("0")
    )
    fee_private = models.DecimalField(
        "fee for private or out-of-area agencies",
        max_digits=8,
        decimal_places=2,
        default=Decimal("0"),
    )
    charge_contributing = models.DecimalField(
        "late cancellation or absence charge, contributing partners",
        max_digits=8,
        decimal_places=2,
        default=Decimal("0"),
    )
    charge_non_contributing = models.DecimalField(
        "late cancellation or absence charge, non-contributing agencies",
        max_digits=8,
        decimal_places=2,
        default=Decimal("0"),
    )
    charge_private = models.DecimalField(
        "late cancellation or absence charge, private or out-of-area agencies",
        max_digits=8,
        decimal_places=2,
        default=Decimal("0"),
    )
    validity_months = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="How long the training stays current. Empty: no expiry."
    )
    waiting_list_minimum = models.PositiveSmallIntegerField(
        default=10, help_text="When a session's waiting list reaches this, plan another session."
    )
    offer_hours = models.PositiveSmallIntegerField(
        default=48, help_text="Hours a person has to accept a freed place."
    )
    is_published = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["title", "id"]
        constraints = [
            models.CheckConstraint(
                name="course_offer_hours_positive", condition=Q(offer_hours__gt=0)
            )
        ]

    def __str__(self) -> str:
        return self.title

    def fee_for(self, contribution_status: str | None) -> Decimal:
        return {
            Agency.ContributionStatus.CONTRIBUTING: self.fee_contributing,
            Agency.ContributionStatus.NON_CONTRIBUTING: self.fee_non_contributing,
        }.get(contribution_status, self.fee_private)

    def charge_for(self, contribution_status: str | None) -> Decimal:
        return {
            Agency.ContributionStatus.CONTRIBUTING: self.charge_contributing,
            Agency.ContributionStatus.NON_CONTRIBUTING: self.charge_non_contributing,
        }.get(contribution_status, self.charge_private)

    def outcomes(self) -> list[str]:
        return [line.strip() for line in self.learning_outcomes.splitlines() if line.strip()]


# What the business unit edits on a course: the form, the API and the services take these.
COURSE_FIELDS = [
    "title",
    "topic",
    "audience",
    "level",
    "learning_outcomes",
    "duration",
    "prerequisites",
    "fee_contributing",
    "fee_non_contributing",
    "fee_private",
    "charge_contributing",
    "charge_non_contributing",
    "charge_private",
    "validity_months",
    "waiting_list_minimum",
    "offer_hours",
    "open_to_both_boards",
    "is_published",
]


class Session(Versioned):
    board_path = "course__board"

    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="sessions")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    venue = models.CharField(max_length=300, blank=True)
    online_link = models.URLField(max_length=500, blank=True)
    area = models.ForeignKey(
        "organisations.Area",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="training_sessions",
        limit_choices_to={"kind": "district"},
        help_text="The district the venue is in. Empty for online sessions.",
    )
    trainer = models.CharField(
        max_length=200, help_text="The trainer's name as the catalogue shows it."
    )
    trained_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="training_sessions_trained",
        help_text="The trainer's hub account, if they have one: they may mark the register. "
        "Empty for an external trainer.",
    )
    capacity = models.PositiveSmallIntegerField()
    booking_closes = models.DateField(
        help_text="The last day to book or cancel. Normally 3 working days before the session."
    )
    joining_instructions = models.TextField(blank=True)
    is_cancelled = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["starts_at", "id"]
        indexes = [models.Index(fields=["starts_at"])]
        constraints = [
            models.CheckConstraint(
                name="session_ends_after_start", condition=Q(ends_at__gt=models.F("starts_at"))
            ),
            models.CheckConstraint(name="session_capacity_positive", condition=Q(capacity__gt=0)),
        ]

    def __str__(self) -> str:
        return f"{self.course.title}, {hub_date(self.starts_at)}"

    @property
    def start_date(self) -> date:
        return timezone.localtime(self.starts_at).date()

    def is_open_for_booking(self, today: date | None = None) -> bool:
        today = today or timezone.localdate()
        return not self.is_cancelled and today <= self.booking_closes

    @property
    def open_for_booking(self) -> bool:
        return self.is_open_for_booking()

    @property
    def places_left(self) -> int:
        """From the selector's `places_taken` count when it was annotated."""
        taken = getattr(self, "places_taken", None)
        if taken is None:
            taken = self.applications.filter(status__in=HOLDS_PLACE).count()
        return max(self.capacity - taken, 0)

    @property
    def times(self) -> str:
        """ "9:30am to 3:30pm", as the catalogue and the session page both show it."""
        return f"{hub_time(self.starts_at)} to {hub_time(self.ends_at)}"

    @property
    def place(self) -> str:
        """The venue and its district, without saying the district twice ("County Hall,
        Fishergate, Preston" is in Preston); "Online" when there is no venue."""
        if not self.venue:
            return "Online"
        district = self.area.name if self.area_id else ""
        if not district or self.venue.rstrip(". ").lower().endswith(district.lower()):
            return self.venue
        return f"{self.venue}, {district}"

    @property
    def is_online(self) -> bool:
        return bool(self.online_link) and not self.venue


class Status(models.TextChoices):
    APPLIED = "applied", "Applied"
    AWAITING_APPROVAL = "awaiting_approval", "Awaiting approval"
    DECLINED = "declined", "Declined"
    WAITING = "waiting", "On the waiting list"
    OFFERED = "offered", "Place offered"
    CONFIRMED = "confirmed", "Place confirmed"
    CANCELLED = "cancelled", "Cancelled"
    ATTENDED = "attended", "Attended"
    ABSENT = "absent", "Absent"
    EXPIRED_OFFER = "expired_offer", "Offer expired"


# Every move an application may make. Nothing else may change its status.
ALLOWED_TRANSITIONS: dict[str, set[str]] = {
    Status.APPLIED: {
        Status.AWAITING_APPROVAL,
        Status.DECLINED,
        Status.WAITING,
        Status.CONFIRMED,
        Status.CANCELLED,
    },
    Status.AWAITING_APPROVAL: {
        Status.DECLINED,
        Status.WAITING,
        Status.CONFIRMED,
        Status.CANCELLED,
    },
    # The business unit may override a decline.
    Status.DECLINED: {Status.WAITING, Status.CONFIRMED},
    Status.WAITING: {Status.OFFERED, Status.CONFIRMED, Status.CANCELLED},
    Status.OFFERED: {Status.CONFIRMED, Status.EXPIRED_OFFER, Status.CANCELLED},
    Status.CONFIRMED: {Status.CANCELLED, Status.ATTENDED, Status.ABSENT},
    # A register marked wrongly can be corrected.
    Status.ATTENDED: {Status.ABSENT},
    Status.ABSENT: {Status.ATTENDED},
    Status.CANCELLED: set(),
    Status.EXPIRED_OFFER: set(),
}

# The verb each application status is recorded with when an application moves to it
# (Application.moves); a status missing here fails the test of the vocabulary.
STATUS_VERBS = {
    Status.AWAITING_APPROVAL: "application sent for approval",
    Status.DECLINED: "application declined",
    Status.WAITING: "application put on the waiting list",
    Status.OFFERED: "place offered",
    Status.CONFIRMED: "place confirmed",
    Status.CANCELLED: "application cancelled",
    Status.ATTENDED: "attendance marked",
    Status.ABSENT: "absence marked",
    Status.EXPIRED_OFFER: "offer expired",
}

# Statuses that hold a place (an offer holds one until it is accepted or expires).
HOLDS_PLACE = (Status.CONFIRMED, Status.OFFERED, Status.ATTENDED, Status.ABSENT)
# Statuses still "live": a person may have only one live application per session.
FINISHED = (Status.DECLINED, Status.CANCELLED, Status.EXPIRED_OFFER)

STATUS_TAGS = {
    Status.APPLIED: "govuk-tag--grey",
    Status.AWAITING_APPROVAL: "govuk-tag--yellow",
    Status.DECLINED: "govuk-tag--red",
    Status.WAITING: "govuk-tag--orange",
    Status.OFFERED: "govuk-tag--purple",
    Status.CONFIRMED: "govuk-tag--green",
    Status.CANCELLED: "govuk-tag--grey",
    Status.ATTENDED: "govuk-tag--blue",
    Status.ABSENT: "govuk-tag--red",
    Status.EXPIRED_OFFER: "govuk-tag--grey",
}


def new_certificate_code() -> str:
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    raw = "".join(secrets.choice(alphabet) for _ in range(12))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def normalise_certificate_code(typed: str) -> str:
    """A code as people type it from paper ("gc4m ulgn 2zhh", "GC4M–ULGN–2ZHH") in the form
    it is stored in ("GC4M-ULGN-2ZHH")."""
    raw = "".join(character for character in typed.upper() if character.isalnum())
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}" if len(raw) == 12 else typed.strip().upper()


class Application(models.Model):
    board_path = "session__course__board"

    Status = Status

    session = models.ForeignKey(Session, on_delete=models.PROTECT, related_name="applications")
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="training_applications"
    )
    line_manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="training_approvals",
    )
    # The agency when applying: charges follow the agency's status at the time.
    agency = models.ForeignKey(
        "organisations.Agency",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="training_applications",
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.APPLIED)
    moves = StatusMachine(
        "status",
        ALLOWED_TRANSITIONS,
        verbs=STATUS_VERBS,
    )
    reason = models.TextField("why you want to attend")
    access_needs = models.TextField("accessibility needs", blank=True)
    dietary_needs = models.TextField(blank=True)
    applied_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(blank=True)
    # Places go in order of approval.
    approved_at = models.DateTimeField(null=True, blank=True)
    offered_at = models.DateTimeField(null=True, blank=True)
    offer_expires_at = models.DateTimeField(null=True, blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    charge = models.DecimalField(max_digits=8, decimal_places=2, null=True, blank=True)
    charge_reason = models.CharField(max_length=100, blank=True)
    certificate_code = models.CharField(max_length=20, unique=True, null=True, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-applied_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "applicant"],
                condition=~Q(status__in=["declined", "cancelled", "expired_offer"]),
                name="one_live_application_per_session",
            )
        ]
        indexes = [
            models.Index(fields=["session", "status", "approved_at"]),
            # What needs the business unit: applications in a status, by session.
            models.Index(fields=["status", "session"]),
            models.Index(fields=["status", "offer_expires_at"]),
            models.Index(fields=["applicant", "status"]),
        ]

    def __str__(self) -> str:
        return f"Application {self.pk} for {self.session}"

    @property
    def status_tag(self) -> str:
        return STATUS_TAGS.get(self.status, "govuk-tag--grey")

    def expires_on(self) -> date | None:
        """When attended training stops being current (None: it does not expire)."""
        months = self.session.course.validity_months
        if self.status != Status.ATTENDED or not months:
            return None
        start = self.session.start_date
        month_index = start.month - 1 + months
        year, month = start.year + month_index // 12, month_index % 12 + 1
        day = min(
            start.day,
            [
                31,
                29 if year % 4 == 0 and (year % 100 or year % 400 == 0) else 28,
                31,
                30,
                31,
                30,
                31,
                31,
                30,
                31,
                30,
                31,
            ][month - 1],
        )
        return date(year, month, day)


class Feedback(models.Model):
    board_path = "application__session__course__board"

    RATINGS = [(n, str(n)) for n in range(1, 6)]

    application = models.OneToOneField(
        Application, on_delete=models.CASCADE, related_name="feedback"
    )
    overall = models.PositiveSmallIntegerField(
        "overall rating", choices=RATINGS, help_text="1 is poor, 5 is excellent."
    )
    outcomes_met = models.PositiveSmallIntegerField(
        "how well the learning outcomes were met",
        choices=RATINGS,
        help_text="1 is not at all, 5 is fully.",
    )
    will_change_practice = models.BooleanField("it will change how I work", default=False)
    comments = models.TextField(blank=True)
    submitted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-submitted_at", "-id"]

    def __str__(self) -> str:
        return f"Feedback on {self.application.session}"


# For the API schema's enum names.
ApplicationStatus = Status
CourseLevel = Course.Level
