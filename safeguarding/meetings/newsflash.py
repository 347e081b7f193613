"""Drafting and rendering the newsflash: the Markdown drafted from a meeting, its sanitised HTML,
a plain-text version for e-mail and a PDF (the core document builder)."""

from __future__ import annotations

import re

import markdown
import nh3

from safeguarding.core.documents import Document
from safeguarding.core.formatting import hub_date

from .models import Meeting

ALLOWED_TAGS = {
    "h2",
    "h3",
    "h4",
    "p",
    "br",
    "ul",
    "ol",
    "li",
    "strong",
    "em",
    "a",
    "blockquote",
    "hr",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}


def ordinal(day: int) -> str:
    if 11 <= day % 100 <= 13:
        return f"{day}th"
    return f"{day}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(day % 10, 'th') }"


def long_date(value) -> str:
    """'27th April 2015', as the board's summaries write it."""
    return f"{ordinal(value.day)} {value:%B %Y}"


def summary_title(meeting: Meeting) -> str:
    name = meeting.board.short_name
    if meeting.kind == Meeting.Kind.EXECUTIVE:
        name += " Executive"
    elif meeting.kind not in (Meeting.Kind.BOARD, Meeting.Kind.THEMATIC):
        name = meeting.title
    return f"Summary from {name} held on {hub_date(meeting.date, weekday=True)}"


def next_meetings(meeting: Meeting) -> list[str]:
    """'Next LSCB Executive Meeting: 27th April 2015' and 'Next LSCB: 8th May 2015'."""
    later = Meeting.objects.filter(board_id=meeting.board_id, date__gt=meeting.date).order_by(
        "date", "start_time"
    )
    short = meeting.board.short_name
    lines = []
    executive = later.filter(kind=Meeting.Kind.EXECUTIVE).first()
    if executive:
        lines.append(f"Next {short} Executive Meeting: {long_date(executive.date)}")
    board = later.filter(kind__in=[Meeting.Kind.BOARD, Meeting.Kind.THEMATIC]).first()
    if board:
        lines.append(f"Next {short}: {long_date(board.date)}")
    return lines


def contact_line(board) -> str:
    parts = [line.strip() for line in board.address.splitlines() if line.strip()]
    if board.phone:
        parts.append(board.phone)
    if board.email:
        parts.append(board.email)
    return ", ".join(parts)


def build_body(meeting: Meeting) -> str:
    """Markdown: a section per item marked for the summary (its heading and what was agreed, or
    the discussion where nothing was decided), the next meetings, and the contact details."""
    blocks = []
    for item in meeting.items.filter(include_in_summary=True).order_by("order", "pk"):
        text = item.decision.strip() or item.discussion.strip()
        blocks.append(f"## {item.title}")
        if text:
            blocks.append(text)
    blocks.extend(next_meetings(meeting))
    contact = contact_line(meeting.board)
    if contact:
        blocks.append("## Contact us")
        blocks.append(
            f"For more about the {meeting.board.short_name} or this summary, contact us: {contact}."
        )
    return "\n\n".join(blocks) + "\n"


def render_html(body: str) -> str:
    """Safe HTML: Markdown rendered, then every tag and attribute outside the list removed."""
    html = markdown.markdown(body, output_format="html")
    # A top-level heading would compete with the page's own; it becomes a second-level one.
    html = re.sub(r"<(/?)h1>", r"<\1h2>", html)
    return nh3.clean(html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES)


LINK = re.compile(r"\[([^\]]*)\]\(([^)]*)\)")
EMPHASIS = re.compile(r"(\*\*|__|\*|_)(\S.*?\S|\S)\1")


def plain_text(body: str) -> str:
    """The Markdown as readable plain text: headings in capitals' place kept as lines, links
    written out, emphasis marks dropped."""
    lines = []
    for line in body.splitlines():
        line = LINK.sub(lambda m: f"{m.group(1)} ({m.group(2)})", line)
        line = EMPHASIS.sub(r"\2", line)
        lines.append(line.lstrip("#").strip() if line.startswith("#") else line)
    return "\n".join(lines).strip() + "\n"


def render_pdf(newsflash) -> bytes:
    doc = Document(newsflash.title, board=newsflash.board)
    doc.heading(newsflash.title, level=1)
    if newsflash.published_at:
        doc.paragraph(f"Published {hub_date(newsflash.published_at)}")
    else:
        doc.paragraph("Draft: not published yet")
    for block in re.split(r"\n\s*\n", plain_text_blocks(newsflash.body)):
        block = block.strip()
        if block.startswith("#"):
            doc.heading(block.lstrip("#").strip())
        elif block:
            doc.paragraph(block, size=11)
    return doc.output()


def plain_text_blocks(body: str) -> str:
    """Like plain_text, but keeps the heading marks so the PDF can set them in bold."""
    out = []
    for line in body.splitlines():
        line = LINK.sub(lambda m: f"{m.group(1)} ({m.group(2)})", line)
        out.append(EMPHASIS.sub(r"\2", line))
    return "\n".join(out)
