"""The e-mails requests to agencies send, one purpose each (sent once per recipient and
record)."""

from django.db.models import TextChoices


class Purpose(TextChoices):
    REQUEST_SENT = "returns.request_sent", "A request for the agency to answer"
    DEADLINE_SOON = "returns.deadline_soon", "A return's deadline is near"
    CHASE = "returns.chase", "A return is late"
    ESCALATION = "returns.escalation", "A late return, to the board member for the agency"
    EVIDENCE_ASKED = "returns.evidence_asked", "The moderator asks for more evidence"
    EVIDENCE_CHASE = "returns.evidence_chase", "The evidence asked for is due or late"
    INVITED = "returns.invited", "A colleague invited to help answer a return"
