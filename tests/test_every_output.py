"""Every file the hub hands out, opened with the program a person would open it with (issue 11).

Walks every URL pattern, as the roles that see the most and as a visitor, and reads each answer
by its type: PDFs with poppler (text as a viewer shows it, every font embedded, no cell cut
short), calendars with the icalendar parser (METHOD, the Europe/London zone, UIDs, SEQUENCE,
absolute links), spreadsheets with openpyxl (bold frozen header row) and CSV with the csv module.
A new download anywhere in the hub is read here without anyone adding it.
"""

import csv
import io
import re
import subprocess

import pytest
from django.conf import settings
from django.urls import reverse
from icalendar import Calendar
from openpyxl import load_workbook

from safeguarding.core.testing.pdfs import layout_pages
from tests.test_downloads import LIST_PAGES
from tests.test_permission_matrix import all_patterns, build_url, world  # noqa: F401

ROLES = ["anonymous", "business_unit", "administrator"]
PDF = "application/pdf"
CALENDAR = "text/calendar"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV = "text/csv"
# Files people uploaded go back out as they came (tests/test_downloads.py checks how); only
# what the hub makes is read here.
UPLOADED = {
    "actionplans:evidence_download",
    "meetings:paper_download",
    "returns:evidence_download",
    "returns:report_download",
    "reviews:chronology_download",
}
# What fpdf2's cell clipping and the old hand-made PDFs left behind when text did not fit.
CUT_SHORT = re.compile(r"\w(?:\.\.\.|…)(?=\s|$)")


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def every_file(client, data, role):
    """(url, content type, bytes) of each answer that is a file, not a page or JSON."""
    person = data["people"][role]
    if person is not None:
        client.force_login(person)
    urls = [
        build_url(key, route, data)
        for key, route in sorted(all_patterns().items())
        if not (key.startswith(("admin:", "admin/")) or key.endswith("+format") or key in UPLOADED)
    ]
    # The list pages' downloads are the same address with ?download=.
    urls += [f"{reverse(name)}?download={fmt}" for name, _ in LIST_PAGES for fmt in ("csv", "xlsx")]
    for url in urls:
        response = client.get(url)
        kind = response.get("Content-Type", "").split(";")[0].strip()
        if response.status_code == 200 and kind in (PDF, CALENDAR, XLSX, CSV):
            yield url, kind, body(response)


def check_pdf(url, content):
    assert content.startswith(b"%PDF-"), url
    pages = layout_pages(content)
    assert any(page.strip() for page in pages), f"{url}: no text on any page"
    text = "\n".join(pages)
    assert not CUT_SHORT.search(text), f"{url}: text cut short: {CUT_SHORT.search(text)[0]!r}"
    fonts = subprocess.run(  # noqa: S603 - poppler, reading our own PDF
        ["pdffonts", "-"],  # noqa: S607
        input=content,
        capture_output=True,
        check=True,
    ).stdout.decode()
    rows = fonts.splitlines()[2:]
    assert rows, f"{url}: no fonts"
    for row in rows:
        # Columns: name type encoding emb sub uni object ID; "emb" must be "yes" for every font,
        # or a reader without the font sees another one (or boxes) in place of the names.
        assert " yes " in row, f"{url}: a font is not embedded: {row}"


def check_calendar(url, content):
    calendar = Calendar.from_ical(content)
    assert calendar.get("METHOD"), f"{url}: no METHOD"
    assert calendar.get("PRODID"), f"{url}: no PRODID"
    zones = {str(zone["TZID"]) for zone in calendar.walk("VTIMEZONE")}
    for event in calendar.walk("VEVENT"):
        for field in ("UID", "DTSTAMP", "DTSTART", "SUMMARY", "SEQUENCE"):
            assert event.get(field) is not None, f"{url}: an event has no {field}"
        start = event["DTSTART"]
        tzid = start.params.get("TZID")
        if tzid:
            assert tzid in zones, f"{url}: DTSTART in {tzid} without its VTIMEZONE"
        link = event.get("URL")
        if link:
            assert str(link).startswith(settings.SITE_URL), f"{url}: relative link {link}"
    uids = [str(event["UID"]) for event in calendar.walk("VEVENT")]
    assert len(uids) == len(set(uids)), f"{url}: two events share a UID"


def check_xlsx(url, content):
    sheet = load_workbook(io.BytesIO(content)).active
    header = next(sheet.iter_rows(min_row=1, max_row=1))
    assert all(cell.value not in (None, "") for cell in header), f"{url}: a heading is blank"
    assert all(cell.font.bold for cell in header), f"{url}: header row not bold"
    assert sheet.freeze_panes == "A2", f"{url}: header row not frozen"


def check_csv(url, content):
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert rows, f"{url}: empty"
    assert all(rows[0]), f"{url}: a heading is blank"
    assert all(len(row) == len(rows[0]) for row in rows), f"{url}: ragged rows"


CHECKS = {PDF: check_pdf, CALENDAR: check_calendar, XLSX: check_xlsx, CSV: check_csv}


@pytest.mark.parametrize("role", ROLES)
def test_every_file_the_hub_hands_out_opens_cleanly(client, world, role):  # noqa: F811
    seen = {}
    for url, kind, content in every_file(client, world, role):
        CHECKS[kind](url, content)
        seen.setdefault(kind, []).append(url)
    if role == "anonymous":  # the public calendars: meetings and the training programme
        assert len(seen.get(CALENDAR, [])) >= 2, seen
    else:
        assert {PDF, CALENDAR, XLSX, CSV} <= set(seen), f"{role} got only {sorted(seen)}"
