import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook

from safeguarding.actionplans.imports import import_actions
from safeguarding.actionplans.models import Action
from safeguarding.core.imports import parse_date
from safeguarding.core.models import AuditEvent

HEADER = (
    "What will be done,Outcome sought,Agency,Owner email,Localities,Due date,Measure of success\n"
)


def csv_file(body: str, name="actions.csv"):
    return SimpleUploadedFile(name, (HEADER + body).encode())


def test_good_csv_adds_every_action(plan, business_unit, police, owner, burnley):
    body = (
        f"Train officers,Recognise CSE,Lancashire Constabulary,{owner.email},"
        "Burnley and Pendle,30/06/2015,90% trained\n"
        "Audit referrals,,lancashire constabulary,,,2015-09-30,\n"
    )
    report = import_actions(business_unit, plan, csv_file(body))
    assert report.ok, report.errors
    assert report.added == 2
    first = Action.objects.get(what="Train officers")
    assert first.owner_person == owner
    assert list(first.localities.all()) == [burnley]
    assert first.due_date == datetime.date(2015, 6, 30)
    assert not Action.objects.get(what="Audit referrals").localities.exists()
    assert (
        AuditEvent.objects.filter(target_type="actionplans.action", verb="action created").count()
        == 2
    )


def test_bad_rows_reported_and_nothing_added(plan, business_unit, police):
    body = (
        "Good row,,Lancashire Constabulary,,,30/06/2015,\n"
        "Bad date,,Lancashire Constabulary,,,31/02/2015,\n"
        ",,Nobody Agency,,Narnia,soon,\n"
    )
    report = import_actions(business_unit, plan, csv_file(body))
    assert not report.ok
    errors = [str(error) for error in report.errors]
    assert "Row 3, column 'Due date': '31/02/2015' is not a real date" in errors
    assert "Row 4, column 'What will be done': enter what will be done" in errors
    assert "Row 4, column 'Agency': 'Nobody Agency' is not an agency in the directory" in errors
    assert any(e.startswith("Row 4, column 'Localities': 'Narnia'") for e in errors)
    assert "Row 4, column 'Due date': 'soon' is not a date like 30/06/2015" in errors
    assert not Action.objects.exists()


def test_xlsx_with_real_dates(plan, business_unit, police):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER.strip().split(","))
    sheet.append(
        ["From Excel", "", "Lancashire Constabulary", "", "", datetime.datetime(2015, 5, 1)]  # noqa: DTZ001 - a spreadsheet date has no zone
    )
    import io

    buffer = io.BytesIO()
    workbook.save(buffer)
    upload = SimpleUploadedFile("actions.xlsx", buffer.getvalue())
    report = import_actions(business_unit, plan, upload)
    assert report.ok, report.errors
    assert Action.objects.get().due_date == datetime.date(2015, 5, 1)


def test_missing_column(plan, business_unit):
    upload = SimpleUploadedFile("a.csv", b"What will be done\nx\n")
    report = import_actions(business_unit, plan, upload)
    assert str(report.errors[0]).startswith("Row 1: add columns 'Agency', 'Due date'")


@given(st.dates(min_value=datetime.date(1900, 1, 1), max_value=datetime.date(2100, 12, 31)))
def test_parse_date_round_trips(day):
    assert parse_date(day.strftime("%d/%m/%Y")) == day
    assert parse_date(day.isoformat()) == day


@pytest.mark.parametrize("text", ["30/02/2015", "31/04/2015", "2015-13-01", "00/01/2015"])
def test_impossible_dates(text):
    with pytest.raises(ValueError, match="is not a real date"):
        parse_date(text)


def test_import_page(client, roles, plan, police):
    url = reverse("actionplans:plan_import", args=[plan.pk])
    client.force_login(roles["burnley_chair"])
    assert client.get(url).status_code == 403
    client.force_login(roles["business_unit"])
    assert client.get(url).status_code == 200
    response = client.post(url, {"upload": csv_file(",,Lancashire Constabulary,,,31/02/2015,\n")})
    assert response.status_code == 400
    assert "&#x27;31/02/2015&#x27; is not a real date" in response.text
    response = client.post(url, {"upload": csv_file("Ok,,Lancashire Constabulary,,,1/2/2015,\n")})
    assert response.status_code == 302
    assert Action.objects.count() == 1
    template = client.get(reverse("actionplans:import_template", args=["csv"]))
    assert "What will be done" in b"".join(template.streaming_content).decode()


def published_plan(rag="Amber") -> bytes:
    """The layout many boards publish: a title, a heading merged over two rows, section
    sub-headings merged across the table, text timescales, RAG and progress."""
    import io

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["CSE action plan 2015/16"])
    sheet.append(["Action", "Lead", "Timescale", "Progress", None])
    sheet.append([None, None, None, "RAG", "Progress/Evidence"])
    sheet.merge_cells("A2:A3")
    sheet.merge_cells("D2:E2")
    sheet.append(["Priority 1: children at risk are identified early"])
    sheet.merge_cells("A4:E4")
    sheet.append(
        ["Train officers", "Lancashire Constabulary", "31 March 2016", rag, "Two districts done"]
    )
    sheet.append(["Audit referrals", "Lancashire Constabulary", "30-06-2016", "Green", None])
    sheet.append([None] * 5)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_published_layout_imports_with_rag_as_status_and_progress_as_update(
    plan, business_unit, police
):
    upload = SimpleUploadedFile("plan.xlsx", published_plan())
    report = import_actions(business_unit, plan, upload)
    assert report.ok, [str(e) for e in report.errors]
    assert report.added == 2
    assert report.notes == [
        "The column headings were read from rows 2 and 3; the rows above were taken as a title",
        "Row 4 was read as a section heading, not an action: "
        "'Priority 1: children at risk are identified early'",
    ]
    trained = Action.objects.get(what="Train officers")
    assert trained.due_date == datetime.date(2016, 3, 31)
    assert trained.status == "at_risk"
    assert trained.updates.get().narrative == "Two districts done"
    audited = Action.objects.get(what="Audit referrals")
    assert (audited.status, audited.due_date) == ("on_track", datetime.date(2016, 6, 30))
    assert audited.updates.get().narrative == "RAG rating 'Green' in the imported plan"


def test_published_layout_with_a_blue_rating_says_what_to_change(plan, business_unit, police):
    report = import_actions(
        business_unit, plan, SimpleUploadedFile("p.xlsx", published_plan("Blue"))
    )
    assert [str(e) for e in report.errors] == [
        "Row 5, column 'RAG': 'Blue': an action is marked complete with its evidence, on its "
        "page; import it as Green and mark it complete there"
    ]
    assert not Action.objects.exists()


def test_unknown_columns_are_refused_by_name(plan, business_unit, police):
    upload = SimpleUploadedFile("a.csv", (HEADER.strip() + ",Notes\n").encode())
    report = import_actions(business_unit, plan, upload)
    assert "rename or remove column 'Notes'" in str(report.errors[0])


def test_semicolon_windows_1252_csv_through_the_page(client, roles, plan, police):
    body = (
        "What will be done;Agency;Due date\nVisit Siobhán’s team;Lancashire Constabulary;1/2/2015\n"
    )
    client.force_login(roles["business_unit"])
    url = reverse("actionplans:plan_import", args=[plan.pk])
    response = client.post(url, {"upload": SimpleUploadedFile("a.csv", body.encode("cp1252"))})
    assert response.status_code == 302
    assert Action.objects.get().what == "Visit Siobhán’s team"
    page = client.get(response.url)
    assert "1 action has been added to the plan" in page.text


def test_published_layout_through_the_page_shows_the_notes(client, roles, plan, police):
    client.force_login(roles["business_unit"])
    url = reverse("actionplans:plan_import", args=[plan.pk])
    response = client.post(
        url, {"upload": SimpleUploadedFile("p.xlsx", published_plan())}, follow=True
    )
    assert "2 actions have been added to the plan" in response.text
    assert "Row 4 was read as a section heading" in response.text


def test_the_bulk_writer_stores_dates_and_times_as_given(action, owner):
    """Dates go to the driver unprepared on PostgreSQL and through the field elsewhere: either
    way the stored row reads back as written."""
    from datetime import date, datetime
    from zoneinfo import ZoneInfo

    from safeguarding.actionplans.models import ProgressUpdate
    from safeguarding.core.imports import BulkWriter

    written = datetime(2015, 3, 31, 16, 30, tzinfo=ZoneInfo("Europe/London"))
    writer = BulkWriter(
        ProgressUpdate, ["action", "author", "date", "status", "narrative", "created_at"]
    )
    writer.add(action.pk, owner.pk, date(2015, 3, 31), "on_track", "Imported", written)
    writer.flush()
    stored = ProgressUpdate.objects.get(narrative="Imported")
    assert (stored.date, stored.created_at, stored.author) == (date(2015, 3, 31), written, owner)
