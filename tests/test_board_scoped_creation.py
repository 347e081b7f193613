"""Creating a record needs the app's "add" permission for the board it will belong to:
business-unit staff of the adults' board only never create the children's board's plans,
meetings, courses, sessions or inspections, through the services, the API or the pages."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from safeguarding.actionplans import services as plans
from safeguarding.actionplans.models import ActionPlan
from safeguarding.core.workdays import add_working_days, working_day_on_or_after
from safeguarding.inspections import services as inspections
from safeguarding.inspections.models import Inspection
from safeguarding.meetings import services as meetings
from safeguarding.meetings.models import Meeting
from safeguarding.organisations.models import Area
from safeguarding.organisations.selectors import SESSION_BOARD_KEY
from safeguarding.training import services as training
from safeguarding.training.models import Course, Session


@pytest.fixture
def adults_bu(make_person, adults_board):
    return make_person("business_unit", board=adults_board)


@pytest.fixture
def burnley(county):
    return Area.objects.get(kind=Area.Kind.LOCALITY, name="Burnley and Pendle")


@pytest.fixture
def children_course(business_unit, children_board):
    return training.create_course(business_unit, board=children_board, title="Neglect")


def _in_a_month():
    """A working day about a month away (fieldwork must start on one)."""
    return working_day_on_or_after(timezone.localdate() + datetime.timedelta(days=30))


CREATE = {
    "plan": lambda user, board, area: plans.create_plan(
        user, board=board, title="Neglect", origin_kind="other"
    ),
    "meeting": lambda user, board, area: meetings.schedule_meeting(
        user,
        board=board,
        kind="board",
        title="Board",
        date=_in_a_month(),
        start_time=datetime.time(10),
        venue="County Hall",
    ),
    "course": lambda user, board, area: training.create_course(user, board=board, title="CSE"),
    "inspection": lambda user, board, area: inspections.schedule_inspection(
        user,
        board=board,
        locality=area,
        fieldwork_start=_in_a_month(),
        fieldwork_end=add_working_days(_in_a_month(), 4),
    ),
    "programme": lambda user, board, area: inspections.generate_programme(
        user, board=board, year=timezone.localdate().year + 1
    ),
}
# kind -> (the model created, the permission checked with the board as its object)
MODELS = {
    "plan": (ActionPlan, "actionplans.add_plan"),
    "meeting": (Meeting, "meetings.add_meeting"),
    "course": (Course, "training.add_course"),
    "inspection": (Inspection, "inspections.add_inspection"),
    "programme": (Inspection, "inspections.add_inspection"),
}


@pytest.mark.parametrize("kind", CREATE)
def test_business_unit_of_one_board_creates_only_for_that_board(
    kind, adults_bu, children_board, adults_board, burnley
):
    model, permission = MODELS[kind]
    assert not adults_bu.has_perm(permission, children_board)
    assert adults_bu.has_perm(permission, adults_board)
    with pytest.raises(PermissionDenied):
        CREATE[kind](adults_bu, children_board, burnley)
    assert not model.objects.exists()
    CREATE[kind](adults_bu, adults_board, burnley)
    assert model.objects.filter(board=adults_board).exists()


def test_sessions_only_of_courses_of_their_board(adults_bu, children_course, business_unit, client):
    start = timezone.now() + datetime.timedelta(days=30)
    with pytest.raises(PermissionDenied):
        training.create_session(
            adults_bu,
            children_course,
            starts_at=start,
            ends_at=start + datetime.timedelta(hours=3),
            trainer="A trainer",
            capacity=10,
            venue="County Hall",
        )
    client.force_login(adults_bu)
    url = f"/training/courses/{children_course.pk}/sessions/new/"
    assert client.post(url, {"capacity": "10"}).status_code in {403, 404}
    assert not Session.objects.exists()


def _post_json(client, url, data):
    return client.post(url, data, content_type="application/json")


def test_api_refuses_creating_for_the_other_board(client, adults_bu, children_board, burnley):
    client.force_login(adults_bu)
    plan = _post_json(
        client,
        "/api/action-plans/",
        {"board": children_board.pk, "title": "Neglect", "origin_kind": "other"},
    )
    meeting = _post_json(
        client,
        "/api/meetings/",
        {
            "board": children_board.pk,
            "kind": "board",
            "title": "Board",
            "date": _in_a_month().isoformat(),
            "start_time": "10:00",
            "venue": "County Hall",
        },
    )
    inspection = _post_json(
        client,
        "/api/inspections/",
        {
            "board": children_board.pk,
            "locality": burnley.pk,
            "fieldwork_start": _in_a_month().isoformat(),
            "fieldwork_end": add_working_days(_in_a_month(), 4).isoformat(),
        },
    )
    assert [plan.status_code, meeting.status_code, inspection.status_code] == [403, 403, 403]
    assert plan.json()["status"] == 403
    assert not ActionPlan.objects.exists()
    assert not Meeting.objects.exists()
    assert not Inspection.objects.exists()


def test_page_creates_on_their_own_board_whatever_board_the_session_names(
    client, adults_bu, adults_board, children_board
):
    client.force_login(adults_bu)
    session = client.session
    session[SESSION_BOARD_KEY] = children_board.slug
    session.save()
    response = client.post("/actions/new/", {"title": "Neglect", "origin_kind": "other"})
    assert response.status_code == 302, response.content
    assert ActionPlan.objects.get().board == adults_board
