"""Who sees what, before and after the notice date, and the logging of case-audit views."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from safeguarding.core.models import AuditEvent
from safeguarding.inspections import services
from safeguarding.inspections.models import CaseAudit
from safeguarding.inspections.selectors import audits_visible_to, inspections_visible_to

from .conftest import complete_audit

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(
    make_person,
    business_unit,
    children_board,
    adults_board,
    burnley,
    preston,
    police_lead,
    school_lead,
    police_reviewer,
    health_reviewer,
    practitioner,
):
    return {
        "business_unit": business_unit,
        "adults_bu": make_person("business_unit", board=adults_board),
        "burnley_chair": make_person("cpb_chair", area=burnley),
        "preston_chair": make_person("cpb_chair", area=preston),
        "board_member": make_person("board_member", board=children_board),
        "police_lead": police_lead,
        "school_lead": school_lead,
        "team_reviewer": police_reviewer,
        "other_reviewer": health_reviewer,
        "practitioner": practitioner,
    }


# role -> (before the notice date, from the notice date) for the inspection's page
DETAIL = {
    "business_unit": (200, 200),
    "adults_bu": (404, 404),
    "burnley_chair": (404, 200),
    "preston_chair": (404, 404),
    "board_member": (404, 404),
    "police_lead": (404, 200),
    "school_lead": (404, 404),
    "team_reviewer": (404, 200),
    "other_reviewer": (404, 404),
    "practitioner": (404, 404),
}


@pytest.mark.parametrize(("role", "expected"), DETAIL.items())
def test_unannounced_until_the_notice_date(
    client, people, inspection, business_unit, role, expected
):
    services.add_team_member(business_unit, inspection, person=people["team_reviewer"])
    client.force_login(people[role])
    url = reverse("inspections:inspection_detail", args=[inspection.pk])
    day_before = datetime.datetime.combine(
        inspection.notice_date - datetime.timedelta(days=1), datetime.time(12)
    )
    with time_machine.travel(day_before, tick=False):
        client.force_login(people[role])
        assert client.get(url).status_code == expected[0]
        assert (inspection in inspections_visible_to(people[role])) is (expected[0] == 200)
    notice_day = datetime.datetime.combine(inspection.notice_date, datetime.time(12))
    with time_machine.travel(notice_day, tick=False):
        client.force_login(people[role])
        assert client.get(url).status_code == expected[1]
        assert (inspection in inspections_visible_to(people[role])) is (expected[1] == 200)


def test_practitioner_has_no_inspections_page(client, practitioner):
    client.force_login(practitioner)
    assert client.get(reverse("inspections:programme")).status_code == 403


def test_reviewer_on_a_sees_404_for_b(
    client, live, make_inspection, preston, police_reviewer, business_unit
):
    other = make_inspection(-1, locality=preston)
    client.force_login(police_reviewer)
    assert client.get(reverse("inspections:inspection_detail", args=[live.pk])).status_code == 200
    assert client.get(reverse("inspections:inspection_detail", args=[other.pk])).status_code == 404
    assert client.get(f"/api/inspections/{other.pk}/").status_code == 404


def test_reviewer_cannot_open_own_agency_records(client, live, police_reviewer, police):
    own = CaseAudit.objects.filter(inspection=live, agency=police).first()
    other = CaseAudit.objects.filter(inspection=live).exclude(agency=police).first()
    client.force_login(police_reviewer)
    assert client.get(reverse("inspections:audit_detail", args=[own.pk])).status_code == 404
    assert client.get(f"/api/inspection-audits/{own.pk}/").status_code == 404
    assert client.get(reverse("inspections:audit_detail", args=[other.pk])).status_code == 200
    assert own not in audits_visible_to(police_reviewer)


def test_every_view_of_a_case_audit_is_logged_and_shown_to_the_business_unit(
    client, live, police_reviewer, police, business_unit
):
    audit = CaseAudit.objects.filter(inspection=live).exclude(agency=police).first()
    client.force_login(police_reviewer)
    client.get(reverse("inspections:audit_detail", args=[audit.pk]))
    client.get(reverse("inspections:audit_detail", args=[audit.pk]))
    client.get(f"/api/inspection-audits/{audit.pk}/")
    events = AuditEvent.objects.filter(
        verb="case audit viewed", target_type="inspections.caseaudit", target_id=str(audit.pk)
    )
    assert events.count() == 3
    assert {e.actor_id for e in events} == {police_reviewer.pk}
    assert events.first().board_id == live.board_id
    client.force_login(business_unit)
    page = client.get(reverse("inspections:inspection_detail", args=[live.pk])).content.decode()
    assert "Who has viewed the case audits" in page
    assert police_reviewer.full_name in page


def test_reviewer_loses_sight_after_the_action_plan_ends(
    client, live, police_reviewer, business_unit
):
    for audit in CaseAudit.objects.filter(inspection=live):
        complete_audit(audit.reviewer, audit)
    end = live.fieldwork_end + datetime.timedelta(days=200)
    services.publish_report(
        business_unit, live, summary="Done", board_received_on=None, plan_end=end
    )
    client.force_login(police_reviewer)
    url = reverse("inspections:inspection_detail", args=[live.pk])
    assert client.get(url).status_code == 200
    with time_machine.travel(
        datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time(12))
    ):
        client.force_login(police_reviewer)
        assert client.get(url).status_code == 404


def test_aggregates_only_for_roles_without_case_detail(
    client, live, business_unit, police_lead, children_board, make_person
):
    for audit in CaseAudit.objects.filter(inspection=live):
        complete_audit(audit.reviewer, audit)
    services.publish_report(
        business_unit,
        live,
        summary="Done",
        board_received_on=None,
        plan_end=live.fieldwork_end + datetime.timedelta(days=200),
    )
    member = make_person("board_member", board=children_board)
    for person in (police_lead, member):
        client.force_login(person)
        assert client.get(reverse("inspections:report", args=[live.pk])).status_code == 200
        grades = client.get(f"/api/inspections/{live.pk}/grades/").json()
        assert grades["audits"] == 4
        assert client.get("/api/inspection-audits/").json()["count"] == 0
        audit = CaseAudit.objects.filter(inspection=live).first()
        assert client.get(reverse("inspections:audit_detail", args=[audit.pk])).status_code == 404
        page = client.get(reverse("inspections:inspection_detail", args=[live.pk])).content.decode()
        assert "P-100" not in page
        assert "Case audits" not in page
