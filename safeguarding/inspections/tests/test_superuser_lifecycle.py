"""A superuser's authority is universal, but an inspection's lifecycle holds for them too: a
published report's audits are final, a submitted audit is no longer edited, no cases are
submitted after publication."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from safeguarding.inspections import services
from safeguarding.inspections.models import CaseAudit, CaseRecord

from .conftest import complete_audit


@pytest.fixture
def superuser(make_person):
    return make_person("administrator", is_staff=True, is_superuser=True)


@pytest.fixture
def published(live, business_unit):
    for audit in CaseAudit.objects.filter(inspection=live):
        complete_audit(audit.reviewer, audit)
    services.publish_report(
        business_unit,
        live,
        summary="Mostly good practice",
        board_received_on=None,
        plan_end=live.fieldwork_end + datetime.timedelta(days=365),
    )
    live.refresh_from_db()
    return live


def test_superuser_cannot_change_final_grades_after_publication(published, superuser, client):
    audit = CaseAudit.objects.filter(inspection=published).first()
    assert not superuser.has_perm("inspections.moderate_audit", audit)
    with pytest.raises(PermissionDenied):
        services.moderate_audit(
            superuser, audit, final_grade="inadequate", theme_finals={}, note="Changed later"
        )
    client.force_login(superuser)
    response = client.post(
        f"/inspections/audits/{audit.pk}/moderate/",
        {"final_grade": "inadequate", "note": "Changed later"},
    )
    assert response.status_code == 403
    audit.refresh_from_db()
    assert audit.final_grade != "inadequate"


def test_superuser_moderates_before_publication(live, superuser):
    audit = CaseAudit.objects.filter(inspection=live).first()
    complete_audit(audit.reviewer, audit)
    audit.refresh_from_db()
    services.moderate_audit(superuser, audit, final_grade="good", theme_finals={})
    audit.refresh_from_db()
    assert audit.state == CaseAudit.State.MODERATED


def test_superuser_cannot_rewrite_a_submitted_audit(live, superuser):
    audit = CaseAudit.objects.filter(inspection=live).first()
    complete_audit(audit.reviewer, audit)
    audit.refresh_from_db()
    with pytest.raises(PermissionDenied):
        complete_audit(superuser, audit, grade="inadequate")
    audit.refresh_from_db()
    assert audit.grade == "good"


def test_superuser_cannot_submit_cases_after_publication(published, superuser, police):
    with pytest.raises(PermissionDenied):
        services.submit_case(superuser, published, agency=police, record_number="P-200")
    assert not CaseRecord.objects.filter(record_number="P-200").exists()
