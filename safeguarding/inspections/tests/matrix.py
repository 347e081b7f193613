"""The inspections rows of the permission matrix (tests/test_permission_matrix.py).

The world's inspection is in Preston (the CPB roles are Burnley's), announced (its notice date
has passed), not published, with a team from agencies B and C and one submitted case audit of
agency B's records. Agency A (every scoped role) serves no district, so nobody outside the
business unit may see it: 404, as for a record that does not exist.
"""

import datetime

from django.utils import timezone

from safeguarding.core.workdays import (
    add_working_days,
    working_day_on_or_after,
    working_day_on_or_before,
)
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
    # A reviewer's submitted audit: the business unit may not change it; the administrator, a
    # superuser, may today.
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
    "inspectiontemplate-list": " 403  403  403  403  403  403  403  403  200  200",
    "inspectiontemplate-list+format": " 403  403  403  403  403  403  403  403  200  200",
    "inspectiontemplate-detail": " 403  403  403  403  403  403  403  403  200  200",
    "inspectiontemplate-detail+format": " 403  403  403  403  403  403  403  403  200  200",
    "inspectiontemplate-new-version": " 403  403  403  403  403  403  403  403  405  405",
    "inspectiontemplate-new-version+format": " 403  403  403  403  403  403  403  403  405  405",
}
# The API's writes on an inspection take a POST (or a DELETE) only; a GET is first asked the
# programme's read permission.
for _route in (
    "inspection-generate",
    "inspection-cancel",
    "inspection-team",
    "inspection-member",
    "inspection-cases",
    "inspection-sample",
    "inspection-assign-audit",
    "inspection-assign-audits",
    "inspection-engagements",
    "inspection-findings",
    "inspection-finding",
    "inspection-publish",
):
    EXPECTED[_route] = EXPECTED[f"{_route}+format"] = (
        " 403  403  403  405  405  405  405  405  405  405"
    )
for _route in ("inspectionaudit-submit", "inspectionaudit-moderate"):
    EXPECTED[_route] = EXPECTED[f"{_route}+format"] = (
        " 403  405  405  405  405  405  405  405  405  405"
    )


def build_world(world) -> dict:
    bu = world["people"]["business_unit"]
    preston = Area.objects.get(kind=Area.Kind.LOCALITY, name="Preston")
    agency_b = world["agency_b"]
    agency_b.districts.add(Area.objects.get(kind=Area.Kind.DISTRICT, name="Preston"))
    agency_c = AgencyFactory(name="Agency C Children's Services", sector="childrens_services")
    reviewer_c = PersonFactory(agency=agency_c, full_name="Reviewer C")
    RoleAssignment.objects.create(person=reviewer_c, role="inspection_reviewer")
    # In fieldwork today, whatever day the suite runs: from the last working day before today.
    start = working_day_on_or_before(timezone.localdate() - datetime.timedelta(days=1))
    inspection = services.schedule_inspection(
        bu,
        board=world["children"],
        locality=preston,
        fieldwork_start=start,
        fieldwork_end=add_working_days(start, 4),
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
    finding = services.add_finding(
        bu, inspection, kind="good_practice", text="Chronologies were kept up to date"
    )
    return {
        "inspection": inspection,
        "inspection_finding": finding,
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
    "inspections:finding_remove": lambda w: {
        "pk": w["inspection"].pk,
        "finding_pk": w["inspection_finding"].pk,
    },
    "inspections:report": _pk,
    "inspections:report_pdf": _pk,
    "inspections:publish": _pk,
    # A reviewer's submitted audit: the business unit may not change it; the administrator, a
    # superuser, may today.
    "inspections:audit_detail": lambda w: {"pk": w["inspection_audit"].pk},
    "inspections:audit_moderate": lambda w: {"pk": w["inspection_audit"].pk},
    "inspections:template_edit": lambda w: {"pk": w["inspection_template"].pk},
}
for _format in ("", "+format"):
    PAGE_KWARGS[f"inspection-member{_format}"] = lambda w: {
        "pk": w["inspection"].pk,
        "member_pk": w["inspection_member"].pk,
    }
    PAGE_KWARGS[f"inspection-finding{_format}"] = lambda w: {
        "pk": w["inspection"].pk,
        "finding_pk": w["inspection_finding"].pk,
    }
API_OBJECTS = {
    "inspection": lambda w: w["inspection"].pk,
    "inspectionaudit": lambda w: w["inspection_audit"].pk,
    "inspectiontemplate": lambda w: w["inspection_template"].pk,
}


def _day(days):
    return (timezone.localdate() + datetime.timedelta(days=days)).strftime("%d/%m/%Y")


def _fieldwork(days, iso=False):
    """Five working days of fieldwork from the working day on or after `days` from today, as
    a form (dd/mm/yyyy) or the API (ISO) writes them."""
    start = working_day_on_or_after(timezone.localdate() + datetime.timedelta(days=days))
    end = add_working_days(start, 4)
    if iso:
        return {"fieldwork_start": start.isoformat(), "fieldwork_end": end.isoformat()}
    return {
        "fieldwork_start": start.strftime("%d/%m/%Y"),
        "fieldwork_end": end.strftime("%d/%m/%Y"),
    }


def _schedule(w):
    locality = Area.objects.get(kind=Area.Kind.LOCALITY, name="Burnley and Pendle")
    return {
        "locality": locality.pk,
        **_fieldwork(100),
        "board": w["children"].pk,
    }


def _audit(w):
    audit = w["inspection_audit"]
    themes = audit.inspection.template.themes.all()
    return {
        "grade": "good",
        "grade_reason": "Well managed",
        **{f"theme_{t.pk}": "good" for t in themes},
        **{f"reason_{t.pk}": "Evidence on file" for t in themes},
    }


def _iso_day(days):
    return (timezone.localdate() + datetime.timedelta(days=days)).isoformat()


def _api_audit(w):
    themes = w["inspection_audit"].inspection.template.themes.all()
    return {
        "grade": "good",
        "grade_reason": "Well managed",
        "theme_grades": [
            {"theme": t.pk, "grade": "good", "reason": "Evidence on file"} for t in themes
        ],
    }


def _api_moderation(w):
    themes = w["inspection_audit"].inspection.template.themes.all()
    return {
        "final_grade": "requires_improvement",
        "note": "Agreed with the reviewer",
        "theme_grades": [{"theme": t.pk, "final_grade": "good"} for t in themes],
    }


def _moderation(w):
    themes = w["inspection_audit"].inspection.template.themes.all()
    return {
        "final_grade": "requires_improvement",
        "note": "Agreed with the reviewer",
        **{f"final_{t.pk}": "good" for t in themes},
    }


# Rows of tests/test_write_matrix.py: only the business unit (and the administrator) manage the
# world's inspection, which agency A's roles do not see (404).
# anonymous practitioner line_manager agency_lead cpb_chair cpb_member board_member
# inspection_reviewer business_unit administrator
PAGE_BU = "auth  403  403  403  403  403  403  403 done done"
PAGE_HIDDEN = "auth  404  404  404  404  404  404  404 done done"
# Writes the world's inspection is past (its sample is drawn, its audits assigned and started,
# its lead reviewer has an audit): refused with a message on the form (200) or the page (302).
REFUSED_BY_STATE = "auth  404  404  404  404  404  404  404  200  200"
REFUSED_BY_STATE_302 = "auth  404  404  404  404  404  404  404  302  302"
API_BU = "  403   403   403   403   403   403   403   403  done  done"
API_HIDDEN = "  403   404   404   404   404   404   404   404  done  done"
API_REFUSED_BY_STATE = "  403   404   404   404   404   404   404   404   400   400"
WRITES = {
    "inspections:programme_generate": (
        "post",
        lambda w: {"year": str(timezone.localdate().year + 1)},
        PAGE_BU,
    ),
    "inspections:inspection_create": ("post", _schedule, PAGE_BU),
    "inspections:template_edit": (
        "post",
        lambda w: {
            "text": "## Early help\nWas help offered early?\n## Voice\nWas the child heard?"
        },
        PAGE_BU,
    ),
    "inspections:inspection_edit": (
        "post",
        lambda w: _fieldwork(20),
        PAGE_HIDDEN,
    ),
    "inspections:inspection_cancel": (
        "post",
        lambda w: {"reason": "Locality reorganised"},
        PAGE_HIDDEN,
    ),
    "inspections:team_add": (
        "post",
        lambda w: {"person": w["people"]["inspection_reviewer"].pk},
        PAGE_HIDDEN,
    ),
    "inspections:team_remove": ("post", None, REFUSED_BY_STATE_302),
    "inspections:case_submit": (
        "post",
        lambda w: {"agency": w["agency_b"].pk, "record_number": "B-2"},
        REFUSED_BY_STATE,
    ),
    "inspections:sample_draw": ("post", lambda w: {"size": "1", "seed": "3"}, REFUSED_BY_STATE),
    "inspections:audit_assign": ("post", lambda w: {"automatic": "1"}, REFUSED_BY_STATE_302),
    "inspections:engagement_create": (
        "post",
        lambda w: {
            "kind": "interview",
            "agency": w["agency_b"].pk,
            "practitioner_role": "Social worker",
            "date": _day(0),
            "observations": "Knew the family's history well",
        },
        PAGE_HIDDEN,
    ),
    "inspections:finding_create": (
        "post",
        lambda w: {
            "kind": "improvement",
            "text": "Record the reason for closing a case",
            "agency": w["agency_b"].pk,
        },
        PAGE_HIDDEN,
    ),
    "inspections:finding_remove": ("post", None, PAGE_HIDDEN),
    "inspections:publish": (
        "post",
        lambda w: {"summary": "Sound practice", "plan_end": _day(300)},
        PAGE_HIDDEN,
    ),
    # A reviewer's submitted audit: the business unit may not change it; the administrator, a
    # superuser, may today.
    # Only the reviewer it is assigned to writes an audit (nobody in the world's roles); a
    # superuser does not write it in their name.
    "inspections:audit_detail": (
        "post",
        _audit,
        " auth   404   404   404   404   404   404   404   403   403",
    ),
    "inspections:audit_moderate": ("post", _moderation, PAGE_HIDDEN),
    "inspection-list": (
        "post",
        lambda w: {**_schedule(w), **_fieldwork(100, iso=True)},
        "  403   403   403   403   403   403   403   403  done  done",
    ),
    "inspection-generate": (
        "post",
        lambda w: {"board": w["children"].pk, "year": timezone.localdate().year + 1},
        API_BU,
    ),
    "inspection-detail patch": (
        "patch",
        lambda w: _fieldwork(20, iso=True),
        API_HIDDEN,
    ),
    "inspection-cancel": ("post", lambda w: {"reason": "Locality reorganised"}, API_HIDDEN),
    "inspection-team": (
        "post",
        lambda w: {"person": w["people"]["inspection_reviewer"].pk},
        API_HIDDEN,
    ),
    # As on the pages, the world's inspection is past these steps: refused, naming the field.
    "inspection-member": ("delete", None, API_REFUSED_BY_STATE),
    "inspection-cases": (
        "post",
        lambda w: {"agency": w["agency_b"].pk, "record_number": "B-2"},
        API_REFUSED_BY_STATE,
    ),
    "inspection-sample": ("post", lambda w: {"size": 1, "seed": 3}, API_REFUSED_BY_STATE),
    "inspection-assign-audit": (
        "post",
        lambda w: {
            "record": w["inspection_audit"].record_id,
            "reviewer": w["inspection_audit"].reviewer_id,
        },
        API_REFUSED_BY_STATE,
    ),
    # Every sampled record has its audit: nothing left to assign.
    "inspection-assign-audits": (
        "post",
        None,
        "  403   404   404   404   404   404   404   404   200   200",
    ),
    "inspection-engagements": (
        "post",
        lambda w: {
            "kind": "interview",
            "agency": w["agency_b"].pk,
            "practitioner_role": "Social worker",
            "date": _iso_day(0),
            "observations": "Knew the family's history well",
        },
        API_HIDDEN,
    ),
    "inspection-findings": (
        "post",
        lambda w: {
            "kind": "improvement",
            "text": "Record the reason for closing a case",
            "agency": w["agency_b"].pk,
        },
        API_HIDDEN,
    ),
    "inspection-finding": ("delete", None, API_HIDDEN),
    "inspection-publish": (
        "post",
        lambda w: {"summary": "Sound practice", "plan_end": _iso_day(300)},
        API_HIDDEN,
    ),
    # Only the reviewer it is assigned to writes an audit (nobody in the world's roles).
    "inspectionaudit-detail patch": (
        "patch",
        _api_audit,
        "  403   404   404   404   404   404   404   404   403   403",
    ),
    "inspectionaudit-submit": (
        "post",
        _api_audit,
        "  403   404   404   404   404   404   404   404   403   403",
    ),
    "inspectionaudit-moderate": ("post", _api_moderation, API_HIDDEN),
    "inspectiontemplate-new-version": (
        "post",
        lambda w: {
            "text": "## Early help\nWas help offered early?\n## Voice\nWas the child heard?"
        },
        API_BU,
    ),
}

# Pages that answer a POST as they answer a GET; the write matrix checks it changes nothing.
READ_ONLY = {
    "inspections:inspection_detail",
    "inspections:programme",
    "inspections:report",
    "inspections:report_pdf",
    "inspections:template_list",
    "inspections:trends",
    "inspections:trends_export",
}

# tests/test_api_parity.py: each page write's API twin.
API_TWINS = {
    "inspections:programme_generate": "inspection-generate",
    "inspections:inspection_create": "inspection-list",
    "inspections:template_edit": "inspectiontemplate-new-version",
    "inspections:inspection_edit": "inspection-detail",
    "inspections:inspection_cancel": "inspection-cancel",
    "inspections:team_add": "inspection-team",
    "inspections:team_remove": "inspection-member",
    "inspections:case_submit": "inspection-cases",
    "inspections:sample_draw": "inspection-sample",
    # The page assigns one record, or shares them all out ("automatic").
    "inspections:audit_assign": ("inspection-assign-audit", "inspection-assign-audits"),
    "inspections:engagement_create": "inspection-engagements",
    "inspections:finding_create": "inspection-findings",
    "inspections:finding_remove": "inspection-finding",
    "inspections:publish": "inspection-publish",
    # The page saves the audit, or saves and submits it.
    "inspections:audit_detail": ("inspectionaudit-detail", "inspectionaudit-submit"),
    "inspections:audit_moderate": "inspectionaudit-moderate",
}
