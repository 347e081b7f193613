"""What the subject access report holds about a person from meetings: the meetings they are a
member of, their attendance, the interests they declared and their newsflash subscriptions."""

from __future__ import annotations

from safeguarding.core.data_protection import retention_step, subject_access_section

from .models import Attendance, Declaration, Subscriber


@subject_access_section("meetings")
def meetings(person) -> dict:
    return {
        "member_of": [
            {"meeting": meeting.title, "date": meeting.date.isoformat()}
            for meeting in person.meetings.order_by("date", "pk")
        ],
        "attendance": [
            {
                "meeting": row.meeting.title,
                "date": row.meeting.date.isoformat(),
                "attendance": row.get_status_display(),
                "substitute": row.substitute,
            }
            for row in Attendance.objects.filter(person=person).select_related("meeting")
        ],
        "declarations_of_interest": [
            {
                "meeting": row.meeting.title,
                "date": row.meeting.date.isoformat(),
                "interest": row.interest,
            }
            for row in Declaration.objects.filter(person=person).select_related("meeting")
        ],
        "newsflash_subscriptions": [
            {
                "board": row.board.name,
                "confirmed_at": row.confirmed_at.isoformat() if row.confirmed_at else None,
                "unsubscribed_at": row.unsubscribed_at.isoformat() if row.unsubscribed_at else None,
            }
            for row in Subscriber.objects.filter(email__iexact=person.email).select_related("board")
        ],
    }


@retention_step
def forget_subscriptions(person, old_email) -> dict:
    """An anonymised person's newsflash subscriptions end with their address."""
    removed, _ = Subscriber.objects.filter(email__iexact=old_email).delete()
    return {"newsflash subscriptions removed": removed}
