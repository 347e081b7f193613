"""Reads shared by the pages, the API, the sweeps and the home page."""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from safeguarding.core.models import AuditEvent
from safeguarding.organisations.models import Area, Person, Role

from .models import Action, ActionPlan, Challenge, Evidence, ProgressUpdate
from .rules import bu_board_ids, cpb_area_ids, led_agency_ids


def _actions_applying_to(area_ids) -> QuerySet[Action]:
    """Actions naming one of the localities, and county-wide actions of plans shared with one."""
    area_ids = sorted(area_ids)
    return Action.objects.filter(
        Q(localities__in=area_ids) | Q(localities__isnull=True, plan__shared_with__in=area_ids)
    )


def actions_visible_to(user) -> QuerySet[Action]:
    if not user.is_authenticated:
        return Action.objects.none()
    if user.is_superuser:
        return Action.objects.all()
    condition = Q(owner_person_id=user.pk)
    boards = bu_board_ids(user)
    if boards:
        condition |= Q(plan__board_id__in=sorted(boards))
    agencies = led_agency_ids(user)
    if agencies:
        condition |= Q(owner_agency_id__in=sorted(agencies))
    areas = cpb_area_ids(user)
    if areas:
        condition |= Q(pk__in=_actions_applying_to(areas).values("pk"))
    return Action.objects.filter(condition)


def plans_visible_to(user) -> QuerySet[ActionPlan]:
    """Plans of the boards a person works for, plans shared with their locality, and plans
    holding an action they may see."""
    if not user.is_authenticated:
        return ActionPlan.objects.none()
    if user.is_superuser:
        return ActionPlan.objects.all()
    condition = Q(pk__in=actions_visible_to(user).values("plan_id"))
    boards = bu_board_ids(user)
    if boards:
        condition |= Q(board_id__in=sorted(boards))
    areas = cpb_area_ids(user)
    if areas:
        condition |= Q(pk__in=ActionPlan.objects.filter(shared_with__in=sorted(areas)).values("pk"))
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
    condition = Q(action__in=actions_visible_to(user).values("pk")) | Q(
        addressed_to_person_id=user.pk
    )
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
        "created",
        "changed",
        "reminded",
        "escalated",
        "evidence accepted",
        "evidence rejected",
        "evidence added",
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


def plan_progress(plan: ActionPlan, actions: list[Action], today=None) -> dict:
    today = today or timezone.localdate()
    counts = {value: 0 for value, _ in Action.Status.choices}
    for action in actions:
        counts[action.status] += 1
    recent_cutoff = timezone.now() - timezone.timedelta(days=30)
    return {
        "counts": [
            {"status": value, "label": label, "count": counts[value]}
            for value, label in Action.Status.choices
        ],
        "overdue": [a for a in actions if a.is_overdue(today)],
        "recently_completed": [
            a
            for a in actions
            if a.is_complete and a.last_update_at and a.last_update_at >= recent_cutoff
        ],
        "open_challenges": list(
            Challenge.objects.filter(action__in=[a.pk for a in actions])
            .exclude(status=Challenge.State.CLOSED)
            .select_related("action", "addressed_to_agency")
        ),
        "total": len(actions),
    }


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


def agency_leads(agency_id: int) -> list[Person]:
    return list(
        Person.objects.filter(
            is_active=True, roles__role=Role.AGENCY_LEAD, roles__agency_id=agency_id
        ).distinct()
    )


def plans_with_counts(user) -> QuerySet[ActionPlan]:
    visible = actions_visible_to(user).values("pk")
    return plan_rows(user).annotate(
        action_count=Count("actions", filter=Q(actions__in=visible), distinct=True)
    )
