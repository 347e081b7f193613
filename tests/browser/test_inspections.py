"""Practice inspections in Chromium: the business unit plans and staffs an inspection, a
reviewer completes a case audit, the lead reviewer moderates it and the report is published
with its actions. axe-core checks every page visited."""

import datetime

import pytest
from django.utils import timezone

from safeguarding.core.testing.browser import screenshot
from safeguarding.core.workdays import add_working_days, working_day_on_or_before
from safeguarding.inspections import services
from safeguarding.inspections.models import CaseAudit, Inspection
from safeguarding.organisations.models import Agency, Area

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _agency(name, sector, *districts):
    agency = Agency.objects.create(name=name, slug=name.lower().replace(" ", "-"), sector=sector)
    agency.districts.set(Area.objects.filter(kind=Area.Kind.DISTRICT, name__in=districts))
    return agency


@pytest.fixture
def setting(county, make_person, business_unit):
    police = _agency("Lancashire Constabulary", "police", "Burnley", "Pendle")
    health = _agency("East Pennine Hospitals", "health", "Burnley", "Pendle")
    council = _agency("County Children's Services", "childrens_services", "Burnley", "Pendle")
    return {
        "bu": business_unit,
        "police": police,
        "health": health,
        "lead": make_person("inspection_reviewer", agency=council, full_name="Lena Lead Reviewer"),
        "reviewer": make_person("inspection_reviewer", agency=police, full_name="Ravi Reviewer"),
        "burnley": Area.objects.get(kind=Area.Kind.LOCALITY, name="Burnley and Pendle"),
    }


def test_business_unit_plans_and_staffs_an_inspection(browser, setting):
    browser.sign_in(setting["bu"])
    browser.goto("/inspections/")
    browser.page.get_by_role("link", name="Generate a year's programme").click()
    browser.page.wait_for_url("**/inspections/generate/")
    year = timezone.localdate().year + 1
    browser.page.get_by_label("Year the programme starts").fill(str(year))
    browser.submit("Generate programme")
    assert Inspection.objects.count() == 3
    screenshot(browser.page, "inspections-programme")
    inspection = Inspection.objects.get(locality=setting["burnley"])
    browser.goto(f"/inspections/{inspection.pk}/")
    browser.page.get_by_role("link", name="Add a reviewer").click()
    browser.page.wait_for_url(f"**/inspections/{inspection.pk}/team/")
    browser.page.get_by_label("Reviewer", exact=True).select_option(str(setting["reviewer"].pk))
    browser.page.get_by_label("Lead reviewer").check()
    browser.submit("Add reviewer")
    assert "Nobody on the team is from" in browser.page.content()
    page = browser.page
    browser.goto(f"/inspections/{inspection.pk}/edit/")
    browser.goto(f"/inspections/{inspection.pk}/cases/")
    page.get_by_label("Agency", exact=True).select_option(str(setting["health"].pk))
    page.get_by_label("Your agency's record number").fill("H-2041")
    page.get_by_label("Why the case meets the criteria").fill("Called Jayden, missing twice")
    browser.submit("Submit case")
    assert "looks like a name" in page.content()
    page.get_by_label("Why the case meets the criteria").fill("Missing twice this year")
    browser.submit("Submit case")
    assert f"{inspection.code}-001" in page.content()
    browser.goto(f"/inspections/{inspection.pk}/sample/")
    page.get_by_label("How many cases to sample").fill("1")
    browser.submit("Draw sample")
    assert "seed" in page.content()
    browser.submit("Assign the sampled records to the team automatically")
    assert "1 case audits have been assigned" in page.content()
    browser.goto(f"/inspections/{inspection.pk}/assign/")
    browser.goto(f"/inspections/{inspection.pk}/engagements/new/")
    browser.goto("/inspections/templates/")
    browser.goto("/inspections/trends/")


def test_reviewer_completes_a_case_audit_and_the_report_is_published(browser, setting):
    bu, health = setting["bu"], setting["health"]
    # In fieldwork today: from the last working day before today, for five working days.
    start = working_day_on_or_before(timezone.localdate() - datetime.timedelta(days=1))
    inspection = services.schedule_inspection(
        bu,
        board=bu.roles.get().board,
        locality=setting["burnley"],
        fieldwork_start=start,
        fieldwork_end=add_working_days(start, 4),
        criteria="Children missing from home",
    )
    services.add_team_member(bu, inspection, person=setting["lead"], is_lead=True)
    services.add_team_member(bu, inspection, person=setting["reviewer"])
    services.submit_case(bu, inspection, agency=health, record_number="H-77")
    services.draw_sample(bu, inspection, size=1, seed=5)
    record = inspection.cases.get().records.get()
    audit = services.assign_audit(bu, record, reviewer=setting["reviewer"])
    assert audit.reviewer == setting["reviewer"]

    browser.sign_in(setting["reviewer"])
    browser.goto("/home/")
    reference = audit.record.case.reference
    browser.page.get_by_role("link", name=f"Complete the case audit {reference}").click()
    browser.page.wait_for_url(f"**/inspections/audits/{audit.pk}/")
    page = browser.page
    for theme in inspection.template.themes.prefetch_related("questions"):
        for question in theme.questions.all():
            page.locator(f"textarea[name=answer_{question.pk}]").fill("Seen on the file")
        page.locator(f"input[name=theme_{theme.pk}][value=good]").check()
        page.locator(f"textarea[name=reason_{theme.pk}]").fill("Clear evidence of timely work")
    page.locator("input[name=grade][value=good]").check()
    page.get_by_label("Reasons for the case's grade").fill("Risks acted on promptly")
    page.get_by_label("Good practice").fill("Same-day strategy discussion")
    page.get_by_label("Areas for improvement").fill("Record the child's views")
    browser.submit("Submit for moderation")
    assert "submitted for moderation" in page.content()
    screenshot(page, "inspections-audit-submitted")
    browser.goto(f"/inspections/{inspection.pk}/")
    browser.goto("/inspections/")
    browser.sign_out()

    browser.sign_in(setting["lead"])
    browser.goto(f"/inspections/audits/{audit.pk}/moderate/")
    page.locator("input[name=final_grade][value=good]").check()
    browser.submit("Agree grades")
    audit.refresh_from_db()
    assert audit.state == CaseAudit.State.MODERATED
    browser.goto(f"/inspections/{inspection.pk}/findings/new/")
    page.locator("input[name=kind][value=improvement]").check()
    page.get_by_label("Finding").fill("Record the child's views in every file")
    page.get_by_label(
        "Agency (the owner of the action, for an area for improvement)"
    ).select_option(str(health.pk))
    browser.submit("Add finding")
    browser.goto(f"/inspections/{inspection.pk}/report/")
    browser.sign_out()

    browser.sign_in(bu)
    browser.goto(f"/inspections/{inspection.pk}/")
    assert "Who has viewed the case audits" in page.content()
    browser.goto(f"/inspections/{inspection.pk}/publish/")
    page.get_by_label("Summary of the findings").fill("Good practice overall")
    end = start + datetime.timedelta(days=365)
    page.get_by_label("Action plan ends").fill(f"{end:%d/%m/%Y}")
    browser.submit("Publish report")
    assert "has been published" in page.content()
    inspection.refresh_from_db()
    assert inspection.action_plan.actions.get().owner_agency == health
    screenshot(page, "inspections-report")


def test_agency_lead_is_told_and_submits_a_case(browser, setting, make_person):
    bu, police = setting["bu"], setting["police"]
    lead = make_person("agency_lead", lead_of=police, agency=police, full_name="Alex Lead")
    # Notice given about a week ago: fieldwork on the working day on or before a week today.
    start = working_day_on_or_before(timezone.localdate() + datetime.timedelta(days=7))
    inspection = services.schedule_inspection(
        bu,
        board=bu.roles.get().board,
        locality=setting["burnley"],
        fieldwork_start=start,
        fieldwork_end=add_working_days(start, 4),
        criteria="Children missing from education",
    )
    browser.sign_in(lead)
    browser.goto("/inspections/")
    browser.page.get_by_role("link", name=inspection.code).click()
    browser.page.wait_for_url(f"**/inspections/{inspection.pk}/")
    browser.page.get_by_role("link", name="Submit a case").click()
    browser.page.wait_for_url("**/cases/")
    browser.page.get_by_label("Your agency's record number").fill("LC-555")
    browser.submit("Submit case")
    assert f"{inspection.code}-001: Lancashire Constabulary record LC-555" in browser.page.content()
