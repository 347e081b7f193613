"""Who may see and do what with practice inspections.

- Business-unit staff of the inspection's board see and manage everything, at any time.
- The inspection is unannounced: nobody else sees it before its notice date.
- A reviewer sees only the inspections they are on, from the notice date to the end of the
  action plan (`visible_until`), and never the case records of their own agency.
- From the notice date, the safeguarding leads of the agencies serving the locality see the
  inspection (dates, criteria) and submit cases; the locality board (CPB) sees it too.
- Once the report is published, the board's members, the locality board and the agencies
  serving the locality see the report: grade distributions and findings, never case detail.
- Practitioners see nothing here.
"""

from __future__ import annotations

import rules
from django.utils import timezone

from safeguarding.core.permissions import (
    business_unit_of_board,
    cpb_area_ids,
    is_board_business_unit,
    is_superuser,
    led_agency_ids,
    member_board_ids,
)
from safeguarding.organisations.models import Role
from safeguarding.organisations.rules import is_agency_lead, is_business_unit

manages_inspection = business_unit_of_board(
    lambda inspection: inspection.board_id, "manages_inspection"
)


def in_window(inspection, today=None) -> bool:
    """Between the notice date and the end of the action plan."""
    today = today or timezone.localdate()
    if today < inspection.notice_date:
        return False
    return inspection.visible_until is None or today <= inspection.visible_until


def team_entry(user, inspection):
    """The person's place on the team (cached on the inspection for the request), or None."""
    if inspection is None or not user.is_authenticated:
        return None
    cache = inspection.__dict__.setdefault("_team_cache", {})
    if user.pk not in cache:
        cache[user.pk] = inspection.team.filter(person_id=user.pk).first()
    return cache[user.pk]


def serving_agency_ids(inspection) -> set[int]:
    cache = inspection.__dict__
    if "_serving_ids" not in cache:
        from .selectors import agencies_serving

        cache["_serving_ids"] = set(agencies_serving(inspection).values_list("pk", flat=True))
    return cache["_serving_ids"]


@rules.predicate
def on_team(user, inspection) -> bool:
    return (
        inspection is not None
        and in_window(inspection)
        and team_entry(user, inspection) is not None
    )


@rules.predicate
def leads_team(user, inspection) -> bool:
    entry = team_entry(user, inspection) if inspection is not None else None
    return entry is not None and entry.is_lead and in_window(inspection)


@rules.predicate
def sees_case_detail(user, inspection) -> bool:
    return manages_inspection(user, inspection) or on_team(user, inspection)


@rules.predicate
def leads_serving_agency(user, inspection) -> bool:
    if inspection is None or inspection.is_cancelled:
        return False
    agencies = led_agency_ids(user)
    if not agencies or timezone.localdate() < inspection.notice_date:
        return False
    return bool(agencies & serving_agency_ids(inspection))


@rules.predicate
def may_view_inspection(user, inspection) -> bool:
    if inspection is None:
        return False
    if manages_inspection(user, inspection) or on_team(user, inspection):
        return True
    if inspection.is_cancelled or timezone.localdate() < inspection.notice_date:
        return False
    if inspection.locality_id in cpb_area_ids(user):
        return True
    if inspection.published_at and inspection.board_id in member_board_ids(user):
        return True
    return leads_serving_agency(user, inspection)


@rules.predicate
def may_view_report(user, inspection) -> bool:
    if inspection is None:
        return False
    if sees_case_detail(user, inspection):
        return True
    return bool(inspection.published_at) and may_view_inspection(user, inspection)


@rules.predicate
def may_submit_cases(user, inspection) -> bool:
    if inspection is None or inspection.published_at or inspection.is_cancelled:
        return False
    return manages_inspection(user, inspection) or leads_serving_agency(user, inspection)


def _audit_inspection(audit):
    return audit.inspection if audit is not None else None


@rules.predicate
def may_view_audit(user, audit) -> bool:
    """Business unit, or a team member who is not from the agency whose records they are."""
    if audit is None:
        return False
    inspection = audit.inspection
    if manages_inspection(user, inspection):
        return True
    return on_team(user, inspection) and user.agency_id != audit.agency_id


@rules.predicate
def may_change_audit(user, audit) -> bool:
    return (
        audit is not None
        and audit.state == audit.State.IN_PROGRESS
        and audit.reviewer_id == user.pk
        and may_view_audit(user, audit)
    )


@rules.predicate
def may_moderate_audit(user, audit) -> bool:
    """Moderation is a second opinion: never by the reviewer who wrote the audit."""
    if audit is None or audit.state == audit.State.IN_PROGRESS or audit.reviewer_id == user.pk:
        return False
    inspection = audit.inspection
    if inspection.published_at:
        return False
    if manages_inspection(user, inspection):
        return True
    return leads_team(user, inspection) and user.agency_id != audit.agency_id


@rules.predicate
def is_reviewer(user) -> bool:
    return user.is_authenticated and user.has_role(Role.INSPECTION_REVIEWER)


@rules.predicate
def is_cpb(user) -> bool:
    return bool(cpb_area_ids(user))


@rules.predicate
def is_board_member(user) -> bool:
    return bool(member_board_ids(user))


rules.add_perm(
    "inspections.view_inspections",
    is_business_unit | is_reviewer | is_agency_lead | is_cpb | is_board_member | is_superuser,
)
rules.add_perm("inspections.manage_programme", is_business_unit | is_superuser)
# The object is the board of the new inspection.
rules.add_perm("inspections.add_inspection", is_board_business_unit)
rules.add_perm("inspections.view_inspection", may_view_inspection)
rules.add_perm("inspections.change_inspection", manages_inspection)
rules.add_perm("inspections.view_case_detail", sees_case_detail)
rules.add_perm("inspections.submit_cases", may_submit_cases)
rules.add_perm("inspections.record_engagement", sees_case_detail)
rules.add_perm("inspections.add_finding", manages_inspection | leads_team)
rules.add_perm("inspections.view_report", may_view_report)
rules.add_perm("inspections.view_audit", may_view_audit)
rules.add_perm("inspections.change_audit", may_change_audit)
rules.add_perm("inspections.moderate_audit", may_moderate_audit)
