"""Import a plan's actions from a CSV or Excel (.xlsx) file, all or nothing.

Every row is checked first and every problem reported as
"Row 12, column 'Due date': '31/02/2015' is not a real date" (the header is row 1, as in a
spreadsheet). Only when there are none are the actions added, in one transaction, through
`services.add_action` (so each gets its audit row). A plan's actions number in the tens or
hundreds, so the rows are read into memory.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db import transaction

from safeguarding.core.exports import from_cell
from safeguarding.organisations.models import Agency, Area, Person

from . import services
from .models import ActionPlan

COLUMNS = [
    ("what", "What will be done"),
    ("outcome", "Outcome sought"),
    ("agency", "Agency"),
    ("owner_email", "Owner email"),
    ("localities", "Localities"),
    ("due_date", "Due date"),
    ("measure_of_success", "Measure of success"),
]
LABELS = dict(COLUMNS)
# Headings the actions download adds after the import's columns: what the hub keeps itself
# (an action's status changes through updates, not by import).
EXPORT_ONLY = ["Owner", "Status", "Status reason", "Last update (UK time)", "Overdue"]
REQUIRED = ["what", "agency", "due_date"]
MAX_ERRORS = 100
MAX_ROWS = 2000
COUNTY_WIDE = {"", "county-wide", "county wide", "all", "countywide"}


class ImportFileError(Exception):
    """The file as a whole cannot be read."""


@dataclass
class ImportReport:
    rows: int = 0
    added: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def add(self, row: int, column: str, message: str) -> None:
        if len(self.errors) < MAX_ERRORS:
            self.errors.append(f"Row {row}, column '{LABELS[column]}': {message}")


def _key(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", str(text or "").strip().lower()).strip("_")


HEADER_KEYS = {_key(label): name for name, label in COLUMNS} | {name: name for name, _ in COLUMNS}


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return from_cell(str(value).strip())


def _raw_rows(upload) -> list[list]:
    name = (upload.name or "").lower()
    upload.seek(0)
    if name.endswith(".xlsx"):
        from openpyxl import load_workbook

        try:
            workbook = load_workbook(upload, read_only=True, data_only=True)
        except Exception as error:  # openpyxl raises many kinds for a damaged file
            raise ImportFileError(
                "The file could not be opened as an Excel (.xlsx) file: save it again"
            ) from error
        try:
            return [list(row) for row in workbook.worksheets[0].iter_rows(values_only=True)]
        finally:
            workbook.close()
    if not name.endswith(".csv"):
        raise ImportFileError("Upload a CSV (.csv) or Excel (.xlsx) file")
    try:
        text = upload.read().decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportFileError(
            "The file is not saved as UTF-8 text: save it again as 'CSV UTF-8'"
        ) from error
    try:
        return list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as error:
        raise ImportFileError(f"The file could not be read as CSV: {error}") from error


def read_rows(upload) -> list[tuple[int, dict]]:
    rows = _raw_rows(upload)
    if not rows:
        raise ImportFileError("The file is empty: fill in the template and upload it again")
    names = [HEADER_KEYS.get(_key(_cell(cell))) for cell in rows[0]]
    missing = [LABELS[name] for name in REQUIRED if name not in names]
    if missing:
        raise ImportFileError(
            "Row 1: it has no column "
            + ", ".join(f"'{label}'" for label in missing)
            + ". Use the template's columns: "
            + ", ".join(label for _, label in COLUMNS)
        )
    result = []
    for number, raw in enumerate(rows[1:], start=2):
        cells = [_cell(cell) for cell in raw]
        if not any(cells):
            continue
        values = dict.fromkeys(LABELS, "")
        for name, value in zip(names, cells, strict=False):
            if name:
                values[name] = value
        result.append((number, values))
    if len(result) > MAX_ROWS:
        raise ImportFileError(f"The file has more than {MAX_ROWS} actions: split it up")
    return result


DATE_PATTERNS = [
    (re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$"), ("day", "month", "year")),
    (re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$"), ("year", "month", "day")),
]


def parse_date(value) -> date:
    """A date from a cell: a spreadsheet date, 30/06/2015 or 2015-06-30. ValueError with the
    message to show otherwise."""
    if isinstance(value, date):
        return value
    text = str(value).strip()
    for pattern, order in DATE_PATTERNS:
        match = pattern.match(text)
        if match:
            parts = dict(zip(order, (int(group) for group in match.groups()), strict=True))
            try:
                return date(parts["year"], parts["month"], parts["day"])
            except ValueError:
                raise ValueError(f"'{text}' is not a real date") from None
    raise ValueError(f"'{text}' is not a date like 30/06/2015")


def _check_row(number, values, report, agencies, localities) -> dict | None:
    errors_before = len(report.errors)
    what = str(values["what"]).strip()
    if not what:
        report.add(number, "what", "enter what will be done")
    agency = None
    agency_name = str(values["agency"]).strip()
    if not agency_name:
        report.add(number, "agency", "enter the agency responsible")
    else:
        agency = agencies.get(agency_name.lower())
        if agency is None:
            report.add(number, "agency", f"'{agency_name}' is not an agency in the directory")
    owner = None
    email = str(values["owner_email"]).strip().lower()
    if email:
        owner = Person.objects.filter(email__iexact=email, is_active=True).first()
        if owner is None:
            report.add(number, "owner_email", f"'{email}' is not anyone in the directory")
        elif agency is not None and owner.agency_id != agency.pk:
            report.add(number, "owner_email", f"'{email}' does not work for {agency.name}")
    areas = []
    text = str(values["localities"]).strip()
    if text.lower() not in COUNTY_WIDE:
        for name in [part for part in re.split(r"\s*;\s*", text) if part]:
            area = localities.get(name.lower())
            if area is None:
                report.add(
                    number,
                    "localities",
                    f"'{name}' is not a locality board; use one of: "
                    + "; ".join(sorted(a.name for a in localities.values()))
                    + ", separated by ';', or leave it empty for county-wide",
                )
            else:
                areas.append(area)
    due = None
    if values["due_date"] in ("", None):
        report.add(number, "due_date", "enter the due date, like 30/06/2015")
    else:
        try:
            due = parse_date(values["due_date"])
        except ValueError as error:
            report.add(number, "due_date", str(error))
    if len(report.errors) > errors_before:
        return None
    return {
        "what": what,
        "outcome": str(values["outcome"]).strip(),
        "owner_agency": agency,
        "owner_person": owner,
        "localities": areas,
        "due_date": due,
        "measure_of_success": str(values["measure_of_success"]).strip(),
    }


def check(upload) -> tuple[ImportReport, list[dict]]:
    report = ImportReport()
    try:
        rows = read_rows(upload)
    except ImportFileError as error:
        report.errors.append(str(error))
        return report, []
    agencies = {agency.name.lower(): agency for agency in Agency.objects.all()}
    localities = {area.name.lower(): area for area in Area.objects.filter(kind=Area.Kind.LOCALITY)}
    report.rows = len(rows)
    if not rows:
        report.errors.append("The file has no actions in it: add one row per action")
    checked = [_check_row(number, values, report, agencies, localities) for number, values in rows]
    return report, [row for row in checked if row is not None]


@transaction.atomic
def import_actions(acting_user, plan: ActionPlan, upload) -> ImportReport:
    """Check every row; add all the actions only if every row is good."""
    services.require(acting_user, "actionplans.change_plan", plan)
    report, rows = check(upload)
    if not report.ok:
        return report
    for row in rows:
        services.add_action(acting_user, plan, **row)
    report.added = len(rows)
    return report


def template_rows() -> list[list[str]]:
    return [
        [label for _, label in COLUMNS],
        [
            "Train front-line officers on CSE indicators",
            "Officers recognise and report exploitation",
            "Lancashire Constabulary",
            "",
            "Burnley and Pendle; Preston",
            "30/06/2015",
            "90% of response officers trained",
        ],
    ]
