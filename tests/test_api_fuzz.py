"""Fuzzing the API from its OpenAPI schema: schemathesis generates requests for every operation
and each answer, for a practitioner and for business-unit staff, must not be a server error."""

import json

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token


def _openapi_document() -> dict:
    document = SchemaGenerator().get_schema(request=None, public=True)
    return json.loads(OpenApiJsonRenderer().render(document))


# Random generation only: the coverage phase's exhaustive boundary cases would take minutes.
CONFIG = schemathesis.config.SchemathesisConfig.from_dict(
    {"phases": {"coverage": {"enabled": False}, "stateful": {"enabled": False}}}
)
schema = schemathesis.openapi.from_dict(_openapi_document(), config=CONFIG)
schema.app = get_wsgi_application()


@pytest.fixture
def wsgi_keeps_the_test_connection():
    """Django's WSGI handler closes the database connection after each request, which would end
    the test's transaction on PostgreSQL; the test client stops that in the same way."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture(params=["practitioner", "business_unit"])
def api_headers(request, county, make_person, wsgi_keeps_the_test_connection):
    """Token headers for one role, with some records for the fuzzer to find."""
    board = county["children"]
    people = {
        "practitioner": make_person("practitioner"),
        "business_unit": make_person("business_unit", board=board),
    }
    make_person("agency_lead", lead_of=people["practitioner"].agency)
    token = Token.objects.create(user=people[request.param])
    return {"Authorization": f"Token {token.key}"}


@schema.parametrize()
@settings(
    max_examples=10,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_the_api_never_answers_with_a_server_error(case, api_headers):
    response = case.call(headers=api_headers)
    assert response.status_code < 500, (
        f"{case.method} {case.formatted_path} answered {response.status_code}:\n"
        f"{response.text[:2000]}\n\nReproduce: {case.as_curl_command(headers=api_headers)}"
    )
