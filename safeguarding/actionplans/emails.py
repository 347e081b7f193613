"""The e-mails this app sends, one purpose each (the outbox refuses any other and sends each
purpose once per recipient and record)."""

from django.db.models import TextChoices


class Purpose(TextChoices):
    ACTION_DUE_SOON = "actionplans.action_due_soon", "An action is due within a week"
    ACTION_STALE = "actionplans.action_stale", "An action has had no progress update"
    ACTION_OVERDUE_CPB = "actionplans.action_overdue_cpb", "Overdue action, to the CPB chairs"
    ACTION_STALLED_CPB = "actionplans.action_stalled_cpb", "Stalled action, to the CPB chairs"
    ACTION_OVERDUE_BUSINESS_UNIT = (
        "actionplans.action_overdue_business_unit",
        "Action still overdue, to the business unit",
    )
    ACTION_STALLED_BUSINESS_UNIT = (
        "actionplans.action_stalled_business_unit",
        "Action still stalled, to the business unit",
    )


# An escalation's purpose by what triggered it and whom it goes to.
ESCALATIONS = {
    ("overdue", "cpb"): Purpose.ACTION_OVERDUE_CPB,
    ("stalled", "cpb"): Purpose.ACTION_STALLED_CPB,
    ("overdue", "business_unit"): Purpose.ACTION_OVERDUE_BUSINESS_UNIT,
    ("stalled", "business_unit"): Purpose.ACTION_STALLED_BUSINESS_UNIT,
}
