import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from safeguarding.returns import services

from .conftest import by_key


@pytest.fixture
def api():
    return APIClient()


def test_an_agency_answers_uploads_and_signs_off_through_the_api(api, police_lead, police_return):
    api.force_authenticate(police_lead)
    detail = api.get(f"/api/returns/{police_return.pk}/").json()
    assert len(detail["sections"]) == 8
    assert detail["sections"][0]["questions"][0]["kind"] == "scale"
    questions = by_key(police_return)
    scores = [{"question": q.pk, "score": 2} for q in questions.values() if q.kind == "scale"]
    response = api.post(
        f"/api/returns/{police_return.pk}/answers/",
        {"answers": scores + [{"question": questions["training-how"].pk, "text": "E-learning"}]},
        format="json",
    )
    assert response.status_code == 200, response.json()
    assert len(response.json()["answers"]) == 9
    upload = SimpleUploadedFile("policy.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf")
    response = api.post(
        f"/api/returns/{police_return.pk}/evidence/",
        {"file": upload, "description": "Policy"},
        format="multipart",
    )
    assert response.status_code == 200, response.json()
    assert response.json()["evidence"][0]["download_url"].startswith("/returns/evidence/")
    response = api.post(f"/api/returns/{police_return.pk}/sign-off/")
    assert response.status_code == 200
    assert response.json()["status"] == "signed_off"
    response = api.post(
        f"/api/returns/{police_return.pk}/answers/",
        {"answers": [{"question": questions["training-how"].pk, "text": "Too late"}]},
        format="json",
    )
    assert response.status_code == 403


def test_a_bad_score_names_the_question(api, police_lead, police_return):
    api.force_authenticate(police_lead)
    question = by_key(police_return)["training-score"]
    response = api.post(
        f"/api/returns/{police_return.pk}/answers/",
        {"answers": [{"question": question.pk, "score": 9}]},
        format="json",
    )
    assert response.status_code == 400
    assert f"q{question.pk}" in str(response.json())


def test_other_agencies_see_neither_the_return_nor_its_moderated_scores(
    api, business_unit, police_lead, health_lead, police_return
):
    questions = by_key(police_return)
    services.save_answers(
        police_lead,
        police_return,
        {q.pk: {"score": 3} for q in questions.values() if q.kind == "scale"},
    )
    services.sign_off(police_lead, police_return)
    api.force_authenticate(business_unit)
    response = api.post(
        f"/api/returns/{police_return.pk}/moderate/",
        {"scores": [{"question": questions["training-score"].pk, "score": 1, "reason": "Gaps"}]},
        format="json",
    )
    assert response.status_code == 200, response.json()
    api.force_authenticate(health_lead)
    assert api.get(f"/api/returns/{police_return.pk}/").status_code == 404
    listed = api.get("/api/returns/").json()["results"]
    assert {row["agency_name"] for row in listed} == {"Community Health Trust"}
    assert all(row["moderated_scores"] == [] for row in listed)
    api.force_authenticate(police_lead)
    mine = api.get(f"/api/returns/{police_return.pk}/").json()
    assert mine["moderated_scores"][0]["reason"] == "Gaps"


def test_the_business_unit_sends_a_request_through_the_api(
    api, business_unit, children_board, section_11, police
):
    api.force_authenticate(business_unit)
    response = api.post(
        "/api/return-requests/",
        {
            "board": children_board.pk,
            "title": "Restructuring 2030",
            "template": section_11.pk,
            "deadline": "2030-06-28",
            "agencies": [police.pk],
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert api.get("/api/return-templates/").json()["count"] == 2
