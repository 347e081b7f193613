"""Everything the hub sends as a file: list downloads (CSV, XLSX) and single files (PDFs,
uploaded papers and evidence, calendars).

`download_response` is the one way to send a file: a safe filename (non-ASCII names kept,
through RFC 6266's filename*), Content-Type, "nosniff", and "private, no-store" unless the
file is public. `export_response` sends a list as CSV or XLSX through it.

The one rule for the audit trail: a download is logged exactly when viewing its record is,
that is when the record is restricted (a restricted paper, evidence, a plan's progress
report). Pass `log=(user, record, reason)` and `verb=`, the app's declared verb for it
("evidence downloaded"), and the download is recorded as a view. Lists of records anyone with
the page may see are not logged.

Both list formats stream: CSV row by row, XLSX through openpyxl's write-only workbook into a
temporary file sent in chunks, so memory stays flat however long the list is. XLSX has a
bold, frozen header row, columns sized to their contents, and real date and time cells; Excel
has no time zones, so date-times are UK local time (say so in the heading, "When (UK time)")
and neither format carries microseconds. Text a spreadsheet would run as a formula is stored
as text in XLSX and put behind an apostrophe in CSV (imports take it off again: `from_cell`);
control characters (which XLSX cannot hold at all) are left out of both.
"""

from __future__ import annotations

import csv
import re
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime, time
from decimal import Decimal
from itertools import chain, islice
from typing import Any

from django.http import FileResponse, HttpResponse, HttpResponseBase, StreamingHttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header

FORMATS = ("csv", "xlsx")
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Every C0 control character except tab, line feed and carriage return: XML 1.0 forbids them.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
# Characters no filename should carry: path separators, quotes and every control character.
UNSAFE_IN_FILENAME = re.compile(r'[\x00-\x1f\x7f/\\"]+')
# XLSX column widths, in characters: sized from the header and the first rows.
WIDTH_SAMPLE_ROWS = 200
MIN_WIDTH, MAX_WIDTH = 8, 60
DATE_FORMAT = "dd/mm/yyyy"
DATETIME_FORMAT = "dd/mm/yyyy hh:mm"


def safe_filename(name: str, fallback: str = "download") -> str:
    """`name` without path separators, quotes or control characters; never empty."""
    cleaned = UNSAFE_IN_FILENAME.sub("-", name or "").strip(" .-")
    return cleaned[:200] or fallback


def download_response(
    content: bytes | str | Any,
    filename: str,
    content_type: str,
    *,
    inline: bool = False,
    public: bool = False,
    log: tuple[Any, Any, str] | None = None,
    verb: str | None = None,
) -> HttpResponseBase:
    """A file for the browser to save (or, `inline`, show). `content` is bytes, text, an open
    binary file (sent in chunks and closed), or an iterator of text (streamed). A `public`
    file may be cached; anything else is "private, no-store". `log=(user, record, reason)`
    records the download as a view of that restricted record under `verb` (the module's rule)."""
    if log is not None:
        from .audit import record_view

        actor, target, reason = log
        record_view(actor, target, reason, verb=verb)
    if isinstance(content, bytes | str):
        response = HttpResponse(content, content_type=content_type)
    elif hasattr(content, "read"):
        response = FileResponse(content, content_type=content_type)
    else:
        response = StreamingHttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(
        not inline, safe_filename(filename)
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "public, max-age=300" if public else "private, no-store"
    return response


def safe_cell(value: Any) -> Any:
    """Spreadsheet-safe value: date-times in UK local time without a time zone, no
    microseconds, control characters dropped."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value).replace(tzinfo=None)
        return value.replace(microsecond=0)
    if isinstance(value, time):
        return value.replace(microsecond=0, tzinfo=None)
    if isinstance(value, bool | int | float | Decimal | date):  # numbers stay numbers
        return value
    return CONTROL_CHARACTERS.sub("", str(value))


def from_cell(text: str) -> str:
    """A CSV cell's text as it was before `safe_cell` neutralised a formula, for imports: a
    download imports again unchanged."""
    if text.startswith("'") and text[1:].startswith(FORMULA_STARTS):
        return text[1:]
    return text


def _csv_text(value: Any) -> Any:
    """How a value reads in a CSV file: dates as 2026-12-07, date-times as 2026-12-07 13:00:00,
    text that looks like a formula behind an apostrophe (spreadsheets run CSV formulas)."""
    value = safe_cell(value)
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class _Echo:
    """A file-like object whose write() hands the line back, for csv.writer."""

    def write(self, value: str) -> str:
        return value


def _csv_lines(headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield "\ufeff"  # so spreadsheet programs read the file as UTF-8
    yield writer.writerow([_csv_text(h) for h in headers])
    for row in rows:
        yield writer.writerow([_csv_text(value) for value in row])


def _attachment_name(stem: str, fmt: str) -> str:
    return f"{stem}-{timezone.localdate().isoformat()}.{fmt}"


def _width(value: Any) -> int:
    if isinstance(value, datetime):
        return 16
    if isinstance(value, date):
        return 10
    return max((len(line) for line in str(value).splitlines()), default=0)


def _xlsx_file(stem: str, headers: Sequence[str], rows: Iterable[Sequence[Any]], title=None):
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=CONTROL_CHARACTERS.sub("", title or stem)[:31])
    # Widths must be set before the first row is written: size them from a sample.
    rows = iter(rows)
    sample = [[safe_cell(value) for value in row] for row in islice(rows, WIDTH_SAMPLE_ROWS)]
    for index, header in enumerate(headers):
        widest = max([_width(header)] + [_width(row[index]) for row in sample if index < len(row)])
        letter = get_column_letter(index + 1)
        sheet.column_dimensions[letter].width = min(max(widest + 2, MIN_WIDTH), MAX_WIDTH)
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    heading = []
    for header in headers:
        cell = WriteOnlyCell(sheet, value=safe_cell(header))
        cell.data_type = "s"
        cell.font = bold
        heading.append(cell)
    sheet.append(heading)

    def cells(values):
        for value in values:
            if isinstance(value, datetime | date):
                cell = WriteOnlyCell(sheet, value=value)
                cell.number_format = DATETIME_FORMAT if isinstance(value, datetime) else DATE_FORMAT
                yield cell
            elif isinstance(value, str) and value.startswith("="):
                # openpyxl would write a formula; a text cell is never run, and reads back as typed.
                cell = WriteOnlyCell(sheet, value=value)
                cell.data_type = "s"
                yield cell
            else:
                yield value

    for values in chain(sample, ([safe_cell(value) for value in row] for row in rows)):
        sheet.append(list(cells(values)))
    spool = tempfile.TemporaryFile()  # noqa: SIM115 - closed by FileResponse
    workbook.save(spool)
    spool.seek(0)
    return spool


def export_response(
    fmt: str,
    stem: str,
    headers: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    log: tuple[Any, Any, str] | None = None,
    verb: str | None = None,
) -> HttpResponseBase:
    """A download of `rows` under `headers` as "csv" or "xlsx"; `stem` names the file."""
    filename = _attachment_name(stem, "xlsx" if fmt == "xlsx" else "csv")
    if fmt == "xlsx":
        content, content_type = _xlsx_file(stem, headers, rows), XLSX_CONTENT_TYPE
    else:
        content, content_type = _csv_lines(headers, rows), CSV_CONTENT_TYPE
    return download_response(content, filename, content_type, log=log, verb=verb)
