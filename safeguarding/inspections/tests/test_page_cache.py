"""The programme, a report and the trends are cached fragments (core.fragments, docs/adr/0005):
a repeat costs a handful of small queries, a change made through the services shows on the
very next request, and an unpublished report never reaches anyone who may not read it."""

import datetime
import re

from django.core.cache import caches
from django.urls import reverse

from safeguarding.inspections import services
from safeguarding.inspections.models import CaseAudit

from .conftest import complete_audit

PROGRAMME = "/inspections/"
TRENDS = "/inspections/trends/"


def _page(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    # A page's own form tokens, and its charts' ids (unique in the process), differ from one
    # rendering to the next.
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", response.content.decode())
    for number, chart in enumerate(re.findall(r'id="([^"]+)" class="hub-chart"', html)):
        html = html.replace(chart, f"chart-{number}")
    return html


def _fresh(client, url) -> str:
    """The page as it is rendered with nothing cached."""
    caches["fragments"].clear()
    return _page(client, url)


def _report(inspection) -> str:
    return reverse("inspections:report", args=[inspection.pk])


def _publish(business_unit, live):
    for audit in CaseAudit.objects.filter(inspection=live, state=CaseAudit.State.IN_PROGRESS):
        complete_audit(audit.reviewer, audit)
    services.publish_report(
        business_unit,
        live,
        summary="Strategy meetings were prompt",
        board_received_on=None,
        plan_end=live.fieldwork_end + datetime.timedelta(days=365),
    )


def test_repeats_cost_a_few_small_queries(
    client, business_unit, live, django_assert_max_num_queries
):
    client.force_login(business_unit)
    for url in (PROGRAMME, _report(live), TRENDS):
        _page(client, url)
        # session, person with roles and boards, what they may see, the data's version
        with django_assert_max_num_queries(4):
            _page(client, url)


def test_a_moved_inspection_shows_on_the_next_request(client, business_unit, inspection):
    client.force_login(business_unit)
    before = _page(client, PROGRAMME)
    start = inspection.fieldwork_start + datetime.timedelta(days=21)
    services.move_inspection(business_unit, inspection, fieldwork_start=start, fieldwork_end=start)
    after = _page(client, PROGRAMME)
    assert after != before
    assert after == _fresh(client, PROGRAMME)
    services.cancel_inspection(business_unit, inspection, reason="Staff shortages")
    after = _page(client, PROGRAMME)
    assert after == _fresh(client, PROGRAMME)


def test_a_moderated_audit_shows_in_the_draft_report_at_once(
    client, business_unit, live, health_reviewer, police_reviewer
):
    for audit in CaseAudit.objects.filter(inspection=live):
        complete_audit(audit.reviewer, audit, grade="good")
    client.force_login(business_unit)
    url = _report(live)
    before = _page(client, url)
    assert "Draft" in before
    audit = CaseAudit.objects.filter(inspection=live).first()
    services.moderate_audit(
        business_unit,
        audit,
        final_grade="inadequate",
        theme_finals={},
        note="Drift between reviews",
    )
    after = _page(client, url)
    assert after != before
    assert after == _fresh(client, url)


def test_a_board_member_sees_the_report_and_trends_only_once_published(
    client, business_unit, make_person, children_board, live
):
    member = make_person("board_member", board=children_board)
    client.force_login(business_unit)
    for url in (PROGRAMME, _report(live), TRENDS):
        _page(client, url)  # the business unit's copies, the draft report among them
    client.force_login(member)
    assert client.get(_report(live)).status_code == 404
    assert live.code not in _page(client, PROGRAMME)
    assert "Grades across the 0 published inspections" in _page(client, TRENDS)
    _publish(business_unit, live)
    page = _page(client, _report(live))
    assert "Strategy meetings were prompt" in page
    assert "Draft" not in page
    assert live.code in _page(client, PROGRAMME)
    assert "Grades across the 1 published inspection " in _page(client, TRENDS)
    client.force_login(business_unit)
    page = _page(client, _report(live))
    assert "Strategy meetings were prompt" in page
    assert page == _fresh(client, _report(live))


def test_a_finding_shows_in_the_report_at_once(client, business_unit, live, health):
    client.force_login(business_unit)
    url = _report(live)
    assert "Record the child&#x27;s voice" not in _page(client, url)
    services.add_finding(
        business_unit, live, kind="improvement", text="Record the child's voice", agency=health
    )
    assert "Record the child&#x27;s voice" in _page(client, url)


def test_people_who_see_different_inspections_never_share_a_programme(
    client, business_unit, make_person, adults_board, make_inspection, inspection
):
    adults_unit = make_person("business_unit", board=adults_board)
    client.force_login(business_unit)
    assert inspection.code in _page(client, PROGRAMME)
    client.force_login(adults_unit)
    assert inspection.code not in _page(client, PROGRAMME)
