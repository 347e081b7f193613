"""Two people at once: edits of one action never silently undo each other, and a create form
sent twice creates one record."""

import uuid
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from safeguarding.actionplans import services
from safeguarding.actionplans.models import Action, ActionPlan, Challenge
from safeguarding.core.concurrency import EditConflict, submit_once
from safeguarding.core.models import AuditEvent
from safeguarding.core.testing.races import race


@pytest.fixture
def second_editor(make_person, children_board):
    return make_person("business_unit", board=children_board, full_name="Sam Second")


def _edit_data(action, **changes):
    data = {
        "what": action.what,
        "outcome": action.outcome,
        "owner_agency": action.owner_agency_id,
        "due_date": action.due_date.strftime("%d/%m/%Y"),
        "measure_of_success": action.measure_of_success,
        "version": action.version,
    }
    return {**data, **changes}


def test_second_save_from_the_same_loaded_version_is_refused(
    client, action, business_unit, second_editor
):
    url = reverse("actionplans:action_edit", args=[action.pk])
    loaded = _edit_data(action)  # both opened the form at version 1
    client.force_login(second_editor)
    assert client.post(url, {**loaded, "due_date": "31/12/2015"}).status_code == 302

    client.force_login(business_unit)
    response = client.post(url, {**loaded, "outcome": "Fewer missed referrals"})

    assert response.status_code == 200
    page = response.content.decode()
    assert "changed while you were editing it, by Sam Second" in page
    assert "due date to &#x27;2015-12-31&#x27;" in page
    action.refresh_from_db()
    assert str(action.due_date) == "2015-12-31"  # the first change stands
    assert action.outcome == ""
    assert AuditEvent.objects.filter(target_id=str(action.pk), verb="action changed").count() == 1
    # The form now carries the stored version: saving again, knowingly, goes through.
    assert f'name="version" value="{action.version}"' in page
    assert (
        client.post(url, {**loaded, "version": action.version, "outcome": "x"}).status_code == 302
    )


def test_stale_plan_edit_is_refused_in_the_service(plan, business_unit, second_editor):
    services.update_plan(second_editor, plan, version=1, title="CSE and missing plan")
    with pytest.raises(EditConflict) as refused:
        services.update_plan(business_unit, plan, version=1, title="CSE plan 2015")
    assert refused.value.current.title == "CSE and missing plan"
    assert "Sam Second" in refused.value.messages[0]


def test_api_answers_409_to_a_stale_version(action, business_unit, second_editor):
    api = APIClient()
    api.force_authenticate(second_editor)
    url = f"/api/actions/{action.pk}/"
    assert api.patch(url, {"outcome": "First", "version": 1}, format="json").status_code == 200

    api.force_authenticate(business_unit)
    stale = api.patch(url, {"outcome": "Second"}, format="json", HTTP_IF_MATCH='"1"')
    assert stale.status_code == 409
    body = stale.json()
    assert body["status"] == 409
    assert body["errors"][0]["field"] == "version"
    assert body["errors"][0]["code"] == "conflict"
    assert "Sam Second" in body["errors"][0]["message"]
    assert Action.objects.get(pk=action.pk).outcome == "First"
    current = api.patch(url, {"outcome": "Second", "version": body["version"]}, format="json")
    assert current.status_code == 200


def test_api_refuses_a_version_that_is_not_a_number(action, business_unit):
    api = APIClient()
    api.force_authenticate(business_unit)
    response = api.patch(f"/api/actions/{action.pk}/", {"version": "two"}, format="json")
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "version"


def test_the_same_create_form_sent_twice_adds_one_action(client, plan, business_unit, police):
    client.force_login(business_unit)
    url = reverse("actionplans:action_create", args=[plan.pk])
    assert 'name="submission"' in client.get(url).content.decode()
    data = {
        "what": "Audit return-home interviews",
        "owner_agency": police.pk,
        "due_date": "30/06/2015",
        "submission": str(uuid.uuid4()),
    }
    first = client.post(url, data)
    second = client.post(url, data)

    action = Action.objects.get(what="Audit return-home interviews")
    assert first.url == second.url == reverse("actionplans:action_detail", args=[action.pk])
    assert client.post(url, {**data, "submission": str(uuid.uuid4())}).status_code == 302
    assert Action.objects.filter(what="Audit return-home interviews").count() == 2


def test_a_refused_create_can_be_sent_again_with_its_token(client, action, roles):
    client.force_login(roles["burnley_chair"])
    url = reverse("actionplans:challenge_create", args=[action.pk])
    data = {
        "question": "",
        "addressed_to_agency": action.owner_agency_id,
        "respond_by": f"{timezone.localdate() + timedelta(days=30):%d/%m/%Y}",
        "submission": str(uuid.uuid4()),
    }
    assert client.post(url, data).status_code == 200  # no question: nothing stored
    assert client.post(url, {**data, "question": "How many officers?"}).status_code == 302
    assert client.post(url, {**data, "question": "How many officers?"}).status_code == 302
    assert Challenge.objects.count() == 1


def test_the_same_plan_form_sent_twice_creates_one_plan(client, business_unit):
    client.force_login(business_unit)
    data = {"title": "Neglect plan", "origin_kind": "themed", "submission": str(uuid.uuid4())}
    url = reverse("actionplans:plan_create")
    assert client.post(url, data).url == client.post(url, data).url
    assert ActionPlan.objects.filter(title="Neglect plan").count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_edits_racing_from_one_version_keep_the_first(action, business_unit, second_editor):
    outcomes = race(
        lambda: services.update_action(business_unit, action, version=1, outcome="From BU"),
        lambda: services.update_action(second_editor, action, version=1, outcome="From Sam"),
    )
    assert sorted(type(outcome).__name__ for outcome in outcomes) == ["EditConflict", "NoneType"]
    action.refresh_from_db()
    assert action.version == 2
    assert action.outcome == ("From Sam" if outcomes[0] else "From BU")


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_one_form_sent_twice_at_once_adds_one_action(plan, business_unit, police):
    token = uuid.uuid4()
    urls = []

    def submit():
        urls.append(
            submit_once(
                business_unit,
                token,
                lambda: services.add_action(
                    business_unit,
                    plan,
                    what="Raced action",
                    owner_agency=police,
                    due_date=plan.created_at.date(),
                ),
                lambda created: f"/actions/{created.pk}/",
            )[1]
        )

    assert race(submit, submit) == [None, None]
    assert Action.objects.filter(what="Raced action").count() == 1
    assert urls[0] == urls[1]


def test_an_api_create_sent_twice_with_one_key_adds_one_action(plan, business_unit, police):
    api = APIClient()
    api.force_authenticate(business_unit)
    body = {"plan": plan.pk, "what": "API action", "owner_agency": police.pk}
    body["due_date"] = "2015-06-30"
    key = str(uuid.uuid4())
    first = api.post("/api/actions/", body, format="json", HTTP_IDEMPOTENCY_KEY=key)
    second = api.post("/api/actions/", body, format="json", HTTP_IDEMPOTENCY_KEY=key)
    assert (first.status_code, second.status_code) == (201, 200)
    assert first.json()["id"] == second.json()["id"]
    assert Action.objects.filter(what="API action").count() == 1
    bad = api.post("/api/actions/", body, format="json", HTTP_IDEMPOTENCY_KEY="twice")
    assert bad.status_code == 400
    assert bad.json()["errors"][0]["field"] == "Idempotency-Key"
