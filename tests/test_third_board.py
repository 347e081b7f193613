"""A partnership may run any number of boards from one team: a community safety partnership
beside the children's and adults' boards works end to end. Its business-unit officer sees
only its plans, meetings and audit rows, and the other boards' staff never see them."""

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from safeguarding.actionplans import services as plans
from safeguarding.actionplans.models import ActionPlan
from safeguarding.actionplans.selectors import plans_visible_to
from safeguarding.core.selectors import audit_events_visible_to
from safeguarding.meetings import services as meetings
from safeguarding.meetings.selectors import meetings_visible_to
from safeguarding.organisations.models import Board
from safeguarding.organisations.selectors import boards_for_person, default_board


@pytest.fixture
def safety_board(county):
    return Board.objects.create(
        slug="community-safety",
        kind=Board.Kind.COMMUNITY_SAFETY,
        name="Lancashire Community Safety Partnership",
        short_name="LCSP",
    )


@pytest.fixture
def safety_officer(make_person, safety_board):
    return make_person("business_unit", board=safety_board)


@pytest.fixture
def adults_officer(make_person, adults_board):
    return make_person("business_unit", board=adults_board)


def _plan_and_meeting(officer, board, title):
    plan = plans.create_plan(officer, board=board, title=title, origin_kind="other")
    [meeting] = meetings.schedule_meeting(
        officer,
        board=board,
        kind="board",
        title=title,
        date=timezone.localdate() + datetime.timedelta(days=30),
        start_time=datetime.time(10),
        venue="County Hall",
    )
    return plan, meeting


@pytest.fixture
def records(safety_officer, safety_board, business_unit, children_board):
    return {
        "safety": _plan_and_meeting(safety_officer, safety_board, "Serious violence duty"),
        "children": _plan_and_meeting(business_unit, children_board, "Neglect strategy"),
    }


def test_the_officer_of_the_third_board_sees_only_its_records(
    records, safety_officer, safety_board
):
    plan, meeting = records["safety"]
    assert list(plans_visible_to(safety_officer)) == [plan]
    assert list(meetings_visible_to(safety_officer)) == [meeting]
    trail = audit_events_visible_to(safety_officer)
    assert trail.exists()
    assert set(trail.values_list("board_id", flat=True)) == {safety_board.pk}
    assert {(e.target_type, e.target_id) for e in trail} >= {
        ("actionplans.actionplan", str(plan.pk)),
        ("meetings.meeting", str(meeting.pk)),
    }
    assert boards_for_person(safety_officer) == [safety_board]


def test_the_other_boards_staff_do_not_see_the_third_boards_records(
    records, business_unit, adults_officer, safety_board
):
    plan, meeting = records["safety"]
    for officer in (business_unit, adults_officer):
        assert plan not in plans_visible_to(officer)
        assert meeting not in meetings_visible_to(officer)
        assert not audit_events_visible_to(officer).filter(board=safety_board).exists()
    assert list(plans_visible_to(business_unit)) == [records["children"][0]]


def test_pages_keep_the_boards_apart(client, records, safety_officer):
    own_plan, _ = records["safety"]
    other_plan, _ = records["children"]
    client.force_login(safety_officer)
    assert client.get(f"/actions/{own_plan.pk}/").status_code == 200
    assert client.get(f"/actions/{other_plan.pk}/").status_code == 404
    trail = client.get("/audit/").content.decode()
    assert "Serious violence duty" in trail
    assert "Neglect strategy" not in trail


def test_a_new_plan_from_the_page_belongs_to_the_officers_board(
    client, safety_officer, safety_board
):
    client.force_login(safety_officer)
    response = client.post(
        "/actions/new/", {"title": "Reducing reoffending", "origin_kind": "other"}
    )
    assert response.status_code == 302, response.content
    assert ActionPlan.objects.get().board == safety_board


def test_boards_of_one_kind_and_one_default(county, children_board):
    """The kind no longer limits the partnership to one board of each; the default board is
    the one marked, and only one may be."""
    Board.objects.create(slug="children-2", kind=Board.Kind.CHILDREN, name="A second LSCB")
    assert default_board() == children_board
    with pytest.raises(IntegrityError), transaction.atomic():
        Board.objects.create(slug="adults-2", kind="adults", name="Another", is_default=True)
