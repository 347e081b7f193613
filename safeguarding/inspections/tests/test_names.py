"""No child's name in an inspection's free text: one check, run by the services for every field,
so the pages and the API refuse (or ask to confirm) the same things."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from safeguarding.core.models import AuditEvent
from safeguarding.inspections import services
from safeguarding.inspections.models import Case, CaseAudit, Engagement, Finding, Inspection
from safeguarding.inspections.names import check_no_child_names
from safeguarding.organisations.tests.factories import AgencyFactory

from .conftest import complete_audit

pytestmark = pytest.mark.django_db

REFUSED = [
    "Jayden Smith (dob 03/04/2012) was seen at home by the social worker",
    "smith, jayden, DOB 3/4/12, missing from home twice in March",
    "Mrs Khan's son, born on 14 February 2011, was not seen alone",
    "Referral about Kacey Brown, date of birth 01.09.2013",
]
WARNED = [
    "smith, jayden",
    "Smith, Jayden was not seen alone",
    "Jayden was not seen alone at the visit",
    "Met with Kacey Brown at home",
    "The child, called Tia, had missed school",
    "mrs smith reported the concern to the school",
    "Her date of birth was wrong on the referral",
]
CLEAR = [
    "Mother reported that the boy had been missing overnight",
    "Seen at Burnley Children's Centre with the family support worker",
    "Chorley and South Ribble CPB monitors the plan",
    "Lancashire Constabulary shared the referral on 12/03/2015",
    "East Pennine Hospitals did not attend the Strategy Meeting",
    "Child Protection Plan agreed at the Initial Child Protection Conference",
    "The child will miss school on Tuesday for a hospital appointment",
    "Preston Academy's designated lead called the police",
    "Head Teacher and Independent Reviewing Officer attended the Core Group",
]


@pytest.fixture
def agencies(police, health, school):
    return [police, health, school]


@pytest.mark.parametrize("text", REFUSED)
def test_a_likely_name_with_a_date_of_birth_is_refused_even_when_confirmed(agencies, text):
    with pytest.raises(ValidationError) as refused:
        check_no_child_names({"notes": text}, confirmed=True)
    assert "date of birth" in refused.value.message_dict["notes"][0]


@pytest.mark.parametrize("text", WARNED)
def test_a_likely_name_alone_needs_confirming(agencies, text):
    with pytest.raises(ValidationError) as warned:
        check_no_child_names({"observations": text})
    assert "confirm that it names no child" in warned.value.message_dict["observations"][0]
    assert check_no_child_names({"observations": text}, confirmed=True) == ["observations"]


@pytest.mark.parametrize("text", CLEAR)
def test_places_agencies_and_case_work_are_not_names(agencies, text):
    assert check_no_child_names({"text": text}) == []


def test_place_names_come_from_the_agency_and_area_tables(county):
    text = "Placed at Ashworth Grange until the review"
    with pytest.raises(ValidationError):
        check_no_child_names({"text": text})
    AgencyFactory(name="Ashworth Grange Children's Home")
    assert check_no_child_names({"text": text}) == []


def test_every_field_with_a_name_is_named(agencies):
    with pytest.raises(ValidationError) as refused:
        check_no_child_names(
            {"criteria": "Cases like Jayden's", "summary": "Fine", "reason": "Per Mrs Smith"}
        )
    assert set(refused.value.message_dict) == {"criteria", "reason"}


def test_case_submission_checks_the_record_number_and_notes(make_inspection, police_lead):
    inspection = make_inspection(10)
    agency = police_lead.agency
    with pytest.raises(ValidationError) as refused:
        services.submit_case(
            police_lead,
            inspection,
            agency=agency,
            record_number="SMITH-JAYDEN",
            notes="Jayden Smith (dob 03/04/2012) was seen at school",
            confirm_no_names=True,
        )
    assert set(refused.value.message_dict) == {"notes"}
    with pytest.raises(ValidationError) as warned:
        services.submit_case(police_lead, inspection, agency=agency, record_number="jayden smith")
    assert set(warned.value.message_dict) == {"record_number"}
    assert not Case.objects.exists()
    case, confirmed = services.submit_case(
        police_lead,
        inspection,
        agency=agency,
        record_number="LC/2015/0042",
        notes="Smith, Kacey was not seen alone",  # a practitioner's surname, the writer says
        confirm_no_names=True,
    )
    assert confirmed == ["notes"]
    event = AuditEvent.objects.filter(verb="case submitted").last()
    assert event.payload["confirmed_no_child_name"] == ["notes"]
    assert "Kacey" not in str(event.payload)


def test_audit_moderation_engagements_and_findings_are_checked(
    live, business_unit, health_reviewer, police
):
    audit = CaseAudit.objects.filter(inspection=live, reviewer=health_reviewer).first()
    question = audit.inspection.template.themes.first().questions.first()
    with pytest.raises(ValidationError) as refused:
        services.save_audit(
            health_reviewer,
            audit,
            answers={question.pk: "Jayden was seen alone"},
            theme_grades={},
            good_practice="Mrs Smith was supported well",
        )
    assert set(refused.value.message_dict) == {f"answer_{question.pk}", "good_practice"}
    complete_audit(health_reviewer, audit)
    audit.refresh_from_db()
    with pytest.raises(ValidationError) as refused:
        services.moderate_audit(
            business_unit,
            audit,
            final_grade="requires_improvement",
            theme_finals={},
            note="Kacey Brown (DOB 01/02/2013) was not seen",
            confirm_no_names=True,
        )
    assert set(refused.value.message_dict) == {"note"}
    with pytest.raises(ValidationError) as refused:
        services.record_engagement(
            health_reviewer,
            live,
            kind=Engagement.Kind.INTERVIEW,
            agency=police,
            practitioner_role="Social worker for Tia",
            date=live.fieldwork_start,
            observations="Spoke about smith, jayden",
        )
    assert set(refused.value.message_dict) == {"practitioner_role", "observations"}
    with pytest.raises(ValidationError) as refused:
        services.add_finding(
            business_unit,
            live,
            kind=Finding.Kind.IMPROVEMENT,
            agency=police,
            text="Jayden Smith, born 03/04/2012, waited too long",
        )
    assert set(refused.value.message_dict) == {"text"}
    assert not Engagement.objects.exists()
    assert not Finding.objects.exists()
    audit.refresh_from_db()
    assert audit.state == CaseAudit.State.SUBMITTED


def test_the_case_page_asks_for_confirmation_and_records_it(client, make_inspection, police_lead):
    inspection = make_inspection(10)
    client.force_login(police_lead)
    url = reverse("inspections:case_submit", args=[inspection.pk])
    data = {"agency": police_lead.agency_id, "record_number": "LC-1", "notes": "smith, jayden"}
    page = client.post(url, data)
    assert page.status_code == 200
    assert "&#x27;jayden&#x27; looks like a name" in page.content.decode()
    assert "confirm_no_names" in page.content.decode()
    refused = client.post(
        url, {**data, "notes": "Jayden Smith (dob 03/04/2012)", "confirm_no_names": "on"}
    )
    assert "date of birth" in refused.context["form"].errors["notes"][0]
    assert not Case.objects.exists()
    assert client.post(url, {**data, "confirm_no_names": "on"}).status_code == 302
    event = AuditEvent.objects.filter(verb="case submitted").last()
    assert event.payload["confirmed_no_child_name"] == ["notes"]


def test_the_finding_page_refuses_a_name_with_a_date_of_birth(client, live, business_unit, police):
    client.force_login(business_unit)
    url = reverse("inspections:finding_create", args=[live.pk])
    page = client.post(
        url,
        {
            "kind": "improvement",
            "agency": police.pk,
            "text": "Jayden Smith (dob 03/04/2012) waited too long",
            "confirm_no_names": "on",
        },
    )
    assert page.status_code == 200
    assert "date of birth" in page.context["form"].errors["text"][0]
    assert not Finding.objects.exists()


def test_the_api_refuses_or_asks_for_confirmation(client, business_unit, burnley):
    client.force_login(business_unit)
    start = datetime.date(2030, 6, 10)
    body = {
        "board": business_unit.role_assignments[0].board_id,
        "locality": burnley.pk,
        "fieldwork_start": str(start),
        "fieldwork_end": str(start + datetime.timedelta(days=4)),
    }
    refused = client.post(
        "/api/inspections/",
        {**body, "criteria": "Jayden Smith (dob 03/04/2012)", "confirm_no_names": True},
        content_type="application/json",
    )
    assert refused.status_code == 400
    assert refused.json()["errors"][0]["field"] == "criteria"
    warned = client.post(
        "/api/inspections/",
        {**body, "criteria": "Cases known to Mrs Smith's team"},
        content_type="application/json",
    )
    assert warned.status_code == 400
    assert "confirm that it names no child" in warned.json()["errors"][0]["message"]
    assert not Inspection.objects.exists()
    done = client.post(
        "/api/inspections/",
        {**body, "criteria": "Cases known to Mrs Smith's team", "confirm_no_names": True},
        content_type="application/json",
    )
    assert done.status_code == 201, done.json()
    assert "confirm_no_names" not in done.json()
    event = AuditEvent.objects.filter(verb="inspection scheduled").last()
    assert event.payload["confirmed_no_child_name"] == ["criteria"]


def test_the_moderation_page_checks_the_note(client, live, business_unit, health_reviewer):
    audit = CaseAudit.objects.filter(inspection=live, reviewer=health_reviewer).first()
    complete_audit(health_reviewer, audit)
    client.force_login(business_unit)
    url = reverse("inspections:audit_moderate", args=[audit.pk])
    data = {"final_grade": "requires_improvement", "note": "Tia was not seen alone"}
    data |= {f"final_{entry.theme_id}": "good" for entry in audit.theme_grades.all()}
    page = client.post(url, data)
    assert "confirm that it names no child" in page.context["form"].errors["note"][0]
    audit.refresh_from_db()
    assert audit.state == CaseAudit.State.SUBMITTED
    assert client.post(url, {**data, "confirm_no_names": "on"}).status_code == 302
    event = AuditEvent.objects.filter(verb="case audit moderated").last()
    assert event.payload["confirmed_no_child_name"] == ["note"]
