"""The demo county's practice inspections (idempotent: a second run adds nothing).

- The Burnley and Pendle inspection of October 2014: sampled cases, moderated audits, findings
  shared with the board on 20 March 2015, and the action plan Burnley and Pendle CPB monitors
  (the action-plans demo's MASPI plan when it is loaded).
- The rest of the 2015 programme: three inspections visiting the other localities in turn.
- The present, dated from the day the demo is loaded: one inspection in fieldwork now
  (Preston), its audits in progress, with the demo reviewer (reviewer@demo.example) as lead
  reviewer; one in its notice period (the agencies were told, fieldwork starts within two
  weeks); and the next one planned. Fieldwork and notice days are working days.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from safeguarding.actionplans.models import ActionPlan
from safeguarding.core.workdays import add_working_days, is_working_day, working_day_on_or_after
from safeguarding.organisations.demo.loader import load_boards_and_areas
from safeguarding.organisations.models import Agency, Area, Person, Role, RoleAssignment

from .models import (
    Answer,
    Case,
    CaseAudit,
    CaseRecord,
    Engagement,
    Finding,
    Grade,
    Inspection,
    Notice,
    TeamMember,
    ThemeGrade,
)
from .selectors import agencies_serving, grade_summary
from .services import default_template, sample_numbers

CRITERIA = (
    "Children at risk of child sexual exploitation, and children missing from home, education "
    "or care, open to two or more agencies in the last six months."
)
PROGRAMME_2015 = [
    ("Chorley, South Ribble and West Lancashire", date(2015, 6, 15)),
    ("Fylde, Lancaster and Wyre", date(2015, 9, 21)),
    ("Hyndburn, Ribble Valley and Rossendale", date(2015, 11, 16)),
]
HISTORY_END = date(2015, 12, 31)
FIELDWORK_DAYS = 5  # working days, the first and last included
# Agencies used when the demo county's own agencies are not loaded: (name, sector).
FALLBACK_AGENCIES = [
    ("Lancashire Constabulary", "police"),
    ("East Pennine Hospitals NHS Trust", "health"),
    ("Lancashire County Council Children's Services", "childrens_services"),
    ("Pendle Moor Academy", "education"),
]
GOOD_PRACTICE = [
    "Strategy discussions were held promptly, with police and children's social care together.",
    "School staff knew the signs of exploitation and referred quickly.",
    "Return interviews after missing episodes were offered within 72 hours in most cases.",
]
IMPROVEMENTS = [
    ("Record the child's own words and wishes in every agency's file.", "childrens_services"),
    ("Share missing-episode information with health the same day.", "police"),
    ("Make management oversight visible: supervision notes on file every month.", "health"),
]
GRADE_PATTERN = [
    Grade.GOOD,
    Grade.REQUIRES_IMPROVEMENT,
    Grade.GOOD,
    Grade.OUTSTANDING,
    Grade.INADEQUATE,
]


def _at(day: date, hour: int = 10):
    return timezone.make_aware(datetime.combine(day, time(hour)))


def _serving(locality: Area) -> list[Agency]:
    probe = Inspection(locality=locality)
    agencies = list(agencies_serving(probe))
    if agencies:
        return agencies
    districts = list(Area.objects.filter(localities=locality))
    made = []
    for name, sector in FALLBACK_AGENCIES:
        agency, _ = Agency.objects.get_or_create(
            name=name, defaults={"slug": slugify(name)[:200], "sector": sector}
        )
        agency.districts.add(*districts)
        made.append(agency)
    return made


def _reviewers(agencies: list[Agency]) -> list[Person]:
    """Reviewers from different agencies; the demo reviewer sign-in first."""
    people = list(
        Person.objects.filter(
            is_active=True, agency__isnull=False, roles__role=Role.INSPECTION_REVIEWER
        )
        .select_related("agency")
        .distinct()
        .order_by("email")
    )
    people.sort(key=lambda p: p.email != "reviewer@demo.example")
    chosen, seen = [], set()
    for person in people:
        if person.agency_id not in seen:
            chosen.append(person)
            seen.add(person.agency_id)
    for index, agency in enumerate(agencies[:3]):
        if len(chosen) >= 3:
            break
        if agency.pk in seen:
            continue
        person, _ = Person.objects.get_or_create(
            email=f"inspection.reviewer{index + 1}@demo.example",
            defaults={"full_name": f"Demo Reviewer {index + 1}", "agency": agency},
        )
        RoleAssignment.objects.get_or_create(person=person, role=Role.INSPECTION_REVIEWER)
        chosen.append(person)
        seen.add(agency.pk)
    return chosen[:4]


def _inspection(board, locality, start, **fields) -> Inspection:
    code = f"MASPI-{start.year}-{locality.name[:1].upper()}"
    return Inspection.objects.create(
        board=board,
        locality=locality,
        code=code,
        fieldwork_start=start,
        fieldwork_end=add_working_days(start, FIELDWORK_DAYS - 1),
        notice_date=Inspection.notice_for(start),
        criteria=CRITERIA,
        template=default_template(),
        **fields,
    )


def _fieldwork_start(day: date, step: int) -> date:
    """`day`, or the nearest working day after it (step 1) or before it (step -1). Its notice
    day (Inspection.notice_for) is a working day too."""
    return day if is_working_day(day) else add_working_days(day, step)


def _send_notices(inspection, agencies) -> None:
    """The notices as sent on the notice day (so the notice sweep finds them given)."""
    for agency in agencies:
        Notice.objects.create(
            inspection=inspection, agency=agency, sent_at=_at(inspection.notice_date, 7)
        )


def _cases_and_audits(inspection, agencies, team, *, count, sample, finish, rng) -> int:
    created = 0
    for number in range(1, count + 1):
        case = Case.objects.create(
            inspection=inspection,
            number=number,
            reference=f"{inspection.code}-{number:03d}",
            notes="Open to children's social care; two missing episodes this year.",
        )
        for agency in rng.sample(agencies, min(len(agencies), 2)):
            CaseRecord.objects.create(
                case=case,
                inspection=inspection,
                agency=agency,
                record_number=f"{agency.name[:3].upper()}-{rng.randint(10000, 99999)}",
            )
        created += 1
    inspection.case_counter = count
    seed = 2014 + count
    chosen = sample_numbers(list(range(1, count + 1)), sample, seed)
    inspection.cases.filter(number__in=chosen).update(in_sample=True)
    inspection.sample_size, inspection.sample_seed = sample, seed
    inspection.sampled_at = _at(inspection.notice_date + timedelta(days=7))
    inspection.save()
    themes = list(inspection.template.themes.prefetch_related("questions"))
    lead = next((m.person for m in inspection.team.all() if m.is_lead), None)
    records = CaseRecord.objects.filter(inspection=inspection, case__in_sample=True).order_by("pk")
    for index, record in enumerate(records.select_related("agency")):
        eligible = [p for p in team if p.agency_id != record.agency_id]
        if not eligible:
            continue
        reviewer = eligible[index % len(eligible)]
        grade = GRADE_PATTERN[index % len(GRADE_PATTERN)]
        done = finish or index % 3 == 0
        audit = CaseAudit.objects.create(
            record=record,
            inspection=inspection,
            agency=record.agency,
            reviewer=reviewer,
            state=CaseAudit.State.MODERATED
            if finish
            else (CaseAudit.State.SUBMITTED if done else CaseAudit.State.IN_PROGRESS),
            grade=grade if done else "",
            grade_reason="Risks identified and acted on; the plan is clear." if done else "",
            good_practice=GOOD_PRACTICE[index % len(GOOD_PRACTICE)] if done else "",
            areas_for_improvement=IMPROVEMENTS[index % len(IMPROVEMENTS)][0] if done else "",
            final_grade=grade if finish else "",
            moderated_by=lead if finish else None,
            moderated_at=_at(inspection.fieldwork_end) if finish else None,
            submitted_at=_at(inspection.fieldwork_end) if done else None,
        )
        if not done and index % 3 == 2:
            continue  # not started yet
        for offset, theme in enumerate(themes):
            theme_grade = GRADE_PATTERN[(index + offset) % len(GRADE_PATTERN)] if done else ""
            ThemeGrade.objects.create(
                audit=audit,
                theme=theme,
                grade=theme_grade,
                reason="Evidence seen on the file." if done else "",
                final_grade=theme_grade if finish else "",
            )
            Answer.objects.bulk_create(
                Answer(audit=audit, question=q, text="Yes: recorded on the file.")
                for q in theme.questions.all()
            )
    return created


@transaction.atomic
def _burnley_2014(board, localities, rng) -> int:
    burnley = localities["Burnley and Pendle"]
    if Inspection.objects.filter(
        board=board, locality=burnley, fieldwork_start__year=2014
    ).exists():
        return 0
    plan = ActionPlan.objects.filter(
        board=board, origin_kind=ActionPlan.Origin.PRACTICE_INSPECTION, title__icontains="Burnley"
    ).first()
    inspection = _inspection(
        board,
        burnley,
        date(2014, 10, 13),
        status=Inspection.Status.REPORTED,
        summary=(
            "Agencies in Burnley and Pendle work well together when a child is at risk of "
            "exploitation. The child's voice and management oversight need to be stronger."
        ),
        published_at=_at(date(2015, 3, 20), 14),
        board_received_on=date(2015, 3, 20),
        action_plan=plan,
        visible_until=plan.period_end if plan else date(2015, 10, 31),
    )
    agencies = _serving(burnley)
    team = _reviewers(agencies)
    for index, person in enumerate(team):
        TeamMember.objects.create(inspection=inspection, person=person, is_lead=index == 0)
    _send_notices(inspection, agencies)
    _cases_and_audits(inspection, agencies, team, count=12, sample=8, finish=True, rng=rng)
    by_sector = {a.sector: a for a in agencies}
    for text in GOOD_PRACTICE:
        Finding.objects.create(inspection=inspection, kind=Finding.Kind.GOOD_PRACTICE, text=text)
    actions = list(plan.actions.order_by("pk")) if plan else []
    for index, (text, sector) in enumerate(IMPROVEMENTS):
        Finding.objects.create(
            inspection=inspection,
            kind=Finding.Kind.IMPROVEMENT,
            text=text,
            agency=by_sector.get(sector, agencies[0]),
            due_date=date(2015, 9, 30),
            action=actions[index] if index < len(actions) else None,
        )
    inspection.grade_summary = grade_summary(inspection.pk)
    inspection.save(update_fields=["grade_summary"])
    Engagement.objects.create(
        inspection=inspection,
        kind=Engagement.Kind.INTERVIEW,
        agency=agencies[0],
        practitioner_role="Social worker, child protection team",
        date=date(2014, 10, 14),
        observations="Knew the family well; described good joint working with the school.",
    )
    Engagement.objects.create(
        inspection=inspection,
        kind=Engagement.Kind.SHADOWING,
        agency=agencies[-1],
        practitioner_role="School nurse",
        date=date(2014, 10, 15),
        observations="Drop-in session; clear, confident use of the CSE screening tool.",
    )
    return 1


@transaction.atomic
def _programme_2015(board, localities) -> int:
    added = 0
    for name, start in PROGRAMME_2015:
        locality = localities[name]
        if Inspection.objects.filter(
            board=board, locality=locality, fieldwork_start=start
        ).exists():
            continue
        _inspection(board, locality, start)
        added += 1
    return added


@transaction.atomic
def _in_fieldwork(board, localities, today, rng) -> int:
    preston = localities["Preston"]
    if Inspection.objects.filter(
        board=board, locality=preston, fieldwork_start__gt=HISTORY_END
    ).exists():
        return 0
    # Fieldwork began two working days ago.
    start = _fieldwork_start(add_working_days(working_day_on_or_after(today), -2), -1)
    inspection = _inspection(board, preston, start, status=Inspection.Status.NOTIFIED)
    agencies = _serving(preston)
    team = _reviewers(agencies)
    for index, person in enumerate(team):
        TeamMember.objects.create(inspection=inspection, person=person, is_lead=index == 0)
    _send_notices(inspection, agencies)
    _cases_and_audits(inspection, agencies, team, count=10, sample=6, finish=False, rng=rng)
    return 1


@transaction.atomic
def _coming_up(board, localities, today) -> int:
    """The next inspection, in its notice period (fieldwork within two weeks), and the one
    after it, planned."""
    added = 0
    coming = [
        ("Fylde, Lancaster and Wyre", today + timedelta(days=8), Inspection.Status.NOTIFIED),
        ("Hyndburn, Ribble Valley and Rossendale", today + timedelta(weeks=16), None),
    ]
    for name, day, status in coming:
        locality = localities[name]
        if Inspection.objects.filter(
            board=board, locality=locality, fieldwork_start__gt=HISTORY_END
        ).exists():
            continue
        fields = {"status": status} if status else {}
        inspection = _inspection(board, locality, _fieldwork_start(day, 1), **fields)
        if status == Inspection.Status.NOTIFIED:
            agencies = _serving(locality)
            for index, person in enumerate(_reviewers(agencies)):
                TeamMember.objects.create(inspection=inspection, person=person, is_lead=index == 0)
            _send_notices(inspection, agencies)
        added += 1
    return added


def load_demo() -> int:
    """Loads the demo data; returns how many inspections were added (0 when already loaded)."""
    boards = load_boards_and_areas()
    board = boards["children"]
    localities = {a.name: a for a in Area.objects.filter(kind=Area.Kind.LOCALITY)}
    rng = random.Random(2014)
    today = timezone.localdate()
    return (
        _burnley_2014(board, localities, rng)
        + _programme_2015(board, localities)
        + _in_fieldwork(board, localities, today, rng)
        + _coming_up(board, localities, today)
    )
