"""The action-plan pages are cached fragments per audience (core.listing, core.fragments): a
repeat costs the person, the data's version and whether the person is concerned with a record
themselves; every change made through the services shows on the next request; and two
audiences never see each other's rows."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from safeguarding.actionplans import services
from safeguarding.actionplans.models import Status
from safeguarding.actionplans.selectors import audience
from safeguarding.core.fragments import version_key

# The session, the person with their roles and boards, the data's version, and whether the
# person owns an action or was asked a challenge (the audience).
REPEAT_QUERIES = 4
LOCALITY = reverse("actionplans:locality_actions")
PLANS = reverse("actionplans:plan_list")
CHALLENGES = reverse("actionplans:challenge_log")


def page(client, url, **query) -> str:
    response = client.get(url, query)
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def actions(make_action, owner, burnley, preston, adults_board, business_unit, health, roles):
    """A county-wide action of the shared plan, one for each locality, and one in a plan of the
    other board, which no locality board sees."""
    other_plan = services.create_plan(
        roles["other_board_bu"],
        board=adults_board,
        title="Adults transitions plan",
        origin_kind="themed",
        purpose="Transitions",
        shared_with=[],
    )
    return {
        "county": make_action(what="County-wide training", owner_person=owner),
        "burnley": make_action(what="Burnley outreach", localities=[burnley]),
        "preston": make_action(what="Preston outreach", localities=[preston]),
        "adults": services.add_action(
            roles["other_board_bu"],
            other_plan,
            what="Adults transitions audit",
            owner_agency=health,
            due_date=datetime.date(2015, 6, 30),
        ),
    }


def test_my_locality_is_rendered_once_then_afresh_after_each_change(
    client, roles, actions, owner, django_assert_max_num_queries
):
    member = roles["burnley_member"]
    client.force_login(member)
    html = page(client, LOCALITY)
    assert "Burnley outreach" in html
    assert "County-wide training" in html
    with django_assert_max_num_queries(REPEAT_QUERIES):
        client.get(LOCALITY)
    services.post_update(
        owner, actions["county"], status=Status.AT_RISK, narrative="Trainers are off sick"
    )
    assert "At risk" in page(client, LOCALITY)
    services.update_action(
        roles["business_unit"], actions["burnley"], what="Burnley and Pendle outreach"
    )
    assert "Burnley and Pendle outreach" in page(client, LOCALITY)


def test_each_locality_sees_only_its_own_actions_from_the_cache(client, roles, actions):
    client.force_login(roles["burnley_member"])
    html = page(client, LOCALITY)
    assert "Preston outreach" not in html
    client.force_login(roles["preston_chair"])
    html = page(client, LOCALITY)
    assert "Preston outreach" in html
    assert "County-wide training" in html
    assert "Burnley outreach" not in html
    client.force_login(roles["burnley_chair"])  # the same locality: the same rows
    assert audience(roles["burnley_chair"]) == audience(roles["burnley_member"])
    assert "Burnley outreach" in page(client, LOCALITY)
    client.force_login(roles["business_unit"])
    html = page(client, LOCALITY)
    assert "Preston outreach" in html
    assert "Burnley outreach" in html
    assert "Adults transitions audit" not in html  # another board's plan
    client.force_login(roles["police_lead"])
    assert client.get(LOCALITY).status_code == 403


def test_overdue_shows_from_the_day_after_the_due_date(client, make_action, roles):
    make_action(what="Due on the tenth", due_date=datetime.date(2030, 1, 10))
    member = roles["burnley_member"]
    with time_machine.travel(datetime.datetime(2030, 1, 10, 12, tzinfo=datetime.UTC), tick=False):
        client.force_login(member)
        assert "Overdue" not in page(client, LOCALITY)
    with time_machine.travel(datetime.datetime(2030, 1, 11, 12, tzinfo=datetime.UTC), tick=False):
        client.force_login(member)
        assert "Overdue" in page(client, LOCALITY)


def test_the_plan_list_is_rendered_once_then_afresh_after_each_change(
    client, roles, actions, plan, make_action, django_assert_max_num_queries
):
    unit = roles["business_unit"]
    client.force_login(unit)
    assert "CSE action plan" in page(client, PLANS)
    with django_assert_max_num_queries(REPEAT_QUERIES):
        client.get(PLANS)
    services.update_plan(unit, plan, title="Child exploitation plan")
    html = page(client, PLANS)
    assert "Child exploitation plan" in html
    assert "CSE action plan" not in html
    assert '<td class="govuk-table__cell govuk-table__cell--numeric">3</td>' in html
    make_action(what="One more")
    assert '<td class="govuk-table__cell govuk-table__cell--numeric">4</td>' in page(client, PLANS)


def test_each_board_and_agency_sees_only_its_own_plans_from_the_cache(client, roles, actions):
    client.force_login(roles["business_unit"])
    html = page(client, PLANS)
    assert "CSE action plan" in html
    assert "Adults transitions plan" not in html
    client.force_login(roles["other_board_bu"])
    html = page(client, PLANS)
    assert "Adults transitions plan" in html
    assert "CSE action plan" not in html
    client.force_login(roles["police_lead"])  # the police own the CSE plan's actions
    html = page(client, PLANS)
    assert "CSE action plan" in html
    assert "Adults transitions plan" not in html
    client.force_login(roles["health_lead"])  # health owns the adults plan's action
    html = page(client, PLANS)
    assert "Adults transitions plan" in html
    assert "CSE action plan" not in html


def test_the_challenge_log_shows_a_challenge_and_its_answer_at_once(
    client, roles, actions, django_assert_max_num_queries
):
    member = roles["burnley_member"]
    client.force_login(member)
    assert "Why is the outreach late?" not in page(client, CHALLENGES)
    with django_assert_max_num_queries(REPEAT_QUERIES):
        client.get(CHALLENGES)
    challenge = services.raise_challenge(
        member,
        actions["burnley"],
        question="Why is the outreach late?",
        respond_by=timezone.localdate() + datetime.timedelta(days=14),
    )
    html = page(client, CHALLENGES)
    assert "Why is the outreach late?" in html
    assert "Open" in html
    services.answer_challenge(roles["police_lead"], challenge, answer="Staff were redeployed")
    html = page(client, CHALLENGES)
    assert "Answer: Staff were redeployed" in html
    assert "Answered" in html
    services.close_challenge(member, challenge, outcome="Satisfied")
    assert "Closed" in page(client, CHALLENGES)


def test_each_locality_and_agency_sees_only_its_own_challenges_from_the_cache(
    client, roles, actions
):
    respond_by = timezone.localdate() + datetime.timedelta(days=14)
    services.raise_challenge(
        roles["burnley_member"],
        actions["burnley"],
        question="A Burnley question",
        respond_by=respond_by,
    )
    services.raise_challenge(
        roles["preston_chair"],
        actions["preston"],
        question="A Preston question",
        respond_by=respond_by,
    )
    client.force_login(roles["burnley_member"])
    html = page(client, CHALLENGES)
    assert "A Burnley question" in html
    assert "A Preston question" not in html
    client.force_login(roles["preston_chair"])
    html = page(client, CHALLENGES)
    assert "A Preston question" in html
    assert "A Burnley question" not in html
    client.force_login(roles["health_lead"])  # both were asked of the police
    html = page(client, CHALLENGES)
    assert "A Preston question" not in html
    assert "A Burnley question" not in html
    client.force_login(roles["police_lead"])
    html = page(client, CHALLENGES)
    assert "A Preston question" in html
    assert "A Burnley question" in html


def test_the_report_is_rendered_once_then_afresh_after_each_change(
    client, roles, actions, plan, owner, django_assert_max_num_queries
):
    unit = roles["business_unit"]
    url = reverse("actionplans:plan_report", args=[plan.pk])
    client.force_login(unit)
    assert "3 actions in the plan" in page(client, url)
    with django_assert_max_num_queries(REPEAT_QUERIES + 1):  # and the plan
        client.get(url)
    evidence = services.add_evidence_link(
        owner, actions["county"], "https://example.org/register", "Attendance register"
    )
    before = version_key("actionplans")
    services.review_evidence(unit, evidence, accepted=True)
    assert version_key("actionplans") != before
    services.post_update(owner, actions["county"], status=Status.COMPLETE, narrative="All trained")
    html = page(client, url)
    assert "Completed in the last 30 days (1)" in html
    member = roles["burnley_member"]
    challenge = services.raise_challenge(
        member,
        actions["burnley"],
        question="Is the outreach reaching schools?",
        respond_by=timezone.localdate() + datetime.timedelta(days=14),
    )
    assert "Is the outreach reaching schools?" in page(client, url)
    services.close_challenge(member, challenge, outcome="Yes")
    assert "There are no open challenges." in page(client, url)


def test_each_audience_counts_only_its_own_actions_in_the_report(client, roles, actions, plan):
    url = reverse("actionplans:plan_report", args=[plan.pk])
    client.force_login(roles["business_unit"])
    assert "3 actions in the plan" in page(client, url)
    client.force_login(roles["burnley_member"])  # county-wide and Burnley's
    assert "2 actions in the plan" in page(client, url)
    client.force_login(roles["health_lead"])  # owns none of the plan's actions
    assert client.get(url).status_code == 404
    client.force_login(roles["owner"])  # owns the county-wide one only
    html = page(client, url)
    assert "1 action in the plan" in html
