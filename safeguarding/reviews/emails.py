"""The e-mails case reviews send, one purpose each (the outbox sends each once per recipient
and record)."""

from django.db.models import TextChoices


class Purpose(TextChoices):
    CHRONOLOGY_REQUEST = "reviews.chronology_request", "Chronology request, to an agency's leads"
    CHRONOLOGY_REMINDER = "reviews.chronology_reminder", "Chronology due soon, to an agency's leads"
    CHRONOLOGY_OVERDUE = (
        "reviews.chronology_overdue",
        "Chronology not received by its deadline, to the business unit",
    )
    CLOCK_REMINDER = "reviews.clock_reminder", "A review's statutory deadline is near"
    CLOCK_ESCALATION = "reviews.clock_escalation", "A review's statutory deadline was missed"
