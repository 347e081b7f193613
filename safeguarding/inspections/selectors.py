"""Reads shared by the pages, the API, the sweep and the home page. Lists start from
`inspections_visible_to(user)`; case detail from `audits_visible_to(user)`."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Count, F, Max, Q, QuerySet, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils import timezone

from safeguarding.core.models import AuditEvent
from safeguarding.core.permissions import (
    bu_board_ids,
    cpb_area_ids,
    led_agency_ids,
    member_board_ids,
)
from safeguarding.organisations.models import Agency, Area, Person, Role

from .models import CaseAudit, Finding, Grade, Inspection, TeamMember, ThemeGrade

GRADES = list(Grade)


def agencies_serving(inspection) -> QuerySet[Agency]:
    """Active agencies serving any district the inspection's locality covers."""
    districts = Area.objects.filter(localities=inspection.locality_id).values("pk")
    return Agency.objects.filter(
        is_active=True, pk__in=Agency.objects.filter(districts__in=districts).values("pk")
    ).order_by("name")


def localities_for(board) -> list[Area]:
    areas = list(Area.objects.filter(kind=Area.Kind.LOCALITY, boards=board).order_by("name"))
    return areas or list(Area.objects.filter(kind=Area.Kind.LOCALITY).order_by("name"))


def _window(prefix: str = "", today=None) -> Q:
    today = today or timezone.localdate()
    return Q(**{f"{prefix}notice_date__lte": today}) & (
        Q(**{f"{prefix}visible_until__isnull": True}) | Q(**{f"{prefix}visible_until__gte": today})
    )


def team_inspection_ids(user, today=None) -> QuerySet:
    return Inspection.objects.filter(_window(today=today), team__person_id=user.pk).values("pk")


def inspections_visible_to(user, today=None) -> QuerySet[Inspection]:
    if not user.is_authenticated:
        return Inspection.objects.none()
    if user.is_superuser:
        return Inspection.objects.all()
    today = today or timezone.localdate()
    condition = Q(pk__in=team_inspection_ids(user, today))
    boards = bu_board_ids(user)
    if boards:
        condition |= Q(board_id__in=sorted(boards))
    announced = Q(notice_date__lte=today) & ~Q(status=Inspection.Status.CANCELLED)
    areas = cpb_area_ids(user)
    if areas:
        condition |= announced & Q(locality_id__in=sorted(areas))
    members = member_board_ids(user)
    if members:
        condition |= announced & Q(published_at__isnull=False, board_id__in=sorted(members))
    agencies = led_agency_ids(user)
    if agencies:
        served = Area.objects.filter(
            kind=Area.Kind.LOCALITY,
            districts__in=Area.objects.filter(agencies__in=sorted(agencies)).values("pk"),
        ).values("pk")
        condition |= announced & Q(locality_id__in=served)
    return Inspection.objects.filter(condition)


def inspection_rows(user, today=None) -> QuerySet[Inspection]:
    return inspections_visible_to(user, today).select_related("board", "locality", "template")


def audits_visible_to(user, today=None) -> QuerySet[CaseAudit]:
    """Case audits: the business unit's board, or a team member's inspections in their window,
    never the records of the reviewer's own agency."""
    if not user.is_authenticated:
        return CaseAudit.objects.none()
    if user.is_superuser:
        return CaseAudit.objects.all()
    condition = Q(inspection_id__in=team_inspection_ids(user, today))
    if user.agency_id is not None:
        condition &= ~Q(agency_id=user.agency_id)
    boards = bu_board_ids(user)
    if boards:
        condition |= Q(inspection__board_id__in=sorted(boards))
    return CaseAudit.objects.filter(condition)


def audit_rows(user, today=None) -> QuerySet[CaseAudit]:
    return audits_visible_to(user, today).select_related(
        "inspection", "inspection__locality", "record", "record__case", "agency", "reviewer"
    )


def team_of(inspection) -> list[TeamMember]:
    return list(inspection.team.select_related("person", "person__agency"))


def missing_sectors(inspection, team=None) -> list[str]:
    """The sectors of the agencies serving the locality with nobody on the team from them."""
    team = team_of(inspection) if team is None else team
    on_team = {m.person.agency.sector for m in team if m.person.agency_id}
    wanted = {"police", "health", "childrens_services", "education"}
    labels = dict(Agency.Sector.choices)
    return [labels[s] for s in sorted(wanted - on_team)]


def agency_leads(agency_id: int) -> list[Person]:
    return list(
        Person.objects.filter(
            is_active=True, roles__role=Role.AGENCY_LEAD, roles__agency_id=agency_id
        ).distinct()
    )


def audit_views(inspection, limit: int = 200) -> list[AuditEvent]:
    """Who viewed which case audit of the inspection, newest first."""
    ids = [str(pk) for pk in inspection.audits.values_list("pk", flat=True)]
    # "viewed": the verb before verbs were declared; the trail is append-only, so old rows keep it.
    verbs = ["case audit viewed", "viewed"]
    return list(
        AuditEvent.objects.filter(
            target_type="inspections.caseaudit", target_id__in=ids, verb__in=verbs
        ).order_by("-pk")[:limit]
    )


# --- Grade figures ---------------------------------------------------------------------------

AGREED = Coalesce(NullIf(F("final_grade"), Value("")), F("grade"))
GRADE_INDEX = {grade.value: index for index, grade in enumerate(GRADES)}


def _rows(counts: dict[str, list[int]]) -> list[dict]:
    return [
        {"label": label, "counts": list(values), "total": sum(values)}
        for label, values in sorted(counts.items())
    ]


def _tally(rows) -> dict[str, list[int]]:
    """(label, grade, n) rows -> {label: [n per grade, best first]}."""
    counts: dict[str, list[int]] = defaultdict(lambda: [0] * len(GRADES))
    for label, grade, n in rows:
        if grade in GRADE_INDEX:
            counts[label][GRADE_INDEX[grade]] += n
    return counts


def grade_summary(inspection_id: int) -> dict:
    """Counts of agreed grades (the reviewer's until moderated) by theme and by agency, counted
    by the database."""
    themes = (
        ThemeGrade.objects.filter(audit__inspection_id=inspection_id)
        .annotate(agreed=AGREED)
        .values_list("theme__title", "agreed")
        .annotate(n=Count("pk"))
        .order_by()
    )
    agencies = (
        CaseAudit.objects.filter(inspection_id=inspection_id)
        .annotate(agreed=AGREED)
        .values_list("agency__name", "agreed")
        .annotate(n=Count("pk"))
        .order_by()
    )
    by_agency = _tally(agencies)
    overall = [sum(values[i] for values in by_agency.values()) for i in range(len(GRADES))]
    return {
        "by_theme": dict(_tally(themes)),
        "by_agency": dict(by_agency),
        "overall": overall,
        "audits": CaseAudit.objects.filter(inspection_id=inspection_id).count(),
    }


def grade_distributions(inspection) -> dict:
    """The report's figures: kept on the inspection once published, else counted now."""
    summary = inspection.grade_summary or grade_summary(inspection.pk)
    return {
        "by_theme": _rows(summary["by_theme"]),
        "by_agency": _rows(summary["by_agency"]),
        "overall": [
            {"grade": grade, "count": count}
            for grade, count in zip(GRADES, summary["overall"], strict=True)
        ],
        "audits": summary["audits"],
    }


def trends(inspections) -> dict:
    """Grades by inspection (locality and date), agency and theme by year, from the summaries
    kept on published inspections."""
    by_inspection: dict[str, list[int]] = {}
    by_agency: dict[str, list[int]] = defaultdict(lambda: [0] * len(GRADES))
    by_theme: dict[str, list[int]] = defaultdict(lambda: [0] * len(GRADES))
    for inspection in inspections:
        summary = inspection.grade_summary or grade_summary(inspection.pk)
        label = f"{inspection.locality.name}, {inspection.fieldwork_start:%B %Y}"
        by_inspection[label] = summary["overall"]
        for agency, counts in summary["by_agency"].items():
            by_agency[agency] = [a + b for a, b in zip(by_agency[agency], counts, strict=True)]
        for theme, counts in summary["by_theme"].items():
            key = f"{theme} ({inspection.fieldwork_start.year})"
            by_theme[key] = [a + b for a, b in zip(by_theme[key], counts, strict=True)]
    return {
        "by_locality": [
            {"label": label, "counts": counts, "total": sum(counts)}
            for label, counts in by_inspection.items()
        ],
        "by_agency": _rows(by_agency),
        "by_theme": _rows(by_theme),
    }


def agreed_grades_by_agency(board_id: int, agency_ids) -> dict[int, dict]:
    """For triangulation (returns): each agency's agreed case-audit grades on the board's
    published inspections, as {agency id: {"counts": {grade: n}, "latest": date}}. One grouped
    query, whatever the number of agencies."""
    rows = (
        CaseAudit.objects.filter(
            inspection__board_id=board_id,
            inspection__status=Inspection.Status.REPORTED,
            agency_id__in=list(agency_ids),
        )
        .exclude(state=CaseAudit.State.IN_PROGRESS)
        .annotate(agreed=AGREED)
        .exclude(agreed="")
        .values_list("agency_id", "agreed")
        .annotate(n=Count("pk"), latest=Max("inspection__fieldwork_start"))
        .order_by()
    )
    result: dict[int, dict] = {}
    for agency_id, grade, n, latest in rows:
        entry = result.setdefault(agency_id, {"counts": {}, "latest": latest})
        entry["counts"][grade] = n
        entry["latest"] = max(entry["latest"], latest)
    return result


def improvement_findings_by_agency(board_id: int, agency_ids) -> dict[int, list[Finding]]:
    """The areas for improvement the board's published inspections found for each agency."""
    findings = (
        Finding.objects.filter(
            inspection__board_id=board_id,
            inspection__status=Inspection.Status.REPORTED,
            kind=Finding.Kind.IMPROVEMENT,
            agency_id__in=list(agency_ids),
        )
        .select_related("inspection__locality")
        .order_by("inspection__fieldwork_start", "pk")
    )
    result: dict[int, list[Finding]] = defaultdict(list)
    for finding in findings:
        result[finding.agency_id].append(finding)
    return dict(result)
