"""Action-plan journeys in Chromium (issue 3); axe-core checks every page visited."""

import datetime

import pytest
from django.utils import timezone

from safeguarding.actionplans import services
from safeguarding.actionplans.models import Action, Challenge, Evidence
from safeguarding.organisations.models import Area
from safeguarding.organisations.tests.factories import AgencyFactory, PersonFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.4\n% a small evidence file\n"


@pytest.fixture
def uploads(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "uploads"), "base_url": None},
        },
    }


@pytest.fixture
def burnley(county):
    return Area.objects.get(kind=Area.Kind.LOCALITY, name="Burnley and Pendle")


@pytest.fixture
def police(db):
    return AgencyFactory(name="Lancashire Constabulary")


@pytest.fixture
def plan(business_unit, children_board, burnley):
    return services.create_plan(
        business_unit,
        board=children_board,
        title="Burnley practice inspection action plan",
        origin_kind="practice_inspection",
        shared_with=[burnley],
    )


@pytest.fixture
def owner(police):
    return PersonFactory(agency=police, full_name="Olive Owner")


@pytest.fixture
def action(business_unit, plan, police, owner, burnley):
    return services.add_action(
        business_unit,
        plan,
        what="Audit the quality of strategy meetings",
        owner_agency=police,
        owner_person=owner,
        localities=[burnley],
        due_date=timezone.localdate() + datetime.timedelta(days=60),
    )


def test_owner_posts_an_update_with_an_evidence_file(browser, uploads, action, owner, tmp_path):
    browser.sign_in(owner)
    browser.goto(f"/actions/action/{action.pk}/")
    page = browser.page
    page.get_by_label("On track").check()
    page.get_by_label("Progress and reasons").fill("Half the strategy meetings have been audited.")
    evidence = tmp_path / "audit-findings.pdf"
    evidence.write_bytes(PDF)
    page.get_by_label("Evidence file (optional)").set_input_files(str(evidence))
    page.get_by_label("Describe the evidence (optional)").fill("Audit findings so far")
    browser.submit("Post update")
    assert browser.path() == f"/actions/action/{action.pk}/"
    assert "Your update has been posted" in page.content()
    assert page.get_by_role("link", name="audit-findings.pdf").count() >= 1
    action.refresh_from_db()
    assert action.status == Action.Status.ON_TRACK
    stored = Evidence.objects.get(action=action)
    assert stored.original_name == "audit-findings.pdf"
    with page.expect_download() as download:
        page.get_by_role("link", name="audit-findings.pdf").first.click()
    assert download.value.suggested_filename == "audit-findings.pdf"


def test_chair_raises_a_challenge_the_lead_answers_and_the_chair_closes_it(
    browser, action, burnley, police, make_person
):
    chair = make_person("cpb_chair", area=burnley, full_name="Carol Chair")
    lead = make_person("agency_lead", lead_of=police, full_name="Lee Lead")
    browser.sign_in(chair)
    browser.goto(f"/actions/action/{action.pk}/challenge/")
    page = browser.page
    page.get_by_label("Your question or challenge").fill(
        "How many strategy meetings had a police officer present?"
    )
    reply_by = timezone.localdate() + datetime.timedelta(days=14)
    page.get_by_label("Reply by").fill(reply_by.strftime("%d/%m/%Y"))
    browser.submit("Raise challenge")
    assert "Your challenge has been raised" in page.content()
    challenge = Challenge.objects.get()
    assert browser.path() == f"/actions/challenges/{challenge.pk}/"
    browser.goto("/actions/challenges/")
    assert page.get_by_text("How many strategy meetings").count() >= 1
    browser.sign_out()

    browser.sign_in(lead)
    browser.goto(f"/actions/challenges/{challenge.pk}/")
    page.get_by_label("Your answer").fill("Officers attended 18 of the 20 meetings audited.")
    browser.submit("Send answer")
    assert "Your answer has been sent" in page.content()
    challenge.refresh_from_db()
    assert challenge.status == Challenge.State.ANSWERED
    browser.sign_out()

    browser.sign_in(chair)
    browser.goto(f"/actions/challenges/{challenge.pk}/")
    assert "Officers attended 18 of the 20 meetings audited." in page.content()
    page.get_by_label("Outcome").fill("The board accepts the answer.")
    browser.submit("Close challenge")
    assert "The challenge has been closed" in page.content()
    challenge.refresh_from_db()
    assert challenge.status == Challenge.State.CLOSED
    browser.goto("/actions/challenges/")
    link = page.get_by_role("link", name="Download the challenge log as a PDF")
    assert "download=pdf" in link.get_attribute("href")


def test_business_unit_imports_a_plan_fixes_an_error_and_imports_it(
    browser, business_unit, plan, police, tmp_path
):
    header = (
        "What will be done,Outcome sought,Agency,Owner email,Localities,Due date,"
        "Measure of success\n"
    )
    good = (
        "Audit strategy meetings,Better meetings,Lancashire Constabulary,,Burnley and Pendle,"
        "30/06/2015,Re-audit\n"
    )
    bad = "Train officers in CSE indicators,,Lancashire Constabulary,,,31/02/2015,\n"
    browser.sign_in(business_unit)
    browser.goto(f"/actions/{plan.pk}/actions/import/")
    page = browser.page
    with_error = tmp_path / "plan.csv"
    with_error.write_text(header + good + bad)
    page.get_by_label("Upload a file").set_input_files(str(with_error))
    browser.submit("Check and import")
    summary = page.locator(".govuk-error-summary").inner_text()
    assert "Row 3, column 'Due date'" in summary
    assert "Nothing has been imported" in summary
    assert not Action.objects.exists()

    fixed = tmp_path / "plan-fixed.csv"
    fixed.write_text(header + good + bad.replace("31/02/2015", "28/02/2015"))
    page.get_by_label("Upload a file").set_input_files(str(fixed))
    browser.submit("Check and import")
    assert browser.path() == f"/actions/{plan.pk}/"
    assert "2 actions have been added to the plan" in page.content()
    assert Action.objects.filter(plan=plan).count() == 2

    browser.goto(f"/actions/{plan.pk}/report/")
    pdf_link = page.get_by_role("link", name="Download the report as a PDF")
    assert pdf_link.get_attribute("href") == f"/actions/{plan.pk}/report.pdf"
    browser.goto(f"/actions/{plan.pk}/trend/")
    assert page.locator("svg").count() >= 1
