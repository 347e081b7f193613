"""Requests to agencies in Chromium, with and without JavaScript: the business unit sends a
request built from the Section 11 questionnaire, the agency's lead answers with evidence and
signs off, the business unit moderates and reads the triangulation. axe-core checks every page
visited (with JavaScript), and every page is checked to fit a 320px screen."""

import datetime

import pytest
from django.utils import timezone

from safeguarding.organisations.models import Agency, RoleAssignment
from safeguarding.returns import services
from safeguarding.returns.models import Question, Request, Return

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(params=["with JavaScript", "without JavaScript"])
def browser(request, chromium, live_server, transactional_db):
    from safeguarding.core.testing.browser import Browser

    javascript = request.param == "with JavaScript"
    context = chromium.new_context(
        viewport={"width": 1280, "height": 900}, java_script_enabled=javascript
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield Browser(page, live_server.url, check_accessibility=javascript, check_width=True)
    context.close()


@pytest.fixture
def setting(county, make_person, business_unit, children_board):
    police, _ = Agency.objects.get_or_create(
        name="Lancashire Constabulary",
        defaults={"slug": "lancashire-constabulary", "sector": "police"},
    )
    police.boards.add(children_board)
    lead = make_person("agency_lead", lead_of=police, agency=police, full_name="Alex Lead")
    RoleAssignment.objects.get_or_create(person=lead, role="practitioner")
    return {"bu": business_unit, "police": police, "lead": lead}


def test_request_answer_with_evidence_moderate_and_triangulate(browser, setting, tmp_path):
    page = browser.page
    deadline = timezone.localdate() + datetime.timedelta(days=60)
    # The business unit sends the Section 11 questionnaire to the police.
    browser.sign_in(setting["bu"])
    browser.goto("/returns/requests/new/")
    page.get_by_label("Title").fill("Section 11 self-assessment, this year")
    page.get_by_label("Section 11 self-assessment", exact=True).check()
    page.get_by_label("Deadline").fill(deadline.strftime("%d/%m/%Y"))
    page.get_by_label("Police", exact=True).check()
    browser.submit("Send the request")
    sent = Request.objects.get(title="Section 11 self-assessment, this year")
    answered = sent.returns.get(agency=setting["police"])
    assert "has been sent to 1 agencies" in page.content()
    browser.sign_out()

    # The lead finds it on their home page and answers the first standard.
    browser.sign_in(setting["lead"])
    browser.goto("/home/")
    browser.follow(page.get_by_role("link", name="Answer 'Section 11 self-assessment, this year'"))
    first = answered.template_version.sections.order_by("position").first()
    browser.follow(page.get_by_role("link", name=f"Answer '{first.title}'"))
    page.get_by_label("2: Mostly met", exact=False).check()
    page.get_by_label("How do you meet it?", exact=False).fill(
        "A chief officer leads safeguarding and reports to the force's board."
    )
    browser.submit("Save answers")
    assert "have been saved" in page.content()
    # The other standards' scores, as a colleague might have saved them.
    rest = {
        q.pk: {"score": 3}
        for q in Question.objects.filter(
            section__version=answered.template_version, kind="scale"
        ).exclude(section=first)
    }
    services.save_answers(setting["lead"], answered, rest)
    # Evidence: a file.
    policy = tmp_path / "policy.pdf"
    policy.write_bytes(b"%PDF-1.4\n%%EOF\n")
    browser.goto(f"/returns/{answered.pk}/evidence/")
    page.locator("input[type=file]").set_input_files(str(policy))
    page.get_by_label("Description").fill("Safeguarding policy")
    browser.submit("Add evidence")
    assert "Safeguarding policy" in page.content()
    browser.follow(page.get_by_role("link", name="Check and sign off"))
    browser.submit("Sign off the return")
    answered.refresh_from_db()
    assert answered.status == Return.Status.SIGNED_OFF
    browser.sign_out()

    # The business unit moderates standard 1 down, with a reason, and reads the triangulation.
    browser.sign_in(setting["bu"])
    browser.goto(f"/returns/{answered.pk}/moderate/")
    question = Question.objects.get(section=first, kind="scale")
    page.locator(f"select[name=q{question.pk}]").select_option("1")
    page.locator(f"textarea[name=q{question.pk}_reason]").fill("No board minutes supplied")
    browser.submit("Save moderated scores")
    assert "No board minutes supplied" in page.content()
    browser.goto(f"/returns/requests/{sent.pk}/")
    browser.goto(f"/returns/requests/{sent.pk}/triangulation/")
    assert "Disagree" in page.content()
    browser.goto(f"/returns/agencies/{setting['police'].pk}/")
    browser.sign_out()

    # The agency sees its moderated score and the reason.
    browser.sign_in(setting["lead"])
    browser.goto(f"/returns/{answered.pk}/")
    assert "No board minutes supplied" in page.content()


def test_every_other_returns_page_is_accessible_and_fits_a_phone(browser, setting):
    bu, lead = setting["bu"], setting["lead"]
    template = services.ensure_library(bu, bu.roles.first().board)[0]
    sent = services.send_request(
        bu,
        board=template.board,
        version=services.latest_version(template),
        title="Section 11 for the pages",
        deadline=timezone.localdate() + datetime.timedelta(days=30),
        agencies=[setting["police"]],
    )
    answered = sent.returns.get()
    scales = Question.objects.filter(section__version=answered.template_version, kind="scale")
    services.save_answers(lead, answered, {q.pk: {"score": 2} for q in scales})
    browser.sign_in(lead)
    for path in (
        "/returns/",
        f"/returns/{answered.pk}/invite/",
        f"/returns/{answered.pk}/sign-off/",
    ):
        browser.goto(path)
    services.sign_off(lead, answered)
    browser.sign_out()
    browser.sign_in(bu)
    for path in (
        "/returns/",
        "/returns/requests/",
        "/returns/questionnaires/",
        f"/returns/questionnaires/{template.pk}/",
        f"/returns/questionnaires/{template.pk}/new-version/",
        "/returns/questionnaires/new/",
        "/returns/questionnaires/findings/",
        f"/returns/{answered.pk}/",
        f"/returns/{answered.pk}/reopen/",
        f"/returns/{answered.pk}/more-evidence/",
        f"/returns/{answered.pk}/challenge/",
    ):
        browser.goto(path)
    browser.submit("Record the outcome")  # an empty form: the errors are accessible too
    assert "Enter the date of the challenge event" in browser.page.content()
