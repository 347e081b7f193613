"""Two people at once on an inspection: an edit of its dates never undoes someone else's, a
case audit changed while the report is published is checked against the locked inspection,
and the inspection form sent twice schedules one."""

import datetime
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from safeguarding.core.concurrency import EditConflict
from safeguarding.core.models import AuditEvent
from safeguarding.core.testing.races import race
from safeguarding.inspections import services
from safeguarding.inspections.models import CaseAudit, Inspection

from .conftest import complete_audit, fieldwork


@pytest.fixture
def second_editor(make_person, children_board):
    return make_person("business_unit", board=children_board, full_name="Sam Second")


def _publish(business_unit, inspection):
    return services.publish_report(
        business_unit,
        inspection,
        summary="Mostly good practice",
        board_received_on=None,
        plan_end=inspection.fieldwork_end + datetime.timedelta(days=365),
    )


def test_stale_inspection_edit_is_refused_on_the_page(
    client, inspection, business_unit, second_editor
):
    url = reverse("inspections:inspection_edit", args=[inspection.pk])
    loaded = {
        "fieldwork_start": inspection.fieldwork_start.strftime("%d/%m/%Y"),
        "fieldwork_end": inspection.fieldwork_end.strftime("%d/%m/%Y"),
        "criteria": inspection.criteria,
        "version": inspection.version,
    }
    client.force_login(second_editor)
    assert client.post(url, {**loaded, "criteria": "Neglect cases"}).status_code == 302
    client.force_login(business_unit)
    response = client.post(url, {**loaded, "criteria": "Missing children"})
    assert response.status_code == 200
    assert "by Sam Second" in response.content.decode()
    inspection.refresh_from_db()
    assert inspection.criteria == "Neglect cases"
    with pytest.raises(EditConflict):
        services.move_inspection(
            business_unit,
            inspection,
            fieldwork_start=inspection.fieldwork_start,
            fieldwork_end=inspection.fieldwork_end,
            criteria="x",
            version=1,
        )


def test_the_same_inspection_form_sent_twice_schedules_one(client, business_unit, burnley, today):
    client.force_login(business_unit)
    start, end = fieldwork(today + datetime.timedelta(days=40))
    data = {
        "locality": burnley.pk,
        "fieldwork_start": start.strftime("%d/%m/%Y"),
        "fieldwork_end": end.strftime("%d/%m/%Y"),
        "submission": str(uuid.uuid4()),
    }
    url = reverse("inspections:inspection_create")
    first, second = client.post(url, data), client.post(url, data)
    assert first.status_code == second.status_code == 302
    assert first.url == second.url
    assert Inspection.objects.count() == 1


def test_an_audit_loaded_before_publication_cannot_be_moderated_after_it(
    live, business_unit, health_reviewer, police_reviewer
):
    for audit in CaseAudit.objects.filter(inspection=live):
        complete_audit(audit.reviewer, audit)
    # The business unit moderates (the lead reviewer wrote or is of the agency of every audit).
    loaded = CaseAudit.objects.select_related("inspection").filter(inspection=live).first()
    _publish(business_unit, live)
    with pytest.raises(ValidationError, match="published"):
        services.moderate_audit(
            business_unit, loaded, final_grade="inadequate", theme_finals={}, note="Late"
        )
    loaded.refresh_from_db()
    assert loaded.final_grade == ""


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_no_moderation_racing_the_publication_lands_after_it(
    live, business_unit, health_reviewer, police_reviewer
):
    for audit in CaseAudit.objects.filter(inspection=live):
        complete_audit(audit.reviewer, audit)
    # The business unit moderates (the lead reviewer wrote or is of the agency of every audit).
    loaded = list(CaseAudit.objects.select_related("inspection").filter(inspection=live))
    moderations = [
        lambda audit=audit: services.moderate_audit(
            business_unit, audit, final_grade="good", theme_finals={}
        )
        for audit in loaded
        for _ in range(3)
    ]
    outcomes = race(lambda: _publish(business_unit, live), *moderations)

    assert outcomes[0] is None
    published = AuditEvent.objects.get(verb="report published")
    moderated = AuditEvent.objects.filter(verb="case audit moderated")
    assert all(event.pk < published.pk for event in moderated)
    assert all(isinstance(outcome, ValidationError) for outcome in outcomes if outcome)


def test_the_same_finding_sent_twice_adds_one(client, live, business_unit, health):
    client.force_login(business_unit)
    url = reverse("inspections:finding_create", args=[live.pk])
    data = {
        "kind": "improvement",
        "text": "Hear the child's voice",
        "agency": health.pk,
        "submission": str(uuid.uuid4()),
    }
    first, second = client.post(url, data), client.post(url, data)
    assert first.status_code == second.status_code == 302
    assert live.findings.count() == 1


def test_a_cancelled_inspection_cannot_be_published(live, business_unit):
    for audit in CaseAudit.objects.filter(inspection=live):
        complete_audit(audit.reviewer, audit)
    loaded = Inspection.objects.get(pk=live.pk)
    services.cancel_inspection(business_unit, live, reason="Locality merged")
    with pytest.raises(ValidationError, match="cancelled"):
        _publish(business_unit, loaded)
