"""Items for the "what needs me" home page."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from safeguarding.core.home import NeedsMe, task_provider
from safeguarding.core.permissions import led_agency_ids

from .models import Action, Challenge, Evidence, Status
from .selectors import _actions_applying_to


@task_provider(reads=("actionplans",))
def my_actions(person, board) -> list[NeedsMe]:
    """Actions the person owns that are due within 14 days, overdue or without a recent update."""
    today = timezone.localdate()
    stale_before = timezone.now() - timedelta(days=settings.HUB_ACTION_STALE_DAYS)
    actions = (
        Action.objects.filter(owner_person_id=person.pk)
        .exclude(status=Status.COMPLETE)
        .filter(
            Q(due_date__lte=today + timedelta(days=14))
            | Q(last_update_at__lt=stale_before)
            | Q(last_update_at__isnull=True, created_at__lt=stale_before)
        )
        .order_by("due_date")[:50]
    )
    items = []
    for action in actions:
        if action.due_date < today:
            category = "Overdue action: post an update"
        elif action.due_date <= today + timedelta(days=14):
            category = "Action due soon: post an update"
        else:
            category = "No recent update on your action"
        items.append(
            NeedsMe(
                title=str(action),
                href=reverse("actionplans:action_detail", args=[action.pk]),
                category=category,
                deadline=action.due_date,
            )
        )
    return items


@task_provider(reads=("actionplans",))
def challenges_to_answer(person, board) -> list[NeedsMe]:
    condition = Q(addressed_to_person_id=person.pk)
    agencies = led_agency_ids(person)
    if agencies:
        condition |= Q(addressed_to_agency_id__in=sorted(agencies))
    challenges = Challenge.objects.filter(condition, status=Challenge.State.OPEN).order_by(
        "respond_by"
    )[:50]
    return [
        NeedsMe(
            title=f"Answer the challenge: {challenge}",
            href=reverse("actionplans:challenge_detail", args=[challenge.pk]),
            category="Challenge awaiting your answer",
            deadline=challenge.respond_by,
        )
        for challenge in challenges
    ]


@task_provider(reads=("actionplans",))
def evidence_to_review(person, board) -> list[NeedsMe]:
    from safeguarding.organisations.models import Role

    areas = person.scope_ids(Role.CPB_CHAIR, "area")
    if not areas:
        return []
    waiting = (
        Evidence.objects.filter(
            accepted__isnull=True, action__in=_actions_applying_to(areas).values("pk")
        )
        .select_related("action")
        .order_by("added_at")[:50]
    )
    return [
        NeedsMe(
            title=f"Review evidence '{evidence}' for: {evidence.action}",
            # Straight to the piece of evidence named, among the action's others.
            href=reverse("actionplans:action_detail", args=[evidence.action_id])
            + f"#evidence-{evidence.pk}",
            category="Evidence awaiting review",
        )
        for evidence in waiting
    ]


@task_provider(reads=("actionplans",))
def actions_escalated_to_the_business_unit(person, board) -> list[NeedsMe]:
    """For the business unit: open actions overdue long enough to have been escalated to it
    (sweeps.ESCALATE_TO_BUSINESS_UNIT_AFTER), oldest first. One query."""
    from safeguarding.core.formatting import hub_date
    from safeguarding.core.permissions import bu_board_ids

    from .sweeps import ESCALATE_TO_BUSINESS_UNIT_AFTER

    boards = sorted(bu_board_ids(person))
    if not boards:
        return []
    cutoff = timezone.localdate() - ESCALATE_TO_BUSINESS_UNIT_AFTER
    late = (
        Action.objects.filter(plan__board_id__in=boards, due_date__lte=cutoff)
        .exclude(status=Status.COMPLETE)
        .select_related("plan__board", "owner_agency")
        .order_by("due_date", "pk")[:20]
    )
    return [
        NeedsMe(
            title=f"Chase '{action}' with {action.owner_agency.name}: overdue since "
            f"{hub_date(action.due_date)}",
            href=reverse("actionplans:action_detail", args=[action.pk]),
            category="Action escalated to the business unit",
            deadline=action.due_date,
            board=action.plan.board.name,
        )
        for action in late
    ]
