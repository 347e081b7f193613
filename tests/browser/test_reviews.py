"""Case reviews in Chromium, with JavaScript and without: the business unit records a
notification and takes the review through its stages to publication, a recommendation becomes
an action the locality board's chair opens, and the learning brief is on the public pages.
axe-core checks every page visited (with JavaScript), and every page fits a 320px screen."""

import pytest
from django.utils import timezone

from safeguarding.core.workdays import add_working_days
from safeguarding.organisations.models import Agency, Area
from safeguarding.reviews.models import Review, Theme

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


def _day(learned, n):
    return add_working_days(learned, n).strftime("%d/%m/%Y")


def test_notification_to_publication_a_monitored_action_and_a_public_brief(
    browser, county, make_person
):
    # Other tests flush the database: make what the journey needs.
    agency, _ = Agency.objects.get_or_create(
        name="Lancashire Constabulary",
        defaults={"slug": "lancashire-constabulary", "sector": "police"},
    )
    Theme.objects.get_or_create(name="Neglect")
    preston = Area.objects.get(kind=Area.Kind.LOCALITY, name="Preston")
    bu = make_person("business_unit", board=county["children"], full_name="Bev Unit")
    chair = make_person("cpb_chair", area=preston, full_name="Chris Chair")
    page = browser.page
    learned = add_working_days(timezone.localdate(), -40)

    browser.sign_in(bu)
    browser.goto("/reviews/")
    browser.follow(page.get_by_role("link", name="Record a notification"))
    browser.submit("Add the review")  # nothing filled in: errors, still accessible
    assert "Enter the date the board learned of the incident" in page.content()
    page.get_by_label("Rapid review", exact=True).check()
    page.get_by_label("Date the board learned of the incident").fill(_day(learned, 0))
    page.get_by_label("Date notified to the national panel and Ofsted").fill(_day(learned, 3))
    page.get_by_label("Locality board (CPB) area").select_option(str(preston.pk))
    page.get_by_label("Agencies involved").select_option([str(agency.pk)])
    page.get_by_label("Neglect").check()
    page.get_by_label("What happened").fill("An infant was admitted to hospital with injuries")
    browser.submit("Add the review")
    review = Review.objects.get()
    assert review.reference in page.content()
    assert "Rapid review" in page.content()

    def stage(link, fields, *, selects=None):
        browser.follow(page.get_by_role("link", name=link))
        for label, value in fields.items():
            page.get_by_label(label, exact=True).fill(value)
        for label, value in (selects or {}).items():
            page.get_by_label(label, exact=True).select_option(value)
        browser.submit("Save and move on")

    stage("Start the rapid review", {"Rapid review meeting date": _day(learned, 12)})
    stage(
        "Record the decision",
        {
            "Rapid review's recommendation": "The criteria for a review are met",
            "Date of the decision": _day(learned, 14),
        },
        selects={"Decision": "converted"},
    )
    stage("Commission the review", {"Independent reviewer": "An independent reviewer"})
    stage(
        "Start the review",
        {
            "Terms of reference": "Practice in the two years before",
            "Date the review started": _day(learned, 16),
        },
    )
    stage("Record the draft report", {"Date the draft report arrived": _day(learned, 25)})
    stage(
        "Record the panel's sign-off", {"Date the panel signed the report off": _day(learned, 30)}
    )
    stage("Plan the publication", {"Expected publication": _day(learned, 35)})
    stage(
        "Record the publication and share the learning",
        {
            "Date published": _day(learned, 35),
            "Link to the published report": "https://www.example.org/report.pdf",
        },
    )
    review.refresh_from_db()
    assert review.stage == "learning"
    assert review.kind == "cspr"  # the rapid review converted

    browser.follow(page.get_by_role("link", name="Add a recommendation"))
    page.get_by_label("Recommendation", exact=True).fill("Health visitors share concerns with GPs")
    page.get_by_label("Agency that will own the action").select_option(str(agency.pk))
    page.get_by_label("Action due").fill(_day(timezone.localdate(), 60))
    browser.submit("Add the recommendation")
    assert "1 recommendation: 0 complete, 1 on track, 0 overdue" in page.content()
    action = review.recommendations.get().action

    browser.follow(page.get_by_role("link", name="Publish a learning brief"))
    page.get_by_label("Title").fill("Seven-minute briefing: see the whole household")
    page.get_by_label("The brief").fill("Ask who else lives in the home, and share concerns.")
    browser.submit("Publish")

    # The locality board's chair opens the action the recommendation became; not the review.
    page.context.clear_cookies()
    browser.sign_in(chair)
    browser.goto(f"/actions/action/{action.pk}/")
    assert "Health visitors share concerns with GPs" in page.content()
    response = page.goto(browser.base_url + f"/reviews/{review.pk}/")
    assert response.status == 404

    # Anyone reads the learning brief on the public pages.
    page.context.clear_cookies()
    browser.goto("/reviews/learning/")
    browser.follow(page.get_by_role("link", name="Seven-minute briefing: see the whole household"))
    assert "Ask who else lives in the home" in page.content()
