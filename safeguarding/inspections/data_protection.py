"""What the subject access report holds about a member of staff from practice inspections:
the review teams they joined and the case audits they carried out (pseudonymous references
only: the audits hold no child's name)."""

from __future__ import annotations

from safeguarding.core.data_protection import subject_access_section

from .models import CaseAudit, TeamMember


@subject_access_section("inspection reviews")
def inspection_reviews(person) -> dict:
    teams = TeamMember.objects.filter(person=person).select_related("inspection__locality")
    audits = CaseAudit.objects.filter(reviewer=person).select_related("record__case", "agency")
    return {
        "review_teams": [
            {
                "inspection": member.inspection.code,
                "locality": member.inspection.locality.name,
                "lead_reviewer": member.is_lead,
                "added_at": member.added_at.isoformat(),
            }
            for member in teams
        ],
        "case_audits": [
            {
                "case": audit.record.case.reference,
                "agency": audit.agency.name,
                "state": audit.get_state_display(),
                "grade": audit.get_grade_display(),
            }
            for audit in audits
        ],
    }
