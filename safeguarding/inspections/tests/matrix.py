"""The inspections rows of the permission matrix (tests/test_permission_matrix.py).

The world's inspection is in Preston (the CPB roles are Burnley's), announced (its notice date
has passed), not published, with a team from agencies B and C and one submitted case audit of
agency B's records. Agency A (every scoped role) serves no district, so nobody outside the
business unit may see it: 404, as for a record that does not exist.
"""

import datetime

from django.utils import timezone

from safeguarding.inspections import services
from safeguarding.inspections.models import CaseAudit
from safeguarding.organisations.models import Area, RoleAssignment
from safeguarding.organisations.tests.factories import AgencyFactory, PersonFactory

#  anonymous practitioner line_manager agency_lead cpb_chair cpb_member board_member
#  inspection_reviewer business_unit administrator
EXPECTED = {
    "inspections:programme": "auth  403  403  200  200  200  200  200  200  200",
    "inspections:trends": "auth  403  403  200  200  200  200  200  200  200",
    "inspections:trends_export": "auth  403  403  200  200  200  200  200  200  200",
    "inspections:programme_generate": "auth  403  403  403  403  403  403  403  200  200",
    "inspections:inspection_create": "auth  403  403  403  403  403  403  403  200  200",
    "inspections:template_list": "auth  403  403  403  403  403  403  403  200  200",
    "inspections:template_edit": "auth  403  403  403  403  403  403  403  200  200",
    "inspections:inspection_detail": "auth  404  404  404  404  404  404  404  200  200",
    "inspections:inspection_edit": "auth  404  404  404  404  404  404  404  200  200",
    "inspections:inspection_cancel": "auth  404  404  404  404  404  404  404  200  200",
    "inspections:team_add": "auth  404  404  404  404  404  404  404  200  200",
    "inspections:team_remove": "auth  405  405  405  405  405  405  405  405  405",
    "inspections:case_submit": "auth  404  404  404  404  404  404  404  200  200",
    "inspections:sample_draw": "auth  404  404  404  404  404  404  404  200  200",
    "inspections:audit_assign": "auth  404  404  404  404  404  404  404  200  200",
    "inspections:engagement_create": "auth  404  404  404  404  404  404  404  200  200",
    "inspections:finding_create": "auth  404  404  404  404  404  404  404  200  200",
    "inspections:finding_remove": "auth  405  405  405  405  405  405  405  405  405",
    "inspections:report": "auth  404  404  404  404  404  404  404  200  200",
    "inspections:report_pdf": "auth  404  404  404  404  404  404  404  200  200",
    "inspections:publish": "auth  404  404  404  404  404  404  404  200  200",
    "inspections:audit_detail": "auth  404  404  404  404  404  404  404  200  200",
    "inspections:audit_moderate": "auth  404  404  404  404  404  404  404  200  200",
    "inspection-list": " 403  403  403  200  200  200  200  200  200  200",
    "inspection-list+format": " 403  403  403  200  200  200  200  200  200  200",
    "inspection-detail": " 403  403  403  404  404  404  404  404  200  200",
    "inspection-detail+format": " 403  403  403  404  404  404  404  404  200  200",
    "inspection-grades": " 403  403  403  404  404  404  404  404  200  200",
    "inspection-grades+format": " 403  403  403  404  404  404  404  404  200  200",
    "inspectionaudit-list": " 403  200  200  200  200  200  200  200  200  200",
    "inspectionaudit-list+format": " 403  200  200  200  200  200  200  200  200  200",
    "inspectionaudit-detail": " 403  404  404  404  404  404  404  404  200  200",
    "inspectionaudit-detail+format": " 403  404  404  404  404  404  404  404  200  200",
}


def build_world(world) -> dict:
    bu = world["people"]["business_unit"]
    preston = Area.objects.get(kind=Area.Kind.LOCALITY, name="Preston")
    agency_b = world["agency_b"]
    agency_b.districts.add(Area.objects.get(kind=Area.Kind.DISTRICT, name="Preston"))
    agency_c = AgencyFactory(name="Agency C Children's Services", sector="childrens_services")
    reviewer_c = PersonFactory(agency=agency_c, full_name="Reviewer C")
    RoleAssignment.objects.create(person=reviewer_c, role="inspection_reviewer")
    start = timezone.localdate() - datetime.timedelta(days=1)
    inspection = services.schedule_inspection(
        bu,
        board=world["children"],
        locality=preston,
        fieldwork_start=start,
        fieldwork_end=start + datetime.timedelta(days=4),
    )
    member = services.add_team_member(bu, inspection, person=reviewer_c, is_lead=True)
    services.submit_case(bu, inspection, agency=agency_b, record_number="B-1")
    services.draw_sample(bu, inspection, size=1, seed=7)
    services.assign_audits(bu, inspection)
    audit = CaseAudit.objects.get(inspection=inspection)
    themes = list(inspection.template.themes.all())
    services.save_audit(
        reviewer_c,
        audit,
        answers={},
        theme_grades={t.pk: ("good", "Evidence on file") for t in themes},
        grade="good",
        grade_reason="Well managed",
        submit=True,
    )
    return {
        "inspection": inspection,
        "inspection_member": member,
        "inspection_audit": audit,
        "inspection_template": inspection.template,
    }


def _pk(w):
    return {"pk": w["inspection"].pk}


PAGE_KWARGS = {
    "inspections:trends_export": lambda w: {"fmt": "csv"},
    "inspections:inspection_detail": _pk,
    "inspections:inspection_edit": _pk,
    "inspections:inspection_cancel": _pk,
    "inspections:team_add": _pk,
    "inspections:team_remove": lambda w: {
        "pk": w["inspection"].pk,
        "member_pk": w["inspection_member"].pk,
    },
    "inspections:case_submit": _pk,
    "inspections:sample_draw": _pk,
    "inspections:audit_assign": _pk,
    "inspections:engagement_create": _pk,
    "inspections:finding_create": _pk,
    "inspections:finding_remove": lambda w: {"pk": w["inspection"].pk, "finding_pk": 1},
    "inspections:report": _pk,
    "inspections:report_pdf": _pk,
    "inspections:publish": _pk,
    "inspections:audit_detail": lambda w: {"pk": w["inspection_audit"].pk},
    "inspections:audit_moderate": lambda w: {"pk": w["inspection_audit"].pk},
    "inspections:template_edit": lambda w: {"pk": w["inspection_template"].pk},
}
API_OBJECTS = {
    "inspection": lambda w: w["inspection"].pk,
    "inspectionaudit": lambda w: w["inspection_audit"].pk,
}
