"""The API answers as the pages do for people the write matrix has no column for: the lead of
another agency (the return does not exist for them: 404), a named moderator (reads, asks for
evidence and records challenges; raises no actions and invites nobody: 403) and the business
unit of the other board (404). Each page and its API twin is tried from the same fresh world
against one expected answer, so the two cannot drift apart."""

import datetime

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from safeguarding.returns import services

from .test_services import _score_everything


def _day(days, page):
    day = timezone.localdate() + datetime.timedelta(days=days)
    return day.strftime("%d/%m/%Y") if page else day.isoformat()


# name: (page path, API path, body(page: bool, world)); no body for a read.
ROUTES = {
    "detail": ("", "", None),
    "ask evidence": (
        "more-evidence/",
        "ask-evidence/",
        lambda page, w: {"note": "Send the DBS audit", "deadline": _day(20, page)},
    ),
    "challenge": (
        "challenge/",
        "challenge/",
        lambda page, w: {"held_on": _day(-1, page), "outcome": "Score agreed"},
    ),
    "raise actions": ("actions/", "raise-actions/", lambda page, w: {}),
    "invite": ("invite/", "invite/", lambda page, w: {"person": w["colleague"].pk}),
}
PEOPLE = ["other_agency_lead", "moderator", "other_board_bu"]
#                  other_agency_lead  moderator  other_board_bu
EXPECTED = {
    "detail": "404 200 404",
    "ask evidence": "404 done 404",
    "challenge": "404 done 404",
    "raise actions": "404 403 404",
    "invite": "404 403 404",
}


@pytest.fixture
def w(police_lead, police_return, police_colleague, health_lead, make_person, adults_board):
    moderator = make_person("practitioner", full_name="Panel Person")
    police_return.request.moderators.add(moderator)
    _score_everything(police_lead, police_return)
    return {
        "signed": services.sign_off(police_lead, police_return),
        "colleague": police_colleague,
        "other_agency_lead": health_lead,
        "moderator": moderator,
        "other_board_bu": make_person("business_unit", board=adults_board),
    }


def _page(client, w, path, body):
    url = f"/returns/{w['signed'].pk}/{path}"
    response = client.get(url) if body is None else client.post(url, body)
    if body is not None and response.status_code == 302:
        assert "/accounts/login" not in response["Location"]
        return "done"
    return str(response.status_code)


def _api(w, person, path, body):
    api = APIClient()
    api.force_authenticate(person)
    url = f"/api/returns/{w['signed'].pk}/{path}"
    response = api.get(url) if body is None else api.post(url, body, format="json")
    if body is not None and response.status_code in (200, 201):
        return "done"
    return str(response.status_code)


@pytest.mark.parametrize("surface", ["page", "api"])
@pytest.mark.parametrize("who", PEOPLE)
@pytest.mark.parametrize("name", sorted(ROUTES))
def test_the_page_and_its_api_twin_give_the_same_answer(client, w, name, who, surface):
    page_path, api_path, make_body = ROUTES[name]
    person = w[who]
    body = make_body(surface == "page", w) if make_body else None
    if surface == "page":
        client.force_login(person)
        got = _page(client, w, page_path, body)
    else:
        got = _api(w, person, api_path, body)
    assert got == EXPECTED[name].split()[PEOPLE.index(who)]
