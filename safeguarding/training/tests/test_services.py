from datetime import date, timedelta
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from safeguarding.core.models import AuditEvent
from safeguarding.training import services
from safeguarding.training.models import ALLOWED_TRANSITIONS, Application, Status
from safeguarding.training.services import default_booking_close

from .conftest import apply_and_approve, last_email_pk, make_session, mark_when_it_starts, queued

pytestmark = pytest.mark.django_db


def test_booking_closes_three_working_days_before_skipping_bank_holidays():
    # Tuesday 29 December 2026: Christmas Day and the Boxing Day substitute (28th) are skipped.
    assert default_booking_close(date(2026, 12, 29)) == date(2026, 12, 22)
    # Thursday: three weekdays back is the Monday.
    assert default_booking_close(date(2026, 12, 3)) == date(2026, 11, 30)


def test_session_gets_default_booking_close(session):
    assert session.booking_closes == default_booking_close(session.start_date)


def test_applying_asks_the_line_manager_by_email(applicant, manager, session):
    application = services.apply(applicant, session, reason="Need it", line_manager=manager)
    assert application.status == Status.AWAITING_APPROVAL
    assert [m.recipient for m in queued()] == [manager.email]
    assert "/training/approvals/" in queued()[0].body_text
    verbs = list(
        AuditEvent.objects.filter(target_type="training.application")
        .order_by("pk")
        .values_list("verb", flat=True)
    )
    assert verbs == ["application made", "application sent for approval"]


def test_applying_twice_is_refused(applicant, manager, session):
    services.apply(applicant, session, reason="Need it", line_manager=manager)
    with pytest.raises(ValidationError) as error:
        services.apply(applicant, session, reason="Again", line_manager=manager)
    assert "session" in error.value.message_dict


def test_reason_is_required(applicant, manager, session):
    with pytest.raises(ValidationError) as error:
        services.apply(applicant, session, reason=" ", line_manager=manager)
    assert error.value.message_dict["reason"] == ["Enter why you want to attend"]


def test_without_a_line_manager_it_stays_applied_for_the_business_unit(
    applicant, session, business_unit
):
    application = services.apply(applicant, session, reason="Need it", line_manager=None)
    assert application.status == Status.APPLIED
    assert queued()[0].recipient == business_unit.email
    services.approve(business_unit, application)
    application.refresh_from_db()
    assert application.status == Status.CONFIRMED


def test_only_the_named_line_manager_or_business_unit_may_approve(
    applicant, manager, session, make_person
):
    application = services.apply(applicant, session, reason="Need it", line_manager=manager)
    stranger = make_person("practitioner")
    with pytest.raises(PermissionDenied):
        services.approve(stranger, application)
    with pytest.raises(PermissionDenied):
        services.approve(applicant, application)


def test_places_go_in_order_of_approval_then_the_waiting_list(applicant, manager, staff, session):
    people = [applicant, *staff[:3]]
    results = [apply_and_approve(person, session, manager) for person in people]
    assert [a.status for a in results] == [
        Status.CONFIRMED,
        Status.CONFIRMED,
        Status.WAITING,
        Status.WAITING,
    ]


def test_a_freed_place_is_offered_to_the_first_waiting_and_can_be_accepted(
    applicant, manager, staff, session
):
    first, second, third, fourth = (
        apply_and_approve(p, session, manager) for p in [applicant, *staff[:3]]
    )
    mark = last_email_pk()
    services.cancel(applicant, first)
    third.refresh_from_db()
    fourth.refresh_from_db()
    assert third.status == Status.OFFERED
    assert fourth.status == Status.WAITING
    assert third.offer_expires_at == third.offered_at + timedelta(hours=48)
    assert [m.recipient for m in queued(mark)] == [third.applicant.email]
    services.accept_offer(third.applicant, third)
    third.refresh_from_db()
    assert third.status == Status.CONFIRMED


def test_an_unanswered_offer_expires_and_moves_on(applicant, manager, staff, session):
    first, _, third, fourth = (
        apply_and_approve(p, session, manager) for p in [applicant, *staff[:3]]
    )
    services.cancel(applicant, first)
    with time_machine.travel(timezone.now() + timedelta(hours=49)):
        from safeguarding.training.sweeps import expire_training_offers

        assert expire_training_offers() == 1
        assert expire_training_offers() == 0  # safe to run twice
    third.refresh_from_db()
    fourth.refresh_from_db()
    assert third.status == Status.EXPIRED_OFFER
    assert fourth.status == Status.OFFERED


def test_the_state_machine_refuses_moves_not_in_the_table(applicant, manager, session):
    application = services.apply(applicant, session, reason="Need it", line_manager=manager)
    with pytest.raises(services.TransitionError):
        services.transition(manager, application, Status.ATTENDED)
    application.refresh_from_db()
    assert application.status == Status.AWAITING_APPROVAL


def test_every_status_has_a_row_in_the_table():
    assert set(ALLOWED_TRANSITIONS) == set(Status.values)
    for targets in ALLOWED_TRANSITIONS.values():
        assert targets <= set(Status.values)


def test_decline_needs_a_reason_and_tells_the_applicant(applicant, manager, session):
    application = services.apply(applicant, session, reason="Need it", line_manager=manager)
    with pytest.raises(ValidationError):
        services.decline(manager, application, "")
    mark = last_email_pk()
    services.decline(manager, application, "Not this quarter")
    application.refresh_from_db()
    assert application.status == Status.DECLINED
    assert queued(mark)[0].recipient == applicant.email
    assert "Not this quarter" in queued(mark)[0].body_text


def test_business_unit_can_override_a_decline_and_a_full_session(
    applicant, manager, staff, session, business_unit
):
    for person in staff[:2]:
        apply_and_approve(person, session, manager)
    application = services.apply(applicant, session, reason="Need it", line_manager=manager)
    services.decline(manager, application, "No cover")
    services.override_confirm(business_unit, application, "Essential for the role")
    application.refresh_from_db()
    assert application.status == Status.CONFIRMED
    with pytest.raises(PermissionDenied):
        services.override_confirm(manager, application)


def test_late_cancellation_and_absence_are_charged_by_contribution_status(
    applicant, manager, make_person, nursery, business_unit, course
):
    session = make_session(business_unit, course, days=20, capacity=5)
    mine = apply_and_approve(applicant, session, manager)
    nursery_manager = make_person("practitioner", agency=nursery)
    private = make_person("practitioner", agency=nursery, line_manager=nursery_manager)
    theirs = apply_and_approve(private, session, nursery_manager)
    with time_machine.travel(timezone.now() + timedelta(days=19)):
        services.cancel(applicant, mine)
    mine.refresh_from_db()
    assert (mine.charge, mine.charge_reason) == (Decimal("50.00"), "Late cancellation")
    with time_machine.travel(timezone.now() + timedelta(days=21)):
        mark = last_email_pk()
        services.mark_attendance(business_unit, theirs, attended=False)
    theirs.refresh_from_db()
    assert (theirs.status, theirs.charge) == (Status.ABSENT, Decimal("90.00"))
    assert queued(mark)[0].recipient == nursery_manager.email  # their line manager is told


def test_cancelling_before_booking_closes_costs_nothing(applicant, manager, session):
    application = apply_and_approve(applicant, session, manager)
    services.cancel(applicant, application)
    application.refresh_from_db()
    assert application.status == Status.CANCELLED
    assert application.charge is None


def test_attendance_gives_a_certificate_code_and_asks_for_feedback(
    applicant, manager, session, business_unit
):
    application = apply_and_approve(applicant, session, manager)
    mark = last_email_pk()
    mark_when_it_starts(business_unit, application, attended=True)
    application.refresh_from_db()
    assert application.status == Status.ATTENDED
    assert len(application.certificate_code) == 14
    assert "/feedback/" in queued(mark)[0].body_text
    feedback = services.submit_feedback(applicant, application, overall=5, outcomes_met=4)
    assert feedback.application == application
    with pytest.raises(ValidationError):
        services.submit_feedback(applicant, application, overall=5, outcomes_met=4)


def test_only_the_business_unit_marks_the_register(applicant, manager, session):
    application = apply_and_approve(applicant, session, manager)
    with pytest.raises(PermissionDenied):
        services.mark_attendance(manager, application, attended=True)


def test_a_failed_write_leaves_nothing_behind(applicant, manager, session, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("outbox down")

    monkeypatch.setattr(services, "queue_email", broken)
    with pytest.raises(RuntimeError):
        services.apply(applicant, session, reason="Need it", line_manager=manager)
    assert not Application.objects.exists()
    assert not AuditEvent.objects.filter(target_type="training.application").exists()


def test_expiry_of_attended_training(applicant, manager, session, business_unit):
    application = apply_and_approve(applicant, session, manager)
    mark_when_it_starts(business_unit, application, attended=True)
    application.refresh_from_db()
    start = session.start_date
    expires = application.expires_on()
    assert expires.year - start.year == 3
    assert expires.month == start.month


def test_subject_access_section(applicant, manager, session):
    from safeguarding.core.data_protection import SUBJECT_ACCESS_SECTIONS

    apply_and_approve(applicant, session, manager)
    report = SUBJECT_ACCESS_SECTIONS["training"](applicant)
    assert report["applications"][0]["reason"] == "For my work"
    assert SUBJECT_ACCESS_SECTIONS["training"](manager)["decided_as_line_manager"]


def test_confirmation_is_sent_with_a_calendar_invitation(
    applicant, manager, session, django_capture_on_commit_callbacks
):
    from django.core import mail

    with django_capture_on_commit_callbacks(execute=True):
        apply_and_approve(applicant, session, manager)
    confirmation = next(m for m in mail.outbox if m.subject.startswith("Place confirmed"))
    assert confirmation.to == [applicant.email]
    filename, content, mimetype = confirmation.attachments[0]
    assert (filename, mimetype) == (f"training-{session.pk}.ics", "text/calendar; method=REQUEST")
    assert "BEGIN:VEVENT" in content


def test_business_unit_cancels_a_session_and_everyone_is_told(
    applicant, manager, staff, session, business_unit
):
    apply_and_approve(applicant, session, manager)
    for person in staff[:2]:
        apply_and_approve(person, session, manager)
    with pytest.raises(PermissionDenied):
        services.cancel_session(manager, session, "Trainer ill")
    with pytest.raises(ValidationError):
        services.cancel_session(business_unit, session, "")
    mark = last_email_pk()
    assert services.cancel_session(business_unit, session, "Trainer ill") == 3
    assert set(Application.objects.values_list("status", flat=True)) == {Status.CANCELLED}
    assert not Application.objects.filter(charge__isnull=False).exists()
    assert len(queued(mark, purpose="training.session_cancelled")) == 3
    assert services.cancel_session(business_unit, session, "Again") == 0


def test_more_places_are_offered_to_those_waiting_and_fewer_than_taken_refused(
    applicant, manager, staff, session, business_unit
):
    rows = [apply_and_approve(p, session, manager) for p in [applicant, *staff[:3]]]
    with pytest.raises(ValidationError) as error:
        services.update_session(business_unit, session, capacity=1)
    assert "2 places are already taken" in error.value.message_dict["capacity"][0]
    services.update_session(business_unit, session, capacity=3)
    for row in rows:
        row.refresh_from_db()
    assert [row.status for row in rows] == [
        Status.CONFIRMED,
        Status.CONFIRMED,
        Status.OFFERED,
        Status.WAITING,
    ]
    with pytest.raises(PermissionDenied):
        services.update_course(manager, session.course, title="Mine now")
    services.update_course(business_unit, session.course, title="Neglect: recognising it")
    assert AuditEvent.objects.filter(verb="course changed").exists()


def test_the_register_opens_when_the_session_starts(applicant, manager, session, business_unit):
    """Marking someone absent charges their agency, so nobody is marked (either way) before
    the session has begun; from its start the register is open."""
    application = apply_and_approve(applicant, session, manager)
    mark = last_email_pk()
    for moment in (timezone.now(), session.starts_at - timedelta(seconds=1)):
        with time_machine.travel(moment, tick=False):
            for attended in (False, True):
                with pytest.raises(ValidationError) as refused:
                    services.mark_attendance(business_unit, application, attended=attended)
                assert "register opens when the session starts" in refused.value.messages[0]
    application.refresh_from_db()
    assert (application.status, application.charge, application.charge_reason) == (
        Status.CONFIRMED,
        None,
        "",
    )
    assert not queued(mark)
    with time_machine.travel(session.starts_at, tick=False):
        services.mark_attendance(business_unit, application, attended=False)
    application.refresh_from_db()
    assert (application.status, application.charge_reason) == (Status.ABSENT, "Absence")
