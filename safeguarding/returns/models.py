"""Requests to agencies: a questionnaire template (versioned: sections and questions) sent to a
set of agencies with a deadline; each agency answers one return, on the version it was sent;
the board moderates the answers, challenges them and turns what needs improving into actions.

Answers are stored one row per question, so two colleagues saving the same return at once
each keep what they wrote.
"""

from __future__ import annotations

import hashlib
import json

from django.conf import settings
from django.db import models
from django.utils import timezone

from safeguarding.core.transitions import StatusMachine


class Template(models.Model):
    board_path = "board"

    class Kind(models.TextChoices):
        SECTION_11 = "section_11", "Section 11 self-assessment"
        RESTRUCTURING = "restructuring", "Restructuring and cuts return"
        FINDINGS = "findings", "Respond to the findings of a report"
        OTHER = "other", "Other questionnaire"

    board = models.ForeignKey(
        "organisations.Board", on_delete=models.PROTECT, related_name="return_templates"
    )
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.OTHER)
    description = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["board", "name"], name="returns_template_name_once")
        ]

    def __str__(self) -> str:
        return self.name


class TemplateVersion(models.Model):
    """A version of a template's questions. Once a request has been sent on it, it never
    changes: changing the questions makes a new version."""

    board_path = "template__board"

    template = models.ForeignKey(Template, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(default=1)
    note = models.CharField(max_length=300, blank=True, help_text="What changed in this version.")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["template", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["template", "number"], name="returns_version_once")
        ]

    def __str__(self) -> str:
        return f"{self.template.name} (version {self.number})"


class Section(models.Model):
    board_path = "version__template__board"

    version = models.ForeignKey(TemplateVersion, on_delete=models.CASCADE, related_name="sections")
    position = models.PositiveIntegerField(default=0)
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["version", "position", "id"]

    def __str__(self) -> str:
        return self.title


class Question(models.Model):
    board_path = "section__version__template__board"

    class Kind(models.TextChoices):
        TEXT = "text", "Free text"
        YES_NO = "yes_no", "Yes or no"
        CHOICE = "choice", "One of a list"
        NUMBER = "number", "A number"
        DATE = "date", "A date"
        SCALE = "scale", "A score on a scale"
        EVIDENCE = "evidence", "Evidence (files or links)"
        IMPROVEMENT = "improvement", "An area for improvement, with owner and deadline"

    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveIntegerField(default=0)
    key = models.SlugField(
        max_length=60,
        help_text="Names the question across versions: an answer carries forward to the next "
        "version's question with the same key, when its wording and options are unchanged.",
    )
    text = models.TextField()
    help_text = models.TextField(blank=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    options = models.JSONField(default=list, blank=True, help_text="The choices, for a list.")
    # For a scale: [[score, label, descriptor], ...], lowest first (RAG, or 0 to 3).
    scale = models.JSONField(default=list, blank=True)
    required = models.BooleanField(default=False)

    class Meta:
        ordering = ["section", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["section", "key"], name="returns_question_key_once")
        ]

    def __str__(self) -> str:
        text = " ".join(self.text.split())
        return text if len(text) <= 80 else text[:77] + "..."

    @property
    def fingerprint(self) -> str:
        """Equal for two versions' questions that ask the same thing the same way."""
        content = json.dumps([self.key, self.text, self.kind, self.options, self.scale])
        return hashlib.sha256(content.encode()).hexdigest()

    @property
    def max_score(self) -> int | None:
        return max((row[0] for row in self.scale), default=None)

    def score_label(self, score) -> str:
        for value, label, _descriptor in self.scale:
            if value == score:
                return f"{label} ({value})"
        return "" if score is None else str(score)


class Request(models.Model):
    """A template version sent to agencies, with a deadline."""

    board_path = "board"

    board = models.ForeignKey(
        "organisations.Board", on_delete=models.PROTECT, related_name="return_requests"
    )
    title = models.CharField(max_length=200)
    version = models.ForeignKey(TemplateVersion, on_delete=models.PROTECT, related_name="requests")
    message = models.TextField(blank=True, help_text="What the agencies are asked and why.")
    sent_on = models.DateField(default=timezone.localdate)
    deadline = models.DateField()
    report = models.FileField(max_length=300, blank=True)
    report_name = models.CharField(max_length=255, blank=True)
    report_type = models.CharField(max_length=100, blank=True)
    moderators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="moderated_requests",
        help_text="A named moderation panel, beside the business unit.",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-sent_on", "-id"]
        indexes = [models.Index(fields=["sent_on", "id"])]

    def __str__(self) -> str:
        return self.title


class Return(models.Model):
    """One agency's answers to a request, on the version it was sent."""

    board_path = "request__board"

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", "Not started"
        DRAFT = "draft", "In draft"
        SIGNED_OFF = "signed_off", "Signed off"

    class Moderation(models.TextChoices):
        NONE = "", "Not moderated"
        IN_MODERATION = "in_moderation", "In moderation"
        MORE_EVIDENCE = "more_evidence", "More evidence asked for"
        MODERATED = "moderated", "Moderated"

    request = models.ForeignKey(Request, on_delete=models.CASCADE, related_name="returns")
    agency = models.ForeignKey(
        "organisations.Agency", on_delete=models.PROTECT, related_name="returns"
    )
    template_version = models.ForeignKey(
        TemplateVersion, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NOT_STARTED)
    moderation = models.CharField(max_length=20, choices=Moderation.choices, blank=True)
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    signed_off_at = models.DateTimeField(null=True, blank=True)
    evidence_asked = models.TextField(blank=True, help_text="The more evidence asked for.")
    evidence_deadline = models.DateField(null=True, blank=True)
    collaborators = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="return_collaborations"
    )
    action_plan = models.ForeignKey(
        "actionplans.ActionPlan", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    moves = StatusMachine(
        "status",
        {
            Status.NOT_STARTED: {Status.DRAFT, Status.SIGNED_OFF},
            Status.DRAFT: {Status.SIGNED_OFF},
            Status.SIGNED_OFF: {Status.DRAFT},
        },
        verbs={Status.SIGNED_OFF: "return signed off", Status.DRAFT: "return reopened"},
    )

    class Meta:
        ordering = ["request", "agency__name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["request", "agency"], name="returns_one_per_agency")
        ]
        indexes = [models.Index(fields=["agency", "request"])]

    def __str__(self) -> str:
        return f"{self.agency.name}: {self.request.title}"

    @property
    def is_locked(self) -> bool:
        return self.status == self.Status.SIGNED_OFF

    def is_late(self, today=None) -> bool:
        today = today or timezone.localdate()
        return self.status != self.Status.SIGNED_OFF and self.request.deadline < today

    @property
    def status_tag(self) -> str:
        return {
            "not_started": "govuk-tag--grey",
            "draft": "govuk-tag--yellow",
            "signed_off": "govuk-tag--green",
        }[self.status]


class Answer(models.Model):
    board_path = "answered_return__request__board"

    answered_return = models.ForeignKey(Return, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    text = models.TextField(blank=True)
    yes_no = models.BooleanField(null=True, blank=True)
    choice = models.CharField(max_length=200, blank=True)
    number = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    date = models.DateField(null=True, blank=True)
    score = models.IntegerField(null=True, blank=True)
    owner = models.CharField(max_length=200, blank=True, help_text="Who will make the improvement.")
    due_date = models.DateField(null=True, blank=True)
    carried_forward = models.BooleanField(default=False)
    action = models.ForeignKey(
        "actionplans.Action", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["question__section__position", "question__position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["answered_return", "question"], name="returns_answer_once"
            )
        ]

    def __str__(self) -> str:
        return f"Answer to {self.question}"

    def display(self) -> str:
        kind = self.question.kind
        if kind == Question.Kind.YES_NO:
            return {True: "Yes", False: "No", None: ""}[self.yes_no]
        if kind == Question.Kind.CHOICE:
            return self.choice
        if kind == Question.Kind.NUMBER:
            return "" if self.number is None else f"{self.number.normalize():f}"
        if kind == Question.Kind.DATE:
            return self.date.strftime("%-d %B %Y") if self.date else ""
        if kind == Question.Kind.SCALE:
            return self.question.score_label(self.score)
        return self.text


class Evidence(models.Model):
    board_path = "evidence_for__request__board"

    class Kind(models.TextChoices):
        FILE = "file", "File"
        LINK = "link", "Link"

    evidence_for = models.ForeignKey(Return, on_delete=models.CASCADE, related_name="evidence")
    question = models.ForeignKey(
        Question, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
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

    class Meta:
        ordering = ["added_at", "id"]
        verbose_name_plural = "evidence"

    def __str__(self) -> str:
        return self.description or self.original_name or self.url or f"Evidence {self.pk}"


class ModeratedScore(models.Model):
    """The moderator's score beside the agency's own, with the reason."""

    board_path = "moderated_return__request__board"

    moderated_return = models.ForeignKey(
        Return, on_delete=models.CASCADE, related_name="moderated_scores"
    )
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="+")
    score = models.IntegerField()
    reason = models.TextField()
    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    moderated_at = models.DateTimeField(default=timezone.now)
    action = models.ForeignKey(
        "actionplans.Action", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["question__section__position", "question__position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["moderated_return", "question"], name="returns_moderated_once"
            )
        ]

    def __str__(self) -> str:
        return f"Moderated score for {self.question}"


class ChallengeEvent(models.Model):
    """The outcome of a challenge event where the agency presented its return."""

    board_path = "challenged_return__request__board"

    challenged_return = models.ForeignKey(
        Return, on_delete=models.CASCADE, related_name="challenge_events"
    )
    held_on = models.DateField()
    outcome = models.TextField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["held_on", "id"]

    def __str__(self) -> str:
        return f"Challenge event on {self.held_on:%d/%m/%Y}"


# For the API schema's enum names.
ReturnStatus = Return.Status
ReturnModeration = Return.Moderation
QuestionKind = Question.Kind
TemplateKind = Template.Kind
EvidenceKind = Evidence.Kind
