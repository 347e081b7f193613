"""E-mail purposes: one style ("<app>.<snake_case_purpose>"), each declared once, the outbox
refusing any other, and the migration that renamed the purposes of rows already queued so
that "send once" still holds across the rename."""

import importlib

import pytest
from django.apps import apps
from django.db.models import TextChoices

from safeguarding.actionplans.emails import Purpose as ActionPurpose
from safeguarding.core.models import OutboundEmail
from safeguarding.core.outbox import queue_message
from safeguarding.core.registry import (
    PURPOSE_STYLE,
    RegistryError,
    email_purposes,
    register_email_purposes,
)

rename = importlib.import_module("safeguarding.core.migrations.0007_email_purposes_in_one_style")

KEY = "action:7:due:2026-12-09"


def _row(purpose, recipient="ann@agency.example", object_key=KEY, **fields):
    return OutboundEmail.objects.create(
        purpose=purpose,
        recipient=recipient,
        object_key=object_key,
        subject="Action due",
        body_text="Due soon.",
        **fields,
    )


def _queue(purpose, recipient="Ann@Agency.example", object_key=KEY):
    return queue_message(
        purpose=purpose,
        recipient=recipient,
        object_key=object_key,
        subject="Action due",
        body_text="Due soon.",
    )


def test_every_purpose_is_in_one_style_and_named_for_its_app():
    purposes = email_purposes()
    assert {"actionplans", "meetings", "training", "inspections", "accounts"} <= {
        purpose.split(".")[0] for purpose in purposes
    }
    for purpose, label in purposes.items():
        assert PURPOSE_STYLE.match(purpose), purpose
        assert label


def test_the_migration_renames_to_declared_purposes_only():
    assert set(rename.RENAMED.values()) <= set(email_purposes())
    assert len(set(rename.RENAMED.values())) == len(rename.RENAMED)  # nothing merged


def test_an_app_cannot_declare_a_purpose_of_another_style():
    class Mixed(TextChoices):
        OLD = "training-reminder-14", "A reminder"

    with pytest.raises(RegistryError, match="training.snake_case_name"):
        register_email_purposes("training", Mixed)
    with pytest.raises(RegistryError):
        register_email_purposes("meetings", ActionPurpose)


def test_the_outbox_refuses_an_undeclared_purpose(db):
    with pytest.raises(ValueError, match="not declared"):
        _queue("action_due_soon")
    assert not OutboundEmail.objects.exists()
    assert _queue(ActionPurpose.ACTION_DUE_SOON)
    assert OutboundEmail.objects.get().purpose == "actionplans.action_due_soon"


def test_rows_queued_under_the_old_names_take_the_new_ones(db):
    _row("action_due_soon", status=OutboundEmail.Status.SENT)
    _row("training-reminder-14", object_key="55")
    _row("account:password_reset_key", object_key="f00d")
    _row("meetings.reminder", object_key="meeting:3")

    rename.rename_purposes(apps, None)

    assert sorted(OutboundEmail.objects.values_list("purpose", flat=True)) == [
        "accounts.password_reset_key",
        "actionplans.action_due_soon",
        "meetings.reminder",
        "training.reminder_14_days",
    ]
    assert OutboundEmail.objects.get(object_key=KEY).status == OutboundEmail.Status.SENT


def test_a_reminder_queued_before_the_rename_is_not_queued_again_after_it(db):
    """The sweep that runs after the deploy asks for the same reminder under its new name:
    the renamed row holds the unique key, so nothing new is queued."""
    _row("action_due_soon", status=OutboundEmail.Status.SENT)
    rename.rename_purposes(apps, None)

    assert not _queue(ActionPurpose.ACTION_DUE_SOON)
    assert OutboundEmail.objects.count() == 1
    assert _queue(ActionPurpose.ACTION_DUE_SOON, object_key="action:7:due:2026-12-16")


def test_a_row_already_queued_under_the_new_name_is_not_duplicated(db):
    _row("action_due_soon")
    _row("actionplans.action_due_soon")

    rename.rename_purposes(apps, None)

    assert sorted(OutboundEmail.objects.values_list("purpose", flat=True)) == [
        "action_due_soon",
        "actionplans.action_due_soon",
    ]


def test_going_back_restores_the_old_names(db):
    _row("training-expiry-lead")
    rename.rename_purposes(apps, None)
    assert OutboundEmail.objects.get().purpose == "training.expiry_to_lead"
    rename.restore_purposes(apps, None)
    assert OutboundEmail.objects.get().purpose == "training-expiry-lead"
