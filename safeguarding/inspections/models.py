"""Multi-agency safeguarding practice inspections (MASPI).

A rolling programme visits the county's locality boards (CPBs) in turn, three times a year.
Agencies serving the locality get two weeks' notice; a review team of managers seconded from
partner agencies audits a random sample of case files (on pseudonymous references: nothing here
names a child), interviews practitioners and shadows their work, grades what it finds on the
Ofsted scale and reports to the board. Each area for improvement becomes an action in the
action plan the locality board monitors.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone

from safeguarding.core.concurrency import Versioned
from safeguarding.core.transitions import StatusMachine
from safeguarding.core.workdays import working_day_on_or_before

NOTICE_DAYS = 14


class Grade(models.TextChoices):
    OUTSTANDING = "outstanding", "Outstanding"
    GOOD = "good", "Good"
    REQUIRES_IMPROVEMENT = "requires_improvement", "Requires improvement"
    INADEQUATE = "inadequate", "Inadequate"


GRADE_TAGS = {
    Grade.OUTSTANDING: "govuk-tag--blue",
    Grade.GOOD: "govuk-tag--green",
    Grade.REQUIRES_IMPROVEMENT: "govuk-tag--yellow",
    Grade.INADEQUATE: "govuk-tag--red",
}


class AuditTemplate(models.Model):
    """A version of the case-file audit tool. Editing makes a new version; an inspection keeps
    the version it started with."""

    name = models.CharField(max_length=200)
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["name", "version"], name="template_unique_version")
        ]

    def __str__(self) -> str:
        return f"{self.name} (version {self.version})"


class Theme(models.Model):
    template = models.ForeignKey(AuditTemplate, on_delete=models.CASCADE, related_name="themes")
    position = models.PositiveIntegerField(default=0)
    title = models.CharField(max_length=200)

    class Meta:
        ordering = ["template", "position", "id"]

    def __str__(self) -> str:
        return self.title


class Question(models.Model):
    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveIntegerField(default=0)
    text = models.TextField()

    class Meta:
        ordering = ["theme", "position", "id"]

    def __str__(self) -> str:
        return self.text


class Inspection(Versioned):
    board_path = "board"

    class Status(models.TextChoices):
        PLANNED = "planned", "Planned"
        NOTIFIED = "notified", "Agencies notified"
        REPORTED = "reported", "Report published"
        CANCELLED = "cancelled", "Cancelled"

    board = models.ForeignKey(
        "organisations.Board", on_delete=models.PROTECT, related_name="inspections"
    )
    locality = models.ForeignKey(
        "organisations.Area",
        on_delete=models.PROTECT,
        related_name="inspections",
        limit_choices_to={"kind": "locality"},
    )
    code = models.CharField(
        max_length=40, unique=True, help_text="For example MASPI-2015-B: the cases' prefix."
    )
    fieldwork_start = models.DateField()
    fieldwork_end = models.DateField()
    notice_date = models.DateField(
        help_text="14 days before fieldwork starts, or the working day before that."
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PLANNED)
    moves = StatusMachine(
        "status",
        {
            Status.PLANNED: {Status.NOTIFIED, Status.REPORTED, Status.CANCELLED},
            Status.NOTIFIED: {Status.REPORTED, Status.CANCELLED},
        },
        verbs={
            Status.NOTIFIED: "agencies notified",
            Status.REPORTED: "report published",
            Status.CANCELLED: "inspection cancelled",
        },
    )
    criteria = models.TextField(
        blank=True,
        help_text="Which cases agencies should submit, for example children at risk of CSE.",
    )
    override_reason = models.TextField(
        blank=True, help_text="Why this locality is visited again before every other has been."
    )
    template = models.ForeignKey(
        AuditTemplate, on_delete=models.PROTECT, related_name="inspections"
    )
    contact = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The business-unit contact named in the notice.",
    )
    sample_size = models.PositiveIntegerField(null=True, blank=True)
    sample_seed = models.BigIntegerField(null=True, blank=True)
    sampled_at = models.DateTimeField(null=True, blank=True)
    summary = models.TextField(blank=True, help_text="The report's overall summary.")
    published_at = models.DateTimeField(null=True, blank=True)
    board_received_on = models.DateField(null=True, blank=True)
    action_plan = models.ForeignKey(
        "actionplans.ActionPlan",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    visible_until = models.DateField(
        null=True, blank=True, help_text="The end of the action plan: reviewers lose sight after."
    )
    case_counter = models.PositiveIntegerField(default=0)
    grade_summary = models.JSONField(
        default=dict,
        blank=True,
        help_text="Grade counts by theme and agency, kept when the report is published (the "
        "grades cannot change after), so the trends page reads one row per inspection.",
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["fieldwork_start", "id"]
        constraints = [
            models.CheckConstraint(
                name="inspection_fieldwork_in_order",
                condition=models.Q(fieldwork_end__gte=models.F("fieldwork_start")),
            ),
            models.CheckConstraint(
                name="inspection_notice_before_fieldwork",
                condition=models.Q(notice_date__lt=models.F("fieldwork_start")),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.locality.name} inspection, {self.fieldwork_start:%B %Y}"

    @staticmethod
    def notice_for(fieldwork_start):
        """Two weeks before fieldwork starts, or the working day before that when it falls on
        a bank holiday (so agencies always have at least two weeks, told on a working day)."""
        return working_day_on_or_before(fieldwork_start - timedelta(days=NOTICE_DAYS))

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED

    def phase(self, today=None) -> str:
        today = today or timezone.localdate()
        if self.status == self.Status.CANCELLED:
            return "Cancelled"
        if self.status == self.Status.REPORTED:
            return "Report published"
        if today < self.notice_date:
            return "Planned"
        if today < self.fieldwork_start:
            return "Notice given"
        if today <= self.fieldwork_end:
            return "Fieldwork"
        return "Reporting"


class TeamMember(models.Model):
    board_path = "inspection__board"

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="team")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="inspection_teams"
    )
    is_lead = models.BooleanField("lead reviewer", default=False)
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-is_lead", "person__full_name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["inspection", "person"], name="team_unique_person")
        ]

    def __str__(self) -> str:
        return f"{self.person} ({'lead reviewer' if self.is_lead else 'reviewer'})"


class Notice(models.Model):
    """One agency's notice of the inspection: sent once."""

    board_path = "inspection__board"

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="notices")
    agency = models.ForeignKey(
        "organisations.Agency", on_delete=models.PROTECT, related_name="inspection_notices"
    )
    sent_at = models.DateTimeField(default=timezone.now)
    recipients = models.TextField(blank=True, help_text="Who it was sent to.")

    class Meta:
        ordering = ["agency__name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["inspection", "agency"], name="notice_once_per_agency")
        ]

    def __str__(self) -> str:
        return f"Notice to {self.agency}"


class Case(models.Model):
    """A child, known here only by a generated pseudonymous reference. No name field: never add
    one."""

    board_path = "inspection__board"

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="cases")
    reference = models.CharField(max_length=40, unique=True)
    number = models.PositiveIntegerField()
    notes = models.TextField(
        blank=True,
        help_text="Why the case meets the criteria. Never write the child's name or date of birth.",
    )
    in_sample = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["inspection", "number"]
        constraints = [
            models.UniqueConstraint(fields=["inspection", "number"], name="case_unique_number")
        ]

    def __str__(self) -> str:
        return self.reference


class CaseRecord(models.Model):
    """An agency's own record number for a case it holds."""

    board_path = "inspection__board"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="records")
    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="+")
    agency = models.ForeignKey(
        "organisations.Agency", on_delete=models.PROTECT, related_name="inspection_records"
    )
    record_number = models.CharField("the agency's record number", max_length=60)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["case", "agency__name"]
        constraints = [
            models.UniqueConstraint(fields=["case", "agency"], name="record_one_per_agency"),
            models.UniqueConstraint(
                fields=["inspection", "agency", "record_number"], name="record_number_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case.reference}: {self.agency.name} record {self.record_number}"


class CaseAudit(models.Model):
    board_path = "inspection__board"

    class State(models.TextChoices):
        IN_PROGRESS = "in_progress", "In progress"
        SUBMITTED = "submitted", "Submitted for moderation"
        MODERATED = "moderated", "Moderated"

    record = models.OneToOneField(CaseRecord, on_delete=models.CASCADE, related_name="audit")
    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="audits")
    agency = models.ForeignKey(
        "organisations.Agency", on_delete=models.PROTECT, related_name="inspection_audits"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="case_audits"
    )
    state = models.CharField(max_length=20, choices=State.choices, default=State.IN_PROGRESS)
    # Moderated again when the moderator revisits the agreed grades.
    moves = StatusMachine(
        "state",
        {
            State.IN_PROGRESS: {State.SUBMITTED},
            State.SUBMITTED: {State.MODERATED},
            State.MODERATED: {State.MODERATED},
        },
        verbs={State.SUBMITTED: "case audit submitted", State.MODERATED: "case audit moderated"},
    )
    grade = models.CharField(max_length=30, choices=Grade.choices, blank=True)
    grade_reason = models.TextField(blank=True)
    good_practice = models.TextField(blank=True)
    areas_for_improvement = models.TextField(blank=True)
    final_grade = models.CharField(max_length=30, choices=Grade.choices, blank=True)
    moderation_note = models.TextField(blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    moderated_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["inspection", "record__case__number", "agency__name"]
        indexes = [models.Index(fields=["reviewer", "state"])]

    def __str__(self) -> str:
        return f"Audit of {self.record.case.reference} ({self.agency.name})"

    @property
    def graded(self) -> str:
        return self.final_grade or self.grade


class Answer(models.Model):
    board_path = "audit__inspection__board"

    audit = models.ForeignKey(CaseAudit, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(blank=True)

    class Meta:
        ordering = ["question__theme__position", "question__position"]
        constraints = [
            models.UniqueConstraint(fields=["audit", "question"], name="answer_once_per_question")
        ]

    def __str__(self) -> str:
        return f"Answer to {self.question}"


class ThemeGrade(models.Model):
    board_path = "audit__inspection__board"

    audit = models.ForeignKey(CaseAudit, on_delete=models.CASCADE, related_name="theme_grades")
    theme = models.ForeignKey(Theme, on_delete=models.PROTECT, related_name="+")
    grade = models.CharField(max_length=30, choices=Grade.choices, blank=True)
    reason = models.TextField(blank=True)
    final_grade = models.CharField(max_length=30, choices=Grade.choices, blank=True)

    class Meta:
        ordering = ["theme__position"]
        constraints = [models.UniqueConstraint(fields=["audit", "theme"], name="theme_graded_once")]

    def __str__(self) -> str:
        return f"{self.theme}: {self.get_grade_display() or 'not graded'}"

    @property
    def graded(self) -> str:
        return self.final_grade or self.grade


class Engagement(models.Model):
    """A practitioner interview or a work-shadowing session. No child names."""

    board_path = "inspection__board"

    class Kind(models.TextChoices):
        INTERVIEW = "interview", "Practitioner interview"
        SHADOWING = "shadowing", "Work shadowing"

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="engagements")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    agency = models.ForeignKey("organisations.Agency", on_delete=models.PROTECT, related_name="+")
    practitioner_role = models.CharField("practitioner's role", max_length=200)
    date = models.DateField()
    case = models.ForeignKey(
        Case, null=True, blank=True, on_delete=models.SET_NULL, related_name="engagements"
    )
    themes = models.ManyToManyField(Theme, blank=True, related_name="+")
    observations = models.TextField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["date", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.practitioner_role}, {self.agency}"


class Finding(models.Model):
    board_path = "inspection__board"

    class Kind(models.TextChoices):
        GOOD_PRACTICE = "good_practice", "Good practice"
        IMPROVEMENT = "improvement", "Area for improvement"

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="findings")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    text = models.TextField()
    agency = models.ForeignKey(
        "organisations.Agency",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="For an area for improvement: the agency that will own the action.",
    )
    theme = models.ForeignKey(
        Theme, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    due_date = models.DateField(null=True, blank=True)
    action = models.ForeignKey(
        "actionplans.Action", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["kind", "id"]

    def __str__(self) -> str:
        text = " ".join(self.text.split())
        return text if len(text) <= 80 else text[:77] + "..."
