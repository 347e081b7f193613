"""The import framework against real files, made here with csv and openpyxl as boards make them."""

import csv
import datetime
import io
import re
import zipfile

import pytest
from openpyxl import Workbook

from safeguarding.core.audit import record_changes
from safeguarding.core.imports import Column, ImportFileError, parse_date, read_table
from safeguarding.core.models import AuditEvent

COLUMNS = [
    Column("name", "Full name", ("Name",), required=True),
    Column("status", "Contribution status", required=True),
    Column("due", "Due date", ("Timescale",), date=True),
]


def csv_bytes(rows, encoding="utf-8", delimiter=","):
    buffer = io.StringIO(newline="")
    csv.writer(buffer, delimiter=delimiter).writerows(rows)
    return buffer.getvalue().encode(encoding)


def xlsx_bytes(build) -> bytes:
    workbook = Workbook()
    build(workbook)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def with_cached_values(data: bytes, values: dict[str, str]) -> bytes:
    """What Excel saves for a formula: its text and its last value. (openpyxl saves the text
    only, so the test adds the values as Excel would.)"""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename.startswith("xl/worksheets/"):
                text = content.decode()
                for ref, value in values.items():
                    text = re.sub(
                        rf'<c r="{ref}"><f>(.*?)</f><v ?/>',
                        rf'<c r="{ref}" t="str"><f>\1</f><v>{value}</v>',
                        text,
                    )
                content = text.encode()
            target.writestr(item, content)
    return out.getvalue()


def table(data: bytes, filename: str, columns=COLUMNS):
    return read_table(lambda: io.BytesIO(data), filename, columns)


def rows(data: bytes, filename: str, columns=COLUMNS):
    return list(table(data, filename, columns).rows())


def test_utf8_with_bom_and_trailing_empty_rows():
    data = b"\xef\xbb\xbf" + csv_bytes(
        [["Full name", "Contribution status"], ["Łukasz Nowak", "Contributing"], ["", ""], ["", ""]]
    )
    assert rows(data, "people.csv") == [
        (2, {"name": "Łukasz Nowak", "status": "Contributing", "due": ""})
    ]


def test_windows_1252_with_semicolons():
    data = csv_bytes(
        [["Name", "Contribution status"], ["Siobhán O’Neill", "Not contributing"]],
        encoding="cp1252",
        delimiter=";",
    )
    assert rows(data, "people.csv")[0][1]["name"] == "Siobhán O’Neill"


def test_hidden_first_sheet_is_skipped_for_the_visible_one():
    def build(workbook):
        hidden = workbook.active
        hidden.title = "Lookups"
        hidden.append(["Lists", "for", "drop-downs"])
        hidden.sheet_state = "hidden"
        sheet = workbook.create_sheet("Directory")
        sheet.append(["Full name", "Contribution status"])
        sheet.append(["Nguyễn Văn An", "Contributing"])
        workbook.active = 1

    assert rows(xlsx_bytes(build), "people.xlsx")[0][1]["name"] == "Nguyễn Văn An"


def test_title_rows_above_the_header_are_skipped_and_rows_keep_their_numbers():
    def build(workbook):
        sheet = workbook.active
        sheet.append(["Lancashire partners 2015/16"])
        sheet.append([])
        sheet.append(["Full name", "Contribution status", "Due date"])
        sheet.append(["Ann", "Contributing", "31 March 2015"])
        sheet.append([None, None, None])
        sheet.append(["Bob", "Contributing", datetime.datetime(2015, 4, 1)])  # noqa: DTZ001 - a spreadsheet date has no zone

    result = table(xlsx_bytes(build), "people.xlsx")
    assert list(result.rows()) == [
        (4, {"name": "Ann", "status": "Contributing", "due": "31 March 2015"}),
        (6, {"name": "Bob", "status": "Contributing", "due": datetime.date(2015, 4, 1)}),
    ]
    assert result.notes == [
        "The column headings were read from row 3; the rows above were taken as a title"
    ]


def test_a_heading_merged_over_two_rows():
    def build(workbook):
        sheet = workbook.active
        sheet.append(["Full name", "Contribution", None])
        sheet.append([None, "Contribution status", "Timescale"])
        sheet.merge_cells("A1:A2")
        sheet.merge_cells("B1:C1")
        sheet.append(["Ann", "Contributing", "31/03/2015"])

    result = table(xlsx_bytes(build), "people.xlsx")
    assert list(result.rows()) == [
        (3, {"name": "Ann", "status": "Contributing", "due": "31/03/2015"})
    ]
    assert "rows 1 and 2" in result.notes[0]


def test_formulas_are_read_as_their_saved_values():
    def build(workbook):
        sheet = workbook.active
        sheet.append(["Full name", "Contribution status", "First"])
        sheet.append(['=C2&" Example"', "Contributing", "Sam"])

    columns = [*COLUMNS, Column("first", "First")]
    data = with_cached_values(xlsx_bytes(build), {"A2": "Sam Example"})
    assert rows(data, "people.xlsx", columns)[0][1]["name"] == "Sam Example"


def test_unknown_column_is_refused_by_its_heading_and_messages_use_labels():
    data = csv_bytes([["Name", "RAG"], ["Ann", "Red"]])
    with pytest.raises(ImportFileError) as refused:
        table(data, "people.csv")
    message = str(refused.value)
    assert message.startswith(
        "Row 1: add a column 'Contribution status'; rename or remove column 'RAG' (the headings "
        "must be in the first row with anything in it"
    )
    assert "contribution_status" not in message
    assert "'status'" not in message


def test_headings_below_a_title_with_a_column_missing_are_named_by_their_row():
    data = csv_bytes([["Lancashire partners"], [], ["Full name", "Sector"], ["Ann", "Police"]])
    with pytest.raises(ImportFileError) as refused:
        table(data, "people.csv")
    assert str(refused.value).startswith(
        "Row 3: add a column 'Contribution status'; rename or remove column 'Sector' (row 3 was "
        "taken as the headings: it names the most columns)"
    )


def test_a_value_under_no_heading_is_refused_not_dropped():
    data = csv_bytes([["Full name", "Contribution status", ""], ["Ann", "Contributing", "note"]])
    with pytest.raises(ImportFileError, match=r"Row 2, column C: the column has no heading"):
        rows(data, "people.csv")


def test_other_files_are_refused():
    with pytest.raises(ImportFileError, match="Upload a CSV"):
        table(b"x", "people.txt")
    with pytest.raises(ImportFileError, match="could not be opened as an Excel"):
        rows(b"PK\x03\x04 damaged", "people.xlsx")
    with pytest.raises(ImportFileError, match="The file is empty"):
        table(b"\n\n", "people.csv")


@pytest.mark.parametrize(
    "text",
    ["31/03/2015", "31-03-2015", "31.03.2015", "31 March 2015", "31st March 2015", "31 Mar 2015"]
    + ["2015-03-31", " 31  march  2015 "],
)
def test_uk_dates_typed_as_text(text):
    assert parse_date(text) == datetime.date(2015, 3, 31)


@pytest.mark.parametrize("text", ["31 Smarch 2015", "March 2015", "31/03/15"])
def test_other_text_is_not_a_date(text):
    with pytest.raises(ValueError, match="is not a date like 30/06/2015"):
        parse_date(text)


def test_record_changes_writes_one_audit_row_per_record_in_batches(
    business_unit, children_board, django_assert_num_queries
):
    with django_assert_num_queries(2):  # 3 rows, batches of 2
        written = record_changes(
            business_unit,
            "records imported",
            ((children_board, {"row": n, "token": "x"}) for n in range(3)),
            batch_size=2,
        )
    assert written == 3
    events = AuditEvent.objects.filter(verb="records imported")
    assert events.count() == 3
    assert {e.payload["token"] for e in events} == {"***"}
    assert {e.actor_id for e in events} == {business_unit.pk}
