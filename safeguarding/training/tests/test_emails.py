"""Training e-mails as the people booked receive them."""

import datetime

import pytest
import time_machine
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from safeguarding.core.testing.mail import check_reads_well, received, text_body
from safeguarding.training import services, sweeps

from .conftest import apply_and_approve

SITE = "http://hub.example.org:8123"
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("mailoutbox")]


@override_settings(SITE_URL=SITE)
def test_confirmation_and_reminder_read_well(applicant, manager, business_unit, course, mailoutbox):
    course.title = "Neglect & children's lived experience"
    course.save()
    day = timezone.localdate() + datetime.timedelta(days=20)
    starts = timezone.make_aware(datetime.datetime.combine(day, datetime.time(9, 30)))
    session = services.create_session(
        business_unit,
        course,
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=4),
        trainer="Terry Trainer",
        capacity=5,
        venue="County Hall, Preston",
    )
    apply_and_approve(applicant, session, manager)
    received()
    mailoutbox.clear()
    with time_machine.travel(starts - datetime.timedelta(days=10)):
        sweeps.send_training_reminders()
        messages = received()
    (reminder,) = [m for m in messages if m["To"] == applicant.email]
    assert check_reads_well(reminder) == []
    text = text_body(reminder)
    assert (
        f"Neglect & children's lived experience is on {day:%A} {day.day} {day:%B %Y} at 9:30am"
        in text
    )
    assert f"Add it to your calendar: {SITE}/training/sessions/{session.pk}/session.ics" in text
    assert reminder["Subject"] == "Reminder: Neglect & children's lived experience"


@override_settings(SITE_URL=SITE)
def test_confirmed_place_reads_well(applicant, manager, business_unit, session, mailoutbox):
    apply_and_approve(applicant, session, manager)
    confirmed = [m for m in received() if m["Subject"].startswith("Place confirmed")]
    assert len(confirmed) == 1
    assert check_reads_well(confirmed[0]) == []
    assert f"{SITE}/training/applications/" in text_body(confirmed[0])


def test_session_page_times_read_as_in_the_e_mails(client, business_unit, course):
    day = timezone.localdate() + datetime.timedelta(days=20)
    starts = timezone.make_aware(datetime.datetime.combine(day, datetime.time(9, 30)))
    session = services.create_session(
        business_unit,
        course,
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=4),
        trainer="Terry Trainer",
        capacity=5,
        venue="County Hall, Preston",
    )
    page = client.get(reverse("training:session_detail", args=[session.pk])).text
    assert "9:30am to 1:30pm" in page
    assert "a.m." not in page
    assert "p.m." not in page
