"""What the subject access report holds about a person from training: their applications (with
what they wrote, decisions, charges and certificate codes), the feedback they gave, the
applications they decided as someone's line manager and the sessions they are named to train."""

from __future__ import annotations

from safeguarding.core.data_protection import subject_access_section

from .models import Application, Feedback, Session


def _when(value):
    return value.isoformat() if value else None


@subject_access_section("training")
def training(person) -> dict:
    applications = Application.objects.filter(applicant=person).select_related("session__course")
    return {
        "applications": [
            {
                "course": row.session.course.title,
                "session_starts": _when(row.session.starts_at),
                "status": row.get_status_display(),
                "reason": row.reason,
                "accessibility_needs": row.access_needs,
                "dietary_needs": row.dietary_needs,
                "applied_at": _when(row.applied_at),
                "decision_note": row.decision_note,
                "charge": str(row.charge) if row.charge is not None else None,
                "charge_reason": row.charge_reason,
                "certificate_code": row.certificate_code,
            }
            for row in applications.order_by("applied_at", "pk")
        ],
        "feedback": [
            {
                "course": row.application.session.course.title,
                "overall": row.overall,
                "outcomes_met": row.outcomes_met,
                "comments": row.comments,
                "submitted_at": _when(row.submitted_at),
            }
            for row in Feedback.objects.filter(application__applicant=person).select_related(
                "application__session__course"
            )
        ],
        "decided_as_line_manager": [
            {
                "course": row.session.course.title,
                "applicant": row.applicant.full_name,
                "status": row.get_status_display(),
                "decided_at": _when(row.decided_at),
            }
            for row in Application.objects.filter(line_manager=person)
            .exclude(decided_at__isnull=True)
            .select_related("session__course", "applicant")
        ],
        "sessions_trained": [
            {"course": row.course.title, "session_starts": _when(row.starts_at)}
            for row in Session.objects.filter(trained_by=person)
            .select_related("course")
            .order_by("starts_at", "pk")
        ],
    }
