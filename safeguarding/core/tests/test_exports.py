"""Downloads never fail on stored text: a control character typed or pasted into a name (the
API and the pages store text as given) is left out of CSV and XLSX alike."""

import csv
import io

from openpyxl import load_workbook
from rest_framework.test import APIClient

from safeguarding.core.exports import _csv_text, from_cell, safe_cell
from safeguarding.organisations.tests.factories import AgencyFactory

NAME_WITH_CONTROLS = "Sam\x01Jones\x02"


def test_control_characters_are_dropped_and_formulas_still_neutralised():
    assert safe_cell("Sam\x00 \x08Jones\x1f") == "Sam Jones"
    # Tabs and line breaks are kept; a formula hidden behind a control character is not run.
    assert safe_cell("two\tcolumns\r\nlines") == "two\tcolumns\r\nlines"
    assert _csv_text("\x02=HYPERLINK(evil)") == "'=HYPERLINK(evil)"
    assert from_cell("'=HYPERLINK(evil)") == "=HYPERLINK(evil)"  # imports take it off again
    assert from_cell("'quoted'") == "'quoted'"


def _xlsx_values(response):
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    return [value for row in workbook.worksheets[0].iter_rows(values_only=True) for value in row]


def _csv_values(response):
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return [value for row in csv.reader(io.StringIO(text)) for value in row]


def test_a_name_with_control_characters_stored_through_the_api_downloads_from_the_pages(
    client, business_unit, make_person
):
    api = APIClient()
    api.force_authenticate(business_unit)
    agency = AgencyFactory(name="Agency\x07 A")
    response = api.post(
        "/api/people/",
        {"full_name": NAME_WITH_CONTROLS, "email": "sam@a.example", "agency": agency.pk},
        format="json",
    )
    assert response.status_code == 201, response.json()
    administrator = make_person("administrator")  # the directory's events are of no board
    for reader, url in ((business_unit, "/directory/people/"), (administrator, "/audit/")):
        client.force_login(reader)
        assert "SamJones" in _xlsx_values(client.get(url, {"download": "xlsx"}))
        assert "SamJones" in _csv_values(client.get(url, {"download": "csv"}))
    client.force_login(business_unit)
    assert "Agency A" in _xlsx_values(client.get("/directory/", {"download": "xlsx"}))
