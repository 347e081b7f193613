"""The e-mails this app sends, one purpose each (the outbox refuses any other and sends each
purpose once per recipient and record)."""

from django.db.models import TextChoices


class Purpose(TextChoices):
    CHANGED = "meetings.changed", "A meeting moved (a new invitation)"
    CANCELLED = "meetings.cancelled", "A meeting was cancelled"
    AGENDA = "meetings.agenda", "The agenda, with the invitation, to members"
    MINUTES = "meetings.minutes", "The minutes, circulated to members"
    NEWSFLASH = "meetings.newsflash", "A published newsflash, to a subscriber"
    SUBSCRIBE = "meetings.subscribe", "Confirm a newsflash subscription"
    REMINDER = "meetings.reminder", "A reminder of a meeting, to members"
    AGENDA_DUE = "meetings.agenda_due", "The agenda is due, to the business unit"
