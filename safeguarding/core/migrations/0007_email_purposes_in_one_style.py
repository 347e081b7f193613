"""E-mail purposes in one style, "<app>.<snake_case_purpose>": the rows already in the outbox
take their new names, so a notice queued under an old name is not queued again under the new
one (the outbox is unique per purpose, recipient and object key)."""

from django.db import migrations
from django.db.models import Exists, OuterRef

ACCOUNT_MESSAGES = [
    "account_already_exists",
    "email_changed",
    "email_confirmation",
    "email_confirmation_signup",
    "email_deleted",
    "login_code",
    "password_changed",
    "password_reset",
    "password_reset_code",
    "password_reset_key",
    "password_set",
    "unknown_account",
    "recovery_codes_generated",
    "totp_activated",
    "totp_deactivated",
    "webauthn_added",
    "webauthn_removed",
]

# The old name -> the new. (The meetings app's purposes were already in this style.)
RENAMED = {
    "action_due_soon": "actionplans.action_due_soon",
    "action_stale": "actionplans.action_stale",
    "action_overdue_cpb": "actionplans.action_overdue_cpb",
    "action_stalled_cpb": "actionplans.action_stalled_cpb",
    "action_overdue_business_unit": "actionplans.action_overdue_business_unit",
    "action_stalled_business_unit": "actionplans.action_stalled_business_unit",
    "inspection_notice": "inspections.fieldwork_notice",
    "training-waiting": "training.waiting_list",
    "training-confirmed": "training.place_confirmed",
    "training-offer": "training.place_offered",
    "training-trainer": "training.trainer_notice",
    "training-approval-request": "training.approval_request",
    "training-needs-decision": "training.needs_decision",
    "training-declined": "training.declined",
    "training-offer-expired": "training.offer_expired",
    "training-feedback": "training.feedback_request",
    "training-absence": "training.absence",
    "training-session-cancelled": "training.session_cancelled",
    "training-session-changed": "training.session_changed",
    "training-reminder-14": "training.reminder_14_days",
    "training-reminder-2": "training.reminder_2_days",
    "training-waiting-list-prompt": "training.waiting_list_prompt",
    "training-expiry": "training.expiry",
    "training-expiry-lead": "training.expiry_to_lead",
    **{f"account:{name}": f"accounts.{name}" for name in ACCOUNT_MESSAGES},
}


def _rename(OutboundEmail, names: dict[str, str]) -> None:
    for old, new in names.items():
        # A row already queued under the new name for the same recipient and record stands
        # for this one: keep the old row as it is rather than break the unique key.
        already = OutboundEmail.objects.filter(
            purpose=new, recipient=OuterRef("recipient"), object_key=OuterRef("object_key")
        )
        OutboundEmail.objects.filter(purpose=old).exclude(Exists(already)).update(purpose=new)


def rename_purposes(apps, schema_editor):
    _rename(apps.get_model("core", "OutboundEmail"), RENAMED)


def restore_purposes(apps, schema_editor):
    _rename(apps.get_model("core", "OutboundEmail"), {new: old for old, new in RENAMED.items()})


class Migration(migrations.Migration):
    dependencies = [("core", "0006_outbound_email_headers")]

    operations = [migrations.RunPython(rename_purposes, restore_purposes)]
