"""The permission toolkit every app builds its rules.py and services on.

- `require(user, perm, obj)`: a service's check; PermissionDenied unless the rule allows it.
- Scope helpers: the ids of the boards, localities and agencies a person holds a role for, read
  from `Person.role_assignments` (loaded once per request), so a check costs no query.
- `business_unit_of_board(board_id_of)`: the predicate "superuser, or business-unit staff of
  this record's board"; an app says only how to find the board of its record.
- `is_board_business_unit`: the same for a board itself, the object of an app's "add"
  permission (require(user, "meetings.add_meeting", board)).

Superusers hold every authority here, but `Person.has_perm` lets the rules decide every rules
permission, so the lifecycle conditions an app combines with authority hold for them too.
"""

from __future__ import annotations

from collections.abc import Callable

import rules
from django.core.exceptions import PermissionDenied

from safeguarding.organisations.models import Role


def require(user, permission: str, obj=None) -> None:
    if not user.has_perm(permission, obj):
        raise PermissionDenied


def _scope_ids(user, role: str, field: str) -> set[int]:
    return user.scope_ids(role, field) if user.is_authenticated else set()


def bu_board_ids(user) -> set[int]:
    """The boards a person works for as business-unit staff."""
    return _scope_ids(user, Role.BUSINESS_UNIT, "board")


def member_board_ids(user) -> set[int]:
    return _scope_ids(user, Role.BOARD_MEMBER, "board")


def cpb_area_ids(user) -> set[int]:
    """The localities whose board (CPB) the person chairs or sits on."""
    return _scope_ids(user, Role.CPB_CHAIR, "area") | _scope_ids(user, Role.CPB_MEMBER, "area")


def led_agency_ids(user) -> set[int]:
    return _scope_ids(user, Role.AGENCY_LEAD, "agency")


@rules.predicate
def is_superuser(user) -> bool:
    return user.is_authenticated and user.is_superuser


def business_unit_of_board(board_id_of: Callable[[object], int | None], name: str = ""):
    """A predicate on a record: superusers, and business-unit staff of the board that
    `board_id_of(record)` names. False without a record."""

    def check(user, obj) -> bool:
        if obj is None or not user.is_authenticated:
            return False
        return user.is_superuser or board_id_of(obj) in bu_board_ids(user)

    return rules.Predicate(check, name=name or "business_unit_of_board")


@rules.predicate
def is_board_business_unit(user, board) -> bool:
    """For an app's "add" permission, whose object is the board the new record belongs to.
    Without a board (a page deciding whether to offer the form at all): business-unit staff of
    any board."""
    if not user.is_authenticated:
        return False
    if board is None:
        return user.is_superuser or bool(bu_board_ids(user))
    return user.is_superuser or board.pk in bu_board_ids(user)
