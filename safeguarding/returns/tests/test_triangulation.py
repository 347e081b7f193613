"""Triangulation reads the practice inspections' agreed case-audit grades for each agency (through
the inspections selectors) and flags where they, the agency's own scores and the moderated
ones disagree; restructuring answers are shown beside later inspection findings."""

import datetime
import html

import pytest
from django.urls import reverse

from safeguarding.inspections.demo import load_demo
from safeguarding.inspections.models import CaseAudit, Finding
from safeguarding.organisations.models import Agency
from safeguarding.returns import compliance, services
from safeguarding.returns.models import Question


@pytest.fixture
def inspected(county):
    load_demo()
    return Agency.objects.filter(
        pk__in=CaseAudit.objects.exclude(grade="").values("agency_id")
    ).order_by("name")


def test_self_assessed_moderated_and_case_audits_side_by_side(
    client, inspected, business_unit, children_board, make_person
):
    agency = inspected.first()
    agency.boards.add(children_board)
    lead = make_person("agency_lead", lead_of=agency, agency=agency)
    template = services.ensure_library(business_unit, children_board)[0]
    sent = services.send_request(
        business_unit,
        board=children_board,
        version=services.latest_version(template),
        title="Section 11 check",
        deadline=datetime.date(2030, 6, 28),
        sent_on=datetime.date(2030, 4, 1),
        agencies=[agency],
    )
    answered = sent.returns.get()
    scales = Question.objects.filter(section__version=answered.template_version, kind="scale")
    services.save_answers(lead, answered, {q.pk: {"score": 3} for q in scales})
    services.sign_off(lead, answered)
    first = scales.order_by("section__position").first()
    services.moderate(business_unit, answered, {first.pk: (1, "Not evidenced")})
    rows = compliance.triangulation(sent)
    assert len(rows) == 8
    assert all(row.audits > 0 for row in rows)
    assert rows[0].self_assessed == 3
    assert rows[0].moderated == 1
    assert "self-assessed and moderated scores disagree" in rows[0].disagreements
    client.force_login(business_unit)
    page = client.get(reverse("returns:triangulation", args=[sent.pk]), {"flagged": "yes"})
    assert page.status_code == 200
    assert "Disagree" in page.content.decode()
    download = client.get(reverse("returns:triangulation", args=[sent.pk]), {"download": "csv"})
    assert b"Not evidenced" not in b"".join(download.streaming_content)  # scores, not reasons


def test_restructuring_answers_beside_later_findings(
    client, inspected, business_unit, children_board, make_person
):
    finding = Finding.objects.filter(kind="improvement", agency__isnull=False).first()
    agency = finding.agency
    agency.boards.add(children_board)
    lead = make_person("agency_lead", lead_of=agency, agency=agency)
    restructuring = services.ensure_library(business_unit, children_board)[1]
    earlier = finding.inspection.fieldwork_start - datetime.timedelta(days=60)
    sent = services.send_request(
        business_unit,
        board=children_board,
        version=services.latest_version(restructuring),
        title="Cuts return",
        deadline=earlier + datetime.timedelta(days=30),
        sent_on=earlier,
        agencies=[agency],
    )
    answered = sent.returns.get()
    questions = {q.key: q for q in Question.objects.filter(section__version=sent.version)}
    services.save_answers(
        lead,
        answered,
        {
            questions["restructuring"].pk: {"yes_no": True},
            questions["impact"].pk: {"choice": "Will impact safeguarding"},
        },
    )
    services.sign_off(lead, answered)
    rows = compliance.restructuring_beside_findings(sent)
    assert rows[0]["impact"] == "Will impact safeguarding"
    assert finding in rows[0]["findings"]
    client.force_login(business_unit)
    page = client.get(reverse("returns:triangulation", args=[sent.pk])).content.decode()
    assert "Will impact safeguarding" in page
    assert html.escape(finding.text[:30]) in page
