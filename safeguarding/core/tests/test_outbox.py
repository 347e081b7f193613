import threading
from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection, transaction
from django.test import override_settings

from safeguarding.core import outbox
from safeguarding.core.models import OutboundEmail
from safeguarding.core.outbox import MAX_ATTEMPTS, claim, queue_email, send_pending
from safeguarding.core.tasks import send_outbound_email
from safeguarding.core.tests.mail_backends import NotesStatusAtCloseBackend, WorkerKilled

REFUSING = "safeguarding.core.tests.mail_backends.RefusingBackend"
BACKENDS = "safeguarding.core.tests.mail_backends."


def test_a_queued_message_is_sent_after_the_change_commits(
    db, notice, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert queue_email(**notice) is True
        assert mail.outbox == []  # nothing leaves before the commit

    assert len(callbacks) == 1
    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert sent.to == ["lead@agency.example"]
    assert sent.subject == "A notice"
    assert "Something happened." in sent.body
    assert sent.alternatives[0][1] == "text/html"
    row = OutboundEmail.objects.get()
    assert row.status == OutboundEmail.Status.SENT
    assert row.sent_at is not None
    assert row.attempts == 1


@transaction.atomic
def _change_that_fails_after_queuing(notice):
    queue_email(**notice)
    raise RuntimeError("the change failed")


def test_a_queued_message_rolls_back_with_the_change(
    db, notice, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
    ):
        _change_that_fails_after_queuing(notice)

    assert callbacks == []
    assert not OutboundEmail.objects.exists()
    assert mail.outbox == []


def test_queuing_the_same_message_twice_sends_it_once(
    db, notice, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with transaction.atomic():
            assert queue_email(**notice) is True
            # Same purpose, recipient (any case) and object: ignored, and the
            # surrounding transaction is still usable afterwards.
            assert queue_email(**{**notice, "recipient": "lead@AGENCY.example"}) is False
            OutboundEmail.objects.count()
        assert queue_email(**notice) is False

    assert len(callbacks) == 1
    assert OutboundEmail.objects.count() == 1
    assert len(mail.outbox) == 1


def test_a_different_object_is_a_different_message(db, notice, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        queue_email(**notice)
        queue_email(**{**notice, "object_key": "person:2"})
    assert len(mail.outbox) == 2


def test_the_send_task_sends_exactly_once(db, notice):
    queue_email(**notice)  # on_commit never fires inside the test's transaction
    pk = OutboundEmail.objects.get().pk

    first = send_outbound_email.enqueue(pk)
    second = send_outbound_email.enqueue(pk)

    assert first.return_value is True
    assert second.return_value is False
    assert len(mail.outbox) == 1


def test_the_sweep_sends_what_the_queue_missed(db, notice):
    queue_email(**notice)
    assert send_pending() == 1
    assert send_pending() == 0
    assert len(mail.outbox) == 1


def test_a_message_abandoned_by_a_killed_worker_is_released_and_sent_once(
    db, notice, settings, time_machine
):
    time_machine.move_to("2026-03-20 10:00Z", tick=False)
    queue_email(**notice)
    pk = OutboundEmail.objects.get().pk
    assert claim(pk) is not None  # the worker took it ... and died before sending

    # Within the timeout the claim is respected: the worker may still be sending.
    time_machine.shift(settings.HUB_OUTBOX_SENDING_TIMEOUT - timedelta(seconds=1))
    assert send_pending() == 0
    assert mail.outbox == []

    time_machine.move_to("2026-03-20 10:00Z", tick=False)
    time_machine.shift(settings.HUB_OUTBOX_SENDING_TIMEOUT + timedelta(seconds=1))
    assert send_pending() == 1
    assert send_pending() == 0
    assert len(mail.outbox) == 1
    row = OutboundEmail.objects.get()
    assert row.status == OutboundEmail.Status.SENT
    assert row.attempts == 2


def test_a_late_worker_cannot_overwrite_a_newer_claim(db, notice, settings, time_machine):
    time_machine.move_to("2026-03-20 10:00Z", tick=False)
    queue_email(**notice)
    pk = OutboundEmail.objects.get().pk
    stale_claim = claim(pk)
    time_machine.shift(settings.HUB_OUTBOX_SENDING_TIMEOUT + timedelta(minutes=1))
    assert send_pending() == 1

    # The first worker wakes up: its claim is no longer the row's, so it sends nothing.
    assert outbox.send_claimed(pk, stale_claim) is False
    assert len(mail.outbox) == 1
    assert OutboundEmail.objects.get().status == OutboundEmail.Status.SENT


def test_a_half_sent_message_is_released_after_the_short_sending_timeout(
    db, notice, settings, time_machine
):
    """Not after the (much longer) task timeout: a killed worker's message waits minutes."""
    assert settings.HUB_OUTBOX_SENDING_TIMEOUT < settings.HUB_TASK_TIMEOUT
    time_machine.move_to("2026-03-20 10:00Z", tick=False)
    queue_email(**notice)
    claim(OutboundEmail.objects.get().pk)
    time_machine.shift(settings.HUB_OUTBOX_SENDING_TIMEOUT + timedelta(seconds=1))
    assert send_pending() == 1
    assert OutboundEmail.objects.get().status == OutboundEmail.Status.SENT


def test_every_attempt_at_a_message_carries_the_same_message_id(db, notice, settings, time_machine):
    time_machine.move_to("2026-03-20 10:00Z", tick=False)
    queue_email(**notice)
    pk = OutboundEmail.objects.get().pk
    with (
        override_settings(EMAIL_BACKEND=BACKENDS + "AcceptsThenWorkerDiesBackend"),
        pytest.raises(WorkerKilled),
    ):
        outbox.send_one(pk)  # the mail server has it; the worker died before recording so
    assert OutboundEmail.objects.get().status == OutboundEmail.Status.SENDING

    time_machine.shift(settings.HUB_OUTBOX_SENDING_TIMEOUT + timedelta(seconds=1))
    assert send_pending() == 1

    # The one duplicate no design can rule out is recognisably the same message.
    first, second = (sent.message() for sent in mail.outbox)
    assert first["Message-ID"] == second["Message-ID"]
    assert first["Message-ID"].endswith("@safeguarding-board.example>")
    queue_email(**{**notice, "object_key": "person:2"})
    send_pending()
    assert mail.outbox[2].message()["Message-ID"] != first["Message-ID"]


@override_settings(EMAIL_BACKEND=BACKENDS + "NotesStatusAtCloseBackend")
def test_a_message_is_recorded_as_sent_before_the_connection_is_closed(db, notice):
    """SMTP's goodbye (QUIT) waits for the server: it comes after the record, not before."""
    NotesStatusAtCloseBackend.statuses_at_close.clear()
    queue_email(**notice)
    assert send_pending() == 1
    assert NotesStatusAtCloseBackend.statuses_at_close == [OutboundEmail.Status.SENT]


@override_settings(EMAIL_BACKEND=BACKENDS + "FailingGoodbyeBackend")
def test_a_failed_goodbye_after_sending_leaves_the_message_sent(db, notice):
    queue_email(**notice)
    assert send_pending() == 1
    assert OutboundEmail.objects.get().status == OutboundEmail.Status.SENT


@override_settings(EMAIL_BACKEND=REFUSING)
def test_a_failure_is_retried_then_marked_failed_after_max_attempts(db, notice, time_machine):
    time_machine.move_to("2026-03-20 10:00Z", tick=False)
    queue_email(**notice)

    for attempt in range(1, MAX_ATTEMPTS + 1):
        assert send_pending() == 0
        row = OutboundEmail.objects.get()
        assert row.attempts == attempt
        assert "Connection unexpectedly closed" in row.last_error
        expected = (
            OutboundEmail.Status.FAILED if attempt == MAX_ATTEMPTS else OutboundEmail.Status.PENDING
        )
        assert row.status == expected
        # Straight away nothing is retried: each retry waits a little longer.
        assert send_pending() == 0
        assert OutboundEmail.objects.get().attempts == attempt
        time_machine.shift(outbox.RETRY_DELAY * attempt + timedelta(seconds=1))

    time_machine.shift(timedelta(days=1))
    send_pending()
    assert OutboundEmail.objects.get().attempts == MAX_ATTEMPTS


def test_a_retry_after_a_failure_sends_once(db, notice, time_machine):
    time_machine.move_to("2026-03-20 10:00Z", tick=False)
    queue_email(**notice)
    with override_settings(EMAIL_BACKEND=REFUSING):
        send_pending()
    assert mail.outbox == []
    time_machine.shift(outbox.RETRY_DELAY + timedelta(seconds=1))
    assert send_pending() == 1
    assert len(mail.outbox) == 1
    assert OutboundEmail.objects.get().last_error == ""


def test_an_abandoned_message_with_no_attempts_left_is_failed(db, notice, settings, time_machine):
    time_machine.move_to("2026-03-20 10:00Z", tick=False)
    queue_email(**notice)
    OutboundEmail.objects.update(attempts=MAX_ATTEMPTS - 1)
    claim(OutboundEmail.objects.get().pk)
    time_machine.shift(settings.HUB_OUTBOX_SENDING_TIMEOUT + timedelta(seconds=1))

    assert send_pending() == 0
    row = OutboundEmail.objects.get()
    assert row.status == OutboundEmail.Status.FAILED
    assert "stopped" in row.last_error
    assert mail.outbox == []


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_senders_never_send_a_message_twice(notice):
    for number in range(30):
        queue_email(**{**notice, "object_key": f"person:{number}"})
    start = threading.Barrier(4)
    errors = []

    def sender():
        try:
            start.wait()
            send_pending()
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=sender) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert len(mail.outbox) == 30
    assert OutboundEmail.objects.filter(status=OutboundEmail.Status.SENT).count() == 30
    assert set(OutboundEmail.objects.values_list("attempts", flat=True)) == {1}


def test_an_administrator_can_send_failed_messages_again(client, db, notice):
    from safeguarding.organisations.models import Person

    admin_user = Person.objects.create_superuser("root@board.example", "a-long-password-123")
    queue_email(**notice)
    OutboundEmail.objects.update(status=OutboundEmail.Status.FAILED, attempts=MAX_ATTEMPTS)
    client.force_login(admin_user)

    listing = client.get("/admin/core/outboundemail/")
    assert listing.status_code == 200
    response = client.post(
        "/admin/core/outboundemail/",
        {"action": "send_again", "_selected_action": [OutboundEmail.objects.get().pk]},
    )

    assert response.status_code == 302
    row = OutboundEmail.objects.get()
    assert (row.status, row.attempts) == (OutboundEmail.Status.PENDING, 0)
    assert send_pending() == 1
    assert len(mail.outbox) == 1


def test_a_mail_timeout_longer_than_half_the_sending_timeout_is_flagged(settings):
    from safeguarding.core.checks import email_timeout_inside_sending_timeout

    assert email_timeout_inside_sending_timeout(None) == []
    settings.EMAIL_TIMEOUT = settings.HUB_OUTBOX_SENDING_TIMEOUT.total_seconds()
    assert [w.id for w in email_timeout_inside_sending_timeout(None)] == ["hub.W001"]
    settings.EMAIL_TIMEOUT = None  # Django's default: wait for ever
    assert [w.id for w in email_timeout_inside_sending_timeout(None)] == ["hub.W001"]
