"""axe-core in Chromium finds nothing on the directory's pages."""

import pytest

from safeguarding.core.testing.browser import axe_violations, sign_in
from safeguarding.organisations.models import Area, Role
from safeguarding.organisations.tests.factories import (
    AgencyFactory,
    PersonFactory,
    RoleAssignmentFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_directory_pages_have_no_axe_violations(browser_page, live_server, client, county):
    from safeguarding.organisations.demo.loader import load_boards_and_areas

    boards = load_boards_and_areas()
    business_unit = PersonFactory(full_name="Bea Unit")
    RoleAssignmentFactory(person=business_unit, role=Role.BUSINESS_UNIT, board=boards["children"])
    agency = AgencyFactory(name="Axe Agency")
    agency.boards.add(boards["children"])
    for number in range(55):
        PersonFactory(agency=agency, full_name=f"Axe Person {number:02d}")
    chair = PersonFactory(agency=agency, full_name="Axe Chair")
    RoleAssignmentFactory(
        person=chair, role=Role.CPB_CHAIR, area=Area.objects.get(kind="locality", name="Preston")
    )
    sign_in(browser_page, live_server, client, business_unit)
    paths = [
        "/directory/",
        "/directory/?search=axe&sort=-name",
        "/directory/people/",
        "/directory/people/?page=2",
        f"/directory/people/{chair.pk}/",
        f"/directory/agencies/{agency.slug}/",
        "/directory/agencies/new/",
        f"/directory/people/{chair.pk}/edit/",
        "/directory/boards/",
        "/directory/localities/",
        "/directory/import/",
    ]
    problems = {}
    for path in paths:
        response = browser_page.goto(live_server.url + path)
        assert response.status == 200, path
        violations = axe_violations(browser_page)
        if violations:
            problems[path] = violations
    # A form with errors
    browser_page.goto(live_server.url + "/directory/people/new/")
    browser_page.click("button[type=submit]")
    violations = axe_violations(browser_page)
    if violations:
        problems["person form with errors"] = violations
    # The import: a file with a bad row, then a good file's "check your answers"
    for name, body in (
        ("bad.csv", b"name,sector\nAxe Two,polise\n"),
        ("good.csv", b"name,sector\nAxe Three,police\n"),
    ):
        browser_page.goto(live_server.url + "/directory/import/")
        browser_page.check("input[name=kind][value=agencies]")
        browser_page.set_input_files(
            "input[name=upload]", {"name": name, "mimeType": "text/csv", "buffer": body}
        )
        browser_page.click("button[type=submit]")
        violations = axe_violations(browser_page)
        if violations:
            problems[name] = violations
    assert "Check your answers" in browser_page.content()
    browser_page.goto(live_server.url + f"/directory/people/{chair.pk}/deactivate/")
    if violations := axe_violations(browser_page):
        problems["deactivate"] = violations
    assert problems == {}
