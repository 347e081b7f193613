"""The API answers every failure in its one format, {"status": N, "errors": [...]}, even for
input too deeply nested to parse and for addresses no API route matches."""

import pytest
from rest_framework.test import APIClient

from safeguarding.core.parsers import MAX_JSON_DEPTH


@pytest.fixture
def api(business_unit):
    client = APIClient()
    client.force_authenticate(business_unit)
    return client


def _nested(depth):
    return "[" * depth + "]" * depth


@pytest.mark.parametrize("depth", [MAX_JSON_DEPTH + 1, 5000, 100_000])
def test_deeply_nested_json_is_a_400_in_the_error_format(api, depth):
    response = api.post("/api/role-assignments/", _nested(depth), content_type="application/json")
    assert response.status_code == 400
    assert response.json() == {
        "status": 400,
        "errors": [
            {
                "field": None,
                "message": f"The JSON is nested too deeply: at most {MAX_JSON_DEPTH} levels "
                "are accepted.",
                "code": "parse_error",
            }
        ],
    }


def test_deep_objects_are_refused_too(api):
    body = '{"a": ' * (MAX_JSON_DEPTH + 1) + "1" + "}" * (MAX_JSON_DEPTH + 1)
    response = api.post("/api/agencies/", body, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["errors"][0]["code"] == "parse_error"


def test_json_within_the_depth_reaches_validation(api):
    response = api.post(
        "/api/role-assignments/", _nested(MAX_JSON_DEPTH), content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["code"] != "parse_error"


@pytest.mark.parametrize(
    "path",
    [
        "/api/people/abc/",
        "/api/people/999999/",
        "/api/people/1.5/",
        "/api/people/1/no-such-action/",
        "/api/meetings/1.5/",
        "/api/no-such-records/",
    ],
)
def test_bad_ids_and_unknown_api_addresses_are_json_404s(api, path):
    response = api.get(path)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["status"] == 404
    assert [error["code"] for error in body["errors"]] == ["not_found"]


def test_signed_out_unknown_api_address_is_a_json_404_too(db):
    response = APIClient().get("/api/no-such-records/")
    assert response.status_code == 404
    assert response.json()["status"] == 404


def test_pages_still_get_the_html_404(client, business_unit):
    client.force_login(business_unit)
    response = client.get("/directory/people/999999/")
    assert response.status_code == 404
    assert "Page not found" in response.text
