"""Who may do what with requests to agencies and their returns.

- Business-unit staff of the request's board build templates, send requests, see every
  return, reopen a signed-off return and moderate.
- A named moderation panel member of a request sees and moderates its signed-off returns.
- An agency safeguarding lead sees their agency's returns (its moderated scores and reasons
  too), answers them, invites colleagues from the agency and signs off.
- A colleague invited to a return sees it and helps answer it; only a lead signs it off.
- Anyone else: the return does not exist for them (404). Nobody changes a signed-off return
  until the business unit reopens it.
"""

from __future__ import annotations

import rules

from safeguarding.core.permissions import (
    business_unit_of_board,
    is_board_business_unit,
    is_superuser,
    led_agency_ids,
)
from safeguarding.organisations.rules import is_agency_lead, is_business_unit

from .models import Request


def _board_id(obj) -> int:
    """The board of a request, or of a return's request."""
    if isinstance(obj, Request):
        return obj.board_id
    return obj.request.board_id


manages_board_of = business_unit_of_board(_board_id, "returns_manages_board_of")


@rules.predicate
def leads_agency(user, answered) -> bool:
    return answered is not None and answered.agency_id in led_agency_ids(user)


@rules.predicate
def collaborates(user, answered) -> bool:
    if answered is None or not user.is_authenticated:
        return False
    return any(person.pk == user.pk for person in answered.collaborators.all())


@rules.predicate
def on_panel(user, answered) -> bool:
    if answered is None or not user.is_authenticated:
        return False
    return any(person.pk == user.pk for person in answered.request.moderators.all())


@rules.predicate
def is_open(user, answered) -> bool:
    return answered is not None and not answered.is_locked


@rules.predicate
def is_signed_off(user, answered) -> bool:
    return answered is not None and answered.is_locked


agency_side = leads_agency | collaborates | is_superuser
moderator = manages_board_of | on_panel

rules.add_perm("returns.use_returns", is_business_unit | is_agency_lead | is_superuser)
rules.add_perm("returns.manage_requests", is_board_business_unit)
rules.add_perm("returns.view_request", manages_board_of)
rules.add_perm("returns.view_return", manages_board_of | on_panel | leads_agency | collaborates)
rules.add_perm("returns.answer_return", agency_side & is_open)
rules.add_perm("returns.invite_colleague", (leads_agency | is_superuser) & is_open)
rules.add_perm("returns.sign_off_return", (leads_agency | is_superuser) & is_open)
rules.add_perm("returns.reopen_return", manages_board_of & is_signed_off)
rules.add_perm("returns.moderate_return", moderator & is_signed_off)
rules.add_perm("returns.raise_actions", manages_board_of)
