"""Each demo sign-in's day, as the README lists them: the home page shows that role's work,
every item on it opens, and the role does its main job of the day on the demo data through
to the confirmation it sees. Each day runs twice: with JavaScript at 1280px (axe-core, and
the page redrawn at 320px, on every page), then without JavaScript on a 320px screen (the
phone-width check on every page), on a different record where the demo has one. The
README's home-page picture is taken here (HUB_SCREENSHOTS=1), with the business unit's work
on it.

One walk over the whole demo county: loading it once costs more than all the pages. The walk
reads the page as a person does, following links from the home page and the header rather
than typing addresses; the database under it is not what it tests, so it runs with the
SQLite suite only. The roles walk in the README's order, so later roles meet the earlier
ones' work (the board member finds the agenda the business unit published)."""

import os
import re
from urllib.parse import urlparse

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from safeguarding.core.testing.browser import PHONE_WIDTH, Browser, screenshot, sign_in
from safeguarding.organisations.demo.people import DEMO_SIGNINS
from safeguarding.organisations.models import Person

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        bool(os.environ.get("DATABASE_URL")), reason="walked once, on the SQLite run"
    ),
]

ITEMS_PER_ROLE = 4  # the first items of each kind: every kind a role has is opened
# Roles whose demo day has work waiting on the home page.
ROLES_WITH_WORK = {
    "business.unit@demo.example",
    "board.member@demo.example",
    "cpb.chair@demo.example",
    "agency.lead@demo.example",
    "line.manager@demo.example",
    "practitioner@demo.example",
    "reviewer@demo.example",
}


def _item_links(page) -> list[tuple[str, str]]:
    """(hint, path) of the home page's items, the first of each kind, up to the limit."""
    seen, links = set(), []
    for item in page.locator(".govuk-task-list__item").all():
        hint = item.locator(".govuk-task-list__hint").inner_text()
        if hint in seen:
            continue
        seen.add(hint)
        url = urlparse(item.locator("a").get_attribute("href"))
        links.append((hint, url.path + (f"?{url.query}" if url.query else "")))
    return links[:ITEMS_PER_ROLE]


def _assert_pdf(kind: str, content: bytes):
    assert kind == "application/pdf", kind
    assert content.startswith(b"%PDF"), content[:20]


class Day:
    """One role's walk: the browser, whether it has JavaScript, and what the day has done so
    far (the records each journey took, so the second walk takes another)."""

    def __init__(self, browser: Browser, javascript: bool, done: dict):
        self.browser = browser
        self.page = browser.page
        self.javascript = javascript
        self.done = done

    def home(self):
        self.browser.menu("Home")

    def item(self, hint: str):
        """The first home-page item with this hint whose record the day has not taken yet."""
        taken = self.done.setdefault(hint, set())
        exactly = re.compile(rf"^\s*{re.escape(hint)}\s*$")
        items = self.page.locator(".govuk-task-list__item").filter(
            has=self.page.locator(".govuk-task-list__hint", has_text=exactly)
        )
        for link in items.get_by_role("link").all():
            href = link.get_attribute("href")
            if href not in taken:
                taken.add(href)
                return link
        hints = self.page.locator(".govuk-task-list__hint").all_text_contents()
        raise AssertionError(f"no home-page item '{hint}' left (taken {taken}) among {hints}")

    def open_item(self, hint: str) -> str:
        """Opens that item from the home page; the item's words."""
        self.home()
        link = self.item(hint)
        words = link.inner_text()
        self.browser.follow(link)
        return words

    def confirmed(self, message: str):
        """The success banner the person sees after their change."""
        expect(self.page.locator(".govuk-notification-banner--success")).to_contain_text(message)


def business_unit_publishes_an_agenda(day: Day):
    """'Send the agenda and papers': an item added to the agenda, then the agenda published."""
    meeting = day.open_item("Meeting coming up")
    assert meeting.startswith("Send the agenda and papers for"), meeting
    title = "Update from the CSE sub-group" if day.javascript else "Learning from case reviews"
    day.browser.follow(day.page.get_by_role("link", name="Add an agenda item"))
    day.page.get_by_label("Title").fill(title)
    day.page.get_by_label("For discussion").check()
    day.browser.submit("Save item")
    expect(day.page.locator("main")).to_contain_text(title)
    day.browser.submit("Publish the agenda and papers")
    day.confirmed("The agenda and papers have been sent to the members")
    day.done.setdefault("agenda items", []).append(title)


def board_member_reads_the_newsflash_or_opens_the_meeting(day: Day):
    if day.javascript:
        # The newsflash, as a PDF to read on the train.
        day.browser.menu("Meetings")
        day.browser.follow(day.page.get_by_role("link", name="Newsflashes"))
        day.browser.follow(day.page.get_by_role("link", name=re.compile("^Summary from")).first)
        kind, pdf = day.browser.open_file(
            day.page.get_by_role("link", name=re.compile("^Download as PDF"))
        )
        _assert_pdf(kind, pdf)
    else:
        # The board meeting from the home page: the agenda the business unit sent this
        # morning, and the meeting into the calendar.
        day.open_item("Meeting: read the papers")
        sent = "|".join(re.escape(title) for title in day.done["agenda items"])
        expect(day.page.locator("main")).to_contain_text(re.compile(sent))
        ics = day.browser.download(day.page.get_by_role("link", name="Add to calendar (.ics)"))
        assert ics.startswith(b"BEGIN:VCALENDAR"), ics[:40]


def cpb_chair_reviews_evidence(day: Day):
    """Accepts one piece of evidence (with JavaScript), does not accept another, with the
    reason (without), then puts a question to the constabulary about its overdue action."""
    words = day.open_item("Evidence awaiting review")
    described = re.match(r"Review evidence '(.{20})", words).group(1)
    row = day.page.locator("main tr").filter(has_text=described)
    if day.javascript:
        day.browser.submit(re.compile("^Accept evidence"), within=row)
    else:
        row.get_by_label(re.compile("^Reason, if you do not accept it")).fill(
            "The figures are for the whole county: show Burnley and Pendle's own."
        )
        day.browser.submit(re.compile("^Do not accept evidence"), within=row)
    day.confirmed("Your review of the evidence has been saved")
    review = "Accepted" if day.javascript else "Not accepted"
    expect(row.locator(".govuk-tag")).to_have_text(review)
    if not day.javascript:
        day.browser.menu("Actions")
        day.browser.follow(day.page.get_by_role("link", name="Actions for my locality"))
        day.browser.follow(
            day.page.get_by_role(
                "link", name="Set up a multi-agency CSE team in each police division"
            ).first
        )
        day.browser.follow(day.page.get_by_role("link", name="Raise a challenge about this action"))
        day.page.get_by_label("Your question or challenge").fill(
            "How many children in Burnley and Pendle were discussed by the joint team this month?"
        )
        day.browser.submit("Raise challenge")
        day.confirmed("Your challenge has been raised")


def cpb_member_downloads_the_meeting_papers(day: Day):
    """A member reads for the locality board's meeting: the challenge log, the plan's report."""
    day.browser.menu("Actions")
    if day.javascript:
        day.browser.follow(day.page.get_by_role("link", name="Challenge log"))
        link = day.page.get_by_role("link", name="Download the challenge log as a PDF")
    else:
        day.browser.follow(
            day.page.get_by_role("link", name="Burnley practice inspection (MASPI) action plan")
        )
        day.browser.follow(day.page.get_by_role("link", name="Progress report"))
        link = day.page.get_by_role("link", name=re.compile("^Download the report as a PDF"))
    kind, pdf = day.browser.open_file(link)
    _assert_pdf(kind, pdf)


def agency_lead_answers_a_challenge_and_updates_an_action(day: Day):
    """The challenge the demo has waiting (with JavaScript), the chair's of this morning
    (without), and then the update on the overdue action."""
    day.open_item("Challenge awaiting your answer")
    day.page.get_by_label("Your answer").fill(
        "The Eastern division team moves into Burnley police station in January; until"
        " then the CSE coordinator joins every strategy discussion in Burnley and Pendle."
    )
    day.browser.submit("Send answer")
    day.confirmed("Your answer has been sent")
    if not day.javascript:
        day.open_item("Overdue action: post an update")
        day.page.get_by_label("On track").check()
        day.page.get_by_label("Progress and reasons").fill(
            "Accommodation for the Eastern division team agreed; it opens in January."
        )
        day.browser.submit("Post update")
        day.confirmed("Your update has been posted")


def line_manager_approves_an_application(day: Day):
    day.open_item("Training application to approve")
    day.page.get_by_label("Approve").check()
    day.browser.submit("Record decision")
    day.confirmed("Decision recorded: the application is now")


def practitioner_applies_for_a_session(day: Day):
    """From the public catalogue, a session with places left; a different one each walk."""
    day.browser.menu("Training")
    day.browser.follow(day.page.get_by_role("link", name="Courses", exact=True))
    day.page.get_by_label("Only sessions with places left").check()
    day.browser.submit("Apply filters")
    # The first session not taken yet that offers a place to this practitioner (one they have
    # applied for already says so instead), as a person tries one after another.
    sessions = day.page.locator("main table tbody tr").get_by_role("link")
    taken = day.done.setdefault("sessions", set())
    apply = day.page.get_by_role("link", name="Apply for a place")
    for href in [session.get_attribute("href") for session in sessions.all()]:
        if href in taken:
            continue
        taken.add(href)
        day.browser.follow(day.page.locator(f'main table a[href="{href}"]'))
        if apply.count():
            break
        day.page.go_back()
    else:
        raise AssertionError("no session with places left offers this practitioner a place")
    day.browser.follow(apply)
    day.page.get_by_label("Why do you want to attend?").fill("I lead on this for my team")
    day.page.get_by_label("I confirm the line manager above is correct").check()
    day.browser.submit("Send application")
    day.confirmed("Your application has been sent to Lee Manager for approval")
    expect(day.page.locator("main")).to_contain_text("Awaiting approval")


def reviewer_saves_a_case_audit(day: Day):
    day.open_item("Case audit to complete")
    grade = day.page.get_by_role("group", name="Grade for help and protection")
    grade.get_by_label("Good").check()
    day.page.get_by_label("Reasons for the grade: Help and protection").fill(
        "Risks were identified at the first visit and the plan was agreed within a week."
    )
    day.browser.submit("Save and continue later")
    day.confirmed("The audit has been saved")
    expect(
        day.page.get_by_role("group", name="Grade for help and protection").get_by_label("Good")
    ).to_be_checked()


def administrator_checks_the_audit_trail(day: Day):
    """The day's changes are on the audit trail; without JavaScript, downloaded as CSV."""
    day.browser.menu("Audit trail")
    # Newest first: the reviewer's audit, saved just now, heads the trail.
    expect(day.page.locator("main table")).to_contain_text("Robin Reviewer")
    if not day.javascript:
        csv = day.browser.download(day.page.get_by_role("link", name=re.compile("^Download CSV")))
        assert b"Robin Reviewer" in csv
        assert b"Bev Unit" in csv


JOURNEYS = {
    "business.unit@demo.example": business_unit_publishes_an_agenda,
    "board.member@demo.example": board_member_reads_the_newsflash_or_opens_the_meeting,
    "cpb.chair@demo.example": cpb_chair_reviews_evidence,
    "cpb.member@demo.example": cpb_member_downloads_the_meeting_papers,
    "agency.lead@demo.example": agency_lead_answers_a_challenge_and_updates_an_action,
    "line.manager@demo.example": line_manager_approves_an_application,
    "practitioner@demo.example": practitioner_applies_for_a_session,
    "reviewer@demo.example": reviewer_saves_a_case_audit,
    "admin@demo.example": administrator_checks_the_audit_trail,
}


def test_every_demo_role_opens_its_home_page_items_and_does_its_days_work(
    chromium, live_server, client
):
    call_command("load_demo_county")
    assert set(JOURNEYS) == {email for email, *_ in DEMO_SIGNINS}
    opened, done = [], {}
    for email, name, _role, _scope in DEMO_SIGNINS:
        person = Person.objects.get(email=email)
        for javascript in (True, False):
            width = 1280 if javascript else PHONE_WIDTH
            context = chromium.new_context(
                viewport={"width": width, "height": 900}, java_script_enabled=javascript
            )
            page = context.new_page()
            page.set_default_timeout(15_000)
            browser = Browser(
                page, live_server.url, check_accessibility=javascript, check_width=True
            )
            sign_in(page, live_server, client, person)
            browser.goto("/home/")
            assert page.locator("h1").inner_text() == "What needs you", email
            links = _item_links(page)
            if email in ROLES_WITH_WORK:
                assert links, f"{name}'s home page shows no work"
                assert "Nothing needs you" not in page.content()
            if email == "business.unit@demo.example" and javascript:
                screenshot(page, "home")
            for hint, path in links:
                browser.goto(path)  # answers below 400; axe with JavaScript, 320px always
                assert page.locator("main h1").count() == 1, f"{hint}: {path} has no heading"
                opened.append((email, path))
            JOURNEYS[email](Day(browser, javascript, done))
            context.close()
    assert len({path for _email, path in opened}) >= 12, opened
