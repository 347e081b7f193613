"""Cross-cutting records: the append-only audit trail and the e-mail outbox."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError("The audit trail is append-only.")

    def delete(self):
        raise PermissionError("The audit trail is append-only.")


class AuditEvent(models.Model):
    """One thing that happened: who did what to which record, when, with what details.

    Writes are recorded by services in the same transaction as the change; views of restricted
    records are recorded with a "... viewed" or "... downloaded" verb and a reason. Every verb is
    declared by an app (core.registry.register_audit_verbs). Rows are never changed or removed:
    the model refuses it, and on PostgreSQL a trigger refuses UPDATE and DELETE as well.
    """

    # The board the event is filed under (core.boards resolves it), not an owner.
    board_path = None

    occurred_at = models.DateTimeField(default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
        help_text="Who did it; empty for the system (sweeps, imports run from the command line).",
    )
    actor_label = models.CharField(max_length=200, help_text="The actor's name at the time.")
    verb = models.CharField(max_length=80, db_index=True)
    target_type = models.CharField(max_length=100, db_index=True)
    target_id = models.CharField(max_length=64, db_index=True)
    target_label = models.CharField(max_length=300)
    board = models.ForeignKey(
        "organisations.Board",
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    payload = models.JSONField(default=dict, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-occurred_at", "-id"]
        indexes = [models.Index(fields=["target_type", "target_id", "-occurred_at"])]

    def __str__(self) -> str:
        return f"{self.actor_label} {self.verb} {self.target_label}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("The audit trail is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("The audit trail is append-only.")


class OutboundEmail(models.Model):
    """An e-mail the hub has decided to send, committed with the change that caused it.

    Unique per (purpose, recipient, object key) so the same notice can never be queued twice;
    a task sends it and records when, so a restarted worker never sends it again.
    """

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting to send"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"

    purpose = models.CharField(max_length=80)
    recipient = models.EmailField()
    object_key = models.CharField(
        max_length=120, help_text="Which record the message is about, e.g. 'person:42'."
    )
    subject = models.CharField(max_length=300)
    body_text = models.TextField()
    body_html = models.TextField(blank=True)
    attachments = models.JSONField(default=list, blank=True)
    headers = models.JSONField(
        default=dict, blank=True, help_text="Extra headers, e.g. List-Unsubscribe for bulk mail."
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(default=timezone.now)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["purpose", "recipient", "object_key"], name="outbox_once_per_purpose"
            )
        ]
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self) -> str:
        return f"{self.purpose} to {self.recipient}"


class ContentVersion(models.Model):
    """How many times the data behind a kind of cached fragment has changed (core.fragments):
    a new version makes new cache keys, so nothing cached before the change is shown again."""

    name = models.CharField(max_length=50, primary_key=True)
    version = models.PositiveBigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.name} v{self.version}"


class Submission(models.Model):
    """A create form's one-time token, once used, and the page of what it created
    (core.concurrency.submit_once): the same form sent again shows that page instead of
    creating a second record."""

    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    token = models.UUIDField()
    result_url = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "token"], name="submission_once_per_token")
        ]

    def __str__(self) -> str:
        return f"{self.token} -> {self.result_url}"
