"""The inspection report as a PDF (fpdf2, core fonts only: text is reduced to Latin-1)."""

from __future__ import annotations

from fpdf import FPDF

from .models import Finding, Grade

REPLACEMENTS = {
    "\u2018": "'",
    "\u2019": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u2013": "-",
    "\u2014": "-",
    "\u2026": "...",
}


def _latin(text) -> str:
    text = str(text)
    for old, new in REPLACEMENTS.items():
        text = text.replace(old, new)
    return text.encode("latin-1", "replace").decode("latin-1")


def _para(pdf: FPDF, height: float, text: str) -> None:
    pdf.multi_cell(0, height, _latin(text), new_x="LMARGIN", new_y="NEXT")


def _table(pdf: FPDF, heading: str, rows: list[dict]) -> None:
    pdf.set_font("Helvetica", "B", 12)
    pdf.cell(0, 8, _latin(heading), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "B", 9)
    widths = [70] + [27] * len(Grade) + [12]
    for width, text in zip(widths, ["", *Grade.labels, "All"], strict=False):
        pdf.cell(width, 7, _latin(text), border=1)
    pdf.ln()
    pdf.set_font("Helvetica", "", 9)
    for row in rows:
        pdf.cell(widths[0], 7, _latin(row["label"][:40]), border=1)
        for width, count in zip(widths[1:], row["counts"], strict=False):
            pdf.cell(width, 7, str(count), border=1, align="R")
        pdf.cell(widths[-1], 7, str(row["total"]), border=1, align="R")
        pdf.ln()
    if not rows:
        pdf.cell(0, 7, "No grades recorded yet.", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)


def report_pdf_bytes(inspection, figures: dict, findings: list) -> bytes:
    pdf = FPDF()
    pdf.set_title(_latin(f"{inspection} report"))
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 16)
    _para(pdf, 9, f"Multi-agency safeguarding practice inspection: {inspection.locality.name}")
    pdf.set_font("Helvetica", "", 11)
    _para(
        pdf,
        6,
        f"{inspection.board.name}. Fieldwork {inspection.fieldwork_start:%-d %B %Y} to "
        f"{inspection.fieldwork_end:%-d %B %Y}. {figures['audits']} case audits.",
    )
    if inspection.summary:
        pdf.ln(2)
        _para(pdf, 6, inspection.summary)
    pdf.ln(3)
    _table(pdf, "Grades by theme", figures["by_theme"])
    _table(pdf, "Grades by agency", figures["by_agency"])
    for kind, heading in (
        (Finding.Kind.GOOD_PRACTICE, "Good practice"),
        (Finding.Kind.IMPROVEMENT, "Areas for improvement"),
    ):
        pdf.set_font("Helvetica", "B", 12)
        pdf.cell(0, 8, heading, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("Helvetica", "", 10)
        items = [f for f in findings if f.kind == kind]
        for finding in items:
            owner = f" (action for {finding.agency.name})" if finding.agency_id else ""
            _para(pdf, 6, f"- {finding.text}{owner}")
        if not items:
            pdf.cell(0, 6, "None recorded.", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2)
    return bytes(pdf.output())
