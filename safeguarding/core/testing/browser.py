"""What every browser test uses: Playwright's sync API driving Debian's Chromium against
pytest-django's live server, and axe-core run on the pages a test visits. The fixtures that
hand these out live in the root conftest.py."""

import os
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from urllib.parse import urljoin

from django.conf import settings

CHROMIUM = Path("/usr/bin/chromium")
AXE_SOURCE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = Path(settings.BASE_DIR) / "docs" / "screenshots"
PASSWORD = "correct-horse-battery"  # noqa: S105 - PersonFactory's test password
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
AXE_RULES = "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']"


@contextmanager
def async_unsafe_allowed():
    """Playwright's sync API runs an event loop in this thread; Django refuses ORM calls from
    inside one unless told it is safe (it is: the test and the live server share no async
    code). Allowed only while a browser is open, so other tests (the deployment check among
    them) never inherit the setting."""
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        yield
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@cache
def _axe_source() -> str:
    """axe-core's 650 kB, read from disk once per process rather than once per page."""
    return AXE_SOURCE.read_text()


# axe-core reports only violations (`resultTypes`: the passes, incomplete and inapplicable
# lists are cut to one node each, and the same rules run), and the page sends back only the
# lines printed below: the whole result runs to megabytes that Playwright checks field by field.
AXE_RUN = f"""async () => {{
    const result = await axe.run(document, {{
        runOnly: {{type: "tag", values: {AXE_RULES}}},
        resultTypes: ["violations"],
    }});
    return result.violations.map((violation) => ({{
        id: violation.id,
        impact: violation.impact,
        help: violation.help,
        targets: violation.nodes.slice(0, 3).map((node) => node.target),
    }}));
}}"""


def axe_violations(page) -> list[str]:
    """Runs axe-core on the page as it is now; one line per violation with where it is.
    `evaluate` is not subject to the page's Content Security Policy, unlike a script tag,
    so the pages are tested under the policy they really send."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(_axe_source())
    lines = []
    for violation in page.evaluate(AXE_RUN):
        targets = ", ".join(str(target) for target in violation["targets"])
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']} at {targets}")
    return lines


def assert_accessible(page) -> None:
    violations = axe_violations(page)
    assert not violations, f"axe-core violations on {page.url}:\n" + "\n".join(violations)


PHONE_WIDTH = 320  # the narrowest screen the hub is built for (WCAG 1.4.10 reflow)


def assert_fits_a_phone(page) -> None:
    """Nothing on the page as it is now runs off the side of a 320px screen: redrawn at that
    width (no reload, so a form's state stays), then back at its own."""
    size = page.viewport_size
    page.set_viewport_size({"width": PHONE_WIDTH, "height": size["height"]})
    try:
        wider = page.evaluate(
            """() => Array.from(document.querySelectorAll("body *"))
                .filter((element) => element.getBoundingClientRect().right > innerWidth + 1
                    && getComputedStyle(element).visibility !== "hidden"
                    && !element.closest(".govuk-visually-hidden, .govuk-skip-link"))
                .slice(0, 3)
                .map((element) => element.tagName.toLowerCase() + (element.className
                    ? "." + String(element.className).trim().split(/\\s+/).join(".") : ""))"""
        )
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
    finally:
        page.set_viewport_size(size)
    assert overflow <= 0, f"{page.url} is {overflow}px too wide for a phone: {wider}"


def screenshot(page, name: str) -> None:
    """Writes docs/screenshots/<name>.png at 1280x900, only when HUB_SCREENSHOTS=1."""
    if os.environ.get("HUB_SCREENSHOTS") != "1":
        return
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=False)


def sign_in(page, live_server, client, person) -> None:
    """Signs the browser in as `person` without the sign-in form (journeys test the form)."""
    client.force_login(person)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": live_server.url}]
    )


class Browser:
    """One page with helpers that check accessibility, and that the page fits a phone's
    screen, after every navigation."""

    def __init__(
        self,
        page,
        base_url: str,
        *,
        check_accessibility: bool = True,
        check_width: bool | None = None,
    ):
        # axe-core needs the page's JavaScript: a browser with JavaScript switched off (to
        # prove a journey works without it) leaves the checks to the same journey with it on.
        # The phone-width check needs none (Playwright measures the page, not its scripts):
        # `check_width` asks for it without JavaScript too, where the page draws without
        # its scripts (every accordion open, the header's menu unfolded).
        self.page = page
        self.base_url = base_url
        self.check_accessibility = check_accessibility
        self.check_width = check_accessibility if check_width is None else check_width

    def _check(self) -> None:
        if self.check_accessibility:
            assert_accessible(self.page)
        if self.check_width:
            assert_fits_a_phone(self.page)

    def goto(self, path: str):
        response = self.page.goto(self.base_url + path)
        assert response is not None, f"GET {path} gave no response"
        assert response.status < 400, f"GET {path} answered {response.status}"
        self._check()
        return response

    def submit(self, button_name=None, *, within=None):
        """Clicks the form's submit button (the one named, as a string or a pattern, or the main
        one), in the part of the page given or anywhere, and checks the page that follows."""
        with self.page.expect_navigation():
            if button_name:
                (within or self.page).get_by_role("button", name=button_name).click()
            else:
                self.page.locator("main button[type=submit], main input[type=submit]").first.click()
        self._check()

    def follow(self, link):
        """Clicks a link (a locator) as a person does, and checks the page it opens."""
        with self.page.expect_navigation() as navigation:
            link.click()
        response = navigation.value
        assert response is None or response.status < 400, (
            f"{self.page.url} answered {response.status}"
        )
        self._check()

    def menu(self, label: str):
        """The header's link called `label`, followed."""
        menu = self.page.get_by_role("navigation", name="Menu")
        self.follow(menu.get_by_role("link", name=label, exact=True))

    def download(self, link) -> bytes:
        """Clicks a link that downloads a file; the file's bytes."""
        with self.page.expect_download() as download:
            link.click()
        return Path(download.value.path()).read_bytes()

    def open_file(self, link) -> bytes:
        """Clicks a link to a file the browser shows rather than saves (a PDF to read, sent
        inline): its content type and bytes. The browser is on the file afterwards, and its
        viewer holds the bytes, so they are read again through the browser's own session."""
        target = urljoin(self.page.url, link.get_attribute("href"))
        with self.page.expect_response(target) as response:
            link.click()
        assert response.value.ok, f"{target} answered {response.value.status}"
        return response.value.header_value("content-type"), self.page.request.get(target).body()

    def path(self) -> str:
        return self.page.url.removeprefix(self.base_url)

    def sign_in(self, person, password: str = PASSWORD):
        self.goto("/accounts/login/")
        self.page.locator("input[name=login]").fill(person.email)
        self.page.locator("input[name=password]").fill(password)
        self.submit("Sign in")

    def sign_out(self):
        self.goto("/accounts/logout/")
        self.submit("Sign out")
