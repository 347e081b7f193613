"""Every write to practice inspections: one function per use case, in one transaction, checking
the rule (PermissionDenied), validating (ValidationError keyed by field) and writing an audit
row. Pages, the API, the sweep and the demo loader all come through here."""

from __future__ import annotations

import random
import secrets
from datetime import date, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from safeguarding.actionplans import services as plans
from safeguarding.actionplans.models import ActionPlan
from safeguarding.core.audit import record_change
from safeguarding.core.concurrency import lock_for_edit, save_edit
from safeguarding.core.formatting import hub_date
from safeguarding.core.outbox import queue_email
from safeguarding.core.permissions import led_agency_ids, require
from safeguarding.core.validation import HUB_ERA_START, YEARS_AHEAD, check_date
from safeguarding.core.workdays import (
    add_working_days,
    is_working_day,
    refuse_unless_working_day,
    working_day_on_or_after,
)
from safeguarding.organisations.models import Agency, Area, Board, Person, Role

from .emails import Purpose
from .models import (
    NOTICE_DAYS,
    Answer,
    AuditTemplate,
    Case,
    CaseAudit,
    CaseRecord,
    Engagement,
    Finding,
    Grade,
    Inspection,
    Notice,
    Question,
    TeamMember,
    Theme,
    ThemeGrade,
)
from .names import check_no_child_names
from .rules import manages_inspection
from .selectors import agencies_serving, agency_leads, grade_summary, localities_for

# Fieldwork of the three inspections of a year (April to March): from the second Monday of
# June, October and February (the next working day when that is a bank holiday), for five
# working days: the start and FIELDWORK_DAYS more.
PROGRAMME_MONTHS = [(0, 6), (0, 10), (1, 2)]
FIELDWORK_DAYS = 4

DEFAULT_TEMPLATE = "Case-file audit"
DEFAULT_THEMES = {
    "Help and protection": [
        "Were risks to the child identified, assessed and acted on promptly?",
        "Is there a clear plan that says who will do what, by when?",
    ],
    "The child's experience": [
        "Has the child been seen, and seen alone where appropriate?",
        "Are the child's wishes and feelings recorded and do they shape the plan?",
    ],
    "Management oversight": [
        "Is there evidence of regular supervision and management decisions on file?",
        "Did managers challenge drift or delay?",
    ],
    "Multi-agency working": [
        "Was information shared with partner agencies when it should have been?",
        "Did agencies attend and contribute to meetings about the child?",
    ],
}


def _noting(payload: dict, confirmed: list[str]) -> dict:
    """The audit row's payload, with the fields whose writer confirmed that what looked like a
    name is not a child's (the field names only: the trail holds no child's name either)."""
    return {**payload, "confirmed_no_child_name": confirmed} if confirmed else payload


def _lock_unpublished(inspection: Inspection, field: str = "__all__") -> Inspection:
    """The inspection, locked for this transaction, if its report is not published yet:
    checked against the locked row, so a change racing the publication waits for it and is
    then refused."""
    inspection = Inspection.objects.select_for_update().get(pk=inspection.pk)
    if inspection.published_at:
        raise ValidationError(
            {field: "The report has been published: the inspection can no longer be changed"}
        )
    return inspection


# --- Audit templates ------------------------------------------------------------------------


def template_as_text(template: AuditTemplate) -> str:
    lines = []
    for theme in template.themes.prefetch_related("questions"):
        lines.append(f"## {theme.title}")
        lines += [f"- {q.text}" for q in theme.questions.all()]
        lines.append("")
    return "\n".join(lines).strip()


def parse_template_text(text: str) -> list[tuple[str, list[str]]]:
    themes: list[tuple[str, list[str]]] = []
    for number, raw in enumerate((text or "").splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        if line.startswith("#"):
            title = line.lstrip("#").strip()
            if not title:
                raise ValidationError({"text": f"Line {number}: give the theme a title"})
            themes.append((title, []))
            continue
        if not themes:
            raise ValidationError(
                {"text": f"Line {number}: start with a theme line such as '## Help and protection'"}
            )
        themes[-1][1].append(line.lstrip("-* ").strip())
    if not themes:
        raise ValidationError({"text": "Enter at least one theme and its questions"})
    for title, questions in themes:
        if not questions:
            raise ValidationError({"text": f"The theme '{title}' has no questions"})
    return themes


def _build_template(name, version, themes, user=None) -> AuditTemplate:
    template = AuditTemplate.objects.create(
        name=name, version=version, created_by=user if user and user.is_authenticated else None
    )
    for position, (title, questions) in enumerate(themes):
        theme = Theme.objects.create(template=template, position=position, title=title)
        Question.objects.bulk_create(
            Question(theme=theme, position=index, text=text) for index, text in enumerate(questions)
        )
    return template


@transaction.atomic
def default_template() -> AuditTemplate:
    """The newest version of the standard audit tool, created on first use."""
    template = AuditTemplate.objects.filter(name=DEFAULT_TEMPLATE).order_by("-version").first()
    if template is None:
        template = _build_template(DEFAULT_TEMPLATE, 1, list(DEFAULT_THEMES.items()))
        record_change(None, "template created", template, {"version": 1})
    return template


@transaction.atomic
def save_template(acting_user, template: AuditTemplate, *, text: str) -> AuditTemplate:
    """Editing a template makes its next version; inspections keep the version they use."""
    require(acting_user, "inspections.manage_programme")
    themes = parse_template_text(text)
    latest = AuditTemplate.objects.filter(name=template.name).aggregate(v=Max("version"))["v"]
    new = _build_template(template.name, (latest or 0) + 1, themes, acting_user)
    record_change(
        acting_user,
        "template revised",
        new,
        {"version": new.version, "themes": [title for title, _ in themes]},
    )
    return new


# --- The programme --------------------------------------------------------------------------


def due_localities(board: Board, *, ignore: Inspection | None = None) -> list[Area]:
    """The localities still to be visited in the current round, in the order the programme
    takes them: every locality has one inspection before any has a second."""
    localities = localities_for(board)
    visited: set[int] = set()
    inspections = (
        Inspection.objects.filter(board=board)
        .exclude(status=Inspection.Status.CANCELLED)
        .order_by("fieldwork_start", "pk")
    )
    if ignore is not None:
        inspections = inspections.exclude(pk=ignore.pk)
    all_ids = {area.pk for area in localities}
    for locality_id in inspections.values_list("locality_id", flat=True):
        visited.add(locality_id)
        if all_ids <= visited:
            visited = set()
    return [area for area in localities if area.pk not in visited]


def _check_dates(fieldwork_start, fieldwork_end) -> None:
    if fieldwork_start is None:
        raise ValidationError({"fieldwork_start": "Enter the date fieldwork starts"})
    if fieldwork_end is None:
        raise ValidationError({"fieldwork_end": "Enter the date fieldwork ends"})
    check_date("fieldwork_start", fieldwork_start, "date fieldwork starts")
    refuse_unless_working_day("fieldwork_start", fieldwork_start, "Fieldwork must start")
    if fieldwork_end < fieldwork_start:
        raise ValidationError(
            {"fieldwork_end": "Enter an end date the same as or after the start date"}
        )
    check_date("fieldwork_end", fieldwork_end, "date fieldwork ends")
    refuse_unless_working_day("fieldwork_end", fieldwork_end, "Fieldwork must end")


def _code(board: Board, locality: Area, fieldwork_start: date) -> str:
    base = f"MASPI-{fieldwork_start.year}-{locality.name[:1].upper()}"
    code, n = base, 1
    while Inspection.objects.filter(code=code).exists():
        n += 1
        code = f"{base}{n}"
    return code


@transaction.atomic
def schedule_inspection(
    acting_user,
    *,
    board: Board,
    locality: Area,
    fieldwork_start: date,
    fieldwork_end: date,
    criteria: str = "",
    override_reason: str = "",
    contact: Person | None = None,
    template: AuditTemplate | None = None,
    confirm_no_names: bool = False,
) -> Inspection:
    require(acting_user, "inspections.add_inspection", board)
    if locality.kind != Area.Kind.LOCALITY:
        raise ValidationError({"locality": "Choose a locality board (CPB) area"})
    _check_dates(fieldwork_start, fieldwork_end)
    confirmed = check_no_child_names(
        {"criteria": criteria, "override_reason": override_reason}, confirmed=confirm_no_names
    )
    override_reason = override_reason.strip()
    due = due_localities(board)
    if locality not in due and not override_reason:
        names = ", ".join(area.name for area in due)
        raise ValidationError(
            {
                "override_reason": (
                    f"{locality.name} has already had an inspection in this round; "
                    f"{names} {'has' if len(due) == 1 else 'have'} not. Choose one of those, "
                    "or give the reason for visiting again"
                )
            }
        )
    inspection = Inspection.objects.create(
        board=board,
        locality=locality,
        code=_code(board, locality, fieldwork_start),
        fieldwork_start=fieldwork_start,
        fieldwork_end=fieldwork_end,
        notice_date=Inspection.notice_for(fieldwork_start),
        criteria=criteria.strip(),
        override_reason=override_reason if locality not in due else "",
        contact=contact or (acting_user if acting_user.is_authenticated else None),
        template=template or default_template(),
    )
    payload = {
        "locality": locality.name,
        "fieldwork": f"{fieldwork_start:%d/%m/%Y} to {fieldwork_end:%d/%m/%Y}",
        "notice_date": f"{inspection.notice_date:%d/%m/%Y}",
    }
    if inspection.override_reason:
        payload["override_reason"] = inspection.override_reason
    record_change(acting_user, "inspection scheduled", inspection, _noting(payload, confirmed))
    return inspection


def _second_monday(year: int, month: int) -> date:
    first = date(year, month, 1)
    return first + timedelta(days=(7 - first.weekday()) % 7 + 7)


def programme_dates(year: int) -> list[tuple[date, date]]:
    """Proposed fieldwork for the year starting in April `year`."""
    starts = [
        working_day_on_or_after(_second_monday(year + offset, month))
        for offset, month in PROGRAMME_MONTHS
    ]
    return [(start, add_working_days(start, FIELDWORK_DAYS)) for start in starts]


@transaction.atomic
def generate_programme(
    acting_user, *, board: Board, year: int, criteria: str = "", confirm_no_names: bool = False
) -> list:
    """Three inspections in the year from April `year`, visiting the localities in turn."""
    require(acting_user, "inspections.add_inspection", board)
    if not HUB_ERA_START.year <= year <= timezone.localdate().year + YEARS_AHEAD:
        raise ValidationError(
            {
                "year": f"Enter a year from {HUB_ERA_START.year} to "
                f"{timezone.localdate().year + YEARS_AHEAD}, such as 2015"
            }
        )
    start, end = date(year, 4, 1), date(year + 1, 3, 31)
    existing = Inspection.objects.filter(board=board, fieldwork_start__range=(start, end)).exclude(
        status=Inspection.Status.CANCELLED
    )
    if existing.exists():
        raise ValidationError(
            {
                "year": f"{year}-{str(year + 1)[2:]} already has inspections: move or add them one "
                "at a time instead"
            }
        )
    created = []
    for fieldwork_start, fieldwork_end in programme_dates(year):
        locality = due_localities(board)[0]
        created.append(
            schedule_inspection(
                acting_user,
                board=board,
                locality=locality,
                fieldwork_start=fieldwork_start,
                fieldwork_end=fieldwork_end,
                criteria=criteria,
                confirm_no_names=confirm_no_names,
            )
        )
    return created


def _earliest_start(today: date) -> date:
    """The first working day fieldwork can start on with its notice date not before today."""
    start = working_day_on_or_after(today + timedelta(days=NOTICE_DAYS))
    while Inspection.notice_for(start) < today:
        start = add_working_days(start, 1)
    return start


@transaction.atomic
def move_inspection(
    acting_user,
    inspection: Inspection,
    *,
    fieldwork_start: date,
    fieldwork_end: date,
    criteria: str | None = None,
    confirm_no_names: bool = False,
    version: int | None = None,
) -> Inspection:
    """`version`: the one the editor loaded; an inspection saved since then is not
    overwritten."""
    require(acting_user, "inspections.change_inspection", inspection)
    inspection = lock_for_edit(Inspection.objects.all(), inspection.pk, version)
    _check_dates(fieldwork_start, fieldwork_end)
    confirmed = check_no_child_names({"criteria": criteria or ""}, confirmed=confirm_no_names)
    changes = {}
    if (fieldwork_start, fieldwork_end) != (inspection.fieldwork_start, inspection.fieldwork_end):
        if inspection.notices.exists():
            raise ValidationError(
                {
                    "fieldwork_start": "Agencies have been given notice of these dates: they "
                    "cannot be moved now"
                }
            )
        if Inspection.notice_for(fieldwork_start) < timezone.localdate():
            earliest = _earliest_start(timezone.localdate())
            raise ValidationError(
                {
                    "fieldwork_start": f"Enter a start date on or after {hub_date(earliest)}, "
                    "so agencies get their two weeks' notice"
                }
            )
        changes["fieldwork"] = [
            f"{inspection.fieldwork_start:%d/%m/%Y} to {inspection.fieldwork_end:%d/%m/%Y}",
            f"{fieldwork_start:%d/%m/%Y} to {fieldwork_end:%d/%m/%Y}",
        ]
        inspection.fieldwork_start = fieldwork_start
        inspection.fieldwork_end = fieldwork_end
        inspection.notice_date = Inspection.notice_for(fieldwork_start)
    if criteria is not None and criteria.strip() != inspection.criteria:
        changes["criteria"] = [inspection.criteria, criteria.strip()]
        inspection.criteria = criteria.strip()
    if changes:
        save_edit(inspection)
        record_change(acting_user, "inspection changed", inspection, _noting(changes, confirmed))
    return inspection


@transaction.atomic
def cancel_inspection(
    acting_user, inspection: Inspection, *, reason: str, confirm_no_names: bool = False
) -> Inspection:
    require(acting_user, "inspections.change_inspection", inspection)
    if not reason.strip():
        raise ValidationError({"reason": "Say why the inspection is cancelled"})
    confirmed = check_no_child_names({"reason": reason}, confirmed=confirm_no_names)
    inspection = _lock_unpublished(inspection, "reason")
    return Inspection.moves.move(
        acting_user,
        inspection,
        Inspection.Status.CANCELLED,
        payload=_noting({"reason": reason.strip()}, confirmed),
    )


# --- The review team -----------------------------------------------------------------------


@transaction.atomic
def add_team_member(acting_user, inspection: Inspection, *, person: Person, is_lead=False):
    require(acting_user, "inspections.change_inspection", inspection)
    if not person.has_role(Role.INSPECTION_REVIEWER):
        raise ValidationError(
            {"person": f"{person} is not an inspection reviewer: give them that role first"}
        )
    if person.agency_id is None:
        raise ValidationError(
            {"person": f"{person} has no agency: reviewers are managers from partner agencies"}
        )
    if inspection.team.filter(person=person).exists():
        raise ValidationError({"person": f"{person} is already on the team"})
    if is_lead:
        inspection.team.filter(is_lead=True).update(is_lead=False)
    member = TeamMember.objects.create(inspection=inspection, person=person, is_lead=is_lead)
    record_change(
        acting_user,
        "reviewer added",
        inspection,
        {"reviewer": str(person), "agency": str(person.agency), "lead": is_lead},
    )
    return member


@transaction.atomic
def remove_team_member(acting_user, member: TeamMember) -> None:
    inspection = member.inspection
    require(acting_user, "inspections.change_inspection", inspection)
    if member.person.case_audits.filter(inspection=inspection).exists():
        raise ValidationError(
            {"person": f"{member.person} has case audits on this inspection: reassign them first"}
        )
    member.delete()
    record_change(acting_user, "reviewer removed", inspection, {"reviewer": str(member.person)})


# --- Notices -------------------------------------------------------------------------------


def send_notices(inspection: Inspection, today: date | None = None) -> int:
    """Each agency serving the locality gets its notice once, on a working day from the notice
    date to the first day of fieldwork (itself a working day, so there is always one). Returns
    how many were sent."""
    today = today or timezone.localdate()
    if (
        inspection.is_cancelled
        or not is_working_day(today)
        or not inspection.notice_date <= today <= inspection.fieldwork_start
    ):
        return 0
    sent = 0
    for agency in agencies_serving(inspection):
        with transaction.atomic():
            if Notice.objects.filter(inspection=inspection, agency=agency).exists():
                continue
            leads = agency_leads(agency.pk)
            try:
                with transaction.atomic():
                    notice = Notice.objects.create(
                        inspection=inspection,
                        agency=agency,
                        recipients=", ".join(f"{p} <{p.email}>" for p in leads),
                    )
            except IntegrityError:
                continue  # another worker sent it a moment ago
            for person in leads:
                queue_email(
                    purpose=Purpose.FIELDWORK_NOTICE,
                    recipient=person.email,
                    object_key=f"inspection:{inspection.pk}:agency:{agency.pk}",
                    subject=(
                        f"Notice of a multi-agency practice inspection in {inspection.locality}, "
                        f"{hub_date(inspection.fieldwork_start)}"
                    ),
                    template="emails/inspections/notice",
                    context={"inspection": inspection, "agency": agency, "person": person},
                )
            record_change(
                None,
                "notice sent",
                inspection,
                {"agency": agency.name, "recipients": notice.recipients or "no safeguarding lead"},
            )
            sent += 1
    with transaction.atomic():  # locked first: a sweep beside this one, or a cancellation, waits
        current = Inspection.objects.select_for_update().get(pk=inspection.pk)
        if current.status == Inspection.Status.PLANNED:
            Inspection.moves.move(None, current, Inspection.Status.NOTIFIED, payload={"sent": sent})
    return sent


# --- Cases and the sample ------------------------------------------------------------------


@transaction.atomic
def submit_case(
    acting_user,
    inspection: Inspection,
    *,
    agency: Agency,
    record_number: str,
    notes: str = "",
    reference: str = "",
    confirm_no_names: bool = False,
) -> tuple[Case, list[str]]:
    """An agency submits a case by its own record number. A new child gets the next
    pseudonymous reference; give `reference` to add this agency's record to a case already
    submitted. Returns the case and the fields confirmed to name no child."""
    require(acting_user, "inspections.submit_cases", inspection)
    # Locked first: the sample may be being drawn at this moment.
    inspection = Inspection.objects.select_for_update().get(pk=inspection.pk)
    if not manages_inspection(acting_user, inspection) and agency.pk not in led_agency_ids(
        acting_user
    ):
        raise ValidationError({"agency": "You can submit cases for your own agency only"})
    record_number = record_number.strip()
    if not record_number:
        raise ValidationError({"record_number": "Enter your agency's record number for the case"})
    confirmed = check_no_child_names(
        {"record_number": record_number, "notes": notes}, confirmed=confirm_no_names
    )
    if CaseRecord.objects.filter(
        inspection=inspection, agency=agency, record_number=record_number
    ).exists():
        raise ValidationError(
            {"record_number": f"{agency.name} has already submitted record {record_number}"}
        )
    if inspection.sampled_at is not None and not reference:
        raise ValidationError(
            {"record_number": "The sample has been drawn: no new cases can be added"}
        )
    if reference:
        case = Case.objects.filter(inspection=inspection, reference=reference.strip()).first()
        if case is None:
            raise ValidationError({"reference": f"There is no case {reference} in this inspection"})
        if case.records.filter(agency=agency).exists():
            raise ValidationError(
                {"reference": f"{agency.name} already has a record on case {case.reference}"}
            )
    else:
        inspection.case_counter += 1
        inspection.save(update_fields=["case_counter"])
        case = Case.objects.create(
            inspection=inspection,
            number=inspection.case_counter,
            reference=f"{inspection.code}-{inspection.case_counter:03d}",
            notes=notes.strip(),
        )
    CaseRecord.objects.create(
        case=case,
        inspection=inspection,
        agency=agency,
        record_number=record_number,
        submitted_by=acting_user if acting_user.is_authenticated else None,
    )
    record_change(
        acting_user,
        "case submitted",
        inspection,
        _noting({"case": case.reference, "agency": agency.name}, confirmed),
    )
    return case, confirmed


@transaction.atomic
def draw_sample(acting_user, inspection: Inspection, *, size: int, seed: int | None = None):
    """Draw `size` cases at random. The seed is kept, so the same sample can be drawn again."""
    require(acting_user, "inspections.change_inspection", inspection)
    inspection = Inspection.objects.select_for_update().get(pk=inspection.pk)
    if inspection.audits.exists():
        raise ValidationError({"size": "Audits have started: the sample cannot be drawn again"})
    numbers = sorted(inspection.cases.values_list("number", flat=True))
    if not numbers:
        raise ValidationError({"size": "No cases have been submitted yet"})
    if size < 1 or size > len(numbers):
        raise ValidationError({"size": f"Enter a number from 1 to {len(numbers)}"})
    seed = secrets.randbelow(2**31) if seed is None else seed
    chosen = sample_numbers(numbers, size, seed)
    inspection.cases.update(in_sample=False)
    inspection.cases.filter(number__in=chosen).update(in_sample=True)
    inspection.sample_size, inspection.sample_seed = size, seed
    inspection.sampled_at = timezone.now()
    inspection.save(update_fields=["sample_size", "sample_seed", "sampled_at"])
    record_change(
        acting_user,
        "sample drawn",
        inspection,
        {"size": size, "seed": seed, "from": len(numbers), "cases": sorted(chosen)},
    )
    return sorted(chosen)


def sample_numbers(numbers: list[int], size: int, seed: int) -> list[int]:
    return random.Random(seed).sample(sorted(numbers), size)


# --- Case audits ---------------------------------------------------------------------------


def _check_reviewer(inspection, record: CaseRecord, reviewer: Person) -> None:
    if not inspection.team.filter(person=reviewer).exists():
        raise ValidationError({"reviewer": f"{reviewer} is not on the review team"})
    if reviewer.agency_id == record.agency_id:
        raise ValidationError(
            {
                "reviewer": (
                    f"{reviewer} works for {record.agency.name}, and reviewers never audit "
                    "their own agency's records: choose a reviewer from another agency"
                )
            }
        )


@transaction.atomic
def assign_audit(acting_user, record: CaseRecord, *, reviewer: Person) -> CaseAudit:
    inspection = record.inspection
    require(acting_user, "inspections.change_inspection", inspection)
    if not record.case.in_sample:
        raise ValidationError({"record": f"{record.case.reference} is not in the sample"})
    _check_reviewer(inspection, record, reviewer)
    audit = CaseAudit.objects.filter(record=record).first()
    if audit is not None:
        if audit.state != CaseAudit.State.IN_PROGRESS:
            raise ValidationError({"record": "That audit has been submitted already"})
        old = str(audit.reviewer)
        audit.reviewer = reviewer
        audit.save(update_fields=["reviewer"])
        record_change(
            acting_user, "case audit reassigned", audit, {"reviewer": [old, str(reviewer)]}
        )
        return audit
    audit = CaseAudit.objects.create(
        record=record, inspection=inspection, agency=record.agency, reviewer=reviewer
    )
    record_change(acting_user, "case audit assigned", audit, {"reviewer": str(reviewer)})
    return audit


@transaction.atomic
def assign_audits(acting_user, inspection: Inspection) -> int:
    """Share the sampled records without an audit among the team, in turn, never giving a
    reviewer their own agency's record. Returns how many were assigned."""
    require(acting_user, "inspections.change_inspection", inspection)
    team = [m.person for m in inspection.team.select_related("person").order_by("pk")]
    if not team:
        raise ValidationError({"team": "Add reviewers to the team first"})
    records = (
        CaseRecord.objects.filter(inspection=inspection, case__in_sample=True, audit__isnull=True)
        .select_related("case", "agency")
        .order_by("case__number", "agency__name")
    )
    load = {p.pk: inspection.audits.filter(reviewer=p).count() for p in team}
    assigned = 0
    for record in records:
        eligible = [p for p in team if p.agency_id != record.agency_id]
        if not eligible:
            continue
        reviewer = min(eligible, key=lambda p: (load[p.pk], p.pk))
        assign_audit(acting_user, record, reviewer=reviewer)
        load[reviewer.pk] += 1
        assigned += 1
    return assigned


def _grade(value: str, field: str) -> str:
    if value and value not in Grade.values:
        raise ValidationError(
            {field: "Choose outstanding, good, requires improvement or inadequate"}
        )
    return value or ""


@transaction.atomic
def save_audit(
    acting_user,
    audit: CaseAudit,
    *,
    answers: dict[int, str],
    theme_grades: dict[int, tuple[str, str]],
    grade: str = "",
    grade_reason: str = "",
    good_practice: str = "",
    areas_for_improvement: str = "",
    submit: bool = False,
    confirm_no_names: bool = False,
) -> list[str]:
    """Save the reviewer's answers and grades; `submit` sends it for moderation (every theme
    and the case need a grade and a reason). Returns the fields confirmed to name no child."""
    require(acting_user, "inspections.change_audit", audit)
    _lock_unpublished(audit.inspection)
    audit = CaseAudit.objects.select_for_update().get(pk=audit.pk)
    confirmed = check_no_child_names(
        {
            **{f"answer_{question_id}": text for question_id, text in answers.items()},
            **{f"reason_{theme_id}": reason for theme_id, (_, reason) in theme_grades.items()},
            "grade_reason": grade_reason,
            "good_practice": good_practice,
            "areas_for_improvement": areas_for_improvement,
        },
        confirmed=confirm_no_names,
    )
    template = audit.inspection.template
    questions = {q.pk: q for q in Question.objects.filter(theme__template=template)}
    themes = {t.pk: t for t in template.themes.all()}
    for question_id, text in answers.items():
        if question_id not in questions:
            raise ValidationError({"answers": "An answer is for a question not in this template"})
        Answer.objects.update_or_create(
            audit=audit, question=questions[question_id], defaults={"text": text.strip()}
        )
    for theme_id, (theme_grade, reason) in theme_grades.items():
        if theme_id not in themes:
            raise ValidationError({"theme_grades": "A grade is for a theme not in this template"})
        ThemeGrade.objects.update_or_create(
            audit=audit,
            theme=themes[theme_id],
            defaults={"grade": _grade(theme_grade, f"theme_{theme_id}"), "reason": reason.strip()},
        )
    audit.grade = _grade(grade, "grade")
    audit.grade_reason = grade_reason.strip()
    audit.good_practice = good_practice.strip()
    audit.areas_for_improvement = areas_for_improvement.strip()
    if submit:
        graded = {tg.theme_id: tg for tg in audit.theme_grades.all()}
        for theme_id, theme in themes.items():
            entry = graded.get(theme_id)
            if entry is None or not entry.grade:
                raise ValidationError({f"theme_{theme_id}": f"Choose a grade for '{theme.title}'"})
            if not entry.reason:
                raise ValidationError(
                    {f"reason_{theme_id}": f"Give the reasons for the '{theme.title}' grade"}
                )
        if not audit.grade:
            raise ValidationError({"grade": "Choose a grade for the case"})
        if not audit.grade_reason:
            raise ValidationError({"grade_reason": "Give the reasons for the case's grade"})
    audit.save()
    noted = _noting({"grade": audit.get_grade_display() or "not graded"}, confirmed)
    if submit:
        submitted = {"submitted_at": timezone.now()}
        CaseAudit.moves.move(
            acting_user, audit, CaseAudit.State.SUBMITTED, changes=submitted, payload=noted
        )
    else:
        record_change(acting_user, "case audit saved", audit, noted)
    return confirmed


@transaction.atomic
def moderate_audit(
    acting_user,
    audit: CaseAudit,
    *,
    final_grade: str,
    theme_finals: dict[int, str],
    note: str = "",
    confirm_no_names: bool = False,
) -> CaseAudit:
    """The lead reviewer or the business unit agrees the final grades (they may differ from
    the reviewer's); never the reviewer who wrote the audit, whatever their other roles."""
    require(acting_user, "inspections.moderate_audit", audit)
    _lock_unpublished(audit.inspection, "final_grade")
    audit = CaseAudit.objects.select_for_update().get(pk=audit.pk)
    if audit.reviewer_id == acting_user.pk:  # superusers pass every rule: refuse them here too
        raise PermissionDenied
    if not final_grade:
        raise ValidationError({"final_grade": "Choose the agreed grade for the case"})
    confirmed = check_no_child_names({"note": note}, confirmed=confirm_no_names)
    audit.final_grade = _grade(final_grade, "final_grade")
    changed = {}
    for entry in audit.theme_grades.select_related("theme"):
        final = _grade(theme_finals.get(entry.theme_id) or entry.grade, f"final_{entry.theme_id}")
        if final != entry.grade:
            changed[entry.theme.title] = [entry.grade, final]
        entry.final_grade = final
        entry.save(update_fields=["final_grade"])
    if audit.final_grade != audit.grade:
        if not note.strip():
            raise ValidationError(
                {"note": "Say why the agreed grade differs from the reviewer's grade"}
            )
        changed["case"] = [audit.grade, audit.final_grade]
    audit.moderation_note = note.strip()
    audit.moderated_by = acting_user
    audit.moderated_at = timezone.now()
    audit.save()
    return CaseAudit.moves.move(
        acting_user,
        audit,
        CaseAudit.State.MODERATED,
        payload=_noting(
            {"final_grade": audit.get_final_grade_display(), "changed": changed}, confirmed
        ),
    )


# --- Interviews, shadowing and findings ----------------------------------------------------


@transaction.atomic
def record_engagement(
    acting_user,
    inspection: Inspection,
    *,
    kind: str,
    agency: Agency,
    practitioner_role: str,
    date: date,
    observations: str,
    themes=(),
    case: Case | None = None,
    confirm_no_names: bool = False,
) -> tuple[Engagement, list[str]]:
    """Returns the engagement and the fields confirmed to name no child."""
    require(acting_user, "inspections.record_engagement", inspection)
    inspection = _lock_unpublished(inspection)
    if not practitioner_role.strip():
        raise ValidationError({"practitioner_role": "Enter the practitioner's role"})
    if not observations.strip():
        raise ValidationError({"observations": "Enter what was observed or said"})
    confirmed = check_no_child_names(
        {"practitioner_role": practitioner_role, "observations": observations},
        confirmed=confirm_no_names,
    )
    if case is not None and case.inspection_id != inspection.pk:
        raise ValidationError({"case": "Choose a case from this inspection"})
    # It happened, once the agencies had their notice.
    check_date("date", date, "date", earliest=inspection.notice_date, not_future=True)
    engagement = Engagement.objects.create(
        inspection=inspection,
        kind=kind,
        agency=agency,
        practitioner_role=practitioner_role.strip(),
        date=date,
        observations=observations.strip(),
        case=case,
        recorded_by=acting_user,
    )
    engagement.themes.set(themes)
    record_change(
        acting_user,
        "engagement recorded",
        inspection,
        _noting({"what": engagement.get_kind_display(), "agency": agency.name}, confirmed),
    )
    return engagement, confirmed


@transaction.atomic
def add_finding(
    acting_user,
    inspection: Inspection,
    *,
    kind: str,
    text: str,
    agency: Agency | None = None,
    theme: Theme | None = None,
    due_date: date | None = None,
    confirm_no_names: bool = False,
) -> Finding:
    require(acting_user, "inspections.add_finding", inspection)
    inspection = _lock_unpublished(inspection, "text")
    if not text.strip():
        raise ValidationError({"text": "Enter the finding"})
    # Findings flow into the published report and the locality's action plan.
    confirmed = check_no_child_names({"text": text}, confirmed=confirm_no_names)
    if kind == Finding.Kind.IMPROVEMENT and agency is None:
        raise ValidationError({"agency": "Choose the agency that will own the action"})
    check_date("due_date", due_date, "due date", earliest=inspection.fieldwork_start)
    finding = Finding.objects.create(
        inspection=inspection,
        kind=kind,
        text=text.strip(),
        agency=agency,
        theme=theme,
        due_date=due_date,
        created_by=acting_user,
    )
    record_change(
        acting_user,
        "finding added",
        inspection,
        _noting({"kind": finding.get_kind_display(), "text": text}, confirmed),
    )
    return finding


@transaction.atomic
def remove_finding(acting_user, finding: Finding) -> None:
    inspection = finding.inspection
    require(acting_user, "inspections.add_finding", inspection)
    inspection = _lock_unpublished(inspection, "text")
    text = finding.text
    finding.delete()
    record_change(acting_user, "finding removed", inspection, {"text": text})


@transaction.atomic
def publish_report(
    acting_user,
    inspection: Inspection,
    *,
    summary: str,
    board_received_on: date | None,
    plan_end: date,
    confirm_no_names: bool = False,
) -> ActionPlan:
    """Publish the report and turn each area for improvement into an action, owned by its
    agency, in a plan shared with the locality board that monitors it."""
    require(acting_user, "inspections.change_inspection", inspection)
    inspection = Inspection.objects.select_for_update().get(pk=inspection.pk)
    if inspection.published_at:
        raise ValidationError({"summary": "The report has already been published"})
    if inspection.is_cancelled:
        raise ValidationError({"summary": "The inspection was cancelled: it has no report"})
    if inspection.audits.filter(state=CaseAudit.State.IN_PROGRESS).exists():
        raise ValidationError({"summary": "Some case audits are still in progress"})
    if not summary.strip():
        raise ValidationError({"summary": "Enter the report's summary"})
    confirmed = check_no_child_names({"summary": summary}, confirmed=confirm_no_names)
    if plan_end <= inspection.fieldwork_end:
        raise ValidationError({"plan_end": "Enter an end date after the fieldwork"})
    check_date("plan_end", plan_end, "end date for the action plan")
    check_date(
        "board_received_on",
        board_received_on,
        "date the board received the report",
        earliest=inspection.fieldwork_start,
        not_future=True,
    )
    plan = plans.create_plan(
        acting_user,
        board=inspection.board,
        title=f"{inspection} action plan",
        purpose="Actions from the areas for improvement the inspection found.",
        origin_kind=ActionPlan.Origin.PRACTICE_INSPECTION,
        origin_reference=f"inspections.inspection:{inspection.pk}",
        period_start=timezone.localdate(),
        period_end=plan_end,
        shared_with=[inspection.locality],
    )
    findings = inspection.findings.filter(kind=Finding.Kind.IMPROVEMENT).select_related("agency")
    for finding in findings:
        action = plans.add_action(
            acting_user,
            plan,
            what=finding.text,
            owner_agency=finding.agency,
            due_date=finding.due_date or plan_end,
            outcome="The area for improvement found by the practice inspection is addressed",
            localities=[inspection.locality],
        )
        finding.action = action
        finding.save(update_fields=["action"])
    report = {
        "summary": summary.strip(),
        "board_received_on": board_received_on,
        "published_at": timezone.now(),
        "action_plan": plan,
        "visible_until": plan_end,
        "grade_summary": grade_summary(inspection.pk),
    }
    Inspection.moves.move(
        acting_user,
        inspection,
        Inspection.Status.REPORTED,
        changes=report,
        payload=_noting({"action_plan": plan.title, "actions": len(findings)}, confirmed),
    )
    return plan
