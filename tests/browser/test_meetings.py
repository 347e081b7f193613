"""The meeting-to-newsflash journey in Chromium; axe-core checks every page visited."""

import datetime

import pytest
from django.utils import timezone

from safeguarding.core.testing.browser import assert_accessible, sign_in
from safeguarding.meetings import services
from safeguarding.meetings.models import AgendaItem, Newsflash
from safeguarding.organisations.models import Area
from safeguarding.organisations.tests.factories import AgencyFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_agenda_to_published_newsflash(browser, live_server, client, county, make_person):
    board = county["children"]
    police = AgencyFactory(name="Lancashire Constabulary")
    business_unit = make_person("business_unit", board=board, full_name="Bea Unit")
    make_person("board_member", board=board, agency=police, full_name="Mo Member")
    burnley = Area.objects.get(kind=Area.Kind.LOCALITY, name="Burnley and Pendle")
    today = timezone.localdate()
    cpb = services.schedule_meeting(
        business_unit,
        board=board,
        kind="cpb",
        title="Burnley and Pendle CPB",
        area=burnley,
        date=today + datetime.timedelta(days=30),
        start_time=datetime.time(13, 30),
        venue="Burnley",
    )[0]
    subscriber = services.subscribe(board, "reader@example.org")
    services.confirm_subscription(subscriber.token)

    sign_in(browser.page, live_server, client, business_unit)
    page = browser.page
    browser.goto("/meetings/")
    page.get_by_role("link", name="Schedule a meeting").click()
    assert_accessible(page)
    page.get_by_label("Board meeting", exact=True).check()
    page.get_by_label("Title", exact=True).fill("LSCB")
    page.get_by_label("Date", exact=True).fill(
        (today + datetime.timedelta(days=1)).strftime("%d/%m/%Y")
    )
    page.get_by_label("Start time").fill("10:00")
    page.get_by_label("Venue").fill("County Hall, Preston")
    # Mo sits on the board: the standing membership, ticked already, invites him.
    assert page.get_by_label("The standing membership", exact=False).is_checked()
    page.locator("summary", has_text="Add people one by one").click()
    assert page.get_by_label("Mo Member (Lancashire Constabulary)").is_visible()
    browser.submit("Save meeting")
    assert "The meeting has been scheduled" in page.content()

    page.get_by_role("link", name="Add an agenda item").click()
    assert_accessible(page)
    page.get_by_label("Title", exact=True).fill("Business Plan")
    page.get_by_label("For decision").check()
    page.get_by_label("Presenter").fill("Business Manager")
    page.get_by_label("Include in the newsflash").check()  # off unless chosen
    browser.submit("Save item")

    # A decision item offers its own way to record what was agreed.
    page.get_by_role("link", name="Record what was agreed on Business Plan").click()
    assert_accessible(page)
    page.get_by_label("What was agreed").fill(
        "The board approved its Business Plan, putting CSE and children who go missing first."
    )
    browser.submit("Save item")

    page.get_by_role("link", name="Record an action arising").click()
    assert_accessible(page)
    page.get_by_label("Agenda item").select_option(label="Business Plan")
    page.get_by_label("What will be done").fill("Publish the business plan on the website")
    page.get_by_label("Agency responsible").select_option(label="Lancashire Constabulary")
    page.get_by_label("Due date").fill("30/06/2031")
    browser.submit("Save action")
    assert "Publish the business plan on the website" in page.content()

    browser.submit("Publish the agenda and papers")
    browser.submit("Draft the newsflash")
    newsflash = Newsflash.objects.get()
    assert page.url.endswith(f"/meetings/news/{newsflash.pk}/edit/")
    body = page.get_by_label("Text")
    body.fill(body.input_value() + "\nThe next newsflash follows the May meeting.\n")
    browser.submit("Preview")
    assert page.locator(".hub-newsflash h2", has_text="Business Plan").count() == 1
    browser.submit("Save newsflash")
    browser.submit("Approve the newsflash")
    browser.submit("Publish the newsflash")
    assert "The newsflash is published" in page.content()

    # The CPB's next meeting now carries the summary.
    browser.goto(f"/meetings/{cpb.pk}/")
    assert page.get_by_role("heading", name="Summary from the board").count() == 1
    assert AgendaItem.objects.filter(meeting=cpb, from_newsflash=newsflash).exists()

    # The public see it without signing in, on the page and in the feed.
    page.context.clear_cookies()
    browser.goto("/meetings/news/")
    page.get_by_role("link", name=newsflash.title).click()
    assert_accessible(page)
    assert "The board approved its Business Plan" in page.content()
    assert "The next newsflash follows the May meeting." in page.content()
    feed = page.request.get(live_server.url + "/meetings/news/feed.atom")
    assert feed.ok
    assert newsflash.title in feed.text()
    browser.goto("/meetings/news/subscribe/")


def test_meeting_pages_have_no_axe_violations(browser, live_server, client, county, make_person):
    from safeguarding.meetings.demo import load_demo
    from safeguarding.meetings.models import Meeting

    load_demo()
    board = county["children"]
    business_unit = make_person("business_unit", board=board, full_name="Bea Unit")
    seed = Meeting.objects.get(kind="board", date=datetime.date(2015, 3, 20))
    member = make_person("board_member", board=board, full_name="Mo Member")
    seed.members.add(member)
    later = Meeting.objects.get(kind="board", date=datetime.date(2015, 5, 8))
    later.members.add(member)
    item = seed.items.first()
    newsflash = Newsflash.objects.get()
    subscriber = services.subscribe(board, "reader@example.org")
    sign_in(browser.page, live_server, client, business_unit)
    for path in [
        "/meetings/",
        "/meetings/?kind=cpb&search=Burnley",
        f"/meetings/{seed.pk}/",
        f"/meetings/{later.pk}/",
        f"/meetings/{later.pk}/edit/",
        f"/meetings/{later.pk}/cancel/",
        f"/meetings/{later.pk}/attendance/",
        f"/meetings/{later.pk}/declarations/new/",
        f"/meetings/{later.pk}/actions/new/",
        f"/meetings/items/{item.pk}/papers/new/",
        "/meetings/search/?q=CSE",
        "/meetings/news/",
        f"/meetings/news/{newsflash.pk}/",
    ]:
        browser.goto(path)
    browser.goto(f"/meetings/{later.pk}/attendance/")
    browser.submit("Save attendance")
    sign_in(browser.page, live_server, client, member)
    browser.goto(f"/meetings/{seed.pk}/")
    assert "The board approved its Business Plan" in browser.page.content()
    browser.page.context.clear_cookies()
    browser.goto("/meetings/news/subscribe/")
    browser.page.get_by_label("Your e-mail address").fill("new@example.org")
    browser.submit("Subscribe")
    browser.goto(f"/meetings/news/subscribe/{subscriber.token}/")
    browser.submit("Confirm subscription")
    browser.goto(f"/meetings/news/unsubscribe/{subscriber.token}/")
    browser.submit("Unsubscribe")
