"""The one way to import a spreadsheet: read it, report every bad row, write in bulk.

    COLUMNS = [Column("name", "Name", required=True), Column("due_date", "Due date", date=True)]
    table = read_table(opener, filename, COLUMNS)          # ImportFileError if unreadable
    for number, values in table.rows():                    # {key: text or date}, per row
        ... report.add_error(number, "Due date", "...")   # as the person sees it
    writer = BulkWriter(Model); writer.add(obj); writer.flush()

The reader takes CSV (UTF-8 with or without BOM, or Windows-1252; comma or semicolon) and XLSX
(the active, or first visible, sheet; cached values of formulas; a title above the header; a
header over two rows of merged cells). Columns are matched by label or alias, never by position,
and messages only ever name labels. A column the import does not know is refused ("Rename or
remove column 'Notes'"), so nothing in a file is ever dropped unsaid. Rows stream in file
order; memory does not grow with the file.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from itertools import islice
from typing import IO

from django.db import DEFAULT_DB_ALIAS, connection, connections, models

from .exports import from_cell

MAX_ERRORS = 1000
BATCH = 1000
# The header is looked for among the first rows with anything in them.
HEADER_SEARCH = 20
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class ImportFileError(Exception):
    """The file as a whole cannot be read (not CSV/XLSX, no header, unknown columns)."""


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    aliases: tuple[str, ...] = ()
    required: bool = False
    date: bool = False  # keep spreadsheet dates as dates (others become text)


@dataclass(frozen=True)
class RowError:
    row: int  # 0: about the whole file
    column: str | None  # the column's label
    message: str

    def __str__(self) -> str:
        if self.row == 0:
            return self.message
        if self.column is None:
            return f"Row {self.row}: {self.message}"
        return f"Row {self.row}, column '{self.column}': {self.message}"


@dataclass
class ImportReport:
    """Every problem found (up to MAX_ERRORS, then a count) and notes about how the file was
    read (where the header was, rows read as section headings)."""

    rows: int = 0
    added: int = 0
    errors: list[RowError] = field(default_factory=list)
    more_errors: int = 0
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def add_error(self, row: int, column: str | None, message: str) -> None:
        if len(self.errors) < MAX_ERRORS:
            self.errors.append(RowError(row, column, message))
        else:
            self.more_errors += 1

    def error_count(self) -> int:
        return len(self.errors) + self.more_errors

    def file_error(self, error: ImportFileError) -> None:
        self.errors = [RowError(0, None, str(error))]
        self.more_errors = 0


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    """'1 action has', '3 actions have': for the message after an import."""
    noun = singular if count == 1 else plural_form or f"{singular}s"
    return f"{count} {noun} {'has' if count == 1 else 'have'}"


# --- Dates typed as text ----------------------------------------------------------------------

MONTHS = {
    name: number
    for number in range(1, 13)
    for name in (
        date(2000, number, 1).strftime("%B").lower(),
        date(2000, number, 1).strftime("%b").lower(),
    )
} | {"sept": 9}
NUMERIC_DATES = [
    (re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$"), ("day", "month", "year")),
    (re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$"), ("year", "month", "day")),
]
WORDED_DATE = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]+)\.?,?\s+(\d{4})$")


def parse_date(value) -> date:
    """A date from a cell: a spreadsheet date, or text as people type it in the UK:
    31/03/2015, 31-03-2015, 31.03.2015, 31 March 2015, 31 Mar 2015, 2015-03-31.
    ValueError with the message to show otherwise."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = " ".join(str(value).split())
    parts = None
    for pattern, order in NUMERIC_DATES:
        if match := pattern.match(text):
            parts = dict(zip(order, (int(group) for group in match.groups()), strict=True))
            break
    if parts is None and (match := WORDED_DATE.match(text.lower())) and match[2] in MONTHS:
        parts = {"day": int(match[1]), "month": MONTHS[match[2]], "year": int(match[3])}
    if parts is None:
        raise ValueError(f"'{text}' is not a date like 30/06/2015")
    try:
        return date(parts["year"], parts["month"], parts["day"])
    except ValueError:
        raise ValueError(f"'{text}' is not a real date") from None


# --- Reading files ----------------------------------------------------------------------------


def _label_key(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()


def _column_letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


def _cell(value, keep_date: bool):
    if type(value) is str:  # every CSV cell, most XLSX ones
        return from_cell(value.strip())
    if value is None:
        return ""
    if isinstance(value, datetime | date):
        day = value.date() if isinstance(value, datetime) else value
        return day if keep_date else f"{day:%d/%m/%Y}"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _xlsx_rows(opener: Callable[[], IO[bytes]]) -> Iterator[Sequence]:
    from openpyxl import load_workbook

    stream = opener()
    try:
        try:
            # data_only: a formula's value as last calculated and saved, not its text.
            workbook = load_workbook(stream, read_only=True, data_only=True)
        except Exception as error:  # openpyxl raises many kinds for a damaged file
            raise ImportFileError(
                "The file could not be opened as an Excel (.xlsx) file: save it again"
            ) from error
        try:
            sheets = [workbook.active, *workbook.worksheets]
            visible = [s for s in sheets if s is not None and s.sheet_state == "visible"]
            if not visible:
                raise ImportFileError("Every sheet in the file is hidden: show the one to import")
            yield from visible[0].iter_rows(values_only=True)
        finally:
            workbook.close()
    finally:
        stream.close()


def _sniff(sample: bytes) -> tuple[str, str]:
    """(encoding, delimiter). UTF-8 unless the start of the file is not valid UTF-8, then
    Windows-1252 (what Excel saves as 'CSV' in the UK); semicolons if they outnumber commas."""
    encoding = "utf-8-sig"
    try:
        codecs.getincrementaldecoder("utf-8")().decode(sample, final=False)
    except UnicodeDecodeError:
        encoding = "cp1252"
    lines = sample.splitlines()[:HEADER_SEARCH]
    semicolons = sum(line.count(b";") for line in lines)
    delimiter = ";" if semicolons > sum(line.count(b",") for line in lines) else ","
    return encoding, delimiter


def _csv_rows(opener: Callable[[], IO[bytes]]) -> Iterator[Sequence]:
    stream = opener()
    try:
        sample = stream.read(64 * 1024)
        stream.seek(0)
        encoding, delimiter = _sniff(sample)
        text = io.TextIOWrapper(stream, encoding=encoding, newline="")
        try:
            yield from csv.reader(text, delimiter=delimiter)
        except UnicodeDecodeError as error:
            raise ImportFileError(
                "The file is not saved as UTF-8 text throughout: save it again as 'CSV UTF-8'"
            ) from error
        except csv.Error as error:
            raise ImportFileError(f"The file could not be read as CSV: {error}") from error
        finally:
            text.detach()
    finally:
        stream.close()


class Table:
    """An uploaded file read against an import's columns. `rows()` can be called again (the
    file is opened afresh), so an import can check every row and then write."""

    def __init__(
        self,
        opener: Callable[[], IO[bytes]],
        filename: str,
        columns: list[Column],
        passed_over: Iterable[str] = (),
    ):
        name = filename.lower()
        if name.endswith(".xlsx"):
            self._raw = lambda: _xlsx_rows(opener)
        elif name.endswith(".csv"):
            self._raw = lambda: _csv_rows(opener)
        else:
            raise ImportFileError("Upload a CSV (.csv) or Excel (.xlsx) file")
        self.columns = columns
        # Headings the hub's own downloads add (facts it keeps itself): a download imports
        # again, and the page says these columns were not read.
        self.passed_over = {_label_key(text) for text in passed_over}
        self.by_label = {}
        for column in columns:
            for text in (column.label, column.key, *column.aliases):
                self.by_label[_label_key(text)] = column
        self.notes: list[str] = []
        self._find_header()

    def _match(self, cell) -> Column | None:
        return self.by_label.get(_label_key(_cell(cell, False)))

    def _find_header(self) -> None:
        """The header is the first row (or two rows, where headings are merged over two) with
        every required column; failing that, the first non-empty row, and the message says so."""
        candidates = []  # (row number, cells) of the first non-empty rows
        raw_rows = self._raw()
        try:
            for number, raw in enumerate(raw_rows, start=1):
                if any(_cell(value, False) for value in raw):
                    candidates.append((number, list(raw)))
                    if len(candidates) > HEADER_SEARCH:
                        break
        finally:
            raw_rows.close()
        if not candidates:
            raise ImportFileError("The file is empty: fill in the template and upload it again")
        required = {column.key for column in self.columns if column.required}
        first = candidates[0][0]
        for index, (number, cells) in enumerate(candidates):
            named = {c.key for c in map(self._match, cells) if c}
            if index + 1 < len(candidates) and candidates[index + 1][0] == number + 1:
                below = candidates[index + 1][1]
                merged = self._merge(cells, below)
                merged_named = {c.key for c in map(self._match, merged) if c}
                # The row below is headings too when this row names a column (a title does
                # not), every cell below with text names one (no row of data does) and together
                # they have every required column.
                headings_below = all(self._match(v) for v in below if _cell(v, False))
                if named and headings_below and required <= merged_named and merged_named > named:
                    self._use_header(number + 1, merged, first, [number, number + 1])
                    return
            if required <= named:
                self._use_header(number, cells, first, [number])
                return
        # No row has every required column: the one naming the most is meant as the headings.
        number, cells = max(
            candidates, key=lambda row: (len({c for c in map(self._match, row[1]) if c}), -row[0])
        )
        self._use_header(number, cells, first, [number], fallback=True)

    def _merge(self, top: list, bottom: list) -> list:
        """A heading merged over two rows has its text in one of them: per column, the one that
        names a column, else whichever has text."""
        width = max(len(top), len(bottom))
        top, bottom = top + [None] * (width - len(top)), bottom + [None] * (width - len(bottom))
        return [
            b if self._match(b) or not self._match(t) and _cell(b, False) else t
            for t, b in zip(top, bottom, strict=True)
        ]

    def _use_header(self, last, cells, first_non_empty, numbers, fallback=False) -> None:
        self.header_row = last  # data starts on the row after
        self.width = len(cells)
        where = f"row {numbers[0]}" if len(numbers) == 1 else f"rows {numbers[0]} and {numbers[1]}"
        self.positions: dict[str, int] = {}
        self.unnamed: set[int] = set()
        problems = []
        for index, cell in enumerate(cells):
            text = _cell(cell, False)
            column = self._match(cell)
            if not text:
                self.unnamed.add(index)
            elif column is None and _label_key(text) in self.passed_over:
                self.notes.append(f"Column '{text}' was not imported: the hub keeps it itself")
            elif column is None:
                problems.append(f"rename or remove column '{text}'")
            elif column.key in self.positions:
                problems.append(f"column '{column.label}' appears twice: remove one")
            else:
                self.positions[column.key] = index
        missing = [c.label for c in self.columns if c.required and c.key not in self.positions]
        if missing:
            names = ", ".join(f"'{m}'" for m in missing)
            problems.insert(
                0, f"add a column {names}" if len(missing) == 1 else f"add columns {names}"
            )
        if problems:
            if not fallback:
                reason = f"the column headings were found on {where}"
            elif numbers[0] == first_non_empty:
                reason = (
                    "the headings must be in the first row with anything in it, or below a title"
                )
            else:
                reason = f"{where} was taken as the headings: it names the most columns"
            labels = ", ".join(f"'{column.label}'" for column in self.columns)
            raise ImportFileError(
                f"Row {numbers[0]}: {'; '.join(problems)} ({reason}). "
                f"The columns this import reads are: {labels}"
            )
        if numbers[0] != first_non_empty or len(numbers) > 1:
            self.notes.append(
                f"The column headings were read from {where}; the rows above were taken as a title"
                if numbers[0] != first_non_empty
                else f"The column headings were read from {where} (merged headings)"
            )

    def rows(self, sections: bool = False) -> Iterator[tuple[int, dict]]:
        """(row number as in the spreadsheet, {key: value}) for each non-empty row after the
        header. A value in a column with no heading is refused: it would otherwise be lost.

        With `sections`, a row with text in its first cell only (a sub-heading, often merged
        across the table) is not a record: it goes to `self.sections` as (row number, text)."""
        keep_date = {column.key: column.date for column in self.columns}
        positions = [(key, index, keep_date[key]) for key, index in self.positions.items()]
        first = next((key for key, index, _ in positions if index == 0), None)
        unnamed = sorted(self.unnamed)
        absent = {key: "" for key in keep_date if key not in self.positions}
        self.sections: list[tuple[int, str]] = []
        for number, raw in enumerate(self._raw(), start=1):
            if number <= self.header_row:
                continue
            width = len(raw)
            lost = [i for i in unnamed if i < width and _cell(raw[i], False)]
            lost += [i for i in range(self.width, width) if _cell(raw[i], False)]
            if lost:
                raise ImportFileError(
                    f"Row {number}, column {_column_letter(lost[0])}: the column has no "
                    "heading: give it one of the import's headings, or clear it"
                )
            values = {key: _cell(raw[i], keep) if i < width else "" for key, i, keep in positions}
            filled = [key for key, value in values.items() if value]
            if not filled:
                continue
            if sections and filled == [first]:
                self.sections.append((number, values[first]))
                continue
            yield number, values | absent


def read_table(
    opener: Callable[[], IO[bytes]],
    filename: str,
    columns: list[Column],
    passed_over: Iterable[str] = (),
) -> Table:
    return Table(opener, filename, columns, passed_over)


def control_characters(number: int, values: dict, labels: dict[str, str], report) -> bool:
    """Control characters (a NUL byte, say) come from damaged files; the database refuses some.
    False, with an error for each cell, when the row has any."""
    good = True
    for key, value in values.items():
        if isinstance(value, str) and CONTROL_CHARACTERS.search(value):
            report.add_error(
                number,
                labels[key],
                "contains a control character: retype the cell or save it again",
            )
            good = False
    return good


# --- Writing ----------------------------------------------------------------------------------


def batches(iterable: Iterable, size: int = BATCH) -> Iterator[list]:
    iterator = iter(iterable)
    while batch := list(islice(iterator, size)):
        yield batch


PLAIN = {str, int, float, type(None)}
# psycopg sends dates itself, exactly as Django's DateField would prepare them.
PLAIN_ON_POSTGRESQL = PLAIN | {date}


class BulkWriter:
    """Appends rows to one model's table in batches as they are added, by the driver's own bulk
    path (executemany; COPY on PostgreSQL), so memory stays flat however long the file and the
    speed is close to the driver's. For rows that need no primary key back (values, links,
    role assignments); call inside the import's transaction, and `flush()` at the end.

        writer = BulkWriter(Value, ["indicator", "period", "value"])
        writer.add("IND-001", date(2015, 3, 31), 12.0)

    Fields not listed get their column's database default, so list every one without."""

    def __init__(self, model: type[models.Model], fields: Sequence[str], size: int = BATCH):
        self.fields = [model._meta.get_field(name) for name in fields]
        self.table = model._meta.db_table
        self.size, self.pending, self.written = size, [], 0

    def add(self, *values) -> None:
        self.pending.append(values)
        if len(self.pending) >= self.size:
            self.flush()

    def flush(self) -> None:
        if not self.pending:
            return
        prepare = [field.get_db_prep_save for field in self.fields]
        # Text and numbers (and dates, on PostgreSQL) go to the driver as they are: Django's
        # preparation would not change them, and costs more than the insert. The rest are
        # prepared by the field.
        plain = PLAIN_ON_POSTGRESQL if connection.vendor == "postgresql" else PLAIN
        database = connections[DEFAULT_DB_ALIAS]  # not the proxy, looked up once a value
        rows = [
            tuple(
                value if type(value) in plain else prep(value, database)
                for prep, value in zip(prepare, row, strict=True)
            )
            for row in self.pending
        ]
        self.pending = []
        quote = connection.ops.quote_name
        columns = ", ".join(quote(field.column) for field in self.fields)
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                with cursor.cursor.copy(f"COPY {quote(self.table)} ({columns}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
            else:
                marks = ", ".join(["%s"] * len(self.fields))
                sql = f"INSERT INTO {quote(self.table)} ({columns}) VALUES ({marks})"  # noqa: S608
                cursor.executemany(sql, rows)
        self.written += len(rows)
