"""The returns writes that were pages only: each API action calls the page's service, checks
the page's rule, names the field at fault and leaves the page's audit row."""

import datetime

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from safeguarding.core.models import AuditEvent
from safeguarding.returns import services
from safeguarding.returns.models import ChallengeEvent, Return, Template

from .conftest import by_key
from .test_services import _score_everything


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def signed(police_lead, police_return):
    improve = by_key(police_return)["training-improve"]
    services.save_answers(police_lead, police_return, {improve.pk: {"text": "Train every officer"}})
    _score_everything(police_lead, police_return)
    return services.sign_off(police_lead, police_return)


def _fields(response):
    return {error["field"] for error in response.json()["errors"]}


def _audited(verb, record):
    return AuditEvent.objects.filter(verb=verb, target_id=str(record.pk)).count()


def test_the_lead_invites_a_colleague_of_their_own_agency_only(
    api, police_lead, police_colleague, health_lead, police_return, business_unit
):
    url = f"/api/returns/{police_return.pk}/invite/"
    api.force_authenticate(police_lead)
    refused = api.post(url, {"person": health_lead.pk}, format="json")
    assert refused.status_code == 400
    assert _fields(refused) == {"person"}
    assert api.post(url, {}, format="json").status_code == 400
    done = api.post(url, {"person": police_colleague.pk}, format="json")
    assert done.status_code == 200, done.json()
    assert police_return.collaborators.filter(pk=police_colleague.pk).exists()
    assert _audited("return colleague invited", police_return) == 1
    # The business unit sees the return but invites nobody; another agency's lead sees nothing.
    api.force_authenticate(business_unit)
    assert api.post(url, {"person": police_colleague.pk}, format="json").status_code == 403
    api.force_authenticate(health_lead)
    assert api.post(url, {"person": police_colleague.pk}, format="json").status_code == 404


def test_the_moderator_asks_for_more_evidence_with_its_deadline(
    api, business_unit, police_lead, signed
):
    url = f"/api/returns/{signed.pk}/ask-evidence/"
    api.force_authenticate(police_lead)
    assert api.post(url, {"note": "x", "deadline": "2099-01-01"}, format="json").status_code == 403
    api.force_authenticate(business_unit)
    past = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()
    refused = api.post(url, {"note": "Send the DBS audit", "deadline": past}, format="json")
    assert refused.status_code == 400
    assert _fields(refused) == {"deadline"}
    refused = api.post(url, {"deadline": "2099-01-01"}, format="json")
    assert _fields(refused) == {"note"}
    deadline = (timezone.localdate() + datetime.timedelta(days=20)).isoformat()
    done = api.post(url, {"note": "Send the DBS audit", "deadline": deadline}, format="json")
    assert done.status_code == 200, done.json()
    assert done.json()["evidence_deadline"] == deadline
    assert done.json()["moderation"] == Return.Moderation.MORE_EVIDENCE
    assert _audited("return evidence asked", signed) == 1


def test_a_challenge_events_outcome_is_recorded(api, business_unit, health_lead, signed):
    url = f"/api/returns/{signed.pk}/challenge/"
    api.force_authenticate(health_lead)
    assert api.post(url, {"held_on": "2030-07-01", "outcome": "x"}, format="json").status_code == (
        404
    )
    api.force_authenticate(business_unit)
    refused = api.post(url, {"held_on": "2030-07-01", "outcome": ""}, format="json")
    assert refused.status_code == 400
    assert _fields(refused) == {"outcome"}
    done = api.post(url, {"held_on": "2030-07-01", "outcome": "Score agreed"}, format="json")
    assert done.status_code == 201, done.json()
    assert ChallengeEvent.objects.get(pk=done.json()["id"]).outcome == "Score agreed"
    assert _audited("return challenge recorded", signed) == 1


def test_areas_for_improvement_become_actions_once(api, business_unit, police_lead, signed):
    url = f"/api/returns/{signed.pk}/raise-actions/"
    api.force_authenticate(police_lead)
    assert api.post(url).status_code == 403
    api.force_authenticate(business_unit)
    done = api.post(url)
    assert done.status_code == 200, done.json()
    signed.refresh_from_db()
    assert done.json() == {"actions": 1, "action_plan": signed.action_plan_id}
    assert _audited("return actions raised", signed) == 1
    again = api.post(url)
    assert again.status_code == 400
    assert _audited("return actions raised", signed) == 1


def test_the_business_unit_builds_a_questionnaire_and_its_next_version(
    api, business_unit, police_lead, children_board
):
    body = {
        "board": children_board.pk,
        "name": "Early help audit",
        "kind": "other",
        "questions": "## Early help\n0-3*: How well is it met?\ntext: How do you know?",
    }
    api.force_authenticate(police_lead)
    assert api.post("/api/return-templates/", body, format="json").status_code == 403
    api.force_authenticate(business_unit)
    refused = api.post("/api/return-templates/", {**body, "questions": "text: x"}, format="json")
    assert refused.status_code == 400
    assert _fields(refused) == {"questions"}
    made = api.post("/api/return-templates/", body, format="json")
    assert made.status_code == 201, made.json()
    template = Template.objects.get(pk=made.json()["id"])
    assert made.json()["latest_version"] == services.latest_version(template).pk
    url = f"/api/return-templates/{template.pk}/versions/"
    refused = api.post(url, {"questions": body["questions"]}, format="json")
    assert _fields(refused) == {"note"}
    version = api.post(url, {"questions": "## A\ntext: Why?", "note": "Shorter"}, format="json")
    assert version.status_code == 201, version.json()
    assert version.json()["number"] == 2
    assert services.latest_version(template).number == 2
    assert AuditEvent.objects.filter(verb="questionnaire created").count() >= 2
