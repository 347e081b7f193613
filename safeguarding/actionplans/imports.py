"""Import a plan's actions from a CSV or Excel (.xlsx) file, all or nothing.

The file is read by the hub's import framework (`safeguarding.core.imports`), in the
template's layout or the published layout many boards use (Action, Lead, Timescale, RAG,
Progress/Evidence, with section sub-headings between the actions). Every row is checked first
and every problem reported as "Row 12, column 'Due date': '31/02/2015' is not a real date"
(rows numbered as in the spreadsheet). Only when there are none are the actions added, in one
transaction, through `services.add_action`; a RAG rating or progress text becomes the action's
first progress update through `services.post_update` (so each has its audit row). A plan's
actions number in the tens or hundreds, so the checked rows are kept in memory.
"""

from __future__ import annotations

import io
import re

from django.db import transaction

from safeguarding.core.imports import (
    Column,
    ImportFileError,
    ImportReport,
    control_characters,
    parse_date,
    read_table,
)
from safeguarding.organisations.models import Agency, Area, Person

from . import services
from .models import ActionPlan, Status

COLUMNS = [
    Column("what", "What will be done", ("Action", "Actions", "Action required"), required=True),
    Column("outcome", "Outcome sought", ("Outcome", "Intended outcome")),
    Column("agency", "Agency", ("Lead", "Lead agency", "Responsible agency"), required=True),
    Column("owner_email", "Owner email", ("Owner e-mail", "Lead email")),
    Column("localities", "Localities", ("Locality",)),
    Column(
        "due_date",
        "Due date",
        ("Timescale", "Timescales", "Target date", "By when", "Deadline"),
        required=True,
        date=True,
    ),
    Column("measure_of_success", "Measure of success", ("Measures of success", "Success measure")),
    Column("rag", "RAG", ("RAG rating", "RAG status")),
    Column("progress", "Progress", ("Progress/Evidence", "Progress and evidence", "Evidence")),
]
LABELS = {column.key: column.label for column in COLUMNS}
# The actions download: the columns the hub fills (a board's own RAG and progress become its
# status and updates), then what the hub keeps itself, which an import passes over.
DOWNLOAD_COLUMNS = [column.label for column in COLUMNS if column.key not in {"rag", "progress"}]
EXPORT_ONLY = ["Owner", "Status", "Status reason", "Last update (UK time)", "Overdue"]
MAX_ROWS = 2000
COUNTY_WIDE = {"", "county-wide", "county wide", "all", "countywide"}
RAG = {
    "red": Status.OFF_TRACK,
    "r": Status.OFF_TRACK,
    "amber": Status.AT_RISK,
    "a": Status.AT_RISK,
    "green": Status.ON_TRACK,
    "g": Status.ON_TRACK,
} | {label.lower(): code for code, label in Status.choices if code != Status.COMPLETE}
COMPLETE = {"blue", "b", "complete", "completed"}


def _opener(upload):
    def opener():
        upload.seek(0)
        return io.BytesIO(upload.read())

    return opener


def _status(number, values, report) -> str | None:
    text = str(values["rag"]).strip()
    if not text:
        return None
    if text.lower() in COMPLETE:
        report.add_error(
            number,
            LABELS["rag"],
            f"'{text}': an action is marked complete with its evidence, on its page; import it "
            "as Green and mark it complete there",
        )
        return None
    status = RAG.get(text.lower())
    if status is None:
        report.add_error(number, LABELS["rag"], f"'{text}' is not Red, Amber or Green")
    return status


def _check_row(number, values, report, agencies, localities):
    errors_before = report.error_count()
    what = str(values["what"]).strip()
    if not what:
        report.add_error(number, LABELS["what"], "enter what will be done")
    agency = None
    agency_name = str(values["agency"]).strip()
    if not agency_name:
        report.add_error(number, LABELS["agency"], "enter the agency responsible")
    else:
        agency = agencies.get(agency_name.lower())
        if agency is None:
            report.add_error(
                number, LABELS["agency"], f"'{agency_name}' is not an agency in the directory"
            )
    owner = None
    email = str(values["owner_email"]).strip().lower()
    if email:
        owner = Person.objects.filter(email__iexact=email, is_active=True).first()
        if owner is None:
            report.add_error(
                number, LABELS["owner_email"], f"'{email}' is not anyone in the directory"
            )
        elif agency is not None and owner.agency_id != agency.pk:
            report.add_error(
                number, LABELS["owner_email"], f"'{email}' does not work for {agency.name}"
            )
    areas = []
    text = str(values["localities"]).strip()
    if text.lower() not in COUNTY_WIDE:
        for name in [part for part in re.split(r"\s*;\s*", text) if part]:
            area = localities.get(name.lower())
            if area is None:
                report.add_error(
                    number,
                    LABELS["localities"],
                    f"'{name}' is not a locality board; use one of: "
                    + "; ".join(sorted(a.name for a in localities.values()))
                    + ", separated by ';', or leave it empty for county-wide",
                )
            else:
                areas.append(area)
    due = None
    if values["due_date"] in ("", None):
        report.add_error(number, LABELS["due_date"], "enter the due date, like 30/06/2015")
    else:
        try:
            due = parse_date(values["due_date"])
        except ValueError as error:
            report.add_error(number, LABELS["due_date"], str(error))
    status = _status(number, values, report)
    if report.error_count() > errors_before:
        return None
    progress = str(values["progress"]).strip()
    update = None
    if status or progress:
        update = {
            "status": status or Status.NOT_STARTED,
            "narrative": progress or f"RAG rating '{values['rag']}' in the imported plan",
        }
    action = {
        "what": what,
        "outcome": str(values["outcome"]).strip(),
        "owner_agency": agency,
        "owner_person": owner,
        "localities": areas,
        "due_date": due,
        "measure_of_success": str(values["measure_of_success"]).strip(),
    }
    return update, action


def check(upload) -> tuple[ImportReport, list[tuple[dict | None, dict]]]:
    """The report and, for each good row, (its first progress update or None, the action)."""
    report = ImportReport()
    checked = []
    try:
        table = read_table(_opener(upload), upload.name or "", COLUMNS, EXPORT_ONLY)
        agencies = {agency.name.lower(): agency for agency in Agency.objects.all()}
        localities = {a.name.lower(): a for a in Area.objects.filter(kind=Area.Kind.LOCALITY)}
        for number, values in table.rows(sections=True):
            report.rows += 1
            if report.rows > MAX_ROWS:
                raise ImportFileError(f"The file has more than {MAX_ROWS} actions: split it up")
            if control_characters(number, values, LABELS, report):
                checked.append(_check_row(number, values, report, agencies, localities))
    except ImportFileError as error:
        report.file_error(error)
        return report, []
    report.notes = table.notes + [
        f"Row {number} was read as a section heading, not an action: '{text[:80]}'"
        for number, text in table.sections
    ]
    if not report.rows:
        report.add_error(0, None, "The file has no actions in it: add one row per action")
    return report, [row for row in checked if row is not None]


@transaction.atomic
def import_actions(acting_user, plan: ActionPlan, upload) -> ImportReport:
    """Check every row; add all the actions only if every row is good."""
    services.require(acting_user, "actionplans.change_plan", plan)
    report, rows = check(upload)
    if not report.ok:
        return report
    for update, row in rows:
        action = services.add_action(acting_user, plan, **row)
        if update is not None:
            services.post_update(acting_user, action, **update)
    report.added = len(rows)
    return report


def template_rows() -> list[list[str]]:
    return [
        [column.label for column in COLUMNS],
        [
            "Train front-line officers on CSE indicators",
            "Officers recognise and report exploitation",
            "Lancashire Constabulary",
            "",
            "Burnley and Pendle; Preston",
            "30/06/2015",
            "90% of response officers trained",
            "Amber",
            "Two of five districts trained so far",
        ],
    ]
