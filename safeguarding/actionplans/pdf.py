"""PDFs for a meeting pack (fpdf2, core fonts only, so text is reduced to Latin-1): a plan's
progress report and the challenge log."""

from __future__ import annotations

from django.utils import timezone
from fpdf import FPDF

REPLACEMENTS = {
    "\u2018": "'",
    "\u2019": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u2013": "-",
    "\u2014": "-",
    "\u2026": "...",
    "\u00a0": " ",
}


def latin(text) -> str:
    text = " ".join(str(text or "").split())
    for old, new in REPLACEMENTS.items():
        text = text.replace(old, new)
    return text.encode("latin-1", "replace").decode("latin-1")


def short(text, length: int) -> str:
    text = latin(text)
    return text if len(text) <= length else text[: length - 3] + "..."


# Tests turn compression off so that the text can be read in the content streams.
COMPRESS = True


class HubPDF(FPDF):
    def __init__(self, title: str, orientation: str = "P"):
        super().__init__(orientation=orientation)
        self.set_compression(COMPRESS)
        self.hub_title = latin(title)
        self.set_title(self.hub_title)
        self.set_creator("Safeguarding Partnership Hub")
        self.set_auto_page_break(auto=True, margin=15)
        self.alias_nb_pages()

    def footer(self):
        self.set_y(-12)
        self.set_font("Helvetica", "", 8)
        self.cell(0, 6, f"{self.hub_title} - page {self.page_no()} of {{nb}}", align="C")

    def heading(self, text: str, size: int = 12) -> None:
        self.ln(2)
        self.set_font("Helvetica", "B", size)
        self.multi_cell(0, size * 0.6, latin(text), new_x="LMARGIN", new_y="NEXT")
        self.set_font("Helvetica", "", 10)

    def paragraph(self, text: str) -> None:
        self.set_font("Helvetica", "", 10)
        self.multi_cell(0, 5, latin(text), new_x="LMARGIN", new_y="NEXT")

    def table(self, headers: list[str], widths: list[int], rows, empty: str) -> None:
        def header_row():
            self.set_font("Helvetica", "B", 9)
            for width, text in zip(widths, headers, strict=True):
                self.cell(width, 7, latin(text), border=1)
            self.ln()
            self.set_font("Helvetica", "", 9)

        header_row()
        written = 0
        for row in rows:
            if self.will_page_break(7):
                self.add_page()
                header_row()
            for width, text in zip(widths, row, strict=True):
                # Roughly two characters per millimetre of width at 9 points.
                self.cell(width, 7, short(text, int(width * 0.52)), border=1)
            self.ln()
            written += 1
        if not written:
            self.cell(0, 7, latin(empty), new_x="LMARGIN", new_y="NEXT")
        self.ln(2)


def _day(value) -> str:
    return value.strftime("%-d %b %Y") if value else ""


def plan_report_pdf(plan, progress: dict, actions) -> bytes:
    """The progress report: counts by status, overdue and recently completed actions, open
    challenges, then the table of actions (the `actions` iterable, with owner agency)."""
    today = timezone.localdate()
    pdf = HubPDF(f"Progress report: {plan.title}", orientation="L")
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 16)
    pdf.multi_cell(0, 9, latin(f"Progress report: {plan.title}"), new_x="LMARGIN", new_y="NEXT")
    pdf.paragraph(
        f"{plan.board.name}. {progress['total']} actions; "
        f"{progress['overdue_count']} overdue. Produced {_day(today)}."
    )
    pdf.heading("Actions by status")
    pdf.table(
        ["Status", "Actions"],
        [60, 30],
        [(row["label"], row["count"]) for row in progress["counts"]],
        "No actions.",
    )
    pdf.heading(f"Overdue actions ({progress['overdue_count']})")
    pdf.table(
        ["Action", "Agency", "Due", "Status"],
        [140, 80, 27, 30],
        (
            (a, a.owner_agency.name, _day(a.due_date), a.get_status_display())
            for a in progress["overdue"]
        ),
        "No actions are overdue.",
    )
    pdf.heading(f"Completed in the last 30 days ({progress['recently_completed_count']})")
    pdf.table(
        ["Action", "Agency", "Completed"],
        [160, 87, 30],
        ((a, a.owner_agency.name, _day(a.last_update_at)) for a in progress["recently_completed"]),
        "No actions were completed in the last 30 days.",
    )
    pdf.heading(f"Open challenges ({progress['open_challenge_count']})")
    pdf.table(
        ["Question", "Action", "Asked of", "Reply by", "Status"],
        [95, 80, 55, 25, 22],
        (
            (
                c.question,
                c.action,
                c.addressed_to_agency.name,
                _day(c.respond_by),
                c.get_status_display(),
            )
            for c in progress["open_challenges"]
        ),
        "There are no open challenges.",
    )
    pdf.heading("All actions")
    pdf.table(
        ["Action", "Agency", "Localities", "Due", "Status"],
        [120, 65, 45, 25, 22],
        (
            (
                a,
                a.owner_agency.name,
                ", ".join(area.name for area in a.localities.all()) or "County-wide",
                _day(a.due_date),
                a.get_status_display(),
            )
            for a in actions
        ),
        "There are no actions in this plan that you can see.",
    )
    return bytes(pdf.output())


def challenge_log_pdf(challenges, filters: list[str]) -> bytes:
    """The challenge log for a locality board's meeting, one row per challenge."""
    pdf = HubPDF("Challenge log", orientation="L")
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 16)
    pdf.cell(0, 9, "Challenge log", new_x="LMARGIN", new_y="NEXT")
    pdf.paragraph(
        f"Produced {_day(timezone.localdate())}."
        + (f" Showing: {'; '.join(filters)}." if filters else " All the challenges you can see.")
    )
    pdf.table(
        ["Raised", "Locality", "Question", "Action", "Asked of", "Reply by", "Answer", "Status"],
        [22, 25, 60, 50, 35, 22, 43, 20],
        (
            (
                _day(c.raised_at),
                c.locality.name if c.locality else "",
                c.question,
                c.action,
                c.addressed_to_agency.name,
                _day(c.respond_by),
                c.outcome or c.answer,
                c.get_status_display(),
            )
            for c in challenges
        ),
        "There are no challenges to show.",
    )
    return bytes(pdf.output())
