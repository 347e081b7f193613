"""What the business unit meets between a board meeting and its newsflash: items in the
newsflash only when chosen, decisions recorded from the meeting page, a second approver when
the board asks for one, and the summary carried honestly to locality boards (CPBs)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from safeguarding.meetings import newsflash as drafting
from safeguarding.meetings import services
from safeguarding.meetings.models import AgendaItem, Newsflash
from safeguarding.organisations.models import Area


def _cpb(business_unit, board, area, day):
    return services.schedule_meeting(
        business_unit,
        board=board,
        kind="cpb",
        title=f"{area.name} CPB",
        area=area,
        date=day,
        start_time=datetime.time(10),
        venue="Burnley",
    )[0]


def test_only_chosen_items_and_decisions_go_in_the_newsflash(business_unit, meeting):
    welcome = services.add_item(business_unit, meeting, title="Welcome", purpose="information")
    plan = services.add_item(
        business_unit, meeting, title="Business Plan", purpose="decision", decision="Agreed."
    )
    assert (welcome.include_in_summary, plan.include_in_summary) == (False, True)
    body = drafting.build_body(meeting)
    assert "## Business Plan" in body
    assert "Welcome" not in body


def test_the_add_item_form_starts_with_the_newsflash_box_unticked(client, business_unit, meeting):
    client.force_login(business_unit)
    page = client.get(reverse("meetings:item_create", args=[meeting.pk]))
    box = page.context["form"]["include_in_summary"]
    assert not box.initial


def test_the_meeting_page_offers_to_record_a_decision(client, business_unit, meeting, item):
    client.force_login(business_unit)
    page = client.get(reverse("meetings:meeting_detail", args=[meeting.pk])).text
    assert "Record what was agreed" in page
    assert reverse("meetings:item_edit", args=[item.pk]) + "#id_decision" in page
    services.update_item(business_unit, item, decision="The board agreed the plan.")
    page = client.get(reverse("meetings:meeting_detail", args=[meeting.pk])).text
    assert "The board agreed the plan." in page
    assert "Change the decision" in page


def test_a_board_can_ask_for_a_second_approver(
    client, business_unit, make_person, children_board, meeting, item
):
    children_board.newsflash_second_approver = True
    children_board.save()
    newsflash = services.draft_newsflash(business_unit, meeting)
    with pytest.raises(ValidationError, match="someone other than the person who drafted"):
        services.approve_newsflash(business_unit, newsflash)
    client.force_login(business_unit)
    page = client.get(reverse("meetings:newsflash_detail", args=[newsflash.pk])).text
    assert "someone else needs to approve it" in page
    assert "Approve the newsflash" not in page

    colleague = make_person("business_unit", board=children_board)
    services.approve_newsflash(colleague, newsflash)
    # A change after approval makes the changer its drafter: the colleague can't approve it.
    services.update_newsflash(colleague, newsflash, title=newsflash.title, body="New text")
    with pytest.raises(ValidationError):
        services.approve_newsflash(colleague, newsflash)
    services.approve_newsflash(business_unit, newsflash)
    assert Newsflash.objects.get(pk=newsflash.pk).approved_by == business_unit


def test_without_the_rule_one_person_may_draft_and_approve(business_unit, meeting, item):
    newsflash = services.draft_newsflash(business_unit, meeting)
    services.approve_newsflash(business_unit, newsflash)


def test_publishing_says_which_cpbs_carry_it_and_the_rest_get_it_when_scheduled(
    client, business_unit, children_board, meeting, item, burnley
):
    today = timezone.localdate()
    burnley_next = _cpb(business_unit, children_board, burnley, today + datetime.timedelta(30))
    newsflash = services.draft_newsflash(business_unit, meeting)
    services.approve_newsflash(business_unit, newsflash)
    client.force_login(business_unit)
    response = client.post(reverse("meetings:newsflash_publish", args=[newsflash.pk]), follow=True)
    text = response.text
    assert "It is on the next agenda of 1 locality board." in text
    assert "No meeting is scheduled yet for" in text
    assert burnley_next.items.filter(from_newsflash=newsflash).count() == 1

    # Another locality's next CPB is scheduled later: the summary goes on its agenda then.
    preston = Area.objects.get(kind=Area.Kind.LOCALITY, name="Preston")
    preston_next = _cpb(business_unit, children_board, preston, today + datetime.timedelta(40))
    assert [i.title for i in preston_next.items.all()] == [services.SUMMARY_ITEM_TITLE]
    # ... once: a second Preston meeting after it does not get it again.
    later = _cpb(business_unit, children_board, preston, today + datetime.timedelta(80))
    assert not later.items.exists()
    assert AgendaItem.objects.filter(from_newsflash=newsflash).count() == 2


def test_the_business_unit_home_page_asks_for_minutes_and_newsflashes(
    business_unit, children_board, meeting, item
):
    import time_machine

    from safeguarding.core.home import items_for

    newsflash = services.draft_newsflash(business_unit, meeting)
    services.circulate_minutes(business_unit, meeting)
    services.schedule_meeting(
        business_unit,
        board=children_board,
        kind="board",
        title="LSCB",
        date=datetime.date(2030, 5, 8),
        start_time=datetime.time(10),
        venue="County Hall, Preston",
    )
    with time_machine.travel(datetime.datetime(2030, 5, 9, 9, tzinfo=datetime.UTC), tick=False):
        titles = {item.title: item for item in items_for(business_unit, None)}
    approve = titles[f"Record the minutes of {meeting} as approved"]
    assert approve.deadline == datetime.date(2030, 5, 8)
    assert approve.board == children_board.name
    assert f"Approve the newsflash '{newsflash.title}'" in titles
