"""Files made for people to keep: attendance certificates (PDF, core fonts only, so nothing
beyond fpdf2 is needed). Calendar files are in calendars.py."""

from __future__ import annotations

from django.utils import timezone
from fpdf import FPDF


def _latin1(text: str) -> str:
    """The PDF core fonts cover Latin-1 only: replace anything else readably."""
    replacements = {"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-"}
    for old, new in replacements.items():
        text = text.replace(old, new)
    return text.encode("latin-1", "replace").decode("latin-1")


def certificate_pdf(application, verify_url: str) -> bytes:
    session = application.session
    course = session.course
    pdf = FPDF(orientation="L", format="A4")
    pdf.set_title(_latin1(f"Certificate of attendance: {course.title}"))
    pdf.set_author(_latin1(course.board.name))
    pdf.add_page()
    pdf.set_line_width(1.2)
    pdf.rect(10, 10, 277, 190)
    pdf.set_font("Helvetica", "B", 28)
    pdf.ln(25)
    pdf.cell(0, 14, "Certificate of attendance", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 16)
    pdf.ln(6)
    pdf.cell(0, 10, "This is to certify that", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "B", 22)
    pdf.cell(
        0, 14, _latin1(application.applicant.full_name), align="C", new_x="LMARGIN", new_y="NEXT"
    )
    pdf.set_font("Helvetica", "", 16)
    pdf.cell(0, 10, "attended", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "B", 18)
    pdf.multi_cell(0, 10, _latin1(course.title), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 14)
    pdf.cell(
        0,
        10,
        _latin1(f"on {session.start_date:%d %B %Y} ({course.duration}), {course.board.name}"),
        align="C",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    expires = application.expires_on()
    if expires:
        pdf.cell(
            0, 8, f"Current until {expires:%d %B %Y}", align="C", new_x="LMARGIN", new_y="NEXT"
        )
    pdf.ln(12)
    pdf.set_font("Helvetica", "", 11)
    pdf.cell(
        0,
        7,
        f"Certificate code: {application.certificate_code}",
        align="C",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.cell(0, 7, _latin1(f"Check it at {verify_url}"), align="C", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def sign_in_sheet_pdf(session, applications) -> bytes:
    """A printable register: one line per confirmed person, with space to sign."""
    pdf = FPDF(orientation="P", format="A4")
    pdf.set_title(_latin1(f"Sign-in sheet: {session.course.title}"))
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 16)
    pdf.multi_cell(0, 9, _latin1(session.course.title), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 11)
    when = timezone.localtime(session.starts_at)
    pdf.cell(
        0,
        7,
        _latin1(
            f"{when:%A %d %B %Y, %H:%M}; {session.venue or 'Online'}; trainer {session.trainer}"
        ),
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.ln(4)
    pdf.set_font("Helvetica", "B", 11)
    for heading, width in (("Name", 60), ("Agency", 75), ("Signature", 55)):
        pdf.cell(width, 9, heading, border=1)
    pdf.ln()
    pdf.set_font("Helvetica", "", 10)
    for application in applications:
        agency = application.applicant.agency.name if application.applicant.agency_id else ""
        pdf.cell(60, 10, _latin1(application.applicant.full_name)[:34], border=1)
        pdf.cell(75, 10, _latin1(agency)[:44], border=1)
        pdf.cell(55, 10, "", border=1)
        pdf.ln()
    return bytes(pdf.output())
