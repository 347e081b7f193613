"""Who may do what with meetings, papers and newsflashes.

- Business-unit staff of the meeting's board schedule meetings, build agendas, publish papers,
  record attendance and decisions, and draft, approve and publish newsflashes.
- A meeting's members see the meeting, its agenda, every paper (public or restricted) and, once
  circulated, the minutes.
- Everyone, signed in or not, sees published newsflashes and public papers of published agendas.
- Anyone else: the meeting and its restricted papers do not exist for them (404).
"""

from __future__ import annotations

import rules

from safeguarding.core.permissions import business_unit_of_board, is_board_business_unit
from safeguarding.organisations.models import Role


def _meeting(obj):
    """The meeting behind a meeting, agenda item or paper."""
    if obj is None:
        return None
    if hasattr(obj, "item_id"):
        return obj.item.meeting
    if hasattr(obj, "meeting_id") and not hasattr(obj, "members"):
        return obj.meeting
    return obj


@rules.predicate
def may_use_meetings(user) -> bool:
    """Business unit, board members, locality board chairs and members (the navigation)."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    roles = {a.role for a in user.role_assignments}
    return bool(roles & {Role.BUSINESS_UNIT, Role.BOARD_MEMBER, Role.CPB_CHAIR, Role.CPB_MEMBER})


manages_meeting = business_unit_of_board(lambda obj: _meeting(obj).board_id, "manages_meeting")


@rules.predicate
def is_member(user, obj) -> bool:
    meeting = _meeting(obj)
    if meeting is None or not user.is_authenticated:
        return False
    cache = getattr(meeting, "_member_ids", None)
    if cache is None:
        cache = set(meeting.members.values_list("pk", flat=True))
        meeting._member_ids = cache
    return user.pk in cache


@rules.predicate
def minutes_shared(user, obj) -> bool:
    meeting = _meeting(obj)
    return meeting is not None and meeting.minutes_state != meeting.Minutes.DRAFT


@rules.predicate
def paper_is_public(user, paper) -> bool:
    return (
        paper is not None and paper.is_public and paper.item.meeting.agenda_published_at is not None
    )


manages_newsflash = business_unit_of_board(
    lambda newsflash: newsflash.board_id, "manages_newsflash"
)


rules.add_perm("meetings.view_meetings", may_use_meetings)
# The object is the board of the new meeting.
rules.add_perm("meetings.add_meeting", is_board_business_unit)
rules.add_perm("meetings.view_meeting", manages_meeting | is_member)
rules.add_perm("meetings.change_meeting", manages_meeting)
rules.add_perm("meetings.view_minutes", manages_meeting | (is_member & minutes_shared))
rules.add_perm("meetings.view_paper", manages_meeting | is_member | paper_is_public)
rules.add_perm("meetings.change_newsflash", manages_newsflash)
