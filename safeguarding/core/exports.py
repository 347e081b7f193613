"""Download a list as CSV or XLSX: give it the column headings and an iterator of rows.

Both formats stream: CSV row by row to the client, XLSX through openpyxl's write-only
workbook into a temporary file that is then sent in chunks, so memory stays flat however long
the list is. Text that a spreadsheet would run as a formula is neutralised, and control
characters (which the XLSX format cannot hold at all) are left out of both formats: text is
stored as it was typed, so a stray one pasted into a name never stops a download.
"""

from __future__ import annotations

import csv
import re
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime
from typing import Any

from django.http import FileResponse, HttpResponseBase, StreamingHttpResponse
from django.utils import timezone

FORMATS = ("csv", "xlsx")
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Every C0 control character except tab, line feed and carriage return: XML 1.0 forbids them.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def safe_cell(value: Any) -> Any:
    """Spreadsheet-safe value: control characters dropped, and text starting like a formula
    (once they are dropped) gets a leading apostrophe."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    if isinstance(value, bool | int | float | date):
        return value
    text = CONTROL_CHARACTERS.sub("", str(value))
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


class _Echo:
    """A file-like object whose write() hands the line back, for csv.writer."""

    def write(self, value: str) -> str:
        return value


def _csv_lines(headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield "\ufeff"  # so spreadsheet programs read the file as UTF-8
    yield writer.writerow([safe_cell(h) for h in headers])
    for row in rows:
        yield writer.writerow([safe_cell(value) for value in row])


def _attachment_name(stem: str, fmt: str) -> str:
    return f"{stem}-{timezone.localdate().isoformat()}.{fmt}"


def csv_response(stem: str, headers: Sequence[str], rows: Iterable[Sequence[Any]]):
    response = StreamingHttpResponse(_csv_lines(headers, rows), content_type="text/csv")
    response["Content-Disposition"] = f'attachment; filename="{_attachment_name(stem, "csv")}"'
    return response


def xlsx_response(stem: str, headers: Sequence[str], rows: Iterable[Sequence[Any]], title=None):
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=CONTROL_CHARACTERS.sub("", title or stem)[:31])
    sheet.append([safe_cell(h) for h in headers])
    for row in rows:
        sheet.append([safe_cell(value) for value in row])
    spool = tempfile.TemporaryFile()  # noqa: SIM115 - closed by FileResponse
    workbook.save(spool)
    spool.seek(0)
    return FileResponse(
        spool,
        as_attachment=True,
        filename=_attachment_name(stem, "xlsx"),
        content_type=XLSX_CONTENT_TYPE,
    )


def export_response(
    fmt: str, stem: str, headers: Sequence[str], rows: Iterable[Sequence[Any]]
) -> HttpResponseBase:
    """A download of `rows` under `headers` as "csv" or "xlsx"; `stem` names the file."""
    if fmt == "xlsx":
        response = xlsx_response(stem, headers, rows)
    else:
        response = csv_response(stem, headers, rows)
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
