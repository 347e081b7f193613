"""The inspection report as a PDF, described for the core document builder."""

from __future__ import annotations

from safeguarding.core.documents import Document
from safeguarding.core.formatting import hub_date

from .models import Finding, Grade


def _grades(doc: Document, heading: str, first_column: str, rows: list[dict]) -> None:
    doc.heading(heading)
    doc.table(
        [first_column, *Grade.labels, "All"],
        ([row["label"], *row["counts"], row["total"]] for row in rows),
        widths=[4, *[2] * len(Grade), 1],
        numeric=range(1, len(Grade) + 2),
        empty="No grades recorded yet.",
    )


def report_pdf_bytes(inspection, figures: dict, findings: list) -> bytes:
    doc = Document(f"{inspection} report", board=inspection.board)
    doc.heading(
        f"Multi-agency safeguarding practice inspection: {inspection.locality.name}", level=1
    )
    doc.paragraph(
        f"{inspection.board.name}. Fieldwork {hub_date(inspection.fieldwork_start)} to "
        f"{hub_date(inspection.fieldwork_end)}. {figures['audits']} case audits."
    )
    if inspection.summary:
        doc.paragraph(inspection.summary)
    _grades(doc, "Grades by theme", "Theme", figures["by_theme"])
    _grades(doc, "Grades by agency", "Agency", figures["by_agency"])
    for kind, heading in (
        (Finding.Kind.GOOD_PRACTICE, "Good practice"),
        (Finding.Kind.IMPROVEMENT, "Areas for improvement"),
    ):
        doc.heading(heading)
        doc.bullets(
            (
                finding.text + (f" (action for {finding.agency.name})" if finding.agency_id else "")
                for finding in findings
                if finding.kind == kind
            ),
            empty="None recorded.",
        )
    return doc.output()
