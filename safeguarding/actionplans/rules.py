"""Who may do what with action plans, actions, evidence and challenges.

- Business-unit staff of the plan's board see and manage everything in it.
- A locality board (CPB) chair or member sees the actions that apply to their locality: those
  naming it, and county-wide actions (no localities) of plans shared with it. They review
  evidence and raise and close challenges on those actions.
- An agency safeguarding lead sees and updates their agency's actions and answers challenges
  addressed to the agency; the action's owner may post updates.
- Anyone else: the record does not exist for them (404).
"""

from __future__ import annotations

import rules
from django.db.models import Q

from safeguarding.core.permissions import (
    business_unit_of_board,
    cpb_area_ids,
    is_board_business_unit,
    is_superuser,
    led_agency_ids,
)
from safeguarding.organisations.rules import is_agency_lead, is_business_unit


def applicable_locality_ids(action) -> set[int]:
    """The localities an action applies to: its own, or for a county-wide action those the plan
    is shared with. Reads the prefetched relations when the selector loaded them."""
    own = {area.pk for area in action.localities.all()}
    if own:
        return own
    return {area.pk for area in action.plan.shared_with.all()}


def _board_id(obj) -> int:
    """The board of a plan, or of an action's plan."""
    if hasattr(obj, "plan_id"):
        return obj.plan.board_id
    return obj.board_id


@rules.predicate
def is_cpb(user) -> bool:
    return bool(cpb_area_ids(user))


manages_board_of = business_unit_of_board(_board_id, "manages_board_of")


@rules.predicate
def cpb_of_applicable_locality(user, action) -> bool:
    areas = cpb_area_ids(user)
    return bool(action is not None and areas and applicable_locality_ids(action) & areas)


@rules.predicate
def leads_owner_agency(user, action) -> bool:
    return action is not None and action.owner_agency_id in led_agency_ids(user)


@rules.predicate
def owns_action(user, action) -> bool:
    return action is not None and user.is_authenticated and action.owner_person_id == user.pk


sees_action = manages_board_of | cpb_of_applicable_locality | leads_owner_agency | owns_action


@rules.predicate
def sees_plan(user, plan) -> bool:
    """Beside `selectors.plans_visible_to`: their boards' plans, plans shared with their
    locality, and plans holding an action they own, their agency owns or naming their
    locality."""
    if plan is None or not user.is_authenticated:
        return False
    if manages_board_of(user, plan):
        return True
    areas = cpb_area_ids(user)
    if areas & {area.pk for area in plan.shared_with.all()}:
        return True
    return plan.actions.filter(
        Q(owner_person_id=user.pk)
        | Q(owner_agency_id__in=sorted(led_agency_ids(user)))
        | Q(localities__in=sorted(areas))
    ).exists()


@rules.predicate
def addressed_to(user, challenge) -> bool:
    """The challenge is addressed to this person, or to an agency they lead."""
    return (
        challenge is not None
        and user.is_authenticated
        and (
            challenge.addressed_to_person_id == user.pk
            or challenge.addressed_to_agency_id in led_agency_ids(user)
        )
    )


@rules.predicate
def sees_challenges_action(user, challenge) -> bool:
    return challenge is not None and sees_action(user, challenge.action)


@rules.predicate
def may_answer(user, challenge) -> bool:
    return challenge is not None and (
        addressed_to(user, challenge) or manages_board_of(user, challenge.action)
    )


@rules.predicate
def may_close(user, challenge) -> bool:
    if challenge is None:
        return False
    if manages_board_of(user, challenge.action):
        return True
    areas = cpb_area_ids(user)
    if challenge.locality_id is not None:
        return challenge.locality_id in areas
    return bool(applicable_locality_ids(challenge.action) & areas)


rules.add_perm(
    "actionplans.use_action_plans", is_business_unit | is_cpb | is_agency_lead | is_superuser
)
# The object is the board of the new plan.
rules.add_perm("actionplans.add_plan", is_board_business_unit)
rules.add_perm("actionplans.view_locality_actions", is_business_unit | is_cpb | is_superuser)
# Not a permission: a superuser who leads no agency has no agency list to see.
rules.add_rule("actionplans.leads_an_agency", is_agency_lead)
rules.add_perm("actionplans.change_plan", manages_board_of)
rules.add_perm("actionplans.view_plan", sees_plan)
rules.add_perm("actionplans.view_action", sees_action)
rules.add_perm("actionplans.view_challenge", sees_challenges_action | addressed_to)
rules.add_perm("actionplans.change_action", manages_board_of)
rules.add_perm("actionplans.post_update", manages_board_of | leads_owner_agency | owns_action)
rules.add_perm("actionplans.review_evidence", manages_board_of | cpb_of_applicable_locality)
rules.add_perm("actionplans.raise_challenge", manages_board_of | cpb_of_applicable_locality)
rules.add_perm("actionplans.answer_challenge", may_answer)
rules.add_perm("actionplans.close_challenge", may_close)
