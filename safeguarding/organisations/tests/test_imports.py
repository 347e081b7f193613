import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from safeguarding.core.models import AuditEvent
from safeguarding.organisations.imports import (
    AGENCY_COLUMNS,
    PEOPLE_COLUMNS,
    DirectoryImport,
    ImportReport,
)
from safeguarding.organisations.models import Agency, Area, Person, RoleAssignment
from safeguarding.organisations.tests.factories import (
    AgencyEmailDomainFactory,
    AgencyFactory,
    PersonFactory,
)


def csv_bytes(rows):
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue().encode("utf-8")


def xlsx_bytes(rows):
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def importer(kind, data, filename="upload.csv"):
    return DirectoryImport(kind, lambda: io.BytesIO(data), filename)


GOOD_AGENCIES = [
    AGENCY_COLUMNS,
    [
        "Preston Police",
        "police",
        "Contributing partner",
        "preston-police.example",
        "LSCB",
        "Preston",
    ],
    ["Wyre Health", "HEALTH", "", "", "children; adults", "Wyre; Fylde"],
]


def test_agencies_import_checks_then_writes_everything(county, business_unit):
    AgencyFactory(name="Wyre Health", sector=Agency.Sector.OTHER)
    job = importer("agencies", csv_bytes(GOOD_AGENCIES))
    report = job.check()
    assert report.ok, [str(e) for e in report.errors]
    assert (report.new, report.updated, report.rows) == (1, 1, 2)
    assert not Agency.objects.filter(name="Preston Police").exists()

    report = job.apply(business_unit, county["children"])
    assert report.ok
    police = Agency.objects.get(name="Preston Police")
    assert police.sector == "police"
    assert list(police.email_domains.values_list("domain", flat=True)) == ["preston-police.example"]
    assert [b.slug for b in police.boards.all()] == ["children"]
    assert [d.name for d in police.districts.all()] == ["Preston"]
    wyre = Agency.objects.get(name="Wyre Health")
    assert wyre.sector == "health"
    assert sorted(d.name for d in wyre.districts.all()) == ["Fylde", "Wyre"]
    summary = AuditEvent.objects.get(verb="agencies imported")
    assert summary.payload == {"file": "upload.csv", "rows": 2, "new": 1, "updated": 1}
    assert AuditEvent.objects.filter(verb="agency imported", target_id=str(police.pk)).exists()


def test_bad_rows_are_all_listed_and_nothing_is_imported(county, business_unit):
    AgencyEmailDomainFactory(agency=AgencyFactory(name="Owner"), domain="owned.example")
    rows = [
        AGENCY_COLUMNS,
        ["Good Agency", "police", "", "", "", ""],
        ["Bad Sector", "polise", "", "", "", ""],
        ["", "health", "nope", "owned.example", "Martian board", "Atlantis"],
        ["Good Agency", "police", "", "not a domain", "", ""],
    ]
    job = importer("agencies", csv_bytes(rows))
    report = job.apply(business_unit)
    messages = [str(error) for error in report.errors]
    assert messages[0] == (
        "Row 3, column 'Sector': 'polise' is not one of: Police, Health, Local authority "
        "children's services, Adult social care, Education, Probation, Youth justice, "
        "Voluntary and community, Other"
    )
    assert "Row 4, column 'Name': enter the agency's name" in messages
    assert any(
        m.startswith("Row 4, column 'Contribution status': 'nope' is not one of") for m in messages
    )
    assert (
        "Row 4, column 'E-mail domains': 'owned.example' already belongs to another agency"
        in messages
    )
    assert "Row 4, column 'Boards': there is no board called 'Martian board'" in messages
    assert "Row 4, column 'Districts': there is no district called 'Atlantis'" in messages
    assert "Row 5, column 'Name': 'Good Agency' is also on row 2: list it once" in messages
    assert any(m.startswith("Row 5, column 'E-mail domains': 'not'") for m in messages)
    assert not Agency.objects.filter(name="Good Agency").exists()
    assert not AuditEvent.objects.filter(verb="agencies imported").exists()


def test_wrong_columns_are_reported_as_row_one(db):
    report = importer("agencies", csv_bytes([["name", "colour"], ["A", "red"]])).check()
    assert len(report.errors) == 1
    message = str(report.errors[0])
    assert message.startswith("Row 1: add a column 'Sector'; rename or remove column 'colour'")


def test_windows_1252_is_read_and_damaged_xlsx_is_a_plain_error(db):
    # Excel's plain "CSV" in the UK is Windows-1252: read as such (it used to be refused).
    report = importer("people", "full_name,email\nJosé,j@x.example\n".encode("cp1252")).check()
    assert report.ok, [str(e) for e in report.errors]
    report = importer("people", b"PK\x03\x04 not really", "people.xlsx").check()
    assert "could not be opened as an Excel" in str(report.errors[0])
    assert importer("people", b"").check().errors


PEOPLE = [
    PEOPLE_COLUMNS,
    ["Rita Report", "rita@a.example", "Social worker", "Agency A", "max@a.example", "practitioner"],
    [
        "Max Manager",
        "MAX@a.example",
        "Team manager",
        "agency-a",
        "",
        "cpb_chair:Preston; board_member:LSCB",
    ],
    ["Olive Old", "olive@a.example", "", "", "", "agency_lead:Agency A"],
]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_people_import_with_roles_and_line_managers(county, business_unit, fmt):
    agency = AgencyFactory(name="Agency A")
    # A partner of the importer's board, so theirs to name its lead.
    agency.boards.set([county["children"]])
    olive = PersonFactory(email="olive@a.example", full_name="Olive Before", job_title="Kept")
    data = csv_bytes(PEOPLE) if fmt == "csv" else xlsx_bytes(PEOPLE)
    job = importer("people", data, f"people.{fmt}")
    report = job.check()
    assert report.ok, [str(e) for e in report.errors]
    assert (report.new, report.updated) == (2, 1)
    report = job.apply(business_unit, county["children"])
    assert report.ok
    rita = Person.objects.get(email="rita@a.example")
    max_ = Person.objects.get(email="max@a.example")
    assert rita.line_manager == max_
    assert rita.agency == agency == max_.agency
    assert not rita.has_usable_password()
    preston = Area.objects.get(kind="locality", name="Preston")
    assert RoleAssignment.objects.filter(person=max_, role="cpb_chair", area=preston).exists()
    assert RoleAssignment.objects.filter(
        person=max_, role="board_member", board=county["children"]
    ).exists()
    olive.refresh_from_db()
    assert olive.full_name == "Olive Old"
    assert olive.job_title == "Kept"  # an empty cell leaves it unchanged
    assert RoleAssignment.objects.filter(person=olive, role="agency_lead", agency=agency).exists()
    # importing the same file again adds no duplicate roles
    importer("people", data, f"people.{fmt}").apply(business_unit)
    assert RoleAssignment.objects.filter(person=max_).count() == 2


def test_people_import_errors(county, business_unit):
    AgencyFactory(name="Agency A")
    admin = PersonFactory(email="admin@a.example", is_superuser=True)
    rows = [
        PEOPLE_COLUMNS,
        ["Ann", "ann@a.example", "", "Nowhere Trust", "ghost@a.example", "wizard"],
        ["Ann Again", "ANN@a.example", "", "", "", "administrator"],
        ["Bob", "not-an-email", "", "", "", "cpb_chair"],
        ["Cy", "cy@a.example", "", "", "cy@a.example", "cpb_member:Mars; practitioner:LSCB"],
        ["Admin", admin.email, "", "", "", ""],
    ]
    report = importer("people", csv_bytes(rows)).apply(business_unit)
    messages = [str(error) for error in report.errors]
    assert (
        "Row 2, column 'Agency': there is no agency called 'Nowhere Trust': import or add it first"
        in messages
    )
    assert any(m.startswith("Row 2, column 'Roles': 'wizard' is not one of") for m in messages)
    assert "Row 3, column 'Email': 'ann@a.example' is also on row 2" in messages
    assert (
        "Row 3, column 'Roles': administrator roles cannot be imported: add them on the page"
        in messages
    )
    assert "Row 4, column 'Email': 'not-an-email' is not an e-mail address" in messages
    assert (
        "Row 4, column 'Roles': the role 'cpb_chair' needs its area, like 'cpb_chair:Preston'"
        in messages
    )
    assert (
        "Row 5, column 'Line manager email': a person cannot be their own line manager" in messages
    )
    assert "Row 5, column 'Roles': there is no locality board (CPB) called 'Mars'" in messages
    assert "Row 5, column 'Roles': the role 'practitioner' is not for a board or area" in messages
    assert any(m.startswith("Row 2, column 'Line manager email': nobody has") for m in messages)
    assert any(
        m.startswith("Row 6, column 'Email': admin@a.example is an administrator") for m in messages
    )
    assert not Person.objects.filter(email="ann@a.example").exists()


cell_text = st.one_of(
    st.text(max_size=40),
    st.sampled_from(["police", "Health", "children", "Preston", "a@b.example", "x.example"]),
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    kind=st.sampled_from(["agencies", "people"]),
    rows=st.lists(st.lists(cell_text, min_size=0, max_size=8), max_size=6),
    as_xlsx=st.booleans(),
)
def test_parser_only_ever_reports_problems(county, business_unit, kind, rows, as_xlsx):
    header = AGENCY_COLUMNS if kind == "agencies" else PEOPLE_COLUMNS
    if as_xlsx:
        clean = [[c for c in row if c.isprintable()] for row in rows]
        data, name = xlsx_bytes([header, *clean]), "file.xlsx"
    else:
        data, name = csv_bytes([header, *rows]), "file.csv"
    report = importer(kind, data, name).check()
    assert isinstance(report, ImportReport)
    for error in report.errors:
        assert str(error)
    if report.ok:  # whatever passes the check must also write cleanly
        assert importer(kind, data, name).apply(business_unit).ok


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.binary(max_size=200))
def test_arbitrary_bytes_never_crash_the_reader(db, data):
    for name in ("x.csv", "x.xlsx"):
        report = importer("people", data, name).check()
        assert isinstance(report, ImportReport)


# --- the pages ---------------------------------------------------------------------------


def test_import_page_checks_then_imports_on_confirm(client, business_unit, county):
    client.force_login(business_unit)
    upload = SimpleUploadedFile("agencies.csv", csv_bytes(GOOD_AGENCIES), "text/csv")
    response = client.post(reverse("organisations:import"), {"kind": "agencies", "upload": upload})
    assert response.status_code == 302
    assert response["Location"] == reverse("organisations:import_confirm")
    response = client.get(reverse("organisations:import_confirm"))
    assert "Check your answers" in response.text
    assert not Agency.objects.filter(name="Preston Police").exists()
    response = client.post(
        reverse("organisations:import_confirm"), {"action": "import"}, follow=True
    )
    assert "Import complete: 2 agencies added, 0 updated" in response.text
    assert Agency.objects.filter(name__in=["Preston Police", "Wyre Health"]).count() == 2
    # the stored upload is gone: confirming again does nothing
    response = client.post(reverse("organisations:import_confirm"), {"action": "import"})
    assert response.status_code == 302
    assert response["Location"] == reverse("organisations:import")


def test_import_page_lists_errors_in_an_error_summary(client, business_unit, county):
    client.force_login(business_unit)
    rows = [AGENCY_COLUMNS, ["X", "polise", "", "", "", ""]]
    upload = SimpleUploadedFile("agencies.csv", csv_bytes(rows), "text/csv")
    response = client.post(reverse("organisations:import"), {"kind": "agencies", "upload": upload})
    assert response.status_code == 200
    assert "govuk-error-summary" in response.text
    assert "Row 2, column &#x27;Sector&#x27;: &#x27;polise&#x27; is not one of" in response.text
    assert not Agency.objects.filter(name="X").exists()


def test_import_form_refuses_other_files(client, business_unit):
    client.force_login(business_unit)
    upload = SimpleUploadedFile("agencies.xlsx", b"not a zip", "application/octet-stream")
    response = client.post(reverse("organisations:import"), {"kind": "agencies", "upload": upload})
    assert "not a real Excel" in response.text
    upload = SimpleUploadedFile("agencies.exe", b"MZ", "application/octet-stream")
    response = client.post(reverse("organisations:import"), {"kind": "agencies", "upload": upload})
    assert "agencies.exe, must be a CSV or Excel (.xlsx) file" in response.text


def test_cancel_imports_nothing(client, business_unit, county):
    client.force_login(business_unit)
    upload = SimpleUploadedFile("agencies.csv", csv_bytes(GOOD_AGENCIES), "text/csv")
    client.post(reverse("organisations:import"), {"kind": "agencies", "upload": upload})
    client.post(reverse("organisations:import_confirm"), {"action": "cancel"})
    assert not Agency.objects.filter(name="Preston Police").exists()


@pytest.mark.parametrize("kind", ["agencies", "people"])
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_templates_download_and_import_cleanly(client, business_unit, county, kind, fmt):
    AgencyFactory(name="Lancashire Constabulary")
    client.force_login(business_unit)
    response = client.get(reverse("organisations:import_template", args=[kind, fmt]))
    assert response.status_code == 200
    data = b"".join(response.streaming_content)
    if fmt == "xlsx":
        header = next(
            load_workbook(io.BytesIO(data), read_only=True)
            .worksheets[0]
            .iter_rows(values_only=True)
        )
        assert list(header) == (AGENCY_COLUMNS if kind == "agencies" else PEOPLE_COLUMNS)
    report = importer(kind, data, f"template.{fmt}").check()
    assert report.ok, [str(e) for e in report.errors]


def test_practitioners_cannot_import(client, practitioner):
    client.force_login(practitioner)
    assert client.get(reverse("organisations:import")).status_code == 403
    assert (
        client.get(reverse("organisations:import_template", args=["people", "csv"])).status_code
        == 403
    )


def test_uploads_are_removed_after_the_import_and_abandoned_ones_expire(
    client, business_unit, county
):
    import os
    import time

    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    old = default_storage.save("imports/0123456789abcdef0123456789abcdef.csv", ContentFile(b"x"))
    past = time.time() - 2 * 24 * 3600
    os.utime(default_storage.path(old), (past, past))
    client.force_login(business_unit)
    upload = SimpleUploadedFile("agencies.csv", csv_bytes(GOOD_AGENCIES), "text/csv")
    client.post(reverse("organisations:import"), {"kind": "agencies", "upload": upload})
    assert len(default_storage.listdir("imports")[1]) == 1  # the new upload only
    client.post(reverse("organisations:import_confirm"), {"action": "import"})
    assert default_storage.listdir("imports")[1] == []


def test_a_forged_session_token_cannot_reach_other_files(client, business_unit):
    client.force_login(business_unit)
    session = client.session
    session["directory_import"] = {"token": "../../settings", "ext": "csv", "kind": "people"}
    session.save()
    response = client.post(reverse("organisations:import_confirm"), {"action": "import"})
    assert response.status_code == 302
    assert response["Location"] == reverse("organisations:import")


def test_a_board_spreadsheet_imports_through_the_page(client, business_unit, county):
    """A hidden first sheet, a title and a blank row above the headings (which use the page's
    labels), trailing empty rows: the visible sheet is read, and the page says where the
    headings were found."""
    workbook = Workbook()
    workbook.active.title = "Lists"
    workbook.active.append(["Police", "Health"])
    workbook.active.sheet_state = "hidden"
    sheet = workbook.create_sheet("Partners")
    workbook.active = 1
    sheet.append(["Lancashire partners, March 2015"])
    sheet.append([])
    sheet.append(["Agency name", "Sector", "Contribution status"])
    sheet.append(["Fylde Police", "Police", "Contributing partner"])
    sheet.cell(row=40, column=1).number_format = "0"  # an empty, formatted row at the end
    buffer = io.BytesIO()
    workbook.save(buffer)
    client.force_login(business_unit)
    upload = SimpleUploadedFile("partners.xlsx", buffer.getvalue())
    response = client.post(
        reverse("organisations:import"), {"kind": "agencies", "upload": upload}, follow=True
    )
    assert "The column headings were read from row 3" in response.text
    client.post(reverse("organisations:import_confirm"), {"action": "import"})
    assert Agency.objects.get(name="Fylde Police").sector == Agency.Sector.POLICE
    assert AuditEvent.objects.filter(verb="agency imported", target_label="Fylde Police").exists()


def test_people_in_windows_1252_with_semicolons(county, business_unit):
    data = "Full name;Email\nSiobhán O’Neill;siobhan@a.example\n".encode("cp1252")
    report = importer("people", data).apply(business_unit, county["children"])
    assert report.ok, [str(e) for e in report.errors]
    assert Person.objects.get(email="siobhan@a.example").full_name == "Siobhán O’Neill"


def test_unknown_columns_are_refused_by_their_heading(db):
    report = importer("agencies", csv_bytes([["Name", "Sector", "RAG"], ["A", "Police", "Red"]]))
    assert str(report.check().errors[0]).startswith("Row 1: rename or remove column 'RAG'")
