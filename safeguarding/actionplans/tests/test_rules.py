"""Who may see and do what, role by role."""

import datetime

import pytest
from django.utils import timezone

from safeguarding.actionplans import services
from safeguarding.actionplans.selectors import (
    actions_visible_to,
    challenges_visible_to,
    plans_visible_to,
)


@pytest.fixture
def actions(make_action, burnley, preston, health):
    return {
        "county_wide": make_action(what="County-wide"),
        "burnley": make_action(what="Burnley only", localities=[burnley]),
        "preston_health": make_action(
            what="Preston health", localities=[preston], owner_agency=health
        ),
    }


# role -> the actions it sees
VISIBLE = {
    "business_unit": {"county_wide", "burnley", "preston_health"},
    "other_board_bu": set(),
    "burnley_chair": {"county_wide", "burnley"},
    "burnley_member": {"county_wide", "burnley"},
    "preston_chair": {"county_wide", "preston_health"},
    "police_lead": {"county_wide", "burnley"},
    "health_lead": {"preston_health"},
    "owner": set(),
    "practitioner": set(),
}


@pytest.mark.parametrize("role", VISIBLE)
def test_visibility_matrix(roles, actions, role):
    person = roles[role]
    names = {name for name, action in actions.items()}
    seen = set(actions_visible_to(person).values_list("pk", flat=True))
    expected = {actions[name].pk for name in VISIBLE[role]}
    assert seen == expected
    for name in names:
        assert person.has_perm("actionplans.view_action", actions[name]) == (
            name in VISIBLE[role]
        ), name


def test_owner_sees_and_updates_own_action(roles, make_action):
    owned = make_action(owner_person=roles["owner"])
    assert list(actions_visible_to(roles["owner"])) == [owned]
    assert roles["owner"].has_perm("actionplans.post_update", owned)
    assert not roles["owner"].has_perm("actionplans.change_action", owned)


# role -> (post_update, review_evidence, raise_challenge, change_action) on the Burnley action
ABILITIES = {
    "business_unit": (True, True, True, True),
    "other_board_bu": (False, False, False, False),
    "burnley_chair": (False, True, True, False),
    "burnley_member": (False, True, True, False),
    "preston_chair": (False, False, False, False),
    "police_lead": (True, False, False, False),
    "health_lead": (False, False, False, False),
    "practitioner": (False, False, False, False),
}


@pytest.mark.parametrize("role", ABILITIES)
def test_abilities_matrix(roles, actions, role):
    person, action = roles[role], actions["burnley"]
    perms = ("post_update", "review_evidence", "raise_challenge", "change_action")
    got = tuple(person.has_perm(f"actionplans.{perm}", action) for perm in perms)
    assert got == ABILITIES[role]


def test_plans_visible(roles, actions, plan, business_unit, children_board):
    unshared = services.create_plan(
        business_unit, board=children_board, title="Unshared", origin_kind="other"
    )
    assert set(plans_visible_to(roles["business_unit"])) == {plan, unshared}
    assert set(plans_visible_to(roles["burnley_chair"])) == {plan}
    assert set(plans_visible_to(roles["health_lead"])) == {plan}
    assert not plans_visible_to(roles["practitioner"]).exists()
    assert not plans_visible_to(roles["other_board_bu"]).exists()


def test_county_wide_action_of_unshared_plan_hidden_from_cpb(
    roles, business_unit, children_board, police
):
    unshared = services.create_plan(
        business_unit, board=children_board, title="Unshared", origin_kind="other"
    )
    hidden = services.add_action(
        business_unit, unshared, what="X", owner_agency=police, due_date=datetime.date(2015, 1, 1)
    )
    assert hidden not in actions_visible_to(roles["burnley_chair"])


def test_challenge_visible_to_addressed_agency(roles, actions):
    challenge = services.raise_challenge(
        roles["business_unit"],
        actions["burnley"],
        question="Q",
        respond_by=timezone.localdate(),
        addressed_to_agency=roles["health_lead"].role_assignments[0].agency,
    )
    assert challenge in challenges_visible_to(roles["health_lead"])
    assert challenge not in challenges_visible_to(roles["preston_chair"])
    assert roles["health_lead"].has_perm("actionplans.answer_challenge", challenge)
    assert not roles["police_lead"].has_perm("actionplans.answer_challenge", challenge)


def test_nobody_signed_out_answers_a_challenge_addressed_to_an_agency(roles, actions):
    from django.contrib.auth.models import AnonymousUser

    challenge = services.raise_challenge(
        roles["business_unit"],
        actions["burnley"],
        question="Q",
        respond_by=timezone.localdate(),
        addressed_to_agency=roles["health_lead"].role_assignments[0].agency,
    )
    assert challenge.addressed_to_person_id is None
    assert not AnonymousUser().has_perm("actionplans.answer_challenge", challenge)
    assert not AnonymousUser().has_perm("actionplans.view_challenge", challenge)
