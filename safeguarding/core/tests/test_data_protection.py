import json
from datetime import UTC, datetime, timedelta

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.core.management import CommandError, call_command
from django.utils import timezone

from safeguarding.core.audit import record_change
from safeguarding.core.data_protection import apply_retention, subject_access_report
from safeguarding.core.models import AuditEvent, OutboundEmail
from safeguarding.core.outbox import queue_email


def _mail_to(person, key="person:1"):
    queue_email(
        purpose="training.place_confirmed",
        recipient=person.email,
        object_key=key,
        subject="Your place is confirmed",
        template="emails/core/notice",
        context={"message": "See you on 20 March 2015."},
    )


@pytest.fixture
def subject(make_person, children_board, business_unit):
    person = make_person("board_member", board=children_board, phone="01772 000000")
    Authenticator.objects.create(
        user=person, type=Authenticator.Type.TOTP, data={"secret": "TOPSECRETSEED"}
    )
    record_change(person, "agency updated", business_unit)  # something they did
    record_change(business_unit, "person updated", person, {"job_title": ["a", "b"]})
    _mail_to(person)
    _mail_to(business_unit)  # someone else's mail
    return person


def test_the_report_holds_everything_about_the_person(subject, business_unit):
    report = subject_access_report(subject, reason="request of 20 March 2015")

    assert report["profile"]["email"] == subject.email
    assert report["profile"]["phone"] == "01772 000000"
    assert report["profile"]["agency"] == subject.agency.name
    assert [role["role"] for role in report["roles"]] == ["Board member"]
    assert report["sign_in"]["email_addresses"][0]["email"] == subject.email
    assert report["sign_in"]["authenticators"][0]["type"] == "totp"
    assert [event["verb"] for event in report["audit_events_by_them"]] == ["agency updated"]
    assert [event["verb"] for event in report["audit_events_about_them"]] == ["person updated"]
    assert [mail["subject"] for mail in report["emails_to_them"]] == ["Your place is confirmed"]
    text = json.dumps(report)
    assert "TOPSECRETSEED" not in text
    assert business_unit.email not in text  # nobody else's mail


def test_the_export_is_audited(subject):
    subject_access_report(subject, reason="request of 20 March 2015")
    event = AuditEvent.objects.get(verb="personal data exported")
    assert event.target_id == str(subject.pk)
    assert event.payload["reason"] == "request of 20 March 2015"


def test_export_person_data_writes_json_to_the_screen(subject, capsys):
    call_command("export_person_data", subject.email.upper())
    report = json.loads(capsys.readouterr().out)
    assert report["person_id"] == subject.pk


def test_export_person_data_writes_json_to_a_file(subject, tmp_path):
    target = tmp_path / "sar.json"
    call_command("export_person_data", subject.email, "--output", str(target))
    assert json.loads(target.read_text())["profile"]["full_name"] == subject.full_name


def test_export_person_data_explains_an_unknown_address(db):
    with pytest.raises(CommandError, match="Nobody in the hub"):
        call_command("export_person_data", "nobody@example.com")


# --- Retention ----------------------------------------------------------------------------

NOW = datetime(2026, 3, 20, 12, 0, tzinfo=UTC)


def _deactivated(person, when):
    person.is_active = False
    person.save()
    AuditEvent.objects.create(
        occurred_at=when,
        actor_label="Business unit",
        verb="person deactivated",
        target_type="organisations.person",
        target_id=str(person.pk),
        target_label=person.full_name,
    )
    return person


@pytest.fixture
def people(make_person, children_board):
    long_gone = _deactivated(
        make_person(
            "business_unit",
            board=children_board,
            phone="07700 900000",
            date_joined=NOW - timedelta(days=4000),
        ),
        NOW - timedelta(days=2200),
    )
    recently_left = _deactivated(
        make_person("practitioner", date_joined=NOW - timedelta(days=4000)),
        NOW - timedelta(days=300),
    )
    active_for_years = make_person("practitioner", date_joined=NOW - timedelta(days=4000))
    never_recorded = make_person(
        is_active=False,
        date_joined=NOW - timedelta(days=4000),
        last_login=NOW - timedelta(days=3000),
    )
    signed_in_lately = make_person(
        is_active=False,
        date_joined=NOW - timedelta(days=4000),
        last_login=NOW - timedelta(days=10),
    )
    _mail_to(long_gone)
    return {
        "long_gone": long_gone,
        "recently_left": recently_left,
        "active_for_years": active_for_years,
        "never_recorded": never_recorded,
        "signed_in_lately": signed_in_lately,
    }


def test_retention_anonymises_only_people_who_left_long_ago(people):
    ids = apply_retention(now=NOW, days=2190)
    assert sorted(ids) == sorted([people["long_gone"].pk, people["never_recorded"].pk])


def test_anonymising_replaces_identity_and_keeps_the_trail(people):
    person = people["long_gone"]
    old_name, old_email = person.full_name, person.email
    trail_before = AuditEvent.objects.count()

    apply_retention(now=NOW, days=2190)

    person.refresh_from_db()
    assert person.full_name == f"Former member of staff {person.pk}"
    assert person.email.endswith("@anonymised.invalid")
    assert person.phone == ""
    assert person.job_title == ""
    assert not person.has_usable_password()
    assert not person.roles.exists()
    assert not EmailAddress.objects.filter(user=person).exists()
    assert not OutboundEmail.objects.filter(recipient=old_email).exists()
    # Nothing removed from the trail; one event added per person anonymised.
    assert AuditEvent.objects.count() == trail_before + 2
    event = AuditEvent.objects.get(verb="person anonymised", target_id=str(person.pk))
    assert event.actor is None
    assert event.actor_label == "System"
    assert event.payload["removed"]["roles"] == 1
    assert event.payload["removed"]["e-mails"] == 1
    assert old_name not in json.dumps(event.payload) + event.target_label
    assert old_email not in json.dumps(event.payload)


def test_retention_is_safe_to_run_again(people):
    apply_retention(now=NOW, days=2190)
    assert apply_retention(now=NOW, days=2190) == []
    assert AuditEvent.objects.filter(verb="person anonymised").count() == 2


def test_the_command_reports_and_a_dry_run_changes_nothing(people, capsys, time_machine):
    time_machine.move_to(NOW, tick=False)
    call_command("apply_retention", "--dry-run")
    assert "2 people would be anonymised (deactivated over 2190 days ago)" in (
        capsys.readouterr().out
    )
    assert not AuditEvent.objects.filter(verb="person anonymised").exists()

    call_command("apply_retention")
    assert "2 people anonymised" in capsys.readouterr().out
    assert AuditEvent.objects.filter(verb="person anonymised").count() == 2


def test_the_retention_period_comes_from_settings(people, settings):
    settings.HUB_RETENTION_DAYS = 200
    ids = apply_retention(now=NOW)
    assert people["recently_left"].pk in ids
    assert timezone.now()  # the real clock is untouched
