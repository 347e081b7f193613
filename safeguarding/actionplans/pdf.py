"""PDFs for a meeting pack, described for the core document builder: a plan's progress report
and the challenge log."""

from __future__ import annotations

from django.utils import timezone

from safeguarding.core.documents import Document
from safeguarding.core.formatting import hub_date


def _day(value) -> str:
    return hub_date(value) if value else ""


def plan_report_pdf(plan, progress: dict, actions) -> bytes:
    """The progress report: counts by status, overdue and recently completed actions, open
    challenges, then the table of actions (the `actions` iterable, with owner agency)."""
    title = f"Progress report: {plan.title}"
    doc = Document(title, board=plan.board, landscape=True)
    doc.heading(title, level=1)
    doc.paragraph(
        f"{plan.board.name}. {progress['total']} actions; "
        f"{progress['overdue_count']} overdue. Produced {_day(timezone.localdate())}."
    )
    doc.heading("Actions by status")
    doc.table(
        ["Status", "Actions"],
        [(row["label"], row["count"]) for row in progress["counts"]],
        widths=[3, 1],
        numeric=(1,),
        empty="No actions.",
    )
    doc.heading(f"Overdue actions ({progress['overdue_count']})")
    doc.table(
        ["Action", "Agency", "Due", "Status"],
        (
            (a.what, a.owner_agency.name, _day(a.due_date), a.get_status_display())
            for a in progress["overdue"]
        ),
        widths=[5, 3, 1, 1],
        empty="No actions are overdue.",
    )
    doc.heading(f"Completed in the last 30 days ({progress['recently_completed_count']})")
    doc.table(
        ["Action", "Agency", "Completed"],
        (
            (a.what, a.owner_agency.name, _day(a.last_update_at))
            for a in progress["recently_completed"]
        ),
        widths=[5, 3, 1],
        empty="No actions were completed in the last 30 days.",
    )
    doc.heading(f"Open challenges ({progress['open_challenge_count']})")
    doc.table(
        ["Question", "Action", "Asked of", "Reply by", "Status"],
        (
            (
                c.question,
                c.action.what,
                c.addressed_to_agency.name,
                _day(c.respond_by),
                c.get_status_display(),
            )
            for c in progress["open_challenges"]
        ),
        widths=[4, 3, 2, 1, 1],
        empty="There are no open challenges.",
    )
    doc.heading("All actions")
    doc.table(
        ["Action", "Agency", "Localities", "Due", "Status"],
        (
            (
                a.what,
                a.owner_agency.name,
                ", ".join(area.name for area in a.localities.all()) or "County-wide",
                _day(a.due_date),
                a.get_status_display(),
            )
            for a in actions
        ),
        widths=[5, 3, 2, 1, 1],
        empty="There are no actions in this plan that you can see.",
    )
    return doc.output()


def challenge_log_pdf(challenges, filters: list[str]) -> bytes:
    """The challenge log for a locality board's meeting, one row per challenge."""
    doc = Document("Challenge log", landscape=True)
    doc.heading("Challenge log", level=1)
    doc.paragraph(
        f"Produced {_day(timezone.localdate())}."
        + (f" Showing: {'; '.join(filters)}." if filters else " All the challenges you can see.")
    )
    doc.table(
        ["Raised", "Locality", "Question", "Action", "Asked of", "Reply by", "Answer", "Status"],
        (
            (
                _day(c.raised_at),
                c.locality.name if c.locality else "",
                c.question,
                c.action.what,
                c.addressed_to_agency.name,
                _day(c.respond_by),
                c.outcome or c.answer,
                c.get_status_display(),
            )
            for c in challenges
        ),
        widths=[2, 2, 5, 4, 3, 2, 4, 2],
        empty="There are no challenges to show.",
    )
    return doc.output()
