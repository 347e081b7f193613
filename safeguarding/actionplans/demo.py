"""Demo action plans from the seed (LSCB, 20 March 2015): the CSE action plan shared with the
five locality boards, and the action plan from the Burnley multi-agency safeguarding practice
inspection (MASPI, October 2014) monitored by Burnley and Pendle CPB.

`load_demo_action_plans()` is idempotent: plans and actions are found by their titles, and
updates, evidence and challenges are only added to actions it creates. Due dates are set
relative to today so the demo always has some actions due soon, overdue and stalled. It uses
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

# (what, outcome, measure, agency, localities (None = county-wide), due in days from today,
#  [(days ago, status, narrative, evidence link or None)], challenge or None)
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
                "Diagnostic report circulated to all agencies with a request "
                "to respond by the end of April.",
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

MASPI_ACTIONS = [
    (
        "Strategy discussions include health and education in every case",
        "Decisions about children at risk draw on what all agencies know",
        "Dip sample of 20 strategy discussions shows all three agencies present",
        CHILDRENS,
        ["Burnley and Pendle"],
        -20,
        [(80, Status.ON_TRACK, "Practice guidance reissued to team managers.", None)],
        (
            "Burnley and Pendle",
            "The inspection found health absent from strategy discussions. "
            "What does the latest dip sample show?",
        ),
    ),
    (
        "GP practices in Burnley share information for child protection conferences",
        "Conferences have the family's health history",
        "Reports received for 90% of conferences",
        PENNINE_CCG,
        ["Burnley and Pendle"],
        14,
        [
            (
                10,
                Status.AT_RISK,
                "Template agreed; four practices still not returning reports.",
                "https://lscb.example/evidence/gp-conference-template",
            )
        ],
        None,
    ),
    (
        "Early help assessments offered before referral to children's social care",
        "Families get help sooner and referrals are appropriate",
        "Re-referral rate in Burnley falls below the county average",
        BURNLEY_COUNCIL,
        ["Burnley and Pendle"],
        45,
        [],
        None,
    ),
    (
        "Emergency department records ask about children in the household",
        "Hidden children of adults attending with risk factors are identified",
        "Question completed in 90% of relevant attendances",
        EAST_PENNINE,
        ["Burnley and Pendle"],
        -5,
        [
            (
                50,
                Status.ON_TRACK,
                "Question added to the electronic record; training under way.",
                None,
            ),
            (
                3,
                Status.COMPLETE,
                "Audit of March attendances: 92% completed.",
                "https://lscb.example/evidence/ed-hidden-children-audit",
            ),
        ],
        None,
    ),
]


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


def _ago(days: int) -> datetime:
    return timezone.make_aware(
        datetime.combine(timezone.localdate() - timedelta(days=days), time(10))
    )


def _plan(board, title, **fields) -> tuple[ActionPlan, bool]:
    return ActionPlan.objects.get_or_create(board=board, title=title, defaults=fields)


def _load_actions(plan: ActionPlan, rows, localities: dict[str, Area]) -> int:
    today = timezone.localdate()
    created = 0
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
            due_date=today + timedelta(days=due_in),
            created_at=_ago(90),
        )
        action.localities.set([localities[name] for name in areas or []])
        AuditEvent.objects.create(
            occurred_at=_ago(90),
            actor_label="System",
            verb="created",
            target_type="actionplans.action",
            target_id=str(action.pk),
            target_label=str(action)[:300],
            board_id=plan.board_id,
            payload={"summary": "Added to the plan (demo data)"},
        )
        for days_ago, status, narrative, link in updates:
            update = ProgressUpdate.objects.create(
                action=action,
                author=owner,
                date=(today - timedelta(days=days_ago)),
                status=status,
                narrative=narrative,
                created_at=_ago(days_ago),
            )
            if link:
                Evidence.objects.create(
                    action=action,
                    update=update,
                    kind=Evidence.Kind.LINK,
                    url=link,
                    description="Evidence for: " + narrative[:80],
                    added_by=owner,
                    added_at=_ago(days_ago),
                )
            action.status = status
            action.status_reason = narrative
            action.last_update_at = _ago(days_ago)
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
        created += 1
    return created


@transaction.atomic
def load_demo_action_plans() -> int:
    """Load the two demo plans; returns how many actions were added (0 when already loaded)."""
    boards = load_boards_and_areas()
    board = boards["children"]
    localities = {area.name: area for area in Area.objects.filter(kind=Area.Kind.LOCALITY)}
    cse, _ = _plan(
        board,
        "Child sexual exploitation (CSE) action plan",
        purpose=(
            "Follows the board's CSE diagnostic. The locality boards (CPBs) monitor multi-agency "
            "work on CSE in their areas, collect evidence and challenge where appropriate."
        ),
        origin_kind=ActionPlan.Origin.THEMED,
        origin_reference="CSE diagnostic, agreed by the LSCB on 20 March 2015",
        period_start=date(2015, 4, 1),
        period_end=date(2016, 3, 31),
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
    )
    maspi.shared_with.set([localities["Burnley and Pendle"]])
    return _load_actions(cse, CSE_ACTIONS, localities) + _load_actions(
        maspi, MASPI_ACTIONS, localities
    )
