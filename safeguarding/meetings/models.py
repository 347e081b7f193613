"""Meetings, their agendas and papers, what was decided, and the newsflash that tells partners.

A meeting belongs to a board and is one of: the board itself, its executive, a locality board
(CPB, with its area), a sub-group or a thematic meeting. Its members are people from the
directory. Minutes are the per-item discussion and decisions; once approved they are locked.
The newsflash is the public "Summary from the board", drafted from the items marked for it.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone

from safeguarding.core.concurrency import Versioned
from safeguarding.core.formatting import hub_date
from safeguarding.core.transitions import StatusMachine


class Meeting(Versioned):
    board_path = "board"

    class Kind(models.TextChoices):
        BOARD = "board", "Board meeting"
        EXECUTIVE = "executive", "Executive meeting"
        CPB = "cpb", "Locality board (CPB) meeting"
        SUBGROUP = "subgroup", "Sub-group meeting"
        THEMATIC = "thematic", "Thematic board meeting"

    class Minutes(models.TextChoices):
        DRAFT = "draft", "Draft"
        CIRCULATED = "circulated", "Circulated for comment"
        APPROVED = "approved", "Approved"

    board = models.ForeignKey(
        "organisations.Board", on_delete=models.PROTECT, related_name="meetings"
    )
    kind = models.CharField("type of meeting", max_length=20, choices=Kind.choices)
    title = models.CharField(max_length=200)
    area = models.ForeignKey(
        "organisations.Area",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="meetings",
        limit_choices_to={"kind": "locality"},
        help_text="For a locality board (CPB) meeting: the locality.",
    )
    date = models.DateField()
    start_time = models.TimeField()
    end_time = models.TimeField(null=True, blank=True)
    venue = models.CharField(max_length=300, blank=True)
    online_link = models.URLField("online meeting link", max_length=500, blank=True)
    members = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="meetings")
    series = models.CharField(
        max_length=32, blank=True, db_index=True, help_text="Shared by meetings of one series."
    )
    agenda_published_at = models.DateTimeField(null=True, blank=True)
    quorate = models.BooleanField(null=True, blank=True)
    minutes_state = models.CharField(max_length=20, choices=Minutes.choices, default=Minutes.DRAFT)
    # A meeting's moves are its minutes': circulated for comment, then approved and locked.
    moves = StatusMachine(
        "minutes_state",
        {Minutes.DRAFT: {Minutes.CIRCULATED}, Minutes.CIRCULATED: {Minutes.APPROVED}},
        verbs={Minutes.CIRCULATED: "minutes circulated", Minutes.APPROVED: "minutes approved"},
    )
    minutes_approved_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["date", "start_time", "id"]
        indexes = [models.Index(fields=["board", "kind", "date"])]

    def __str__(self) -> str:
        return f"{self.title}, {hub_date(self.date)}"

    @property
    def minutes_locked(self) -> bool:
        return self.minutes_state == self.Minutes.APPROVED

    @property
    def agenda_published(self) -> bool:
        return self.agenda_published_at is not None

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None


class AgendaItem(Versioned):
    board_path = "meeting__board"

    class Purpose(models.TextChoices):
        INFORMATION = "information", "For information"
        DISCUSSION = "discussion", "For discussion"
        DECISION = "decision", "For decision"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    order = models.PositiveSmallIntegerField(default=1)
    title = models.CharField(max_length=200)
    purpose = models.CharField(max_length=20, choices=Purpose.choices)
    presenter = models.CharField(max_length=200, blank=True)
    minutes_allowed = models.PositiveSmallIntegerField(
        "time allowed (minutes)", null=True, blank=True
    )
    # Off unless chosen: "Welcome and apologies" is no news for partners.
    include_in_summary = models.BooleanField("include in the newsflash", default=False)
    discussion = models.TextField("discussion summary", blank=True)
    decision = models.TextField(
        "what was agreed", blank=True, help_text="For example, 'The Board agreed ...'"
    )
    from_newsflash = models.ForeignKey(
        "Newsflash",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="cascaded_items",
        help_text="Set on the standing 'Summary from the board' item a newsflash added.",
    )

    class Meta:
        ordering = ["meeting", "order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "from_newsflash"], name="one_summary_item_per_newsflash"
            )
        ]

    def __str__(self) -> str:
        return self.title


class Paper(models.Model):
    board_path = "item__meeting__board"

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="papers")
    title = models.CharField(max_length=200)
    file = models.FileField(max_length=300)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField(default=0)
    is_public = models.BooleanField(
        "public", default=False, help_text="Public papers may be read by anyone."
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["item", "id"]

    def __str__(self) -> str:
        return self.title


class Attendance(models.Model):
    board_path = "meeting__board"

    class Status(models.TextChoices):
        PRESENT = "present", "Present"
        APOLOGIES = "apologies", "Apologies"
        SUBSTITUTE = "substitute", "Sent a substitute"
        ABSENT = "absent", "Absent"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="meeting_attendance"
    )
    status = models.CharField(max_length=20, choices=Status.choices)
    substitute = models.CharField(
        max_length=200, blank=True, help_text="Who came instead, and their role."
    )

    class Meta:
        ordering = ["meeting", "person__full_name"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="one_attendance_row")
        ]

    def __str__(self) -> str:
        return f"{self.person}: {self.get_status_display()}"


class Declaration(models.Model):
    board_path = "meeting__board"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="declarations")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    item = models.ForeignKey(
        AgendaItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    interest = models.TextField()

    class Meta:
        ordering = ["meeting", "id"]

    def __str__(self) -> str:
        return f"{self.person}: {self.interest[:60]}"


class ActionArising(models.Model):
    """Links an agenda item to the action it gave rise to in the action plans."""

    board_path = "item__meeting__board"

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="actions_arising")
    action = models.OneToOneField(
        "actionplans.Action", on_delete=models.CASCADE, related_name="meeting_link"
    )

    class Meta:
        ordering = ["item", "id"]

    def __str__(self) -> str:
        return str(self.action)


class Newsflash(Versioned):
    board_path = "board"

    class State(models.TextChoices):
        DRAFT = "draft", "Draft"
        APPROVED = "approved", "Approved"
        PUBLISHED = "published", "Published"

    board = models.ForeignKey(
        "organisations.Board", on_delete=models.PROTECT, related_name="newsflashes"
    )
    meeting = models.OneToOneField(
        Meeting, null=True, blank=True, on_delete=models.SET_NULL, related_name="newsflash"
    )
    title = models.CharField(max_length=200)
    body = models.TextField(help_text="Markdown: # for headings, blank lines between paragraphs.")
    state = models.CharField(max_length=20, choices=State.choices, default=State.DRAFT)
    # Approved, then published; an edit after approval (update_newsflash) makes it a draft
    # again, to be approved again.
    moves = StatusMachine(
        "state",
        {State.DRAFT: {State.APPROVED}, State.APPROVED: {State.PUBLISHED}},
        verbs={State.APPROVED: "newsflash approved", State.PUBLISHED: "newsflash published"},
    )
    # Who drafted or last changed it: with the board's second-approver rule, not its approver.
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True, db_index=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-published_at", "-created_at", "-id"]
        verbose_name_plural = "newsflashes"

    def __str__(self) -> str:
        return self.title

    @property
    def is_published(self) -> bool:
        return self.state == self.State.PUBLISHED

    def needs_another_approver(self, person) -> bool:
        """Whether the board asks for a second person and `person` drafted or changed it."""
        return self.board.newsflash_second_approver and self.changed_by_id == person.pk


def _token() -> str:
    return secrets.token_urlsafe(32)


class Subscriber(models.Model):
    """Someone who gets each published newsflash by e-mail, after confirming their address."""

    board_path = "board"

    board = models.ForeignKey(
        "organisations.Board", on_delete=models.CASCADE, related_name="newsflash_subscribers"
    )
    email = models.EmailField()
    token = models.CharField(max_length=64, unique=True, default=_token)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    unsubscribed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["email"]
        constraints = [
            models.UniqueConstraint(fields=["board", "email"], name="one_subscription_per_board")
        ]

    def __str__(self) -> str:
        return self.email

    @property
    def is_active(self) -> bool:
        return self.confirmed_at is not None and self.unsubscribed_at is None
