"""The booking-rush benchmark (benchmarks/rush.py) at a tiny scale, through Django's test
client instead of gunicorn: its sign-ins work, its forms post, and its check counts right."""

import re

import pytest
from django.test import Client

from benchmarks import rush
from benchmarks.generate import generate, parse_args


@pytest.fixture
def tiny(db):
    return generate(parse_args(["--people", "80", "--agencies", "4"]), say=lambda *_: None)


def _client(cookie: str) -> Client:
    client = Client(HTTP_HOST="127.0.0.1")
    name, value = cookie.split("=", 1)
    client.cookies[name] = value
    return client


def test_the_rush_signs_people_in_and_counts_the_outcome(tiny, django_capture_on_commit_callbacks):
    plan = rush.prepare(clients=6, places=2)
    path = f"/training/sessions/{plan['session']}/apply/"
    with django_capture_on_commit_callbacks(execute=True):
        for _, manager, cookie in plan["applicants"]:
            client = _client(cookie)
            page = client.get(path)
            assert page.status_code == 200  # signed in: not sent to the sign-in page
            token = re.search(rush.TOKEN, page.content.decode()).group(1)
            response = client.post(
                path,
                {
                    "csrfmiddlewaretoken": token,
                    "reason": "Rush",
                    "line_manager": manager,
                    "confirm": "on",
                },
            )
            assert response.status_code == 302
        from safeguarding.training.models import Application

        for application in Application.objects.filter(session_id=plan["session"]):
            client = _client(plan["managers"][application.line_manager_id])
            response = client.post(
                f"/training/applications/{application.pk}/decide/", {"decision": "approve"}
            )
            assert response.status_code == 302
    result = rush.outcome(plan["session"])
    assert result["applications"] == 6
    assert result["statuses"] == {"confirmed": 2, "waiting": 4}
    assert result["notices"]["training.approval_request"] == 6
    assert result["notices"]["training.place_confirmed"] == 2
    assert result["notices"]["training.waiting_list"] == 4
