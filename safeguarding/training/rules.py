"""Who may do what with training.

- Anyone may read the catalogue (published courses and their sessions) without signing in.
- Any signed-in person may apply for a session, see their own applications and passport,
  accept or turn down an offer, cancel while booking is open and give feedback after attending.
- The applicant's line manager (named on the application) approves or declines it.
- Business-unit staff of the course's board (either board for a course open to both) run the
  programme: courses, sessions, decisions and overrides, the register, charges and reports.
- An agency safeguarding lead sees their agency's staff applications and passports.
- The person who trains a session (Session.trained_by) marks its register and prints its
  sign-in sheet, and nothing else of the business unit's: no decisions, charges or changes.
"""

from __future__ import annotations

import rules

from safeguarding.core.permissions import (
    business_unit_of_board,
    is_board_business_unit,
    is_superuser,
    led_agency_ids,
)
from safeguarding.organisations.rules import is_agency_lead, is_business_unit, is_signed_in


def _course_of(obj):
    if obj is None:
        return None
    if hasattr(obj, "session_id"):
        return obj.session.course
    if hasattr(obj, "course_id"):
        return obj.course
    return obj


@rules.predicate
def open_to_both_boards(user, obj) -> bool:
    return obj is not None and _course_of(obj).open_to_both_boards


# Business-unit staff of the board the course (of a session or application) belongs to, or of
# either board for a course open to both.
manages_programme = business_unit_of_board(
    lambda obj: _course_of(obj).board_id, "manages_programme"
) | (open_to_both_boards & is_business_unit)


def _session_of(obj):
    if obj is None:
        return None
    if hasattr(obj, "trained_by_id"):
        return obj
    if hasattr(obj, "session_id"):
        return obj.session
    return None


@rules.predicate
def trains_session(user, obj) -> bool:
    """The person named as the trainer of the session (of an application)."""
    session = _session_of(obj)
    return (
        session is not None
        and user.is_authenticated
        and session.trained_by_id is not None
        and session.trained_by_id == user.pk
    )


@rules.predicate
def trains_any_session(user) -> bool:
    """Trains a session that is coming up or recent (for the navigation). Answered from a
    short-lived cache of trainers (selectors.trainer_ids), so it costs no query."""
    if not user.is_authenticated:
        return False
    from .selectors import trainer_ids

    return user.pk in trainer_ids()


@rules.predicate
def is_applicant(user, application) -> bool:
    return application is not None and user.is_authenticated and application.applicant_id == user.pk


@rules.predicate
def is_named_line_manager(user, application) -> bool:
    # Someone whose agency has not confirmed them yet approves nothing, even if named.
    return (
        application is not None
        and user.is_authenticated
        and application.line_manager_id == user.pk
        and user.agency_confirmed
    )


@rules.predicate
def leads_applicants_agency(user, application) -> bool:
    return application is not None and application.agency_id in led_agency_ids(user)


rules.add_perm("training.use_training", is_signed_in)
rules.add_perm("training.manage_training", is_business_unit | is_superuser)
# The object is the board of the new course.
rules.add_perm("training.add_course", is_board_business_unit)
rules.add_perm("training.view_staff_training", is_agency_lead | is_business_unit | is_superuser)
rules.add_perm("training.manage_session", manages_programme)
rules.add_perm(
    "training.view_application",
    is_applicant | is_named_line_manager | manages_programme | leads_applicants_agency,
)
rules.add_perm("training.decide_application", is_named_line_manager | manages_programme)
rules.add_perm("training.override_application", manages_programme)
rules.add_perm("training.cancel_application", is_applicant | manages_programme)
rules.add_perm("training.answer_offer", is_applicant)
rules.add_perm("training.give_feedback", is_applicant)
rules.add_perm("training.mark_register", manages_programme | trains_session)
rules.add_perm("training.train_sessions", trains_any_session)
