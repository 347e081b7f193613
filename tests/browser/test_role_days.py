"""Each demo sign-in's morning, as the README lists them: the home page shows that role's
work, and every item on it opens, with JavaScript and without, at 1280px and 320px, with
axe-core and the phone-width check on every page. The README's home-page picture is taken
here (HUB_SCREENSHOTS=1), with the business unit's work on it.

One walk over the whole demo county: loading it once costs more than all the pages. The walk
reads the page as a person does; the database under it is not what it tests, so it runs
with the SQLite suite only."""

import os
from urllib.parse import urlparse

import pytest
from django.core.management import call_command

from safeguarding.core.testing.browser import Browser, screenshot, sign_in
from safeguarding.organisations.demo.people import DEMO_SIGNINS
from safeguarding.organisations.models import Person

pytestmark = pytest.mark.skipif(
    bool(os.environ.get("DATABASE_URL")), reason="walked once, on the SQLite run"
)

ITEMS_PER_ROLE = 4  # the first items of each kind: every kind a role has is opened
# Roles whose demo day has work waiting on the home page.
ROLES_WITH_WORK = {
    "business.unit@demo.example",
    "board.member@demo.example",
    "cpb.chair@demo.example",
    "agency.lead@demo.example",
    "line.manager@demo.example",
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


def test_every_demo_role_starts_the_day_on_a_home_page_whose_items_open(
    chromium, live_server, client
):
    call_command("load_demo_county")
    opened = []
    for email, name, _role, _scope in DEMO_SIGNINS:
        person = Person.objects.get(email=email)
        for javascript in (True, False):
            context = chromium.new_context(
                viewport={"width": 1280, "height": 900}, java_script_enabled=javascript
            )
            page = context.new_page()
            page.set_default_timeout(15_000)
            browser = Browser(page, live_server.url, check_accessibility=javascript)
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
                browser.goto(path)  # answers below 400; axe and 320px with JavaScript
                assert page.locator("main h1").count() == 1, f"{hint}: {path} has no heading"
                opened.append((email, path))
            context.close()
    assert len({path for _email, path in opened}) >= 12, opened
