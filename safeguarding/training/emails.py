"""The e-mails this app sends, one purpose each (the outbox refuses any other and sends each
purpose once per recipient and record)."""

from django.db.models import TextChoices


class Purpose(TextChoices):
    WAITING_LIST = "training.waiting_list", "Put on the waiting list"
    PLACE_CONFIRMED = "training.place_confirmed", "A place confirmed"
    PLACE_OFFERED = "training.place_offered", "A freed place offered"
    TRAINER_NOTICE = "training.trainer_notice", "A session to train, to the trainer"
    APPROVAL_REQUEST = "training.approval_request", "An application to approve, to the manager"
    NEEDS_DECISION = "training.needs_decision", "An application no manager can decide"
    DECLINED = "training.declined", "An application declined"
    OFFER_EXPIRED = "training.offer_expired", "An offered place expired"
    FEEDBACK_REQUEST = "training.feedback_request", "Asked for feedback after a session"
    ABSENCE = "training.absence", "An absence, to the line manager"
    SESSION_CANCELLED = "training.session_cancelled", "A session cancelled"
    SESSION_CHANGED = "training.session_changed", "A session moved (a new invitation)"
    REMINDER_14_DAYS = "training.reminder_14_days", "A reminder two weeks before a session"
    REMINDER_2_DAYS = "training.reminder_2_days", "A reminder two days before a session"
    WAITING_LIST_PROMPT = "training.waiting_list_prompt", "A waiting list, to the training team"
    EXPIRY = "training.expiry", "A qualification expiring, to its holder"
    EXPIRY_TO_LEAD = "training.expiry_to_lead", "A qualification expiring, to the agency lead"


# Reminders: days before the session -> the purpose that makes each one go once.
REMINDERS = {14: Purpose.REMINDER_14_DAYS, 2: Purpose.REMINDER_2_DAYS}
