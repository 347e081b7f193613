import io
import zipfile

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.datastructures import MultiValueDict

from safeguarding.core.uploads import (
    SPREADSHEETS,
    UploadField,
    check_upload,
    describe_size,
    stored_name,
)

PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n"
# The start of a Windows program: what a renamed .exe really holds.
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
JPG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"


def office_file(part: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(part, "<document/>")
    return buffer.getvalue()


class EvidenceForm(forms.Form):
    file = UploadField()


class ImportForm(forms.Form):
    upload = UploadField(accepted=SPREADSHEETS)


def errors(form_class, name, content):
    field = next(iter(form_class.base_fields))
    form = form_class({}, MultiValueDict({field: [SimpleUploadedFile(name, content)]}))
    return form.errors.get(field, [])


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("plan.pdf", PDF),
        ("Plan.PDF", PDF),
        ("minutes.docx", office_file("word/document.xml")),
        ("tracker.xlsx", office_file("xl/workbook.xml")),
        ("photo.png", PNG),
        ("photo.jpg", JPG),
        ("photo.jpeg", JPG),
        ("list.csv", b"Name,Agency\nAlan Sharples,Police\n"),
        ("notes.txt", "Café notes: naïve résumé".encode()),
        ("excel-on-windows.csv", "Name\nCaf\xe9\n".encode("cp1252")),
    ],
)
def test_real_files_of_the_kinds_accepted_are_accepted(name, content):
    assert errors(EvidenceForm, name, content) == []
    checked = check_upload(SimpleUploadedFile(name, content))
    assert checked.extension == name.rsplit(".", 1)[1].lower()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("report.pdf", EXE, "The selected file, report.pdf, is not a real PDF file"),
        ("minutes.docx", EXE, "is not a real Word (.docx) file"),
        ("photo.png", PDF, "is not a real PNG image file"),
        ("photo.jpg", PNG, "is not a real JPG image file"),
        ("list.csv", EXE, "is not a real CSV file"),
        ("setup.exe", EXE, "The selected file, setup.exe, must be a PDF, Word (.docx), Excel"),
        ("no-extension", PDF, "must be a PDF"),
        ("page.html", b"<html></html>", "must be a PDF"),
        ("empty.pdf", b"", "The selected file, empty.pdf, is empty"),
    ],
)
def test_files_that_are_not_what_they_say_are_refused(name, content, message):
    [error] = errors(EvidenceForm, name, content)
    assert message in error
    with pytest.raises(ValidationError) as refused:
        check_upload(SimpleUploadedFile(name, content))
    assert message in refused.value.message_dict["file"][0]


def test_an_oversize_file_is_refused_with_the_limit_from_settings(settings):
    settings.HUB_UPLOAD_MAX_BYTES = 10 * 1024 * 1024
    big = PDF + b"0" * (10 * 1024 * 1024)
    assert errors(EvidenceForm, "big.pdf", big) == ["The selected file must be smaller than 10 MB"]
    assert errors(EvidenceForm, "fits.pdf", PDF + b"0" * (10 * 1024 * 1024 - len(PDF))) == []


def test_imports_accept_only_spreadsheets():
    assert errors(ImportForm, "people.csv", b"Name\n") == []
    assert errors(ImportForm, "people.xlsx", office_file("xl/workbook.xml")) == []
    [error] = errors(ImportForm, "people.pdf", PDF)
    assert error == "The selected file, people.pdf, must be a CSV or Excel (.xlsx) file"
    [error] = errors(ImportForm, "people.xlsx", b"Name,Agency\n")
    assert "is not a real Excel (.xlsx) file" in error


def test_the_service_check_names_the_field():
    with pytest.raises(ValidationError) as refused:
        check_upload(SimpleUploadedFile("a.exe", EXE), field="upload")
    assert list(refused.value.message_dict) == ["upload"]


def test_the_check_leaves_the_file_ready_to_store():
    upload = SimpleUploadedFile("plan.pdf", PDF)
    check_upload(upload)
    assert upload.read() == PDF


def test_stored_names_are_generated_and_never_the_uploaded_name():
    first, second = stored_name("meetings/papers", "pdf"), stored_name("meetings/papers", "pdf")
    assert first != second
    assert first.startswith("meetings/papers/")
    assert first.endswith(".pdf")
    assert ".." not in first
    assert first.count("/") == 2


def test_the_file_input_tells_the_browser_which_kinds_to_offer():
    html = str(ImportForm()["upload"])
    assert 'accept=".csv,.xlsx"' in html
    assert ImportForm.base_fields["upload"].help_text == "A CSV or Excel (.xlsx) file"


@pytest.mark.parametrize(
    ("size", "words"),
    [
        (20 * 1024 * 1024, "20 MB"),
        (int(2.5 * 1024 * 1024), "2.5 MB"),
        (512 * 1024, "512 KB"),
        (10, "10 bytes"),
    ],
)
def test_sizes_are_described_in_words(size, words):
    assert describe_size(size) == words
