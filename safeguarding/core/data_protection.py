"""Data protection duties for staff records: subject access and retention.

`subject_access_report(person)` gathers everything the hub holds about a member of staff (the
`export_person_data` command writes it as JSON). `anonymise_person` and `apply_retention`
replace the identifying details of people who left long ago (the `apply_retention` command).

Capabilities that hold more about a person (training applications, portfolios ...) add a
section to the report with `@subject_access_section("name")` and, if they hold anything that
must go at the end of the retention period, a step with `@retention_step`.

The audit trail is kept: it is the record of who did what, which the law asks the board to
keep, and it is append-only. Its rows hold a person's name as it was at the time (the actor
and target labels); the retention period of the trail itself is the board's to decide.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import CharField, DateTimeField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Cast, Coalesce, Greatest
from django.utils import timezone

from .audit import record_change
from .models import AuditEvent, OutboundEmail

ANONYMISED_DOMAIN = "anonymised.invalid"
PERSON_TARGET = "organisations.person"
DEFAULT_RETENTION_DAYS = 2190  # six years after someone leaves

SUBJECT_ACCESS_SECTIONS: dict[str, Callable[[Any], Any]] = {}
RETENTION_STEPS: list[Callable[[Any, str], dict[str, int]]] = []


def subject_access_section(name: str):
    """Register `function(person) -> JSON-able data` as a section of the subject access report."""

    def register(function):
        SUBJECT_ACCESS_SECTIONS[name] = function
        return function

    return register


def retention_step(function):
    """Register `function(person, old_email) -> {what: how many}`, run when a person is
    anonymised, inside the same transaction."""
    RETENTION_STEPS.append(function)
    return function


def retention_days() -> int:
    return int(getattr(settings, "HUB_RETENTION_DAYS", DEFAULT_RETENTION_DAYS))


# --- Subject access -----------------------------------------------------------------------


def _when(value):
    return value.isoformat() if value else None


def _audit_rows(events) -> list[dict]:
    return [
        {
            "occurred_at": _when(event.occurred_at),
            "actor": event.actor_label,
            "verb": event.verb,
            "record_type": event.target_type,
            "record_id": event.target_id,
            "record": event.target_label,
            "details": event.payload,
        }
        for event in events.order_by("occurred_at", "id").iterator(chunk_size=2000)
    ]


@subject_access_section("profile")
def _profile(person) -> dict:
    return {
        "id": person.pk,
        "email": person.email,
        "full_name": person.full_name,
        "job_title": person.job_title,
        "phone": person.phone,
        "agency": person.agency.name if person.agency else None,
        "agency_confirmed": person.agency_confirmed,
        "line_manager": str(person.line_manager) if person.line_manager else None,
        "is_active": person.is_active,
        "is_staff": person.is_staff,
        "date_joined": _when(person.date_joined),
        "last_login": _when(person.last_login),
    }


@subject_access_section("roles")
def _roles(person) -> list[dict]:
    return [
        {
            "role": assignment.get_role_display(),
            "board": str(assignment.board) if assignment.board else None,
            "area": str(assignment.area) if assignment.area else None,
            "agency": str(assignment.agency) if assignment.agency else None,
            "since": _when(assignment.created_at),
        }
        for assignment in person.roles.select_related("board", "area", "agency")
    ]


@subject_access_section("sign_in")
def _sign_in(person) -> dict:
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator

    return {
        "email_addresses": [
            {"email": address.email, "verified": address.verified, "primary": address.primary}
            for address in EmailAddress.objects.filter(user=person).order_by("pk")
        ],
        # Which kinds of second factor are set up, never their secrets.
        "authenticators": [
            {"type": kind, "created_at": _when(created)}
            for kind, created in Authenticator.objects.filter(user=person)
            .order_by("pk")
            .values_list("type", "created_at")
        ],
    }


@subject_access_section("audit_events_by_them")
def _audit_by(person) -> list[dict]:
    return _audit_rows(AuditEvent.objects.filter(actor_id=person.pk))


@subject_access_section("audit_events_about_them")
def _audit_about(person) -> list[dict]:
    return _audit_rows(
        AuditEvent.objects.filter(target_type=PERSON_TARGET, target_id=str(person.pk))
    )


@subject_access_section("emails_to_them")
def _emails(person) -> list[dict]:
    return [
        {
            "subject": message.subject,
            "purpose": message.purpose,
            "status": message.get_status_display(),
            "created_at": _when(message.created_at),
            "sent_at": _when(message.sent_at),
            "body": message.body_text,
        }
        for message in OutboundEmail.objects.filter(recipient=person.email.lower()).order_by(
            "created_at", "id"
        )
    ]


def subject_access_report(person, *, requested_by=None, reason: str = "") -> dict[str, Any]:
    """Everything the hub holds about `person`, by section; the export itself is audited."""
    report = {
        "generated_at": timezone.now().isoformat(),
        "person_id": person.pk,
        **{name: section(person) for name, section in SUBJECT_ACCESS_SECTIONS.items()},
    }
    record_change(
        requested_by,
        "personal data exported",
        person,
        {"reason": reason, "sections": sorted(SUBJECT_ACCESS_SECTIONS)},
    )
    return report


# --- Retention ----------------------------------------------------------------------------


def is_anonymised(person) -> bool:
    return person.email.endswith(f"@{ANONYMISED_DOMAIN}")


def due_for_anonymising(now=None, days: int | None = None):
    """People deactivated more than `days` ago and not yet anonymised.

    "Deactivated at" is the latest of: the audit trail's "person deactivated" event, their
    last sign-in and the day they joined, so a person without a recorded deactivation is
    judged by the last sign of activity.
    """
    Person = get_user_model()
    now = now or timezone.now()
    cutoff = now - timedelta(days=retention_days() if days is None else days)
    deactivated = AuditEvent.objects.filter(
        target_type=PERSON_TARGET,
        target_id=Cast(OuterRef("pk"), CharField()),
        verb="person deactivated",
    ).order_by("-occurred_at")
    epoch = Value(datetime(1970, 1, 1, tzinfo=UTC), DateTimeField())
    return (
        Person.objects.filter(is_active=False)
        .exclude(email__endswith=f"@{ANONYMISED_DOMAIN}")
        .annotate(
            deactivated_at=Subquery(deactivated.values("occurred_at")[:1]),
            last_activity=Greatest(
                Coalesce("deactivated_at", epoch),
                Coalesce("last_login", epoch),
                "date_joined",
            ),
        )
        .filter(last_activity__lt=cutoff)
        .order_by("pk")
    )


@retention_step
def _forget_sign_in(person, old_email: str) -> dict[str, int]:
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator
    from rest_framework.authtoken.models import Token

    removed = {
        "email addresses": EmailAddress.objects.filter(user=person).delete()[0],
        "authenticators": Authenticator.objects.filter(user=person).delete()[0],
        "API tokens": Token.objects.filter(user=person).delete()[0],
    }
    try:
        from axes.models import AccessAttempt, AccessFailureLog, AccessLog
    except ImportError:  # pragma: no cover - axes is installed
        return removed
    removed["sign-in records"] = sum(
        model.objects.filter(Q(username__iexact=old_email)).delete()[0]
        for model in (AccessAttempt, AccessFailureLog, AccessLog)
    )
    return removed


@retention_step
def _forget_emails(person, old_email: str) -> dict[str, int]:
    return {"e-mails": OutboundEmail.objects.filter(recipient=old_email.lower()).delete()[0]}


@retention_step
def _forget_roles(person, old_email: str) -> dict[str, int]:
    return {"roles": person.roles.all().delete()[0]}


@transaction.atomic
def anonymise_person(person, *, acting_user=None, reason: str = "retention") -> AuditEvent:
    """Replace `person`'s identifying details and remove what only identifies them.

    The person row stays (audit rows and other records point at it) under a neutral name.
    """
    old_email = person.email
    removed: dict[str, int] = {}
    for step in RETENTION_STEPS:
        removed.update(step(person, old_email))
    person.full_name = f"Former member of staff {person.pk}"
    person.email = f"person-{person.pk}@{ANONYMISED_DOMAIN}"
    person.phone = ""
    person.job_title = ""
    person.line_manager = None
    person.is_active = False
    person.is_staff = False
    person.is_superuser = False
    person.set_unusable_password()
    person.save()
    person.forget_roles()
    return record_change(
        acting_user,
        "person anonymised",
        person,
        {"reason": reason, "removed": {key: count for key, count in removed.items() if count}},
    )


def apply_retention(*, now=None, days: int | None = None, dry_run: bool = False) -> list[int]:
    """Anonymise everyone past the retention period; returns their ids. Each person is done in
    their own transaction, so a failure leaves the others done and is safe to run again."""
    days = retention_days() if days is None else days
    ids = list(due_for_anonymising(now, days).values_list("pk", flat=True))
    if dry_run:
        return ids
    Person = get_user_model()
    for pk in ids:
        anonymise_person(
            Person.objects.get(pk=pk), reason=f"retention: deactivated over {days} days ago"
        )
    return ids
