"""The reviews API: the same rules as the pages, one access row per read of a review, and the
addressed agency's upload."""

import base64
import datetime

from django.utils import timezone

from safeguarding.core.models import AuditEvent
from safeguarding.reviews import services


def test_reading_a_review_writes_one_access_row_and_shows_its_clocks(client, review, business_unit):
    client.force_login(business_unit)
    before = AuditEvent.objects.filter(verb="review viewed").count()
    answer = client.get(f"/api/reviews/{review.pk}/")
    assert answer.status_code == 200
    assert AuditEvent.objects.filter(verb="review viewed").count() == before + 1
    clocks = {clock["key"]: clock for clock in answer.json()["clocks"]}
    assert clocks["notification"]["due"] == "2015-01-12"
    assert clocks["notification"]["rag"] == "red"


def test_the_other_boards_business_unit_gets_404_and_an_empty_list(
    client, review, make_person, adults_board
):
    client.force_login(make_person("business_unit", board=adults_board))
    assert client.get(f"/api/reviews/{review.pk}/").status_code == 404
    assert client.get("/api/reviews/").json()["results"] == []


def test_someone_outside_every_panel_is_answered_as_for_a_review_that_does_not_exist(
    client, review, make_person, agency
):
    """No route-level 403 tells them reviews exist: the list is empty, and the review's
    detail, its counts and its actions answer exactly as a missing review's do."""
    client.force_login(make_person("agency_lead", lead_of=agency, agency=agency))
    listed = client.get("/api/reviews/")
    assert listed.status_code == 200
    assert listed.json()["results"] == []
    missing = review.pk + 1000
    for method, path, body in [
        ("get", "/api/reviews/{}/", None),
        ("get", "/api/reviews/{}/recommendation-counts/", None),
        ("patch", "/api/reviews/{}/", {"pseudonym": "Child B"}),
        ("post", "/api/reviews/{}/move/", {"stage": "rapid_review"}),
        ("post", "/api/reviews/{}/briefs/", {"title": "A", "body": "B"}),
        ("delete", "/api/reviews/{}/panel/1/", None),
    ]:
        send = getattr(client, method)
        answers = [
            send(path.format(pk), body, content_type="application/json")
            for pk in (review.pk, missing)
        ]
        assert [a.status_code for a in answers] == [404, 404], (method, path)
        assert answers[0].json() == answers[1].json(), (method, path)
    assert not AuditEvent.objects.filter(verb="review viewed").exists()


def test_the_business_unit_moves_a_review_and_a_skipped_stage_is_refused(
    client, review, business_unit
):
    client.force_login(business_unit)
    refused = client.post(
        f"/api/reviews/{review.pk}/move/",
        {"stage": "decision", "decision": "local", "decided_on": "2015-01-20"},
        content_type="application/json",
    )
    assert refused.status_code == 400
    moved = client.post(
        f"/api/reviews/{review.pk}/move/",
        {"stage": "rapid_review", "notified_on": "2015-01-09", "rapid_review_on": "2015-01-22"},
        content_type="application/json",
    )
    assert moved.status_code == 200
    assert moved.json()["stage"] == "rapid_review"


def test_the_addressed_agency_uploads_its_chronology_through_the_api(
    client, review, business_unit, agency, make_person, settings, tmp_path
):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path), "base_url": None},
        },
    }
    lead = make_person("agency_lead", lead_of=agency, agency=agency)
    request = services.request_chronology(
        business_unit,
        review,
        agency=agency,
        due_on=timezone.localdate() + datetime.timedelta(days=10),
    )
    client.force_login(lead)
    assert client.get(f"/api/reviews/{review.pk}/").status_code == 404
    listed = client.get("/api/review-chronologies/").json()["results"]
    assert [row["id"] for row in listed] == [request.pk]
    uploaded = client.post(
        f"/api/review-chronologies/{request.pk}/upload/",
        {
            "file_name": "chronology.pdf",
            "content_base64": base64.b64encode(b"%PDF-1.4\n%%EOF\n").decode(),
        },
        content_type="application/json",
    )
    assert uploaded.status_code == 200
    assert uploaded.json()["received"] is True


def test_the_adults_board_sets_its_clocks_through_the_api(
    client, make_person, adults_board, children_board, business_unit
):
    url = "/api/review-clocks/"
    body = {"board": adults_board.pk, "decision_working_days": 20, "publication_months": 9}
    client.force_login(business_unit)  # the children's board's
    assert client.post(url, body, content_type="application/json").status_code == 403
    assert client.get(url).json()["results"] == []
    client.force_login(make_person("business_unit", board=adults_board))
    refused = client.post(url, {**body, "publication_months": 40}, content_type="application/json")
    assert refused.status_code == 400
    assert [e["field"] for e in refused.json()["errors"]] == ["publication_months"]
    refused = client.post(
        url, {**body, "board": children_board.pk}, content_type="application/json"
    )
    assert refused.status_code == 403  # not their board
    saved = client.post(url, body, content_type="application/json")
    assert saved.status_code == 200, saved.json()
    assert client.get(url).json()["results"] == [body]
    assert AuditEvent.objects.filter(verb="review clocks changed").count() == 1
