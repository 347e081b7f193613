from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from safeguarding.core.home import items_for
from safeguarding.training import services, sweeps
from safeguarding.training.models import Status

from .conftest import apply_and_approve, last_email_pk, make_session, mark_when_it_starts, queued

pytestmark = pytest.mark.django_db


def test_reminders_go_14_and_2_days_before_each_once(applicant, manager, business_unit, course):
    session = make_session(business_unit, course, days=20)
    apply_and_approve(applicant, session, manager)
    mark = last_email_pk()
    assert sweeps.send_training_reminders() == 0
    with time_machine.travel(timezone.now() + timedelta(days=7)):
        sweeps.send_training_reminders()
        sweeps.send_training_reminders()
    assert [m.purpose for m in queued(mark)] == ["training.reminder_14_days"]
    assert f"/training/sessions/{session.pk}/session.ics" in queued(mark)[0].body_text
    attachment = queued(mark)[0].attachments[0]
    assert attachment["mimetype"] == "text/calendar; method=REQUEST"
    assert "BEGIN:VEVENT" in attachment["content"]
    with time_machine.travel(timezone.now() + timedelta(days=19)):
        sweeps.send_training_reminders()
        sweeps.send_training_reminders()
    assert [m.purpose for m in queued(mark)] == [
        "training.reminder_14_days",
        "training.reminder_2_days",
    ]


def test_booking_two_days_before_gets_one_reminder(applicant, manager, business_unit, course):
    session = make_session(business_unit, course, days=20)
    services.update_session(business_unit, session, booking_closes=session.start_date)
    with time_machine.travel(session.starts_at - timedelta(days=1, hours=12)):
        apply_and_approve(applicant, session, manager)
        mark = last_email_pk()
        sweeps.send_training_reminders()
        sweeps.send_training_reminders()
        reminders = queued(mark)
    assert [(m.purpose, m.recipient) for m in reminders] == [
        ("training.reminder_2_days", applicant.email)
    ]


def test_business_unit_is_prompted_once_when_the_waiting_list_reaches_the_minimum(
    applicant, manager, staff, business_unit, session
):
    people = [applicant, *staff]  # 6 people, 2 places, minimum 3 waiting
    for person in people[:4]:
        apply_and_approve(person, session, manager)
    assert sweeps.prompt_for_extra_sessions() == 0
    apply_and_approve(people[4], session, manager)
    mark = last_email_pk()
    sweeps.prompt_for_extra_sessions()
    sweeps.prompt_for_extra_sessions()
    prompts = queued(mark, purpose="training.waiting_list_prompt")
    assert [m.recipient for m in prompts] == [business_unit.email]


def test_expiry_prompt_reaches_the_person_and_their_agency_lead(
    applicant, manager, business_unit, course, make_person, health
):
    lead = make_person("agency_lead", lead_of=health, agency=health)
    session = make_session(business_unit, course, days=10)
    application = apply_and_approve(applicant, session, manager)
    mark_when_it_starts(business_unit, application, attended=True)
    mark = last_email_pk()
    with time_machine.travel(timezone.now() + timedelta(days=10 + 3 * 365 - 30)):
        sweeps.prompt_before_training_expires()
        sweeps.prompt_before_training_expires()
    assert sorted(m.recipient for m in queued(mark)) == sorted([applicant.email, lead.email])


def test_home_page_items_for_approvals_and_offers(applicant, manager, staff, session):
    services.apply(applicant, session, reason="Need it", line_manager=manager)
    items = items_for(manager, None)
    assert [item.category for item in items] == ["Training application to approve"]
    first, second, third = (apply_and_approve(p, session, manager) for p in staff[:3])
    services.cancel(first.applicant, first)
    third.refresh_from_db()
    assert third.status == Status.OFFERED
    offers = [i for i in items_for(third.applicant, None) if "offered" in i.category]
    assert len(offers) == 1


def test_the_business_unit_is_asked_to_decide_and_to_plan_another_session(
    make_person, manager, business_unit, course, staff
):
    course.waiting_list_minimum = 2
    course.save()
    session = make_session(business_unit, course, capacity=2)
    for person in staff[:4]:  # two places, then two waiting: the course's mark
        apply_and_approve(person, session, manager)
    services.apply(staff[4], session, reason="No manager to ask", line_manager=None)
    items = {item.category: item for item in items_for(business_unit, None)}
    waiting = items["Waiting list over the course's mark"]
    assert waiting.title.startswith(f"Plan another session of {course.title}: 2 people are")
    deciding = items["Training applications to decide (no line manager named)"]
    assert deciding.title.startswith(f"Decide on 1 application for {course.title}, ")
    assert deciding.deadline == session.booking_closes
    assert deciding.board == course.board.name
    # Nobody else is asked.
    categories = {item.category for item in items_for(manager, None)}
    assert "Waiting list over the course's mark" not in categories
