"""Case reviews: serious case reviews (now child safeguarding practice reviews), rapid reviews
and safeguarding adults reviews (Care Act 2014 s44), including reviews another area leads in
which this board's agencies took part.

A review holds no child's name: it is known by its generated reference and, once chosen, the
pseudonym it is published under ("Child A"). Its free text goes through the child-name check
(`inspections/names.py`) in the services.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from safeguarding.core.concurrency import Versioned
from safeguarding.core.transitions import StatusMachine


class Theme(models.Model):
    """A theme a review may be filed under (neglect, domestic abuse ...): a list the business
    unit keeps."""

    name = models.CharField(max_length=100, unique=True)
    is_active = models.BooleanField(default=True, help_text="Offered for new reviews.")

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ClockSettings(models.Model):
    """A board's own clocks for safeguarding adults reviews (the Care Act sets none in days):
    children's reviews always run on the statutory clocks."""

    board_path = "board"

    board = models.OneToOneField(
        "organisations.Board", on_delete=models.CASCADE, related_name="review_clocks"
    )
    decision_working_days = models.PositiveSmallIntegerField(
        "working days to decide",
        default=15,
        help_text="Working days from the referral to the decision whether to hold a review.",
    )
    publication_months = models.PositiveSmallIntegerField(
        "months to publish",
        default=6,
        help_text="Months from the review starting to the report's publication.",
    )

    class Meta:
        verbose_name_plural = "clock settings"

    def __str__(self) -> str:
        return f"Review clocks of {self.board}"


class Kind(models.TextChoices):
    RAPID = "rapid", "Rapid review"
    CSPR = "cspr", "Child safeguarding practice review"
    SCR = "scr", "Serious case review"
    SAR = "sar", "Safeguarding adults review"


class Stage(models.TextChoices):
    NOTIFIED = "notified", "Notified"
    RAPID_REVIEW = "rapid_review", "Rapid review"
    DECISION = "decision", "Decision"
    COMMISSIONING = "commissioning", "Commissioning"
    IN_PROGRESS = "in_progress", "In progress"
    DRAFT_REPORT = "draft_report", "Draft report"
    SIGN_OFF = "sign_off", "Panel sign-off"
    PUBLICATION = "publication", "Publication"
    LEARNING = "learning", "Learning disseminated"
    CLOSED = "closed", "Closed"


class Decision(models.TextChoices):
    LOCAL = "local", "Local review"
    NONE = "none", "No review"
    NATIONAL = "national", "National review"
    CONVERTED = "converted", "Converted to a full review"


# The order of the stages, for the page's stage history and "has it passed this stage".
STAGE_ORDER = [stage.value for stage in Stage]


class Review(Versioned):
    board_path = "board"

    Kind = Kind
    Stage = Stage
    Decision = Decision

    reference = models.CharField(max_length=20, unique=True, editable=False)
    pseudonym = models.CharField(
        "published pseudonym",
        max_length=60,
        blank=True,
        help_text="The name chosen for publication, such as 'Child A'. Never the child's name.",
    )
    kind = models.CharField("type", max_length=10, choices=Kind.choices)
    board = models.ForeignKey(
        "organisations.Board", on_delete=models.PROTECT, related_name="case_reviews"
    )
    locality = models.ForeignKey(
        "organisations.Area",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="case_reviews",
        limit_choices_to={"kind": "locality"},
    )
    agencies = models.ManyToManyField(
        "organisations.Agency", blank=True, related_name="case_reviews"
    )
    themes = models.ManyToManyField(Theme, blank=True, related_name="reviews")
    courses = models.ManyToManyField(
        "training.Course",
        blank=True,
        related_name="case_reviews",
        verbose_name="training courses teaching its learning",
    )
    summary = models.TextField(
        "what happened",
        blank=True,
        help_text="A short description of the incident, without the names of anyone involved.",
    )
    learned_on = models.DateField("date the board learned of the incident")
    notified_on = models.DateField(
        "date notified to the national panel and Ofsted", null=True, blank=True
    )
    # Led by another area, with this board's agencies taking part (the seed's Tameside review).
    led_elsewhere = models.BooleanField("led by another area", default=False)
    lead_area = models.CharField(max_length=100, blank=True)
    our_involvement = models.TextField("our agencies' involvement", blank=True)
    their_publication_expected = models.DateField(
        "their report's expected publication", null=True, blank=True
    )
    our_actions = models.TextField("our actions arising", blank=True)
    # Rapid review
    rapid_review_on = models.DateField("rapid review meeting date", null=True, blank=True)
    rapid_review_decision = models.TextField("rapid review's recommendation", blank=True)
    # Decision
    decision = models.CharField(max_length=10, choices=Decision.choices, blank=True)
    decided_on = models.DateField("date of the decision", null=True, blank=True)
    panel_view = models.TextField("the national panel's view", blank=True)
    panel_view_on = models.DateField("date of the national panel's view", null=True, blank=True)
    # Commissioning
    reviewer = models.CharField("independent reviewer", max_length=200, blank=True)
    terms_of_reference = models.TextField(blank=True)
    budget = models.DecimalField(max_digits=9, decimal_places=2, null=True, blank=True)
    started_on = models.DateField("date the review started", null=True, blank=True)
    # Draft report and sign-off
    draft_received_on = models.DateField("date the draft report arrived", null=True, blank=True)
    signed_off_on = models.DateField("date the panel signed the report off", null=True, blank=True)
    # Publication
    publication_expected = models.DateField("expected publication", null=True, blank=True)
    published_on = models.DateField("date published", null=True, blank=True)
    embargo_until = models.DateField("embargoed until", null=True, blank=True)
    report_url = models.URLField("link to the published report", max_length=500, blank=True)
    # Learning
    learning_note = models.TextField(
        "learning disseminated", blank=True, help_text="Briefings and events held."
    )
    closed_on = models.DateField(null=True, blank=True)

    stage = models.CharField(max_length=20, choices=Stage.choices, default=Stage.NOTIFIED)
    next_due = models.DateField(
        null=True,
        blank=True,
        editable=False,
        help_text="The due date of the review's earliest open clock (kept by the services), "
        "for the register's RAG filter and the home pages.",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    # What the law requires is never skipped: a children's review has its rapid review before
    # the decision; a review is commissioned before it runs, signed off before publication and
    # published before its learning is disseminated. A review led elsewhere follows theirs.
    moves = StatusMachine(
        "stage",
        {
            Stage.NOTIFIED: {Stage.RAPID_REVIEW, Stage.DECISION, Stage.IN_PROGRESS},
            Stage.RAPID_REVIEW: {Stage.DECISION},
            Stage.DECISION: {Stage.COMMISSIONING, Stage.CLOSED},
            Stage.COMMISSIONING: {Stage.IN_PROGRESS},
            Stage.IN_PROGRESS: {Stage.DRAFT_REPORT, Stage.PUBLICATION},
            Stage.DRAFT_REPORT: {Stage.SIGN_OFF, Stage.IN_PROGRESS},
            Stage.SIGN_OFF: {Stage.PUBLICATION},
            Stage.PUBLICATION: {Stage.LEARNING},
            Stage.LEARNING: {Stage.CLOSED},
        },
        verbs={
            Stage.RAPID_REVIEW: "rapid review opened",
            Stage.DECISION: "review decision recorded",
            Stage.COMMISSIONING: "review commissioning begun",
            Stage.IN_PROGRESS: "review begun",
            Stage.DRAFT_REPORT: "draft report received",
            Stage.SIGN_OFF: "review report signed off",
            Stage.PUBLICATION: "review publication planned",
            Stage.LEARNING: "review learning disseminated",
            Stage.CLOSED: "review closed",
        },
    )

    class Meta:
        ordering = ["-learned_on", "-id"]
        verbose_name = "case review"
        indexes = [
            models.Index(fields=["board", "stage"]),
            models.Index(fields=["learned_on", "id"]),
            models.Index(fields=["next_due"]),
        ]

    def __str__(self) -> str:
        return f"{self.reference} ({self.pseudonym})" if self.pseudonym else self.reference

    @property
    def is_adults(self) -> bool:
        return self.kind == Kind.SAR

    def has_reached(self, stage: str) -> bool:
        return STAGE_ORDER.index(self.stage) >= STAGE_ORDER.index(stage)


class PanelMember(models.Model):
    """A named person who may see and work on a restricted review."""

    board_path = "review__board"

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="panel")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="review_panels"
    )
    role = models.CharField(max_length=100, blank=True, help_text="For example, chair.")
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["person__full_name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["review", "person"], name="reviews_one_seat_each")
        ]

    def __str__(self) -> str:
        return f"{self.person} on {self.review}"


class ChronologyRequest(models.Model):
    """An agency asked for its chronology of involvement: the only part of a review the agency
    sees."""

    board_path = "review__board"

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="chronologies")
    agency = models.ForeignKey(
        "organisations.Agency", on_delete=models.PROTECT, related_name="chronology_requests"
    )
    due_on = models.DateField("deadline")
    note = models.TextField("what is asked for", blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField(default=timezone.now)
    file = models.FileField(max_length=300, blank=True)
    original_name = models.CharField(max_length=255, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    received_at = models.DateTimeField(null=True, blank=True)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["due_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["review", "agency"], name="reviews_one_request_each")
        ]

    def __str__(self) -> str:
        return f"Chronology from {self.agency} for {self.review}"

    @property
    def is_received(self) -> bool:
        return self.received_at is not None


class Recommendation(models.Model):
    """A recommendation of a review's report: it becomes an action in the review's action plan
    (safeguarding/actionplans), monitored there by the CPBs and the board."""

    board_path = "review__board"

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="recommendations")
    text = models.TextField("recommendation")
    agency = models.ForeignKey(
        "organisations.Agency",
        on_delete=models.PROTECT,
        related_name="review_recommendations",
        help_text="The agency that will own the action (the board's own agency for the board).",
    )
    action = models.OneToOneField(
        "actionplans.Action",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="recommendation",
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        text = " ".join(self.text.split())
        return text if len(text) <= 80 else text[:77] + "..."


class LearningBrief(models.Model):
    """A learning brief ("7-minute briefing") published on the board's public pages."""

    board_path = "review__board"

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="briefs")
    title = models.CharField(max_length=200)
    body = models.TextField()
    published_on = models.DateField(default=timezone.localdate)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-published_on", "-id"]

    def __str__(self) -> str:
        return self.title
