import datetime

import pytest
from django.utils import timezone

from safeguarding.inspections.models import CaseAudit, Inspection

pytestmark = pytest.mark.django_db


def test_programme_listed_by_scope(
    client, live, make_inspection, preston, business_unit, police_lead, practitioner
):
    inspection = make_inspection(30, locality=preston)
    client.force_login(business_unit)
    codes = [row["code"] for row in client.get("/api/inspections/").json()["results"]]
    assert codes == [live.code, inspection.code]
    client.force_login(police_lead)  # the second is not announced yet
    assert [r["code"] for r in client.get("/api/inspections/").json()["results"]] == [live.code]
    client.force_login(practitioner)
    assert client.get("/api/inspections/").status_code == 403


def test_business_unit_schedules_through_the_api(
    client, business_unit, children_board, burnley, police_lead
):
    client.force_login(business_unit)
    start = datetime.date(2030, 6, 10)
    response = client.post(
        "/api/inspections/",
        {
            "board": children_board.pk,
            "locality": burnley.pk,
            "fieldwork_start": "2030-06-10",
            "fieldwork_end": "2030-06-14",
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["notice_date"] == "2030-05-27"
    assert Inspection.objects.get().fieldwork_start == start
    again = client.post(
        "/api/inspections/",
        {
            "board": children_board.pk,
            "locality": burnley.pk,
            "fieldwork_start": "2030-10-07",
            "fieldwork_end": "2030-10-11",
        },
        content_type="application/json",
    )
    assert again.status_code == 400
    assert again.json()["errors"][0]["field"] == "override_reason"
    client.force_login(police_lead)
    assert client.post("/api/inspections/", {}, content_type="application/json").status_code == 403


def test_audits_for_the_team_without_own_agency(
    client, live, police_reviewer, police, business_unit
):
    client.force_login(police_reviewer)
    rows = client.get("/api/inspection-audits/").json()["results"]
    assert rows
    assert all(row["agency"] != police.pk for row in rows)
    assert "record_number" in rows[0]
    assert "name" not in rows[0]
    client.force_login(business_unit)
    assert client.get("/api/inspection-audits/").json()["count"] == CaseAudit.objects.count()


def test_grades_aggregate(client, live, business_unit):
    client.force_login(business_unit)
    body = client.get(f"/api/inspections/{live.pk}/grades/").json()
    assert body["grades"] == ["outstanding", "good", "requires_improvement", "inadequate"]
    assert body["audits"] == 4


def test_programme_by_year(client, business_unit, children_board, county):
    from safeguarding.inspections import services

    services.generate_programme(business_unit, board=children_board, year=2015)
    services.generate_programme(business_unit, board=children_board, year=2016)
    client.force_login(business_unit)
    rows = client.get("/api/inspections/", {"year": "2015"}).json()["results"]
    assert [row["fieldwork_start"][:7] for row in rows] == ["2015-06", "2015-10", "2016-02"]
    assert client.get("/api/inspections/", {"year": "soon"}).status_code == 400


def test_inspection_dates_have_sensible_bounds(
    client, business_unit, children_board, burnley, live, police
):
    from safeguarding.inspections.models import Engagement

    client.force_login(business_unit)
    body = {"board": children_board.pk, "locality": burnley.pk, "override_reason": "Again"}
    for start, end, field in (
        ("1900-06-10", "1900-06-14", "fieldwork_start"),
        ("2030-06-10", "9999-06-14", "fieldwork_end"),
    ):
        response = client.post(
            "/api/inspections/",
            {**body, "fieldwork_start": start, "fieldwork_end": end},
            content_type="application/json",
        )
        assert response.status_code == 400
        assert response.json()["errors"][0]["field"] == field
    assert Inspection.objects.count() == 1
    # An interview is recorded once it has happened: not tomorrow.
    page = client.post(
        f"/inspections/{live.pk}/engagements/new/",
        {
            "kind": "interview",
            "agency": police.pk,
            "practitioner_role": "Social worker",
            "date": (timezone.localdate() + datetime.timedelta(days=1)).strftime("%d/%m/%Y"),
            "observations": "Clear about the plan",
        },
    )
    assert page.status_code == 200
    assert "today or in the past" in page.context["form"].errors["date"][0]
    assert not Engagement.objects.exists()
