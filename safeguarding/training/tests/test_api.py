from datetime import timedelta

import pytest
import time_machine
from rest_framework.test import APIClient

from safeguarding.training.models import Application, Status

from .conftest import apply_and_approve

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


def test_catalogue_through_the_api(api, applicant, session):
    assert api.get("/api/training-sessions/").status_code == 403
    api.force_authenticate(applicant)
    data = api.get("/api/training-sessions/").json()
    assert data["results"][0]["places_left"] == 2
    assert api.get("/api/training-courses/").json()["count"] == 1


def test_apply_approve_cancel_through_the_api(api, applicant, manager, session, make_person):
    api.force_authenticate(applicant)
    response = api.post(
        "/api/training-applications/",
        {"session": session.pk, "reason": "For my work", "line_manager": manager.pk},
        format="json",
    )
    assert response.status_code == 201, response.json()
    pk = response.json()["id"]
    assert response.json()["status"] == Status.AWAITING_APPROVAL
    # the applicant may not approve their own application
    assert api.post(f"/api/training-applications/{pk}/approve/", {}).status_code == 403
    # someone else cannot even see it
    api.force_authenticate(make_person("practitioner"))
    assert api.post(f"/api/training-applications/{pk}/approve/", {}).status_code == 404
    api.force_authenticate(manager)
    response = api.post(f"/api/training-applications/{pk}/approve/", {}, format="json")
    assert response.json()["status"] == Status.CONFIRMED
    api.force_authenticate(applicant)
    response = api.post(f"/api/training-applications/{pk}/cancel/", {}, format="json")
    assert response.json()["status"] == Status.CANCELLED


def test_bad_input_names_the_field(api, applicant, session):
    api.force_authenticate(applicant)
    response = api.post(
        "/api/training-applications/", {"session": session.pk, "reason": " "}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "reason"


def test_attendance_through_the_api(api, applicant, manager, business_unit, session):
    application = apply_and_approve(applicant, session, manager)
    api.force_authenticate(manager)
    url = f"/api/training-applications/{application.pk}/attendance/"
    assert api.post(url, {"attended": True}, format="json").status_code == 403
    api.force_authenticate(business_unit)
    early = api.post(url, {"attended": False}, format="json")
    assert early.status_code == 400
    error = early.json()["errors"][0]
    assert error["field"] == "attended"
    assert error["message"].startswith("The register opens when the session starts")
    application.refresh_from_db()
    assert (application.status, application.charge) == (Status.CONFIRMED, None)
    with time_machine.travel(session.starts_at + timedelta(minutes=1), tick=False):
        response = api.post(url, {"attended": True}, format="json")
    assert response.json()["status"] == Status.ATTENDED
    assert Application.objects.get().certificate_code


def test_applications_list_is_scoped(api, applicant, manager, session, make_person):
    apply_and_approve(applicant, session, manager)
    api.force_authenticate(make_person("practitioner"))
    assert api.get("/api/training-applications/").json()["count"] == 0
    api.force_authenticate(manager)
    assert api.get("/api/training-applications/").json()["count"] == 1
