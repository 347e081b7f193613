"""Reads shared by the pages, the API, the sweeps and the home page."""

from __future__ import annotations

from django.db.models import (
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from safeguarding.core.models import AuditEvent
from safeguarding.core.permissions import bu_board_ids, cpb_area_ids, led_agency_ids
from safeguarding.organisations.models import Area, Person, Role

from .models import Action, ActionPlan, Challenge, Evidence, ProgressUpdate


def applying_to(area_ids, via: str = "") -> Q:
    """Actions naming one of the localities, and county-wide actions (no localities) of plans
    shared with one. `via="action__"` says the same of the records pointing at an action
    (challenges).

    Each is a question about the row in hand (EXISTS), which the link tables' unique indexes
    answer in one probe, so a page of 25 reads about 25 rows' worth whatever the number of
    actions. As lists of ids (IN), the database first collected every action of the
    locality: a tenth of a second at ten times county scale, for a page or a single action."""
    area_ids = sorted(area_ids)
    action = OuterRef("action_id" if via else "pk")
    links = Action.localities.through.objects
    shared = ActionPlan.shared_with.through.objects.filter(
        actionplan_id=OuterRef(f"{via}plan_id"), area_id__in=area_ids
    )
    return Q(Exists(links.filter(action_id=action, area_id__in=area_ids))) | (
        Q(Exists(shared)) & ~Q(Exists(links.filter(action_id=action)))
    )


def _actions_applying_to(area_ids) -> QuerySet[Action]:
    return Action.objects.filter(applying_to(area_ids))


def visible_condition(user, via: str = "") -> Q | None:
    """Who may see an action, as a condition on actions (or, with `via="action__"`, on the
    records pointing at one); None for everything."""
    if user.is_superuser:
        return None
    condition = Q(**{f"{via}owner_person_id": user.pk})
    boards = bu_board_ids(user)
    if boards:
        condition |= Q(**{f"{via}plan__board_id__in": sorted(boards)})
    agencies = led_agency_ids(user)
    if agencies:
        condition |= Q(**{f"{via}owner_agency_id__in": sorted(agencies)})
    areas = cpb_area_ids(user)
    if areas:
        condition |= applying_to(areas, via)
    return condition


def audience(user) -> str:
    """Who sees the very same plans, actions and challenges as `user` (the key of the cached
    lists and report, core.fragments): everything for a superuser; otherwise what
    `visible_condition`, `plans_visible_to` and `challenges_visible_to` are made of, the
    boards they work for as business unit, the agencies they lead and the localities whose
    board they sit on, and the person themselves only if they own an action or were asked a
    challenge (one indexed query), since nobody else sees those rows because of them."""
    if not user.is_authenticated:
        return "nobody"
    if user.is_superuser:
        return "everything"

    def ids(values) -> str:
        return ",".join(str(value) for value in sorted(values))

    parts = [
        f"bu:{ids(bu_board_ids(user))}",
        f"lead:{ids(led_agency_ids(user))}",
        f"cpb:{ids(cpb_area_ids(user))}",
    ]
    concerned = Person.objects.filter(pk=user.pk).filter(
        Exists(Action.objects.filter(owner_person_id=user.pk))
        | Exists(Challenge.objects.filter(addressed_to_person_id=user.pk))
    )
    if concerned.exists():
        parts.append(f"person:{user.pk}")
    return "|".join(parts)


def actions_visible_to(user) -> QuerySet[Action]:
    if not user.is_authenticated:
        return Action.objects.none()
    condition = visible_condition(user)
    return Action.objects.all() if condition is None else Action.objects.filter(condition)


def plans_visible_to(user) -> QuerySet[ActionPlan]:
    """Plans of the boards a person works for, plans shared with their locality, and plans
    holding an action they may see. (An action a locality board sees is in a plan shared with
    it, or names the locality: the conditions below say the same without reading every
    action.)"""
    if not user.is_authenticated:
        return ActionPlan.objects.none()
    if user.is_superuser:
        return ActionPlan.objects.all()
    owners = Q(owner_person_id=user.pk)
    agencies = led_agency_ids(user)
    if agencies:
        owners |= Q(owner_agency_id__in=sorted(agencies))
    condition = Q(pk__in=Action.objects.filter(owners).values("plan_id"))
    boards = bu_board_ids(user)
    if boards:
        condition |= Q(board_id__in=sorted(boards))
    areas = sorted(cpb_area_ids(user))
    if areas:
        links = Action.localities.through.objects
        named = links.filter(area_id__in=areas).values("action_id")
        condition |= Q(
            pk__in=ActionPlan.shared_with.through.objects.filter(area_id__in=areas).values(
                "actionplan_id"
            )
        )
        # Plans holding an action that names one of the localities, plan by plan.
        condition |= Exists(named.filter(action__plan_id=OuterRef("pk")))
    return ActionPlan.objects.filter(condition)


def action_rows(user) -> QuerySet[Action]:
    """`actions_visible_to` with what lists, rules and the API read for each action."""
    return (
        actions_visible_to(user)
        .select_related("plan", "plan__board", "owner_agency", "owner_person")
        .prefetch_related(
            Prefetch("localities", queryset=Area.objects.only("id", "name")),
            Prefetch("plan__shared_with", queryset=Area.objects.only("id", "name")),
        )
    )


def locality_actions(area_ids) -> QuerySet[Action]:
    """The actions applying to the localities: for a locality board, whose members may see
    every one of them (the `actions_visible_to` test need not be repeated)."""
    return _actions_applying_to(area_ids)


def list_rows(actions: QuerySet[Action]) -> QuerySet[Action]:
    """Only what a page of the action lists shows (_action_table.html): the action, its plan's
    title, its agency's name and its localities' names."""
    return (
        actions.select_related("plan", "owner_agency")
        .only(
            "what",
            "due_date",
            "status",
            "plan",
            "owner_agency",
            "plan__title",
            "owner_agency__name",
        )
        .prefetch_related(Prefetch("localities", queryset=Area.objects.only("id", "name")))
    )


def export_rows(actions: QuerySet[Action]) -> QuerySet[Action]:
    """What the actions' CSV/XLSX downloads read."""
    return actions.select_related("owner_agency", "owner_person").prefetch_related(
        Prefetch("localities", queryset=Area.objects.only("id", "name"))
    )


def plan_rows(user) -> QuerySet[ActionPlan]:
    return (
        plans_visible_to(user)
        .select_related("board", "created_by")
        .prefetch_related(Prefetch("shared_with", queryset=Area.objects.only("id", "name")))
    )


def plan_with_actions(user, plan_pk: int):
    """(plan, the actions in it this person may see) or raises ActionPlan.DoesNotExist."""
    plan = plan_rows(user).get(pk=plan_pk)
    actions = list(action_rows(user).filter(plan=plan).order_by("due_date", "pk"))
    return plan, actions


def challenges_visible_to(user) -> QuerySet[Challenge]:
    if not user.is_authenticated:
        return Challenge.objects.none()
    on_action = visible_condition(user, via="action__")
    if on_action is None:
        return Challenge.objects.all()
    # Joined to the action rather than tested against the list of visible actions.
    condition = on_action | Q(addressed_to_person_id=user.pk)
    agencies = led_agency_ids(user)
    if agencies:
        condition |= Q(addressed_to_agency_id__in=sorted(agencies))
    return Challenge.objects.filter(condition)


def challenge_rows(user) -> QuerySet[Challenge]:
    return (
        challenges_visible_to(user)
        .select_related(
            "action",
            "action__plan",
            "action__owner_agency",
            "locality",
            "raised_by",
            "addressed_to_agency",
            "addressed_to_person",
            "answered_by",
            "closed_by",
        )
        .prefetch_related("action__localities", "action__plan__shared_with")
    )


def challenge_list_rows(user) -> QuerySet[Challenge]:
    """What the challenge log's pages and downloads read."""
    return challenges_visible_to(user).select_related(
        "action", "action__plan", "locality", "addressed_to_agency"
    )


def evidence_visible_to(user) -> QuerySet[Evidence]:
    return Evidence.objects.filter(action__in=actions_visible_to(user).values("pk"))


def updates_visible_to(user) -> QuerySet[ProgressUpdate]:
    return ProgressUpdate.objects.filter(action__in=actions_visible_to(user).values("pk"))


def action_history(action: Action) -> list[dict]:
    """An action's timeline, newest first: updates, challenges and audit events."""
    items = []
    for update in action.updates.select_related("author").prefetch_related("evidence"):
        items.append(
            {
                "when": update.created_at,
                "title": f"Progress update: {update.get_status_display()}",
                "by": str(update.author) if update.author else "System",
                "text": update.narrative,
                "evidence": list(update.evidence.all()),
            }
        )
    for challenge in action.challenges.select_related("raised_by", "answered_by", "closed_by"):
        items.append(
            {
                "when": challenge.raised_at,
                "title": "Challenge raised",
                "by": str(challenge.raised_by or "System"),
                "text": challenge.question,
            }
        )
        if challenge.answered_at:
            items.append(
                {
                    "when": challenge.answered_at,
                    "title": "Challenge answered",
                    "by": str(challenge.answered_by or "System"),
                    "text": challenge.answer,
                }
            )
        if challenge.closed_at:
            items.append(
                {
                    "when": challenge.closed_at,
                    "title": "Challenge closed",
                    "by": str(challenge.closed_by or "System"),
                    "text": challenge.outcome,
                }
            )
    shown = {
        "action created",
        "action changed",
        "reminder sent",
        "action escalated",
        "evidence accepted",
        "evidence rejected",
        "evidence added",
        # The verbs of the same events before verbs were declared: the trail is append-only,
        # so older rows keep them.
        "created",
        "changed",
        "reminded",
        "escalated",
        "status changed in bulk",
    }
    events = AuditEvent.objects.filter(
        target_type="actionplans.action", target_id=str(action.pk), verb__in=shown
    )
    for event in events:
        items.append(
            {
                "when": event.occurred_at,
                "title": event.verb.capitalize(),
                "by": event.actor_label,
                "text": event.payload.get("summary", ""),
            }
        )
    return sorted(items, key=lambda item: item["when"], reverse=True)


REPORT_ROWS = 25  # rows of each list on the report page; the PDF and downloads have them all


def plan_progress(user, plan: ActionPlan, today=None, limit: int | None = REPORT_ROWS) -> dict:
    """A plan's progress as this person may see it: counts by status, overdue actions, those
    completed in the last 30 days and open challenges. Counted in the database, so the number
    of queries does not grow with the plan; each list holds at most `limit` rows (None: all)."""
    today = today or timezone.localdate()
    actions = actions_visible_to(user).filter(plan=plan)
    rows = actions.select_related("owner_agency", "owner_person").order_by("due_date", "pk")
    is_overdue = Q(due_date__lt=today) & ~Q(status=Action.Status.COMPLETE)
    recent_cutoff = timezone.now() - timezone.timedelta(days=30)
    is_recent = Q(status=Action.Status.COMPLETE, last_update_at__gte=recent_cutoff)
    overdue = rows.filter(is_overdue)
    recent = rows.filter(is_recent).order_by("-last_update_at", "pk")
    # Every count in one query.
    figures = actions.aggregate(
        overdue_count=Count("pk", filter=is_overdue),
        recent_count=Count("pk", filter=is_recent),
        **{value: Count("pk", filter=Q(status=value)) for value in Action.Status.values},
    )
    by_status = {value: figures[value] for value in Action.Status.values}
    challenges = (
        Challenge.objects.filter(action__in=actions.values("pk"))
        .exclude(status=Challenge.State.CLOSED)
        .select_related("action", "addressed_to_agency")
        .order_by("respond_by", "pk")
    )

    def first(queryset):
        return list(queryset if limit is None else queryset[:limit])

    return {
        "counts": [
            {"status": value, "label": label, "count": by_status.get(value, 0)}
            for value, label in Action.Status.choices
        ],
        "total": sum(by_status.values()),
        "overdue": first(overdue),
        "overdue_count": figures["overdue_count"],
        "recently_completed": first(recent),
        "recently_completed_count": figures["recent_count"],
        "open_challenges": first(challenges),
        "open_challenge_count": challenges.count(),
        "limit": limit,
    }


def month_ends(today, months: int) -> list:
    """The last `months` month ends before today, oldest first, then today."""
    ends = []
    day = today.replace(day=1) - timezone.timedelta(days=1)
    for _ in range(months):
        ends.append(day)
        day = day.replace(day=1) - timezone.timedelta(days=1)
    return [*reversed(ends), today]


def status_trend(user, plan: ActionPlan, months: int = 12, today=None) -> list[dict]:
    """How many of the plan's actions stood at each status at each month end, from the
    progress-update history: an action counts from the day it was created, as not started until
    its first update, then at the status of its latest update on or before the date."""
    today = today or timezone.localdate()
    dates = month_ends(today, months)
    actions = actions_visible_to(user).filter(plan=plan)
    created = {
        pk: timezone.localdate(when) if timezone.is_aware(when) else when.date()
        for pk, when in actions.values_list("pk", "created_at")
    }
    history: dict[int, list] = {}
    updates = (
        ProgressUpdate.objects.filter(action__in=actions.values("pk"), date__lte=today)
        .order_by("action_id", "date", "created_at", "pk")
        .values_list("action_id", "date", "status")
    )
    for action_id, day, status in updates.iterator(chunk_size=5000):
        history.setdefault(action_id, []).append((day, status))
    points = []
    for end in dates:
        counts = dict.fromkeys(Action.Status.values, 0)
        for pk, born in created.items():
            if born > end:
                continue
            status = Action.Status.NOT_STARTED
            for day, value in history.get(pk, ()):
                if day > end:
                    break
                status = value
            counts[status] += 1
        points.append({"date": end, "counts": counts, "total": sum(counts.values())})
    return points


def cpb_chairs_for(action: Action) -> list[Person]:
    from .rules import applicable_locality_ids

    areas = applicable_locality_ids(action)
    return list(
        Person.objects.filter(
            is_active=True,
            roles__role=Role.CPB_CHAIR,
            roles__area_id__in=sorted(areas),
        ).distinct()
    )


def business_unit_for(board_id: int) -> list[Person]:
    return list(
        Person.objects.filter(
            is_active=True, roles__role=Role.BUSINESS_UNIT, roles__board_id=board_id
        ).distinct()
    )


def challenge_addressees(action: Action, agency_id: int | None = None) -> QuerySet[Person]:
    """Whom a challenge on `action` may name: the action's owner, the safeguarding leads of the
    agency asked to respond (the owner agency unless another is chosen) and the business unit
    of the plan's board. Anyone else is asked through their agency's leads."""
    return (
        Person.objects.filter(is_active=True)
        .filter(
            Q(pk=action.owner_person_id)
            | Q(roles__role=Role.AGENCY_LEAD, roles__agency_id=agency_id or action.owner_agency_id)
            | Q(roles__role=Role.BUSINESS_UNIT, roles__board_id=action.plan.board_id)
        )
        .select_related("agency")
        .distinct()
        .order_by("full_name", "pk")
    )


def agency_leads(agency_id: int) -> list[Person]:
    return list(
        Person.objects.filter(
            is_active=True, roles__role=Role.AGENCY_LEAD, roles__agency_id=agency_id
        ).distinct()
    )


def plans_with_counts(user) -> QuerySet[ActionPlan]:
    """Plans with the number of their actions this person may see, counted plan by plan (a
    correlated subquery on the plan's own actions)."""
    counts = (
        actions_visible_to(user)
        .filter(plan_id=OuterRef("pk"))
        .order_by()
        .values("plan_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return plan_rows(user).annotate(
        action_count=Coalesce(Subquery(counts, output_field=IntegerField()), 0)
    )
