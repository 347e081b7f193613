import datetime

import pytest
from django.utils import timezone

from safeguarding.core.models import AuditEvent
from safeguarding.inspections.models import CaseAudit, Inspection

from .conftest import fieldwork

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
    # Two weeks before is 27 May 2030, the Spring bank holiday: the notice goes the Friday before.
    assert response.json()["notice_date"] == "2030-05-24"
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


# --- The inspection's life through the API: the same services as the pages -----------------


def _post(client, url, body=None, method="post"):
    return getattr(client, method)(url, body or {}, content_type="application/json")


def test_a_whole_inspection_runs_through_the_api(
    client,
    make_inspection,
    business_unit,
    police,
    health,
    police_reviewer,
    health_reviewer,
    police_lead,
    today,
):
    inspection = make_inspection(-1)
    url = f"/api/inspections/{inspection.pk}"
    client.force_login(business_unit)
    for person, lead in ((health_reviewer, True), (police_reviewer, False)):
        added = _post(client, f"{url}/team/", {"person": person.pk, "is_lead": lead})
        assert added.status_code == 201, added.json()
    client.force_login(police_lead)  # an agency lead submits for their own agency only
    refused = _post(client, f"{url}/cases/", {"agency": health.pk, "record_number": "H-1"})
    assert refused.status_code == 400
    assert refused.json()["errors"][0]["field"] == "agency"
    submitted = _post(client, f"{url}/cases/", {"agency": police.pk, "record_number": "P-1"})
    assert submitted.status_code == 201, submitted.json()
    assert submitted.json()["case"] == f"{inspection.code}-001"
    client.force_login(business_unit)
    _post(client, f"{url}/cases/", {"agency": health.pk, "record_number": "H-2"})
    sample = _post(client, f"{url}/sample/", {"size": 2, "seed": 42})
    assert sample.status_code == 200, sample.json()
    assert sorted(sample.json()["cases"]) == [1, 2]
    assert sample.json()["seed"] == 42
    assigned = _post(client, f"{url}/assign-audits/")
    assert assigned.json() == {"assigned": 2}
    audits = {audit.agency_id: audit for audit in CaseAudit.objects.filter(inspection=inspection)}
    # The health reviewer audits police's record, and the police reviewer health's.
    assert audits[police.pk].reviewer == health_reviewer
    themes = list(inspection.template.themes.all())
    body = {
        "grade": "good",
        "grade_reason": "Timely",
        "theme_grades": [{"theme": t.pk, "grade": "good", "reason": "On file"} for t in themes],
    }
    for audit in audits.values():
        client.force_login(audit.reviewer)
        saved = _post(client, f"/api/inspection-audits/{audit.pk}/", body, method="patch")
        assert saved.status_code == 200, saved.json()
        assert saved.json()["state"] == "in_progress"
        submitted = _post(client, f"/api/inspection-audits/{audit.pk}/submit/", {})
        assert submitted.json()["state"] == "submitted", submitted.json()
    client.force_login(health_reviewer)  # never the audit's own reviewer, lead or not
    own = _post(
        client, f"/api/inspection-audits/{audits[police.pk].pk}/moderate/", {"final_grade": "good"}
    )
    assert own.status_code == 403
    # Nor a reviewer from the agency whose records they are: it does not exist for them.
    hidden = _post(
        client, f"/api/inspection-audits/{audits[health.pk].pk}/moderate/", {"final_grade": "good"}
    )
    assert hidden.status_code == 404
    client.force_login(business_unit)
    moderated = _post(
        client,
        f"/api/inspection-audits/{audits[health.pk].pk}/moderate/",
        {"final_grade": "requires_improvement", "note": "Plan drifted"},
    )
    assert moderated.json()["final_grade"] == "requires_improvement", moderated.json()
    _post(
        client, f"/api/inspection-audits/{audits[police.pk].pk}/moderate/", {"final_grade": "good"}
    )
    client.force_login(health_reviewer)  # the lead reviewer adds findings
    finding = _post(
        client,
        f"{url}/findings/",
        {"kind": "improvement", "text": "Record the child's views", "agency": police.pk},
    )
    assert finding.status_code == 201, finding.json()
    interview = _post(
        client,
        f"{url}/engagements/",
        {
            "kind": "interview",
            "agency": police.pk,
            "practitioner_role": "Detective sergeant",
            "date": today.isoformat(),
            "observations": "Knew the family's history",
        },
    )
    assert interview.status_code == 201, interview.json()
    client.force_login(business_unit)
    published = _post(
        client,
        f"{url}/publish/",
        {
            "summary": "Sound practice",
            "plan_end": (today + datetime.timedelta(days=300)).isoformat(),
        },
    )
    assert published.status_code == 200, published.json()
    assert published.json()["status"] == "reported"
    plan = published.json()["action_plan"]
    assert plan is not None
    assert AuditEvent.objects.filter(verb="report published", target_id=str(inspection.pk)).exists()
    late = _post(client, f"{url}/findings/", {"kind": "good_practice", "text": "Late"})
    assert late.status_code == 400
    assert "published" in late.json()["errors"][0]["message"]


def test_moving_an_inspection_keeps_the_version_and_names_what_is_wrong(
    client, inspection, business_unit, police_lead
):
    client.force_login(business_unit)
    url = f"/api/inspections/{inspection.pk}/"
    start, end = fieldwork(inspection.fieldwork_start + datetime.timedelta(days=7))
    moved = _post(
        client,
        url,
        {
            "fieldwork_start": start.isoformat(),
            "fieldwork_end": end.isoformat(),
            "version": 1,
        },
        method="patch",
    )
    assert moved.status_code == 200, moved.json()
    assert moved.json()["version"] == 2
    stale = _post(client, url, {"criteria": "Neglect", "version": 1}, method="patch")
    assert stale.status_code == 409
    assert stale.json()["version"] == 2
    backwards = _post(client, url, {"fieldwork_end": "2000-01-03", "version": 2}, method="patch")
    assert backwards.status_code == 400
    assert backwards.json()["errors"][0]["field"] == "fieldwork_end"
    cancelled = _post(client, f"/api/inspections/{inspection.pk}/cancel/", {"reason": "Merged"})
    assert cancelled.json()["status"] == "cancelled"
    client.force_login(police_lead)  # not announced yet: it does not exist for them
    assert (
        _post(client, f"/api/inspections/{inspection.pk}/cancel/", {"reason": "x"}).status_code
        == 404
    )


def test_a_child_s_name_needs_the_writer_s_confirmation(client, live, business_unit):
    client.force_login(business_unit)
    url = f"/api/inspections/{live.pk}/findings/"
    text = {"kind": "good_practice", "text": "Jayden Smith's plan was reviewed on time"}
    refused = _post(client, url, text)
    assert refused.status_code == 400
    assert refused.json()["errors"][0]["field"] == "text"
    assert _post(client, url, {**text, "confirm_no_names": True}).status_code == 201


def test_the_programme_generates_and_the_template_gets_a_new_version(
    client, business_unit, children_board, police_lead, today
):
    client.force_login(business_unit)
    year = today.year + 1
    made = _post(client, "/api/inspections/generate/", {"board": children_board.pk, "year": year})
    assert made.status_code == 201, made.json()
    assert len(made.json()) == 3
    again = _post(client, "/api/inspections/generate/", {"board": children_board.pk, "year": year})
    assert again.status_code == 400
    assert again.json()["errors"][0]["field"] == "year"
    template = Inspection.objects.first().template
    new = _post(
        client,
        f"/api/inspection-templates/{template.pk}/new-version/",
        {"text": "## Voice\nWas the child heard?"},
    )
    assert new.status_code == 201
    assert new.json()["version"] == template.version + 1
    empty = _post(client, f"/api/inspection-templates/{template.pk}/new-version/", {"text": "x"})
    assert empty.status_code == 400
    assert empty.json()["errors"][0]["field"] == "text"
    client.force_login(police_lead)
    assert client.get("/api/inspection-templates/").status_code == 403
