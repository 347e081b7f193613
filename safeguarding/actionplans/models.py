"""Action plans: what the partnership has agreed to do, who does it, the evidence it was done and
the challenge the locality boards (CPBs) put to the agencies about it.

An action with no localities is county-wide: it applies to every locality.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from safeguarding.core.concurrency import Versioned
from safeguarding.core.transitions import StatusMachine


class ActionPlan(Versioned):
    board_path = "board"

    class Origin(models.TextChoices):
        BUSINESS_PLAN = "business_plan", "Business plan priority"
        THEMED = "themed", "Themed plan (for example CSE)"
        PRACTICE_INSPECTION = "practice_inspection", "Practice inspection"
        CASE_REVIEW = "case_review", "Case review"
        EXTERNAL = "external", "External recommendation"
        MEETING = "meeting", "Meeting"
        OTHER = "other", "Other"

    board = models.ForeignKey(
        "organisations.Board", on_delete=models.PROTECT, related_name="action_plans"
    )
    title = models.CharField(max_length=200)
    purpose = models.TextField(blank=True)
    origin_kind = models.CharField("where it came from", max_length=30, choices=Origin.choices)
    origin_reference = models.CharField(
        max_length=200,
        blank=True,
        help_text="The record it came from, as 'app.model:pk', or a label such as 'MASPI Burnley'.",
    )
    period_start = models.DateField(null=True, blank=True)
    period_end = models.DateField(null=True, blank=True)
    shared_with = models.ManyToManyField(
        "organisations.Area",
        blank=True,
        related_name="shared_action_plans",
        limit_choices_to={"kind": "locality"},
        help_text="The locality boards (CPBs) monitoring the plan.",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        # The plan list's order: a page of it is read in this index's order and stops after
        # the page, so its plans' action counts are worked out for that page only.
        indexes = [models.Index(fields=["title", "id"], name="actionplans_plan_title_idx")]

    def __str__(self) -> str:
        return self.title


class Status(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    ON_TRACK = "on_track", "On track"
    AT_RISK = "at_risk", "At risk"
    OFF_TRACK = "off_track", "Off track"
    COMPLETE = "complete", "Complete"


# The badge colour for each status; the words are always shown too.
STATUS_TAGS = {
    Status.NOT_STARTED: "govuk-tag--grey",
    Status.ON_TRACK: "govuk-tag--green",
    Status.AT_RISK: "govuk-tag--yellow",
    Status.OFF_TRACK: "govuk-tag--red",
    Status.COMPLETE: "govuk-tag--blue",
}


class Action(Versioned):
    board_path = "plan__board"

    Status = Status

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="actions")
    what = models.TextField("what will be done")
    outcome = models.TextField("outcome sought", blank=True)
    owner_agency = models.ForeignKey(
        "organisations.Agency", on_delete=models.PROTECT, related_name="actions"
    )
    owner_person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="owned_actions",
    )
    localities = models.ManyToManyField(
        "organisations.Area",
        blank=True,
        related_name="actions",
        limit_choices_to={"kind": "locality"},
        help_text="Leave empty for a county-wide action: it applies to every locality.",
    )
    due_date = models.DateField()
    measure_of_success = models.TextField(blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NOT_STARTED)
    status_reason = models.TextField(blank=True)
    last_update_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["due_date", "id"]
        indexes = [
            models.Index(fields=["status", "due_date"]),
            # The lists' default order: a page of 50 is read in index order, not sorted.
            models.Index(fields=["due_date", "id"]),
            # A plan's actions in that order (plan page, report lists).
            models.Index(fields=["plan", "due_date", "id"]),
        ]

    def __str__(self) -> str:
        text = " ".join(self.what.split())
        return text if len(text) <= 80 else text[:77] + "..."

    @property
    def status_tag(self) -> str:
        return STATUS_TAGS.get(self.status, "govuk-tag--grey")

    @property
    def is_complete(self) -> bool:
        return self.status == Status.COMPLETE

    def is_overdue(self, today=None) -> bool:
        today = today or timezone.localdate()
        return not self.is_complete and self.due_date < today

    @property
    def overdue(self) -> bool:
        return self.is_overdue()

    def last_activity(self):
        return self.last_update_at or self.created_at


class ProgressUpdate(models.Model):
    board_path = "action__plan__board"

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="updates")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    date = models.DateField(default=timezone.localdate)
    status = models.CharField(max_length=20, choices=Status.choices)
    narrative = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Update on {self.action} ({self.get_status_display()})"

    @property
    def status_tag(self) -> str:
        return STATUS_TAGS.get(self.status, "govuk-tag--grey")


class Evidence(models.Model):
    board_path = "action__plan__board"

    class Kind(models.TextChoices):
        FILE = "file", "File"
        LINK = "link", "Link"

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="evidence")
    update = models.ForeignKey(
        ProgressUpdate, null=True, blank=True, on_delete=models.SET_NULL, related_name="evidence"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    file = models.FileField(max_length=300, blank=True)
    original_name = models.CharField(max_length=255, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    url = models.URLField(max_length=1000, blank=True)
    description = models.CharField(max_length=500, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    added_at = models.DateTimeField(default=timezone.now)
    accepted = models.BooleanField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    accepted_at = models.DateTimeField(null=True, blank=True)
    review_note = models.TextField(
        blank=True, help_text="Why the evidence was not accepted, for the action's owner."
    )

    class Meta:
        ordering = ["-added_at", "-id"]
        verbose_name_plural = "evidence"

    def __str__(self) -> str:
        return self.description or self.original_name or self.url or f"Evidence {self.pk}"

    @property
    def review_label(self) -> str:
        return {None: "Awaiting review", True: "Accepted", False: "Not accepted"}[self.accepted]

    @property
    def review_tag(self) -> str:
        return {None: "govuk-tag--grey", True: "govuk-tag--green", False: "govuk-tag--red"}[
            self.accepted
        ]


class Challenge(models.Model):
    board_path = "action__plan__board"

    class State(models.TextChoices):
        OPEN = "open", "Open"
        ANSWERED = "answered", "Answered"
        CLOSED = "closed", "Closed"

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="challenges")
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    raised_at = models.DateTimeField(default=timezone.now)
    locality = models.ForeignKey(
        "organisations.Area",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="challenges",
    )
    question = models.TextField()
    addressed_to_agency = models.ForeignKey(
        "organisations.Agency", on_delete=models.PROTECT, related_name="challenges"
    )
    addressed_to_person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="challenges_to_answer",
    )
    respond_by = models.DateField()
    answer = models.TextField(blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    outcome = models.TextField(blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=State.choices, default=State.OPEN)
    # Answered once, by the agency; closed by the board with its outcome, answered or not.
    moves = StatusMachine(
        "status",
        {State.OPEN: {State.ANSWERED, State.CLOSED}, State.ANSWERED: {State.CLOSED}},
        verbs={State.ANSWERED: "challenge answered", State.CLOSED: "challenge closed"},
    )

    class Meta:
        ordering = ["-raised_at", "-id"]
        # The challenge log's default order: a page is read in index order, not sorted.
        indexes = [models.Index(fields=["raised_at", "id"])]

    def __str__(self) -> str:
        text = " ".join(self.question.split())
        return text if len(text) <= 80 else text[:77] + "..."

    @property
    def status_tag(self) -> str:
        return {
            "open": "govuk-tag--yellow",
            "answered": "govuk-tag--blue",
            "closed": "govuk-tag--grey",
        }[self.status]


# For the API schema's enum names (settings.SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"]).
ChallengeState = Challenge.State
