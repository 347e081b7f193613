import datetime

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from safeguarding.actionplans import services
from safeguarding.actionplans.models import Action, ActionPlan, Challenge
from safeguarding.organisations.tests.factories import AgencyFactory


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def burnley_action(make_action, burnley, owner):
    return make_action(what="Burnley action", localities=[burnley], owner_person=owner)


def test_business_unit_creates_plan_and_action(api, roles, children_board, burnley, police):
    api.force_authenticate(roles["business_unit"])
    response = api.post(
        "/api/action-plans/",
        {
            "board": children_board.pk,
            "title": "API plan",
            "origin_kind": "meeting",
            "shared_with": [burnley.pk],
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    plan_id = response.json()["id"]
    response = api.post(
        "/api/actions/",
        {"plan": plan_id, "what": "Do it", "owner_agency": police.pk, "due_date": "2015-06-30"},
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["status"] == "not_started"


def test_cpb_chair_cannot_create_plan(api, roles, children_board):
    api.force_authenticate(roles["burnley_chair"])
    response = api.post(
        "/api/action-plans/",
        {"board": children_board.pk, "title": "X", "origin_kind": "meeting"},
        format="json",
    )
    assert response.status_code == 403
    assert response.json()["status"] == 403
    assert not ActionPlan.objects.filter(title="X").exists()


@pytest.mark.parametrize(
    ("role", "visible"),
    [
        ("business_unit", True),
        ("burnley_chair", True),
        ("preston_chair", False),
        ("police_lead", True),
        ("health_lead", False),
        ("practitioner", False),
    ],
)
def test_action_scoping(api, roles, burnley_action, role, visible):
    api.force_authenticate(roles[role])
    response = api.get(f"/api/actions/{burnley_action.pk}/")
    assert response.status_code == (200 if visible else 404)
    ids = {row["id"] for row in api.get("/api/actions/").json()["results"]}
    assert (burnley_action.pk in ids) == visible


def test_post_update_through_api(api, roles, burnley_action):
    api.force_authenticate(roles["owner"])
    response = api.post(
        "/api/action-updates/",
        {"action": burnley_action.pk, "status": "complete", "narrative": "Done"},
        format="json",
    )
    assert response.status_code == 400
    assert "evidence" in response.json()["errors"][0]["message"]
    response = api.post(
        "/api/action-updates/",
        {
            "action": burnley_action.pk,
            "status": "complete",
            "narrative": "Done",
            "links": [{"url": "https://example.org/report", "description": "Report"}],
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    burnley_action.refresh_from_db()
    assert burnley_action.status == "complete"
    evidence = api.get("/api/action-evidence/").json()["results"]
    assert evidence[0]["url"] == "https://example.org/report"
    assert evidence[0]["download_url"] is None


def test_update_on_unseen_action_refused(api, roles, burnley_action):
    api.force_authenticate(roles["health_lead"])
    response = api.post(
        "/api/action-updates/",
        {"action": burnley_action.pk, "status": "on_track", "narrative": "x"},
        format="json",
    )
    assert response.status_code == 400
    api.force_authenticate(roles["burnley_chair"])  # sees it but may not update it
    response = api.post(
        "/api/action-updates/",
        {"action": burnley_action.pk, "status": "on_track", "narrative": "x"},
        format="json",
    )
    assert response.status_code == 403


def test_challenge_through_api(api, roles, burnley_action):
    api.force_authenticate(roles["burnley_chair"])
    response = api.post(
        "/api/action-challenges/",
        {
            "action": burnley_action.pk,
            "question": "Why late?",
            "respond_by": str(timezone.localdate()),
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    pk = response.json()["id"]
    assert api.post(f"/api/action-challenges/{pk}/answer/", {"answer": "x"}).status_code == 403
    api.force_authenticate(roles["police_lead"])
    response = api.post(f"/api/action-challenges/{pk}/answer/", {"answer": "Staffing"})
    assert response.status_code == 200
    assert response.json()["status"] == "answered"
    api.force_authenticate(roles["health_lead"])
    assert api.post(f"/api/action-challenges/{pk}/close/", {"outcome": "x"}).status_code == 404
    api.force_authenticate(roles["burnley_chair"])
    response = api.post(f"/api/action-challenges/{pk}/close/", {"outcome": "Assured"})
    assert response.status_code == 200
    assert Challenge.objects.get().status == "closed"


def test_signed_out_is_refused(api, db):
    assert api.get("/api/actions/").status_code in (401, 403)


LIST_CEILING = 14


@pytest.mark.parametrize("rows", [5, 60])
def test_api_list_query_counts_are_flat(
    api, roles, plan, business_unit, burnley, owner, rows, django_assert_max_num_queries
):
    for i in range(rows):
        action = services.add_action(
            business_unit,
            plan,
            what=f"Action {i}",
            owner_agency=AgencyFactory(),
            due_date=datetime.date(2015, 5, 1),
            localities=[burnley] if i % 2 else [],
        )
        services.post_update(
            business_unit,
            action,
            status="on_track",
            narrative="x",
            links=[("https://example.org", "")],
        )
        services.raise_challenge(
            business_unit, action, question="Q", respond_by=timezone.localdate()
        )
    for person in (roles["business_unit"], roles["burnley_chair"]):
        api.force_authenticate(person)
        for url in (
            "/api/action-plans/",
            "/api/actions/",
            "/api/action-updates/",
            "/api/action-evidence/",
            "/api/action-challenges/",
        ):
            with django_assert_max_num_queries(LIST_CEILING):
                response = api.get(url)
            assert response.status_code == 200, url
    api.force_authenticate(roles["business_unit"])
    assert api.get("/api/actions/").json()["count"] == rows
    assert Action.objects.count() == rows


def test_review_evidence_through_api(api, roles, burnley_action):
    evidence = services.add_evidence_link(roles["owner"], burnley_action, "https://example.org/")
    url = f"/api/action-evidence/{evidence.pk}/review/"
    api.force_authenticate(roles["police_lead"])
    assert api.post(url, {"accepted": True}, format="json").status_code == 403
    api.force_authenticate(roles["preston_chair"])
    assert api.post(url, {"accepted": True}, format="json").status_code == 404
    api.force_authenticate(roles["burnley_member"])
    refused = api.post(url, {"accepted": False}, format="json")
    assert refused.status_code == 400
    assert "note" in str(refused.json())
    response = api.post(url, {"accepted": True}, format="json")
    assert response.status_code == 200
    assert response.json()["review"] == "Accepted"


def test_challenge_addressee_is_one_the_chair_may_address(
    api, roles, burnley_action, police, health, make_person
):
    api.force_authenticate(roles["burnley_chair"])
    body = {
        "action": burnley_action.pk,
        "question": "Why late?",
        "respond_by": str(timezone.localdate()),
    }
    stranger = make_person("practitioner", agency=police)
    for person in (stranger, roles["other_board_bu"], roles["health_lead"]):
        response = api.post(
            "/api/action-challenges/", {**body, "addressed_to_person": person.pk}, format="json"
        )
        assert response.status_code == 400
        error = response.json()["errors"][0]
        assert error["field"] == "addressed_to_person"
        assert "safeguarding lead of Lancashire Constabulary" in error["message"]
    assert not Challenge.objects.exists()
    # Asking the health trust instead: its leads (not the police's) may be named.
    response = api.post(
        "/api/action-challenges/",
        {**body, "addressed_to_agency": health.pk, "addressed_to_person": roles["health_lead"].pk},
        format="json",
    )
    assert response.status_code == 201, response.json()
    for person in (roles["owner"], roles["business_unit"]):
        response = api.post(
            "/api/action-challenges/", {**body, "addressed_to_person": person.pk}, format="json"
        )
        assert response.status_code == 201, response.json()


def test_dates_have_sensible_bounds_through_the_api(api, roles, burnley_action):
    """A progress update dated 1900 or tomorrow, a reply-by date in 9999 and an action due in
    1900 are refused, each naming its field; nothing is stored."""
    api.force_authenticate(roles["owner"])
    update = {"action": burnley_action.pk, "status": "on_track", "narrative": "Going well"}
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    for day, words in (("1900-01-01", "on or after 1 January 2000"), (str(tomorrow), "past")):
        response = api.post("/api/action-updates/", {**update, "date": day}, format="json")
        assert response.status_code == 400
        error = response.json()["errors"][0]
        assert error["field"] == "date"
        assert words in error["message"]
    assert not burnley_action.updates.exists()
    api.force_authenticate(roles["burnley_chair"])
    response = api.post(
        "/api/action-challenges/",
        {"action": burnley_action.pk, "question": "Why late?", "respond_by": "9999-12-31"},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "respond_by"
    assert not Challenge.objects.exists()
    api.force_authenticate(roles["business_unit"])
    response = api.patch(
        f"/api/actions/{burnley_action.pk}/", {"due_date": "1900-06-30"}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "due_date"
    burnley_action.refresh_from_db()
    assert burnley_action.due_date == datetime.date(2015, 6, 30)
