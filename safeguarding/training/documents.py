"""Files made for people to keep: attendance certificates and sign-in sheets (PDFs from the
core document builder). Calendar files are in calendars.py."""

from __future__ import annotations

from safeguarding.core.documents import Document
from safeguarding.core.formatting import hub_date, hub_datetime


def certificate_pdf(application, verify_url: str) -> bytes:
    session = application.session
    course = session.course
    doc = Document(
        f"Certificate of attendance: {course.title}",
        board=course.board,
        landscape=True,
        header=False,
    )
    doc.frame()
    doc.space(25)
    for text, size, bold in (
        ("Certificate of attendance", 28, True),
        ("This is to certify that", 16, False),
        (application.applicant.full_name, 22, True),
        ("attended", 16, False),
        (course.title, 18, True),
        (f"on {hub_date(session.start_date)} ({course.duration}), {course.board.name}", 14, False),
    ):
        doc.paragraph(text, size=size, bold=bold, centre=True)
        doc.space(2)
    expires = application.expires_on()
    if expires:
        doc.paragraph(f"Current until {hub_date(expires)}", size=14, centre=True)
    doc.space(10)
    doc.paragraph(f"Certificate code: {application.certificate_code}", size=11, centre=True)
    doc.paragraph(f"Check it at {verify_url}", size=11, centre=True)
    return doc.output()


def sign_in_sheet_pdf(session, applications) -> bytes:
    """A printable register: one row per confirmed person, with room to sign."""
    title = f"Sign-in sheet: {session.course.title}"
    doc = Document(title, board=session.course.board)
    doc.heading(session.course.title, level=1)
    doc.paragraph(
        f"{hub_datetime(session.starts_at, weekday=True)}; {session.venue or 'Online'}; "
        f"trainer {session.trainer}",
        size=11,
    )
    doc.table(
        ["Name", "Agency", "Signature"],
        (
            (
                application.applicant.full_name,
                application.applicant.agency.name if application.applicant.agency_id else "",
                "",
            )
            for application in applications
        ),
        widths=[3, 4, 3],
        row_height=12,
        empty="Nobody has a confirmed place yet.",
    )
    return doc.output()
