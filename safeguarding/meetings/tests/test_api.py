import pytest
from rest_framework.test import APIClient

from safeguarding.core.models import AuditEvent
from safeguarding.meetings import services
from safeguarding.meetings.models import AgendaItem, Meeting


@pytest.fixture
def api():
    return APIClient()


def test_business_unit_schedules_and_builds_agenda(api, business_unit, children_board, member):
    api.force_authenticate(business_unit)
    response = api.post(
        "/api/meetings/",
        {
            "board": children_board.pk,
            "kind": "board",
            "title": "LSCB",
            "date": "2030-05-08",
            "start_time": "10:00",
            "venue": "County Hall",
            "members": [member.pk],
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    meeting_id = response.json()["id"]
    response = api.post(
        "/api/agenda-items/",
        {"meeting": meeting_id, "title": "Business Plan", "purpose": "decision"},
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert AgendaItem.objects.get().meeting_id == meeting_id
    assert AuditEvent.objects.filter(verb="agenda item added").exists()
    bad = api.post(
        "/api/meetings/",
        {
            "board": children_board.pk,
            "kind": "cpb",
            "title": "CPB",
            "date": "2030-05-08",
            "start_time": "10:00",
        },
        format="json",
    )
    assert bad.status_code == 400
    assert Meeting.objects.count() == 1


def test_member_reads_but_may_not_write(api, member, outsider, meeting, item, business_unit):
    services.update_item(business_unit, item, decision="The Board agreed it.")
    api.force_authenticate(member)
    assert [m["id"] for m in api.get("/api/meetings/").json()["results"]] == [meeting.pk]
    assert api.get(f"/api/agenda-items/{item.pk}/").status_code == 200
    assert api.get("/api/decisions/").json()["results"] == []  # minutes still a draft
    services.circulate_minutes(business_unit, meeting)
    decisions = api.get("/api/decisions/").json()["results"]
    assert decisions[0]["decision"] == "The Board agreed it."
    response = api.post(
        "/api/agenda-items/",
        {"meeting": meeting.pk, "title": "X", "purpose": "information"},
        format="json",
    )
    assert response.status_code == 403
    api.force_authenticate(outsider)
    assert api.get(f"/api/meetings/{meeting.pk}/").status_code == 404
    hidden = api.post(
        "/api/agenda-items/",
        {"meeting": meeting.pk, "title": "X", "purpose": "information"},
        format="json",
    )
    assert hidden.status_code == 400
    assert "meeting" in str(hidden.json())
    assert api.get("/api/decisions/").json()["results"] == []


def test_newsflashes_published_for_all_drafts_for_business_unit(
    api, member, business_unit, meeting, item
):
    draft = services.draft_newsflash(business_unit, meeting)
    api.force_authenticate(member)
    assert api.get(f"/api/newsflashes/{draft.pk}/").status_code == 404
    api.force_authenticate(business_unit)
    assert api.get(f"/api/newsflashes/{draft.pk}/").json()["state"] == "draft"
    services.approve_newsflash(business_unit, draft)
    services.publish_newsflash(business_unit, draft)
    api.force_authenticate(member)
    assert api.get(f"/api/newsflashes/{draft.pk}/").json()["state"] == "published"


def test_signed_out_gets_nothing(api, meeting):
    assert api.get("/api/meetings/").status_code == 403


def test_meeting_dates_have_sensible_bounds(api, client, business_unit, children_board):
    body = {
        "board": children_board.pk,
        "kind": "board",
        "title": "LSCB",
        "start_time": "10:00",
        "venue": "County Hall",
    }
    api.force_authenticate(business_unit)
    for day in ("1900-05-08", "9999-05-08"):
        response = api.post("/api/meetings/", {**body, "date": day}, format="json")
        assert response.status_code == 400
        assert response.json()["errors"][0]["field"] == "date"
    client.force_login(business_unit)
    page = client.post(
        "/meetings/new/", {**body, "kind": "executive", "date": "08/05/1900", "start_time": "2pm"}
    )
    assert page.status_code == 200
    assert "on or after 1 January 2000" in page.context["form"].errors["date"][0]
    assert not Meeting.objects.exists()
