"""Slipping reviews on the home page, and reminders and escalations sent once."""

import datetime

import pytest

from safeguarding.core.home import items_for
from safeguarding.core.models import OutboundEmail
from safeguarding.core.workdays import add_working_days
from safeguarding.reviews import services, sweeps

D = datetime.date


@pytest.fixture
def today(monkeypatch):
    day = D(2015, 3, 20)  # the seed's day, a Friday
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args: day)
    return day


def test_a_clock_due_soon_is_reminded_once_and_a_missed_one_escalated_once(
    business_unit, children_board, today, make_person
):
    learned = add_working_days(today, -3)  # notification due in 2 working days
    review = services.record_notification(
        business_unit, board=children_board, kind="rapid", learned_on=learned
    )
    chair = make_person("practitioner", full_name="Panel Chair")
    services.add_panel_member(business_unit, review, person=chair, role="Chair")
    assert sweeps.remind_and_escalate_review_clocks() == 2
    assert sweeps.remind_and_escalate_review_clocks() == 0
    reminders = OutboundEmail.objects.filter(purpose="reviews.clock_reminder")
    assert sorted(reminders.values_list("recipient", flat=True)) == sorted(
        [business_unit.email, chair.email]
    )
    services.update_review(business_unit, review, learned_on=add_working_days(today, -7))
    assert sweeps.remind_and_escalate_review_clocks() == 2
    assert sweeps.remind_and_escalate_review_clocks() == 0
    escalation = OutboundEmail.objects.filter(purpose="reviews.clock_escalation").first()
    assert "late" in escalation.body_text


def test_slipping_reviews_are_on_the_business_units_and_the_chairs_home_pages(
    business_unit, children_board, today, make_person, adults_board
):
    review = services.record_notification(
        business_unit, board=children_board, kind="rapid", learned_on=add_working_days(today, -9)
    )
    services.record_notification(  # on time: not slipping
        business_unit, board=children_board, kind="rapid", learned_on=today
    )
    chair = make_person("practitioner")
    member = make_person("practitioner")
    services.add_panel_member(business_unit, review, person=chair, role="Panel chair")
    services.add_panel_member(business_unit, review, person=member)
    other_bu = make_person("business_unit", board=adults_board)
    for person in (business_unit, chair):
        titles = [item.title for item in items_for(person, children_board)]
        assert [t for t in titles if review.reference in t], person
        assert any("4 working days late" in t for t in titles)
    for person in (member, other_bu):
        assert not [i for i in items_for(person, children_board) if "Case review" in i.title]


def test_a_chronology_due_soon_is_reminded_once(business_unit, review, agency, make_person, today):
    lead = make_person("agency_lead", lead_of=agency, agency=agency)
    services.request_chronology(
        business_unit, review, agency=agency, due_on=add_working_days(today, 2)
    )
    assert sweeps.remind_chronologies_due() == 1
    assert sweeps.remind_chronologies_due() == 0
    assert OutboundEmail.objects.filter(
        purpose="reviews.chronology_reminder", recipient=lead.email
    ).exists()


def test_a_chronology_past_its_deadline_is_escalated_to_the_business_unit_once(
    business_unit, review, agency, today
):
    from safeguarding.reviews.models import ChronologyRequest

    ChronologyRequest.objects.create(
        review=review, agency=agency, due_on=add_working_days(today, -1)
    )
    assert sweeps.escalate_overdue_chronologies() == 1
    assert sweeps.escalate_overdue_chronologies() == 0
    assert OutboundEmail.objects.filter(
        purpose="reviews.chronology_overdue", recipient=business_unit.email
    ).exists()


def test_an_agency_lead_sees_the_chronology_to_send_on_their_home_page(
    business_unit, review, agency, make_person, today, children_board
):
    lead = make_person("agency_lead", lead_of=agency, agency=agency)
    request = services.request_chronology(
        business_unit, review, agency=agency, due_on=add_working_days(today, 10)
    )
    items = [i for i in items_for(lead, children_board) if i.category == "Chronology to send"]
    assert [i.href for i in items] == [f"/reviews/chronologies/{request.pk}/"]
    assert review.reference in items[0].title
