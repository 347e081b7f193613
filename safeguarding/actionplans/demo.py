"""Demo action plans from the seed (LSCB, 20 March 2015).

- History: the action plan from the Burnley multi-agency safeguarding practice inspection
  (MASPI, October 2014), monitored by Burnley and Pendle CPB and completed in 2015.
- The present: the CSE action plan, begun after the board's 2015 diagnostic and renewed each
  business year, shared with the five locality boards. Its due dates and updates are relative
  to the day the demo is loaded, so some actions are due soon, some overdue and some stalled.

`load_demo_action_plans()` is idempotent: plans and actions are found by their titles, and
updates, evidence and challenges are only added to actions it creates. It uses
the demo county's agencies and people when they are loaded, and creates bare agencies if not.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from safeguarding.core.models import AuditEvent
from safeguarding.organisations.demo.loader import load_boards_and_areas
from safeguarding.organisations.models import Agency, Area, Person, Role, RoleAssignment

from .models import Action, ActionPlan, Challenge, Evidence, ProgressUpdate, Status

POLICE = "Lancashire Constabulary"
CHILDRENS = "Lancashire County Council Children's Services"
EARLY_HELP = "Lancashire County Council Early Help Service"
COMMUNITY_HEALTH = "Lancashire Community and Mental Health NHS Trust"
EAST_PENNINE = "East Pennine Hospitals NHS Trust"
PENNINE_CCG = "Pennine Lancashire Clinical Commissioning Group"
BURNLEY_COUNCIL = "Burnley Borough Council"
PENDLE_ACADEMY = "Pendle Moor Academy"

SECTORS = {
    POLICE: "police",
    CHILDRENS: "childrens_services",
    EARLY_HELP: "childrens_services",
    COMMUNITY_HEALTH: "health",
    EAST_PENNINE: "health",
    PENNINE_CCG: "health",
    BURNLEY_COUNCIL: "other",
    PENDLE_ACADEMY: "education",
}

# (what, outcome, measure, agency, localities (None = county-wide), due: in days from today or
#  a date, [(days ago or a date, status, narrative, evidence link or None)], challenge or None)
CSE_ACTIONS = [
    (
        "Respond to the findings of the CSE diagnostic and report each agency's response to "
        "the board",
        "Every partner agency has considered the diagnostic and said what it will change",
        "Written responses received from all statutory partners",
        CHILDRENS,
        None,
        20,
        [
            (
                40,
                Status.ON_TRACK,
                "This year's diagnostic refresh circulated to all agencies with a "
                "request to respond within six weeks.",
                "https://lscb.example/papers/cse-diagnostic",
            ),
            (9, Status.ON_TRACK, "Eleven of fourteen agencies have responded.", None),
        ],
        None,
    ),
    (
        "Set up a multi-agency CSE team in each police division",
        "Children at risk of sexual exploitation are identified early and plans are joint",
        "Co-located teams operating in all three divisions",
        POLICE,
        None,
        -12,
        [
            (70, Status.ON_TRACK, "Northern and Southern division teams in place.", None),
            (48, Status.AT_RISK, "Eastern division team delayed by accommodation.", None),
        ],
        (
            "Burnley and Pendle",
            "When will the Eastern division team be co-located, and what "
            "is happening meanwhile in Burnley and Pendle?",
        ),
    ),
    (
        "Deliver CSE awareness training to school designated safeguarding leads",
        "School staff recognise the warning signs and refer early",
        "80% of secondary schools' designated leads attended",
        EARLY_HELP,
        None,
        5,
        [
            (
                20,
                Status.ON_TRACK,
                "Six of eight sessions delivered; 64% attendance so far.",
                "https://lscb.example/training/cse-dsl-attendance",
            )
        ],
        None,
    ),
    (
        "Return interviews for every child missing from home or care within 72 hours",
        "Patterns of going missing linked to exploitation are spotted",
        "Monthly audit shows 90% of return interviews within 72 hours",
        CHILDRENS,
        ["Preston"],
        -30,
        [
            (
                75,
                Status.OFF_TRACK,
                "Audit shows 61% within 72 hours; commissioning of the "
                "return-interview service under review.",
                None,
            )
        ],
        ("Preston", "What is the plan to reach 90%, and by when?"),
    ),
    (
        "Health practitioners in sexual health services use the CSE screening tool",
        "Young people attending sexual health services are screened for exploitation",
        "Screening recorded in 95% of under-18 attendances",
        COMMUNITY_HEALTH,
        None,
        60,
        [
            (
                15,
                Status.COMPLETE,
                "Screening tool in use in all clinics; audit at 96%.",
                "https://lscb.example/evidence/sexual-health-screening-audit",
            )
        ],
        None,
    ),
]

# The Burnley plan's actions, all completed in 2015.
MASPI_ACTIONS = [
    (
        "Strategy discussions include health and education in every case",
        "Decisions about children at risk draw on what all agencies know",
        "Dip sample of 20 strategy discussions shows all three agencies present",
        CHILDRENS,
        ["Burnley and Pendle"],
        date(2015, 6, 30),
        [
            (
                date(2014, 12, 1),
                Status.ON_TRACK,
                "Practice guidance reissued to team managers.",
                None,
            ),
            (
                date(2015, 6, 19),
                Status.COMPLETE,
                "Dip sample of 20 discussions in May: health and education took part in 19.",
                "https://lscb.example/evidence/strategy-discussion-dip-sample",
            ),
        ],
        None,
    ),
    (
        "GP practices in Burnley share information for child protection conferences",
        "Conferences have the family's health history",
        "Reports received for 90% of conferences",
        PENNINE_CCG,
        ["Burnley and Pendle"],
        date(2015, 7, 31),
        [
            (
                date(2015, 2, 16),
                Status.AT_RISK,
                "Template agreed; four practices still not returning reports.",
                "https://lscb.example/evidence/gp-conference-template",
            ),
            (
                date(2015, 7, 24),
                Status.COMPLETE,
                "Every practice now returns the template; 93% of conferences had a report.",
                "https://lscb.example/evidence/gp-conference-returns",
            ),
        ],
        None,
    ),
    (
        "Early help assessments offered before referral to children's social care",
        "Families get help sooner and referrals are appropriate",
        "Re-referral rate in Burnley falls below the county average",
        BURNLEY_COUNCIL,
        ["Burnley and Pendle"],
        date(2015, 9, 30),
        [
            (
                date(2015, 9, 21),
                Status.COMPLETE,
                "Re-referrals in Burnley fell below the county average for the second quarter.",
                "https://lscb.example/evidence/burnley-re-referrals",
            )
        ],
        None,
    ),
    (
        "Emergency department records ask about children in the household",
        "Hidden children of adults attending with risk factors are identified",
        "Question completed in 90% of relevant attendances",
        EAST_PENNINE,
        ["Burnley and Pendle"],
        date(2015, 4, 30),
        [
            (
                date(2015, 1, 12),
                Status.ON_TRACK,
                "Question added to the electronic record; training under way.",
                None,
            ),
            (
                date(2015, 4, 22),
                Status.COMPLETE,
                "Audit of March attendances: 92% completed.",
                "https://lscb.example/evidence/ed-hidden-children-audit",
            ),
        ],
        None,
    ),
]
MASPI_CREATED = date(2014, 11, 3)


def _agency(name: str) -> Agency:
    agency = Agency.objects.filter(name=name).first()
    if agency is None:
        agency = Agency.objects.create(
            name=name, slug=slugify(name)[:200], sector=SECTORS.get(name, "other")
        )
    return agency


def _lead_of(agency: Agency) -> Person | None:
    assignment = (
        RoleAssignment.objects.filter(role=Role.AGENCY_LEAD, agency=agency, person__is_active=True)
        .select_related("person")
        .order_by("pk")
        .first()
    )
    return assignment.person if assignment else None


def _cpb_chair(locality: Area) -> Person | None:
    assignment = (
        RoleAssignment.objects.filter(role=Role.CPB_CHAIR, area=locality)
        .select_related("person")
        .order_by("pk")
        .first()
    )
    return assignment.person if assignment else None


def _day(value: int | date, today: date, sign: int) -> date:
    """A date as given, or `value` days after (sign 1) or before (sign -1) today."""
    return value if isinstance(value, date) else today + timedelta(days=sign * value)


def _at(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(10)))


def _ago(days: int) -> datetime:
    return _at(timezone.localdate() - timedelta(days=days))


def _plan(board, title, **fields) -> tuple[ActionPlan, bool]:
    return ActionPlan.objects.get_or_create(board=board, title=title, defaults=fields)


def _load_actions(plan: ActionPlan, rows, localities: dict[str, Area], created: date) -> int:
    today = timezone.localdate()
    added_at = _at(created)
    added = 0
    for what, outcome, measure, agency_name, areas, due_in, updates, challenge in rows:
        if Action.objects.filter(plan=plan, what=what).exists():
            continue
        agency = _agency(agency_name)
        owner = _lead_of(agency)
        action = Action.objects.create(
            plan=plan,
            what=what,
            outcome=outcome,
            measure_of_success=measure,
            owner_agency=agency,
            owner_person=owner,
            due_date=_day(due_in, today, 1),
            created_at=added_at,
        )
        action.localities.set([localities[name] for name in areas or []])
        AuditEvent.objects.create(
            occurred_at=added_at,
            actor_label="System",
            verb="action created",
            target_type="actionplans.action",
            target_id=str(action.pk),
            target_label=str(action)[:300],
            board_id=plan.board_id,
            payload={"summary": "Added to the plan (demo data)"},
        )
        for days_ago, status, narrative, link in updates:
            day = _day(days_ago, today, -1)
            update = ProgressUpdate.objects.create(
                action=action,
                author=owner,
                date=day,
                status=status,
                narrative=narrative,
                created_at=_at(day),
            )
            if link:
                Evidence.objects.create(
                    action=action,
                    update=update,
                    kind=Evidence.Kind.LINK,
                    url=link,
                    description="Evidence for: " + narrative[:80],
                    added_by=owner,
                    added_at=_at(day),
                )
            action.status = status
            action.status_reason = narrative
            action.last_update_at = _at(day)
            action.version += 1
        action.save()
        if challenge:
            locality_name, question = challenge
            locality = localities[locality_name]
            Challenge.objects.create(
                action=action,
                raised_by=_cpb_chair(locality),
                raised_at=_ago(14),
                locality=locality,
                question=question,
                addressed_to_agency=agency,
                addressed_to_person=owner,
                respond_by=today + timedelta(days=7),
            )
        added += 1
    return added


@transaction.atomic
def load_demo_action_plans() -> int:
    """Load the two demo plans; returns how many actions were added (0 when already loaded)."""
    boards = load_boards_and_areas()
    board = boards["children"]
    localities = {area.name: area for area in Area.objects.filter(kind=Area.Kind.LOCALITY)}
    today = timezone.localdate()
    year = today.year if today.month >= 4 else today.year - 1  # the business year, from April
    cse, _ = _plan(
        board,
        "Child sexual exploitation (CSE) action plan",
        purpose=(
            "Follows the board's CSE diagnostic. The locality boards (CPBs) monitor multi-agency "
            "work on CSE in their areas, collect evidence and challenge where appropriate."
        ),
        origin_kind=ActionPlan.Origin.THEMED,
        origin_reference="CSE diagnostic agreed by the LSCB on 20 March 2015, renewed each year",
        period_start=date(year, 4, 1),
        period_end=date(year + 1, 3, 31),
        created_at=_ago(90),
    )
    cse.shared_with.set(localities.values())
    maspi, _ = _plan(
        board,
        "Burnley practice inspection (MASPI) action plan",
        purpose="Actions emerging from the multi-agency safeguarding practice inspection.",
        origin_kind=ActionPlan.Origin.PRACTICE_INSPECTION,
        origin_reference="MASPI Burnley, October 2014",
        period_start=date(2014, 11, 1),
        period_end=date(2015, 10, 31),
        created_at=_at(MASPI_CREATED),
        updated_at=_at(date(2015, 9, 21)),
    )
    maspi.shared_with.set([localities["Burnley and Pendle"]])
    return _load_actions(cse, CSE_ACTIONS, localities, today - timedelta(days=90)) + (
        _load_actions(maspi, MASPI_ACTIONS, localities, MASPI_CREATED)
    )


def demo_summary() -> str:
    return f"{ActionPlan.objects.count()} action plans with {Action.objects.count()} actions"
