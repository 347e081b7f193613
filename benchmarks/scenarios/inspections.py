"""Practice inspections at county scale (issue 6): at 1x, 30 inspections (three a year from
2015, visiting the five locality boards in turn) with 3,000 case audits between them, each graded
on the four themes of the audit template (12,000 theme grades). Every inspection but the last
two is published, so its grade summary is kept and the trends page reads one row per
inspection. At 10x the county still has 30 inspections, each ten times bigger (30,000 audits).

Loaded, as the business unit: the trends page, the programme and the report of the biggest
published inspection.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from safeguarding.core.workdays import add_working_days, working_day_on_or_after

BATCH = 2000
SEED = 20141013
INSPECTIONS = 30
AUDITS_1X = 3_000
UNPUBLISHED = 2
FIRST_YEAR = 2015
MONTHS = [(0, 6), (0, 10), (1, 2)]
GRADE_WEIGHTS = [1, 5, 3, 1]  # outstanding, good, requires improvement, inadequate


def _latest_report() -> str:
    from safeguarding.inspections.models import Inspection

    inspection = (
        Inspection.objects.filter(published_at__isnull=False)
        .order_by("-fieldwork_start", "-pk")
        .first()
    )
    if inspection is None:
        raise LookupError("no published benchmark inspection: was the data set generated?")
    return f"/inspections/{inspection.pk}/report/"


PAGES = [
    ("Inspections: trends", "/inspections/trends/", "unit"),
    ("Inspections: programme", "/inspections/", "unit"),
    ("Inspections: latest report", _latest_report, "unit"),
]


def _aware(day: date, hour: int = 10):
    from django.utils import timezone

    return timezone.make_aware(datetime.combine(day, time(hour)))


def _fieldwork(number: int) -> date:
    offset, month = MONTHS[number % 3]
    first = date(FIRST_YEAR + number // 3 + offset, month, 1)
    return working_day_on_or_after(first + timedelta(days=(7 - first.weekday()) % 7 + 7))


def generate(scale: int) -> dict[str, int]:
    from django.db import transaction

    from safeguarding.inspections.models import (
        Case,
        CaseAudit,
        CaseRecord,
        Grade,
        Inspection,
        TeamMember,
        ThemeGrade,
    )
    from safeguarding.inspections.selectors import grade_summary
    from safeguarding.inspections.services import default_template
    from safeguarding.organisations.models import Agency, Area, Board, Person, Role

    rng = random.Random(SEED)
    board = Board.objects.get(slug="children")
    localities = list(Area.objects.filter(kind=Area.Kind.LOCALITY).order_by("name"))
    serving = {
        area.pk: list(
            Agency.objects.filter(districts__localities=area)
            .distinct()
            .values_list("pk", flat=True)
        )
        for area in localities
    }
    reviewers = list(
        Person.objects.filter(roles__role=Role.INSPECTION_REVIEWER, agency__isnull=False)
        .distinct()
        .values_list("pk", "agency_id")
    )
    grades = Grade.values
    per_inspection = AUDITS_1X * scale // INSPECTIONS
    counts = {"inspections": 0, "case audits": 0, "theme grades": 0}

    with transaction.atomic():
        template = default_template()
        themes = list(template.themes.values_list("pk", flat=True))
        inspections = []
        for number in range(INSPECTIONS):
            locality = localities[number % len(localities)]
            start = _fieldwork(number)
            published = number < INSPECTIONS - UNPUBLISHED
            inspections.append(
                Inspection(
                    board=board,
                    locality=locality,
                    code=f"MASPI-{start.year}-{locality.name[:1]}-{number}",
                    fieldwork_start=start,
                    fieldwork_end=add_working_days(start, 4),
                    notice_date=Inspection.notice_for(start),
                    status="reported" if published else "planned",
                    criteria="Children at risk of exploitation or missing from home",
                    template=template,
                    sample_size=per_inspection,
                    sample_seed=number,
                    sampled_at=_aware(start - timedelta(days=3)),
                    summary="Benchmark inspection." if published else "",
                    published_at=_aware(start + timedelta(days=90)) if published else None,
                    visible_until=start + timedelta(days=450) if published else None,
                    case_counter=per_inspection,
                )
            )
        Inspection.objects.bulk_create(inspections, batch_size=BATCH)
        counts["inspections"] = len(inspections)
        members = []
        for inspection in inspections:
            chosen = rng.sample(reviewers, min(4, len(reviewers)))
            members += [
                TeamMember(inspection=inspection, person_id=pk, is_lead=index == 0)
                for index, (pk, _) in enumerate(chosen)
            ]
            inspection.team_ids = chosen
        TeamMember.objects.bulk_create(members, batch_size=BATCH)

        for inspection in inspections:
            agencies = serving[inspection.locality_id] or [pk for _, pk in reviewers]
            cases = [
                Case(
                    inspection=inspection,
                    number=n,
                    reference=f"{inspection.code}-{n:04d}",
                    in_sample=True,
                )
                for n in range(1, per_inspection + 1)
            ]
            Case.objects.bulk_create(cases, batch_size=BATCH)
            records = [
                CaseRecord(
                    case=case,
                    inspection=inspection,
                    agency_id=rng.choice(agencies),
                    record_number=f"R{case.number:06d}",
                )
                for case in cases
            ]
            CaseRecord.objects.bulk_create(records, batch_size=BATCH)
            published = inspection.published_at is not None
            audits = []
            for record in records:
                eligible = [pk for pk, agency in inspection.team_ids if agency != record.agency_id]
                grade = rng.choices(grades, weights=GRADE_WEIGHTS, k=1)[0]
                audits.append(
                    CaseAudit(
                        record=record,
                        inspection=inspection,
                        agency_id=record.agency_id,
                        reviewer_id=eligible[0] if eligible else inspection.team_ids[0][0],
                        state="moderated" if published else "submitted",
                        grade=grade,
                        grade_reason="Evidence on the file.",
                        final_grade=grade if published else "",
                        submitted_at=_aware(inspection.fieldwork_end),
                    )
                )
            CaseAudit.objects.bulk_create(audits, batch_size=BATCH)
            theme_grades = [
                ThemeGrade(
                    audit=audit,
                    theme_id=theme,
                    grade=(grade := rng.choices(grades, weights=GRADE_WEIGHTS, k=1)[0]),
                    reason="Seen on the file.",
                    final_grade=grade if published else "",
                )
                for audit in audits
                for theme in themes
            ]
            ThemeGrade.objects.bulk_create(theme_grades, batch_size=BATCH)
            counts["case audits"] += len(audits)
            counts["theme grades"] += len(theme_grades)
            if published:
                inspection.grade_summary = grade_summary(inspection.pk)
                inspection.save(update_fields=["grade_summary"])
    return counts
