"""Reports at scale: the lists and the report run the same number of queries whatever the data
size; the progress report as a PDF; the challenge log as a PDF; the trend of statuses over time;
the benchmark scenario at a tiny scale."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from safeguarding.actionplans import services
from safeguarding.actionplans.models import Action, ProgressUpdate
from safeguarding.actionplans.selectors import month_ends, status_trend
from safeguarding.core.testing.pdfs import flowing_text
from safeguarding.organisations.tests.factories import AgencyFactory, PersonFactory


def _grow(business_unit, plan, burnley, preston, chair, count, start=0):
    """`count` more actions in the plan and in a second plan, each with an update, evidence and
    a challenge, owned by several agencies and people, in both localities or county-wide."""
    future = timezone.localdate() + datetime.timedelta(days=20)
    other = services.create_plan(
        business_unit,
        board=plan.board,
        title=f"Neglect plan {start}",
        origin_kind="themed",
        shared_with=[burnley],
    )
    for number in range(start, start + count):
        agency = AgencyFactory()
        person = PersonFactory(agency=agency)
        localities = [[], [burnley], [burnley, preston]][number % 3]
        for target in (plan, other):
            action = services.add_action(
                business_unit,
                target,
                what=f"Action {number} of {target.title}",
                owner_agency=agency,
                owner_person=person,
                localities=localities,
                due_date=datetime.date(2015, 1, 1) + datetime.timedelta(days=number * 20),
            )
            services.post_update(
                business_unit,
                action,
                status=["on_track", "at_risk", "off_track"][number % 3],
                narrative="Progress at the review",
                links=[("https://intranet.example/minutes", "Minutes")],
            )
            services.raise_challenge(chair, action, question="What changed?", respond_by=future)


PAGES = [
    ("burnley_chair", "actionplans:locality_actions", False),
    ("burnley_chair", "actionplans:challenge_log", False),
    ("burnley_chair", "actionplans:plan_list", False),
    ("business_unit", "actionplans:plan_list", False),
    ("business_unit", "actionplans:locality_actions", False),
    ("business_unit", "actionplans:challenge_log", False),
    ("business_unit", "actionplans:plan_report", True),
    ("burnley_chair", "actionplans:plan_report", True),
    ("police_lead", "actionplans:agency_actions", False),
]


def _query_counts(client, roles, plan):
    counts = {}
    for role, name, with_plan in PAGES:
        client.force_login(roles[role])
        url = reverse(name, args=[plan.pk] if with_plan else [])
        client.get(url)  # first-use lookups are not counted
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200, (role, name)
        counts[(role, name)] = len(captured)
    return counts


def test_lists_and_report_make_as_many_queries_with_much_more_data(
    client, roles, business_unit, plan, burnley, preston, police
):
    chair = roles["burnley_chair"]
    services.add_action(
        business_unit, plan, what="The first action", owner_agency=police,
        due_date=datetime.date(2015, 3, 1),
    )  # fmt: skip
    _grow(business_unit, plan, burnley, preston, chair, 3)
    little = _query_counts(client, roles, plan)
    _grow(business_unit, plan, burnley, preston, chair, 30, start=3)
    assert Action.objects.count() > 60
    much = _query_counts(client, roles, plan)
    assert much == little


def test_report_lists_hold_at_most_25_rows_and_say_how_many_there_are(
    client, roles, business_unit, plan, burnley, preston
):
    _grow(business_unit, plan, burnley, preston, roles["burnley_chair"], 30)
    client.force_login(roles["business_unit"])
    response = client.get(reverse("actionplans:plan_report", args=[plan.pk]))
    assert response.status_code == 200
    assert "Overdue actions (30)" in response.text
    assert "The first 25 of 30" in response.text
    assert "Download the report as a PDF" in response.text


def test_plan_report_pdf_for_those_who_may_see_the_plan(client, roles, plan, make_action, burnley):
    overdue = make_action(what="Audit strategy meetings", localities=[burnley])
    services.raise_challenge(
        roles["burnley_chair"],
        overdue,
        question="Why is the audit late?",
        respond_by=timezone.localdate() + datetime.timedelta(days=7),
    )
    done = make_action(what="Publish the CSE guidance", due_date=datetime.date(2030, 1, 1))
    services.post_update(
        roles["business_unit"],
        done,
        status="complete",
        narrative="Published",
        links=[("https://intranet.example/guidance", "The guidance")],
    )
    url = reverse("actionplans:plan_pdf", args=[plan.pk])
    for role in ("business_unit", "burnley_chair"):
        client.force_login(roles[role])
        response = client.get(url)
        assert response.status_code == 200, role
        assert response["Content-Type"] == "application/pdf"
        assert response.content.startswith(b"%PDF-")
        text = flowing_text(response.content)
        for shown in (
            "Progress report: CSE action plan",
            "Actions by status",
            "Overdue actions (1)",
            "Audit strategy meetings",
            "Completed in the last 30 days (1)",
            "Publish the CSE guidance",
            "Open challenges (1)",
            "Why is the audit late?",
            "All actions",
        ):
            assert shown in text, (role, shown)
    for role in ("practitioner", "other_board_bu", "health_lead"):
        client.force_login(roles[role])
        assert client.get(url).status_code == 404, role
    client.logout()
    assert client.get(url).status_code == 302


def test_preston_chair_pdf_leaves_out_burnley_only_actions(
    client, roles, make_action, burnley, plan
):
    make_action(what="Burnley only follow-up", localities=[burnley])
    make_action(what="County-wide training")
    client.force_login(roles["preston_chair"])
    text = flowing_text(client.get(reverse("actionplans:plan_pdf", args=[plan.pk])).content)
    assert "County-wide training" in text
    assert "Burnley only follow-up" not in text


def test_challenge_log_pdf_follows_the_filters(client, roles, make_action, burnley, preston):
    future = timezone.localdate() + datetime.timedelta(days=7)
    burnley_action = make_action(what="Burnley follow-up", localities=[burnley])
    preston_action = make_action(what="Preston follow-up", localities=[preston])
    services.raise_challenge(
        roles["burnley_chair"], burnley_action, question="Burnley question?", respond_by=future
    )
    services.raise_challenge(
        roles["preston_chair"], preston_action, question="Preston question?", respond_by=future
    )
    client.force_login(roles["burnley_chair"])
    page = client.get(reverse("actionplans:challenge_log"))
    assert "download=pdf" in page.text
    response = client.get(reverse("actionplans:challenge_log"), {"download": "pdf"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = flowing_text(response.content)
    assert "Burnley question?" in text
    assert "Preston question?" not in text  # not the chair's locality
    client.force_login(roles["business_unit"])
    response = client.get(
        reverse("actionplans:challenge_log"), {"download": "pdf", "status": "answered"}
    )
    text = flowing_text(response.content)
    assert "Status: Answered" in text
    assert "There are no challenges to show." in text


LONG_AGENCY = "Lancashire County Council Children and Family Wellbeing Service"
LONG_ACTION = (
    "The action is overdue and at risk because the audit of strategy meetings held out of "
    "hours has not been returned by Łukasz Wiśniewski's team"
)


def test_the_report_and_the_log_print_long_text_whole(client, roles, make_action, burnley):
    """Cells wrap rather than being cut at the column's edge, and names outside Latin-1 print
    as written (they were "Lancashire County Council Chil..." and "?")."""
    agency = AgencyFactory(name=LONG_AGENCY)
    action = make_action(what=LONG_ACTION, owner_agency=agency, localities=[burnley])
    question = "Has Siobhán O’Neill seen the audit, and has Nguyễn Thị Minh replied to it?"
    services.raise_challenge(
        roles["burnley_chair"],
        action,
        question=question,
        respond_by=timezone.localdate() + datetime.timedelta(days=7),
    )
    client.force_login(roles["business_unit"])
    report = client.get(reverse("actionplans:plan_pdf", args=[action.plan.pk])).content
    log = client.get(reverse("actionplans:challenge_log"), {"download": "pdf"}).content
    for content in (report, log):
        text = flowing_text(content)
        for whole in (LONG_AGENCY, LONG_ACTION, question):
            assert whole in text
        assert "..." not in text


def test_month_ends():
    ends = month_ends(datetime.date(2015, 3, 20), 3)
    assert ends == [
        datetime.date(2014, 12, 31),
        datetime.date(2015, 1, 31),
        datetime.date(2015, 2, 28),
        datetime.date(2015, 3, 20),
    ]


def test_status_trend_counts_each_action_at_its_latest_status(roles, make_action, owner):
    today = datetime.date(2015, 3, 20)
    first = make_action(what="First")
    second = make_action(what="Second")
    Action.objects.filter(pk__in=[first.pk, second.pk]).update(
        created_at=datetime.datetime(2014, 12, 15, 9, tzinfo=datetime.UTC)
    )
    late = make_action(what="Added in February")
    Action.objects.filter(pk=late.pk).update(
        created_at=datetime.datetime(2015, 2, 10, 9, tzinfo=datetime.UTC)
    )
    for action, day, status in [
        (first, datetime.date(2015, 1, 10), "on_track"),
        (first, datetime.date(2015, 2, 10), "at_risk"),
        (second, datetime.date(2015, 3, 1), "complete"),
    ]:
        ProgressUpdate.objects.create(action=action, date=day, status=status, narrative="x")
    points = status_trend(roles["business_unit"], first.plan, months=3, today=today)
    by_date = {p["date"]: p["counts"] for p in points}
    assert by_date[datetime.date(2014, 12, 31)]["not_started"] == 2
    assert by_date[datetime.date(2015, 1, 31)] | {} == {
        "not_started": 1, "on_track": 1, "at_risk": 0, "off_track": 0, "complete": 0,
    }  # fmt: skip
    assert by_date[datetime.date(2015, 2, 28)]["at_risk"] == 1
    assert by_date[datetime.date(2015, 2, 28)]["not_started"] == 2  # the late one has started
    assert by_date[today]["complete"] == 1
    assert points[-1]["total"] == 3


def test_trend_page_has_a_chart_and_a_table(client, roles, action):
    ProgressUpdate.objects.create(
        action=action, date=timezone.localdate(), status="on_track", narrative="x"
    )
    client.force_login(roles["business_unit"])
    response = client.get(reverse("actionplans:plan_trend", args=[action.plan_id]))
    assert response.status_code == 200
    assert "<svg" in response.text
    assert "Number of actions at each status, by date" in response.text
    client.force_login(roles["practitioner"])
    assert client.get(reverse("actionplans:plan_trend", args=[action.plan_id])).status_code == 404


def test_benchmark_scenario_at_a_tiny_scale(db, monkeypatch):
    from benchmarks.generate import SIGN_INS, add_sign_ins, generate, parse_args
    from benchmarks.queries import scenario_pages
    from benchmarks.scenarios import actionplans as scenario

    generate(parse_args(["--people", "80", "--agencies", "6"]), say=lambda *_: None)
    add_sign_ins()
    monkeypatch.setattr(scenario, "ACTIONS_1X", 120)
    monkeypatch.setattr(scenario, "PLANS_1X", 4)
    monkeypatch.setattr(scenario, "BIG_PLAN_ACTIONS", 40)
    counts = scenario.generate(1)
    assert counts["actions"] == Action.objects.count() == 120
    assert counts["updates"] == ProgressUpdate.objects.count() > 500
    assert counts["challenges"] > 0
    assert counts["evidence"] > 0
    assert set(SIGN_INS) >= {page[2] for page in scenario.PAGES}
    pages = scenario_pages()
    assert [page["status"] for page in pages if page["label"].startswith("Actions")] == [200] * 4
