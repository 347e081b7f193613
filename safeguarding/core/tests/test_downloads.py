"""The one download helper (core.exports): headers every file gets, XLSX that opens well in
Excel and LibreOffice, and the rule for when a download is logged."""

import csv
import io
from datetime import UTC, date, datetime
from decimal import Decimal

from openpyxl import load_workbook

from safeguarding.core.exports import download_response, export_response, safe_filename
from safeguarding.core.models import AuditEvent

SUMMER = datetime(2026, 6, 30, 12, 5, 9, 123456, tzinfo=UTC)  # 13:05:09 in UK summer time
WINTER = datetime(2026, 12, 1, 9, 30, 0, 999999, tzinfo=UTC)  # 09:30:00, UK time is GMT

HEADERS = ["Name", "Due", "When (UK time)", "Charge (GBP)"]


def _rows():
    return [
        ["Siobhán O’Neill", date(2026, 7, 1), SUMMER, Decimal("12.50")],
        ["A much longer agency name that needs a wide column", date(2026, 12, 2), WINTER, 3],
    ]


def _workbook(response):
    return load_workbook(io.BytesIO(b"".join(response.streaming_content)))


def test_xlsx_has_a_bold_frozen_header_sized_columns_and_real_uk_date_times():
    response = export_response("xlsx", "people", HEADERS, _rows())
    sheet = _workbook(response).active

    assert sheet.freeze_panes == "A2"
    assert all(cell.font.bold for cell in sheet[1])
    assert not sheet["A2"].font.bold
    assert sheet.column_dimensions["A"].width > sheet.column_dimensions["B"].width >= 10
    assert sheet.column_dimensions["A"].width <= 60
    assert sheet["B2"].value.isoformat() == "2026-07-01T00:00:00"  # read back as a datetime
    assert sheet["B2"].is_date
    assert sheet["B2"].number_format == "dd/mm/yyyy"
    assert sheet["C2"].value.isoformat() == "2026-06-30T13:05:09"  # UK time, no microseconds
    assert sheet["C3"].value.isoformat() == "2026-12-01T09:30:00"
    assert sheet["C2"].is_date
    assert sheet["C2"].number_format == "dd/mm/yyyy hh:mm"
    assert sheet["A2"].value == "Siobhán O’Neill"
    assert sheet["D2"].value == 12.5  # a number cell, not the text "12.50"


def test_csv_writes_uk_local_date_times_without_microseconds():
    response = export_response("csv", "people", HEADERS, _rows())
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))

    assert rows[1] == ["Siobhán O’Neill", "2026-07-01", "2026-06-30 13:05:09", "12.50"]
    assert rows[2][2] == "2026-12-01 09:30:00"
    assert response["Content-Type"] == "text/csv; charset=utf-8"


def test_every_download_gets_safe_headers_and_keeps_a_non_ascii_name():
    response = download_response(b"%PDF-", 'Łukasz "report"/../x.pdf', "application/pdf")

    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment; filename*=utf-8''")
    assert "%C5%81ukasz" in disposition  # Ł, encoded as RFC 6266 asks
    assert "%2F" not in disposition
    assert "%22" not in disposition
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"

    assert safe_filename('a/b\\c"d\x00e.pdf') == "a-b-c-d-e.pdf"
    assert safe_filename("/../") == "download"

    plain = download_response(b"x", "plan.pdf", "application/pdf", inline=True, public=True)
    assert plain["Content-Disposition"] == 'inline; filename="plan.pdf"'
    assert plain["Cache-Control"] == "public, max-age=300"


def test_a_download_is_logged_only_when_a_restricted_record_is_named(business_unit):
    download_response(b"x", "a.pdf", "application/pdf")
    export_response("csv", "list", ["A"], [["1"]])
    assert not AuditEvent.objects.exists()

    log = (business_unit, business_unit, "why")
    download_response(b"x", "a.pdf", "application/pdf", log=log, verb="file downloaded")
    log = (business_unit, business_unit, "list")
    export_response("csv", "list", ["A"], [["1"]], log=log, verb="list exported")

    events = list(AuditEvent.objects.order_by("pk").values_list("verb", "payload"))
    assert events == [("file downloaded", {"reason": "why"}), ("list exported", {"reason": "list"})]
