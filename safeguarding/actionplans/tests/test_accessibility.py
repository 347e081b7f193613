"""axe-core in Chromium finds nothing on the action-plan pages."""

import pytest

from safeguarding.actionplans.demo import load_demo_action_plans
from safeguarding.actionplans.models import Action, ActionPlan, Challenge
from safeguarding.core.testing.browser import axe_violations, sign_in
from safeguarding.organisations.models import Area, Role
from safeguarding.organisations.tests.factories import PersonFactory, RoleAssignmentFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_action_plan_pages_have_no_axe_violations(browser_page, live_server, client, county):
    load_demo_action_plans()
    business_unit = PersonFactory(full_name="Bea Unit")
    RoleAssignmentFactory(person=business_unit, role=Role.BUSINESS_UNIT, board=county["children"])
    chair = PersonFactory(full_name="Cara Chair")
    RoleAssignmentFactory(
        person=chair,
        role=Role.CPB_CHAIR,
        area=Area.objects.get(kind="locality", name="Burnley and Pendle"),
    )
    plan = ActionPlan.objects.get(origin_kind="practice_inspection")
    action = Action.objects.filter(plan=plan).first()
    lead = PersonFactory(full_name="Lee Lead")
    RoleAssignmentFactory(person=lead, role=Role.AGENCY_LEAD, agency=action.owner_agency)
    challenge = Challenge.objects.first()
    pages = {
        business_unit: [
            "/actions/",
            "/actions/new/",
            f"/actions/{plan.pk}/",
            f"/actions/{plan.pk}/edit/",
            f"/actions/{plan.pk}/report/",
            f"/actions/{plan.pk}/actions/new/",
            f"/actions/{plan.pk}/actions/import/",
            f"/actions/action/{action.pk}/",
            f"/actions/action/{action.pk}/edit/",
            f"/actions/challenges/{challenge.pk}/",
        ],
        lead: ["/actions/our-agency/", f"/actions/action/{action.pk}/"],
        chair: [
            "/actions/my-locality/",
            "/actions/challenges/",
            f"/actions/action/{action.pk}/",
            f"/actions/action/{action.pk}/challenge/",
        ],
    }
    problems = {}
    for person, paths in pages.items():
        sign_in(browser_page, live_server, client, person)
        for path in paths:
            response = browser_page.goto(live_server.url + path)
            assert response.status == 200, path
            if violations := axe_violations(browser_page):
                problems[path] = violations
    browser_page.goto(live_server.url + f"/actions/action/{action.pk}/challenge/")
    browser_page.click("form[method=post] button[type=submit]")
    if violations := axe_violations(browser_page):
        problems["challenge form with errors"] = violations
    sign_in(browser_page, live_server, client, lead)
    browser_page.goto(live_server.url + f"/actions/action/{action.pk}/")
    browser_page.click("form[enctype='multipart/form-data'] button[type=submit]")
    assert "There is a problem" in browser_page.content()
    if violations := axe_violations(browser_page):
        problems["update form with errors"] = violations
    assert problems == {}
