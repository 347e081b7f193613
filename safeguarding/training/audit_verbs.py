"""The verbs training writes to the audit trail."""

from .models import STATUS_VERBS

__all__ = ["AUDIT_VERBS", "STATUS_VERBS"]

AUDIT_VERBS = {
    "course created": "A new course in the catalogue",
    "course changed": "A course's details changed",
    "course taken off the public pages": "A course hidden from the public catalogue",
    "course put back on the public pages": "A course shown in the public catalogue again",
    "session added": "A new session of a course",
    "session changed": "A session's date, place or trainer changed",
    "session cancelled": "A session cancelled",
    "application made": "A practitioner applied for a place",
    "application sent for approval": "An application sent to the line manager to approve",
    "application declined": "An application declined",
    "application put on the waiting list": "An application put on a session's waiting list",
    "place offered": "A freed place offered from the waiting list",
    "place confirmed": "A place on a session confirmed",
    "application cancelled": "An application or place cancelled",
    "late cancellation charged": "A charge for a place cancelled late",
    "attendance marked": "A person marked as attending on the register",
    "absence marked": "A person marked as absent on the register",
    "offer expired": "An offered place not taken up in time",
    "feedback given": "Feedback on a session",
    "application viewed": "An application's page opened",
}
