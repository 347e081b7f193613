"""The PDF builder, read back with pdftotext: every name prints as written, cells wrap instead of
being cut, the header row repeats on each page, headings stay with what follows them, pages are
numbered, and a missing font says which package to install."""

import re
from types import SimpleNamespace

import pytest
from django.core.exceptions import ImproperlyConfigured

from safeguarding.core import documents
from safeguarding.core.checks import pdf_font_installed
from safeguarding.core.documents import KEEP_WITH_NEXT, Document
from safeguarding.core.testing.pdfs import flowing_text, layout_pages

BOARD = SimpleNamespace(name="Lancashire Safeguarding Children Board")
NAMES = ["Siobhán O’Neill", "Łukasz Wiśniewski", "Nguyễn Thị Minh"]
LONG_AGENCY = "Lancashire County Council Children and Family Wellbeing Service (Central)"
LONG_ACTION = (
    "The action is overdue and at risk because the partner agency has not yet returned its "
    "audit of strategy meetings held out of hours"
)


def test_names_beyond_latin_1_print_as_written():
    doc = Document("Attendance", board=BOARD)
    doc.paragraph(f"Present: {', '.join(NAMES)}.")
    doc.table(["Name", "Agency"], [(name, LONG_AGENCY) for name in NAMES])
    text = flowing_text(doc.output())
    for name in NAMES:
        assert text.count(name) == 2, name
    assert "?" not in text


def test_cells_wrap_rather_than_being_cut_and_the_header_row_repeats():
    doc = Document("All actions", board=BOARD, landscape=True)
    doc.table(
        ["Action", "Agency", "Due", "Status"],
        [
            (f"{LONG_ACTION} ({number})", LONG_AGENCY, "1 Jan 2026", "Off track")
            for number in range(40)
        ],
        widths=[5, 3, 1, 1],
    )
    content = doc.output()
    text = flowing_text(content)
    for number in range(40):
        assert f"{LONG_ACTION} ({number})" in text
    assert text.count(LONG_AGENCY) == 40
    pages = layout_pages(content)
    assert len(pages) > 1
    for page in pages:
        header = next(line for line in page.splitlines() if "Action" in line)
        assert re.search(r"Action\s{2,}Agency\s{2,}Due\s{2,}Status", header), page
    # Each page names the board at the top and is numbered at the foot.
    for number, page in enumerate(pages, start=1):
        lines = [line.strip() for line in page.splitlines() if line.strip()]
        assert lines[0] == BOARD.name
        assert lines[-1] == f"All actions – page {number} of {len(pages)}"


def test_a_heading_never_stands_alone_at_the_foot_of_a_page():
    doc = Document("Report", board=BOARD)
    # Fill the page until a heading would still fit but what follows it would not.
    while not doc.pdf.will_page_break(KEEP_WITH_NEXT - 8):
        doc.paragraph("Filler")
    assert doc.pdf.page_no() == 1
    doc.heading("Open challenges (3)")
    doc.table(["Question", "Asked of"], [("Why is the audit late?", LONG_AGENCY)])
    first, second = layout_pages(doc.output())
    assert "Open challenges (3)" not in first
    assert "Open challenges (3)" in second
    assert "Why is the audit late?" in second


def test_a_missing_font_names_the_package_to_install(monkeypatch, tmp_path):
    monkeypatch.setattr(documents, "FONT_DIR", tmp_path)
    with pytest.raises(ImproperlyConfigured, match="apt-get install fonts-dejavu-core"):
        Document("Report")


def test_a_table_with_no_rows_is_only_its_sentence():
    doc = Document("Report")
    doc.table(["Action", "Completed"], iter(()), empty="No actions were completed.")
    assert flowing_text(doc.output()) == "No actions were completed. Report – page 1 of 1"


def test_the_system_check_warns_when_the_font_is_missing(monkeypatch, tmp_path):
    assert pdf_font_installed(None) == []
    monkeypatch.setattr(documents, "FONT_DIR", tmp_path)
    (warning,) = pdf_font_installed(None)
    assert warning.id == "hub.W101"
    assert "fonts-dejavu-core" in warning.msg
