import pytest

from safeguarding.inspections.demo import load_demo
from safeguarding.inspections.models import CaseAudit, Finding, Inspection

pytestmark = pytest.mark.django_db


def test_demo_loads_once(county):
    assert load_demo() == 7
    counts = (Inspection.objects.count(), CaseAudit.objects.count(), Finding.objects.count())
    assert load_demo() == 0
    assert (
        Inspection.objects.count(),
        CaseAudit.objects.count(),
        Finding.objects.count(),
    ) == counts
    burnley = Inspection.objects.get(fieldwork_start__year=2014)
    assert burnley.board_received_on.isoformat() == "2015-03-20"
    assert (
        burnley.audits.filter(state=CaseAudit.State.MODERATED).count() == burnley.audits.count() > 0
    )
    live = Inspection.objects.get(locality__name="Preston")
    coming = Inspection.objects.get(locality__name="Fylde, Lancaster and Wyre", status="notified")
    assert coming.phase() == "Notice given"
    assert coming.notices.count() > 0
    assert live.phase() == "Fieldwork"
    assert live.audits.filter(state=CaseAudit.State.IN_PROGRESS).exists()
    for audit in CaseAudit.objects.select_related("reviewer"):
        assert audit.reviewer.agency_id != audit.agency_id


def test_demo_with_the_demo_county(db):
    from safeguarding.actionplans.demo import load_demo_action_plans
    from safeguarding.organisations.demo.loader import load_demo_county

    load_demo_county()
    load_demo_action_plans()
    assert load_demo() == 7
    burnley = Inspection.objects.get(fieldwork_start__year=2014)
    assert burnley.action_plan is not None
    assert burnley.team.filter(is_lead=True, person__email="reviewer@demo.example").exists()
    assert load_demo() == 0
