"""Every write to training: one function per use case, in one transaction, checking the rule,
validating (ValidationError keyed by field), writing the audit row and queueing any e-mail.

Allocation of places is serialised per session: the session's row is locked (SELECT ... FOR
UPDATE on PostgreSQL; on SQLite every write transaction starts IMMEDIATE, so writers already
queue) and the places held are counted from the database inside that transaction, never from a
cached figure. Places go to approved applications in order of approval; when the session is
full they wait, and a freed place is offered to the first person waiting for a limited time.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from safeguarding.core.audit import changed_fields, record_change, snapshot
from safeguarding.core.calendars import CANCEL
from safeguarding.core.concurrency import lock_for_edit, save_edit
from safeguarding.core.formatting import hub_date, hub_datetime, hub_time
from safeguarding.core.outbox import queue_email
from safeguarding.core.permissions import require
from safeguarding.core.transitions import TransitionError
from safeguarding.core.validation import check_date
from safeguarding.core.workdays import add_working_days
from safeguarding.organisations.models import Person, Role, RoleAssignment

from . import calendars
from .emails import Purpose
from .models import (
    COURSE_FIELDS,
    FINISHED,
    HOLDS_PLACE,
    Application,
    Course,
    Feedback,
    Session,
    Status,
    new_certificate_code,
)
from .rules import manages_programme
from .selectors import line_managers_for


def default_booking_close(start):
    """Booking closes 3 working days before a session starts."""
    return add_working_days(start, -3)


def _url(name: str, *args) -> str:
    return reverse(name, args=args)


def _notify(
    purpose: str,
    person,
    key,
    subject: str,
    lines: list[str],
    link: str = "",
    attachments: list[dict] | None = None,
) -> bool:
    """Queue a notice through the outbox (once per purpose, person and record)."""
    if person is None or not person.email:
        return False
    return queue_email(
        purpose=purpose,
        recipient=person.email,
        object_key=str(key),
        subject=subject,
        template="emails/training/notice",
        context={"name": person.get_short_name(), "lines": lines, "link": link},
        attachments=attachments,
    )


# --- The state machine ----------------------------------------------------------------------


def transition(
    actor, application: Application, new_status: str, *, changes=None, **payload
) -> Application:
    """Every status change of an application: checked against `Application.moves` and
    audited there, with the moment of the move stamped. Call inside the change's transaction."""
    now = timezone.now()
    stamps = {"updated_at": now}
    if new_status == Status.CONFIRMED:
        stamps |= {"confirmed_at": now, "offer_expires_at": None}
    elif new_status == Status.OFFERED:
        stamps["offered_at"] = now
    elif new_status == Status.CANCELLED:
        stamps["cancelled_at"] = now
    return Application.moves.move(
        actor, application, new_status, changes={**stamps, **(changes or {})}, payload=payload
    )


def _locked_session(session_id: int) -> Session:
    return (
        Session.objects.select_for_update(of=("self",))
        .select_related("course__board")
        .get(pk=session_id)
    )


def _session_for_applying(session_id: int) -> Session:
    """The session, held so that a cancellation or a change to it (which lock it for update)
    waits for the applications in flight, and they for it. On PostgreSQL the lock is shared:
    applications for one session run side by side, where an update lock would queue each
    behind the last during a booking rush. (SQLite serialises every write transaction.)"""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # Locked first, then read: the read sees whatever a cancellation committed.
            cursor.execute("SELECT 1 FROM training_session WHERE id = %s FOR SHARE", [session_id])
        return Session.objects.select_related("course__board").get(pk=session_id)
    return _locked_session(session_id)


def _locked_application(pk: int) -> Application:
    return (
        Application.objects.select_for_update(of=("self",))
        .select_related("session__course__board", "applicant", "line_manager", "agency")
        .get(pk=pk)
    )


def places_held(session: Session) -> int:
    """Counted from the database; call inside the locked transaction when allocating."""
    return Application.objects.filter(session_id=session.pk, status__in=HOLDS_PLACE).count()


def _waiting(session: Session):
    return Application.objects.filter(session_id=session.pk, status=Status.WAITING).order_by(
        "approved_at", "pk"
    )


def _allocate(actor, application: Application, session: Session) -> Application:
    """Give an approved application a place, or put it on the waiting list. Holds the lock."""
    free = session.capacity - places_held(session)
    if free > 0 and not _waiting(session).exists():
        transition(actor, application, Status.CONFIRMED)
        _notify_confirmed(application)
    else:
        transition(actor, application, Status.WAITING)
        _notify(
            Purpose.WAITING_LIST,
            application.applicant,
            application.pk,
            f"You are on the waiting list: {session.course.title}",
            [
                f"The session on {hub_date(session.starts_at)} is full, "
                "so you are on its waiting list.",
                "If a place becomes free we will offer it to you by e-mail.",
            ],
            _url("training:application_detail", application.pk),
        )
        if free > 0:  # places left, but people waiting ahead: offer them the places
            _offer_free_places(session)
    return application


def _notify_confirmed(application: Application) -> None:
    session = application.session
    _notify(
        Purpose.PLACE_CONFIRMED,
        application.applicant,
        application.pk,
        f"Place confirmed: {session.course.title}",
        [
            f"Your place on {session.course.title} on "
            f"{hub_datetime(session.starts_at)} is confirmed.",
            f"Where: {session.venue or session.online_link}",
            f"You can cancel until {hub_date(session.booking_closes)}. "
            "Later cancellations and absences may be charged to your agency.",
        ],
        _url("training:application_detail", application.pk),
        attachments=calendars.attachment(session, application.applicant),
    )


def _offer_free_places(session: Session) -> int:
    """Offer each free place to the next person waiting. Caller holds the session's lock."""
    offered = 0
    free = session.capacity - places_held(session)
    if free <= 0 or session.is_cancelled or session.starts_at <= timezone.now():
        return 0
    for application in _waiting(session).select_related("applicant", "session__course")[:free]:
        transition(None, application, Status.OFFERED)
        application.offer_expires_at = application.offered_at + timedelta(
            hours=session.course.offer_hours
        )
        application.save(update_fields=["offer_expires_at"])
        _notify(
            Purpose.PLACE_OFFERED,
            application.applicant,
            application.pk,
            f"A place is free: {session.course.title}",
            [
                f"A place has become free on {session.course.title} on "
                f"{hub_date(session.starts_at)}.",
                "Sign in and accept it by "
                f"{hub_datetime(application.offer_expires_at)}, "
                "or it will be offered to the next person waiting.",
            ],
            _url("training:application_detail", application.pk),
        )
        offered += 1
    return offered


# --- Courses and sessions -------------------------------------------------------------------


@transaction.atomic
def create_course(acting_user, *, board, **fields) -> Course:
    require(acting_user, "training.add_course", board)
    unknown = set(fields) - set(COURSE_FIELDS)
    if unknown:
        raise ValueError(f"Unknown course fields {sorted(unknown)}")
    if not fields.get("title", "").strip():
        raise ValidationError({"title": "Enter the course title"})
    course = Course.objects.create(board=board, **fields)
    record_change(acting_user, "course created", course, {"title": course.title})
    return course


@transaction.atomic
def create_session(
    acting_user,
    course: Course,
    *,
    starts_at: datetime,
    ends_at: datetime,
    trainer: str,
    capacity: int,
    venue: str = "",
    online_link: str = "",
    area=None,
    booking_closes=None,
    joining_instructions: str = "",
    trained_by: Person | None = None,
) -> Session:
    require(acting_user, "training.manage_session", course)
    trainer = _trainer_name(trainer, trained_by)
    check_date("starts_at", starts_at, "date for the session")
    if ends_at <= starts_at:
        raise ValidationError({"ends_at": "Enter an end time after the start time"})
    if capacity is None or capacity < 1:
        raise ValidationError({"capacity": "Enter the number of places, 1 or more"})
    if not venue.strip() and not online_link.strip():
        raise ValidationError({"venue": "Enter the venue, or an online joining link"})
    start_date = timezone.localtime(starts_at).date()
    booking_closes = booking_closes or default_booking_close(start_date)
    check_date("booking_closes", booking_closes, "date booking closes")
    if booking_closes > start_date:
        raise ValidationError({"booking_closes": "Booking must close on or before the session"})
    session = Session.objects.create(
        course=course,
        starts_at=starts_at,
        ends_at=ends_at,
        trainer=trainer,
        trained_by=trained_by,
        capacity=capacity,
        venue=venue.strip(),
        online_link=online_link.strip(),
        area=area,
        booking_closes=booking_closes,
        joining_instructions=joining_instructions,
    )
    record_change(
        acting_user,
        "session added",
        session,
        {
            "starts_at": str(starts_at),
            "capacity": capacity,
            "booking_closes": str(booking_closes),
            "trained_by": str(trained_by) if trained_by else "",
        },
    )
    if trained_by is not None:
        _notify_trainer(session)
    return session


def _trainer_name(trainer: str, trained_by: Person | None, *, newly_named: bool = True) -> str:
    """The trainer's name as shown: what was typed, else the hub account's name."""
    trainer = (trainer or "").strip()
    if newly_named and trained_by is not None and not trained_by.is_active:
        raise ValidationError(
            {"trained_by": "That person's account is closed: choose someone else, or leave empty"}
        )
    if not trainer and trained_by is not None:
        trainer = trained_by.full_name
    if not trainer:
        raise ValidationError({"trainer": "Enter the trainer"})
    return trainer


def _notify_trainer(session: Session) -> None:
    """Tell the person named as the trainer (once per session) where their register is."""
    _notify(
        Purpose.TRAINER_NOTICE,
        session.trained_by,
        session.pk,
        f"You are training: {session.course.title}",
        [
            f"You are named as the trainer of {session.course.title} on "
            f"{hub_datetime(session.starts_at)}.",
            "Sign in to the hub to see the people booked, print the sign-in sheet and mark "
            "the register on the day.",
        ],
        _url("training:my_sessions"),
    )


# --- Applying and deciding ------------------------------------------------------------------


def check_line_manager(applicant: Person, line_manager: Person) -> None:
    """The one rule for naming a line manager (`selectors.line_managers_for`), whichever way
    the application arrives."""
    if line_manager.pk == applicant.pk:
        raise ValidationError({"line_manager": "Choose your line manager, not yourself"})
    if not line_managers_for(applicant).filter(pk=line_manager.pk).exists():
        raise ValidationError(
            {
                "line_manager": "Choose a line manager who works for your agency and has been "
                "confirmed by it, or leave it empty for the training team to decide"
            }
        )


@transaction.atomic
def apply(
    applicant: Person,
    session: Session,
    *,
    reason: str,
    line_manager: Person | None,
    access_needs: str = "",
    dietary_needs: str = "",
    confirm_line_manager: bool = True,
) -> Application:
    """A signed-in person applies for a place. With a line manager the application waits for
    their approval (they are e-mailed to sign in and decide); without one, the business unit
    decides."""
    if not applicant.is_authenticated:
        raise PermissionDenied
    # Held: an application racing the session's cancellation waits for it, then is refused.
    session = _session_for_applying(session.pk)
    if not session.course.is_published or not session.is_open_for_booking():
        raise ValidationError({"session": "Booking for this session has closed"})
    if not reason.strip():
        raise ValidationError({"reason": "Enter why you want to attend"})
    if line_manager is not None:
        check_line_manager(applicant, line_manager)
        if not confirm_line_manager:
            raise ValidationError({"line_manager": "Confirm that this is your line manager"})
    if (
        Application.objects.filter(session=session, applicant=applicant)
        .exclude(status__in=FINISHED)
        .exists()
    ):
        raise ValidationError({"session": "You have already applied for this session"})
    try:
        with transaction.atomic():
            application = Application.objects.create(
                session=session,
                applicant=applicant,
                line_manager=line_manager,
                agency_id=applicant.agency_id,
                reason=reason.strip(),
                access_needs=access_needs.strip(),
                dietary_needs=dietary_needs.strip(),
            )
    except IntegrityError as error:
        raise ValidationError({"session": "You have already applied for this session"}) from error
    record_change(
        applicant,
        "application made",
        application,
        {"session": str(session), "line_manager": str(line_manager) if line_manager else ""},
    )
    if line_manager is not None:
        transition(applicant, application, Status.AWAITING_APPROVAL)
        _notify(
            Purpose.APPROVAL_REQUEST,
            line_manager,
            application.pk,
            f"Training application to approve: {session.course.title}",
            [
                f"{applicant.full_name} has applied for {session.course.title} on "
                f"{hub_date(session.starts_at)} and named you as their line "
                "manager.",
                "Sign in to the hub to approve or decline the application.",
            ],
            _url("training:approvals"),
        )
    else:
        for bu in _business_unit_of(session.course):
            _notify(
                Purpose.NEEDS_DECISION,
                bu,
                application.pk,
                f"Training application without a line manager: {session.course.title}",
                [f"{applicant.full_name} applied without naming a line manager."],
                _url("training:session_manage", session.pk),
            )
    return application


def _business_unit_of(course: Course):
    assignments = RoleAssignment.objects.filter(role=Role.BUSINESS_UNIT).select_related("person")
    if not course.open_to_both_boards:
        assignments = assignments.filter(board_id=course.board_id)
    seen = {}
    for assignment in assignments:
        if assignment.person.is_active:
            seen[assignment.person.pk] = assignment.person
    return list(seen.values())


@transaction.atomic
def approve(acting_user, application: Application, note: str = "") -> Application:
    """The line manager (or the business unit) approves: the application takes a place if one
    is free and nobody is waiting ahead of it, or joins the waiting list."""
    session = _locked_session(application.session_id)
    application = _locked_application(application.pk)
    require(acting_user, "training.decide_application", application)
    if application.status == Status.DECLINED:
        require(acting_user, "training.override_application", application)
    elif application.status not in (Status.APPLIED, Status.AWAITING_APPROVAL):
        raise TransitionError({"status": "This application has already been decided"})
    application.approved_at = timezone.now()
    application.decided_by = acting_user
    application.decided_at = application.approved_at
    application.decision_note = note.strip()
    application.save(update_fields=["approved_at", "decided_by", "decided_at", "decision_note"])
    return _allocate(acting_user, application, session)


@transaction.atomic
def decline(acting_user, application: Application, note: str) -> Application:
    application = _locked_application(application.pk)
    require(acting_user, "training.decide_application", application)
    if application.status not in (Status.APPLIED, Status.AWAITING_APPROVAL):
        raise TransitionError({"status": "This application has already been decided"})
    if not note.strip():
        raise ValidationError({"note": "Enter the reason for declining, for the applicant"})
    decision = {
        "decided_by": acting_user,
        "decided_at": timezone.now(),
        "decision_note": note.strip(),
    }
    transition(acting_user, application, Status.DECLINED, changes=decision, note=note.strip())
    _notify(
        Purpose.DECLINED,
        application.applicant,
        application.pk,
        f"Training application declined: {application.session.course.title}",
        [f"Your application was declined by {acting_user}.", f"Reason: {note.strip()}"],
        _url("training:application_detail", application.pk),
    )
    return application


@transaction.atomic
def override_confirm(acting_user, application: Application, note: str = "") -> Application:
    """The business unit gives a place directly (even above the capacity), for example to
    someone waiting whose attendance is essential."""
    _locked_session(application.session_id)
    application = _locked_application(application.pk)
    require(acting_user, "training.override_application", application)
    if application.approved_at is None:
        application.approved_at = timezone.now()
        application.save(update_fields=["approved_at"])
    transition(acting_user, application, Status.CONFIRMED, note=note or "business unit override")
    _notify_confirmed(application)
    return application


# --- Offers and cancellations ---------------------------------------------------------------


@transaction.atomic
def accept_offer(acting_user, application: Application) -> Application:
    _locked_session(application.session_id)
    application = _locked_application(application.pk)
    require(acting_user, "training.answer_offer", application)
    if application.status != Status.OFFERED:
        raise TransitionError({"status": "There is no offer to accept"})
    if application.offer_expires_at and application.offer_expires_at <= timezone.now():
        raise TransitionError({"status": "The offer has expired"})
    transition(acting_user, application, Status.CONFIRMED)
    _notify_confirmed(application)
    return application


@transaction.atomic
def cancel(acting_user, application: Application, reason: str = "") -> Application:
    """Cancel an application or give up a place. After booking closes a confirmed place is
    charged by the agency's contribution status. A freed place is offered to the next waiting."""
    session = _locked_session(application.session_id)
    application = _locked_application(application.pk)
    if application.status == Status.OFFERED:
        require(acting_user, "training.answer_offer", application)
    else:
        require(acting_user, "training.cancel_application", application)
    held_place = application.status in HOLDS_PLACE
    late = not session.is_open_for_booking() and application.status == Status.CONFIRMED
    if (
        late
        and not manages_programme(acting_user, application)
        and timezone.now() >= session.starts_at
    ):
        raise ValidationError({"status": "The session has started; it cannot be cancelled"})
    transition(acting_user, application, Status.CANCELLED, reason=reason)
    if late:
        contribution = application.agency.contribution_status if application.agency else None
        application.charge = session.course.charge_for(contribution)
        application.charge_reason = "Late cancellation"
        application.save(update_fields=["charge", "charge_reason"])
        record_change(
            acting_user,
            "late cancellation charged",
            application,
            {"charge": str(application.charge)},
        )
    if held_place:
        _offer_free_places(session)
    return application


def expire_offer(application_id: int) -> bool:
    """Expire one unanswered offer and offer the place on. Safe to run twice."""
    with transaction.atomic():
        application = (
            Application.objects.filter(pk=application_id).select_related("session").first()
        )
        if application is None:
            return False
        session = _locked_session(application.session_id)
        application = _locked_application(application_id)
        if application.status != Status.OFFERED or application.offer_expires_at > timezone.now():
            return False
        transition(None, application, Status.EXPIRED_OFFER)
        _notify(
            Purpose.OFFER_EXPIRED,
            application.applicant,
            application.pk,
            f"Offer expired: {session.course.title}",
            [
                "The place we offered you was not accepted in time, so it has gone to the next "
                "person waiting."
            ],
        )
        _offer_free_places(session)
        return True


# --- The register, certificates and feedback ------------------------------------------------


def register_open(session) -> bool:
    """A register is marked from the session's start: before it nobody has attended or missed
    it (and an absence charges the agency)."""
    return timezone.now() >= session.starts_at


def check_register_open(session) -> None:
    if not register_open(session):
        when = f"{hub_time(session.starts_at)} on {hub_date(session.starts_at)}"
        raise ValidationError({"attended": f"The register opens when the session starts, {when}"})


@transaction.atomic
def mark_attendance(acting_user, application: Application, attended: bool) -> Application:
    # The session first (the order cancel_session locks in): a register racing the
    # session's cancellation waits for it, then sees it.
    session = _locked_session(application.session_id)
    application = _locked_application(application.pk)
    require(acting_user, "training.mark_register", application)
    if session.is_cancelled:
        raise ValidationError({"__all__": "This session was cancelled: its register is closed"})
    check_register_open(session)
    target = Status.ATTENDED if attended else Status.ABSENT
    if application.status == target:
        return application
    transition(acting_user, application, target)
    session = application.session
    if attended:
        application.charge = None
        application.charge_reason = ""
        if not application.certificate_code:
            application.certificate_code = new_certificate_code()
        application.save(update_fields=["charge", "charge_reason", "certificate_code"])
        _notify(
            Purpose.FEEDBACK_REQUEST,
            application.applicant,
            application.pk,
            f"How was {session.course.title}?",
            [
                "Thank you for attending. Please tell us what you thought of the course.",
                "Your certificate is ready to download from your applications page.",
            ],
            _url("training:feedback", application.pk),
        )
    else:
        contribution = application.agency.contribution_status if application.agency else None
        application.charge = session.course.charge_for(contribution)
        application.charge_reason = "Absence"
        application.save(update_fields=["charge", "charge_reason"])
        _notify(
            Purpose.ABSENCE,
            application.line_manager,
            application.pk,
            f"Absence from training: {session.course.title}",
            [
                f"{application.applicant.full_name} had a confirmed place on "
                f"{session.course.title} on {hub_date(session.start_date)} and did not attend.",
                f"The charge to the agency is £{application.charge}.",
            ],
        )
    return application


@transaction.atomic
def submit_feedback(
    acting_user,
    application: Application,
    *,
    overall: int,
    outcomes_met: int,
    will_change_practice: bool = False,
    comments: str = "",
) -> Feedback:
    require(acting_user, "training.give_feedback", application)
    if application.status != Status.ATTENDED:
        raise ValidationError({"overall": "Feedback can be given after attending"})
    if Feedback.objects.filter(application=application).exists():
        raise ValidationError({"overall": "You have already given feedback on this session"})
    for field, value in (("overall", overall), ("outcomes_met", outcomes_met)):
        if value not in range(1, 6):
            raise ValidationError({field: "Choose a rating from 1 to 5"})
    feedback = Feedback.objects.create(
        application=application,
        overall=overall,
        outcomes_met=outcomes_met,
        will_change_practice=will_change_practice,
        comments=comments.strip(),
    )
    record_change(
        acting_user,
        "feedback given",
        feedback,
        {"overall": overall},
    )
    return feedback


@transaction.atomic
def cancel_session(acting_user, session: Session, reason: str) -> int:
    """The business unit calls off a session: every live application is cancelled without
    charge and its applicant told. Returns how many applications were cancelled."""
    session = _locked_session(session.pk)
    require(acting_user, "training.manage_session", session)
    if session.is_cancelled:
        return 0
    if not reason.strip():
        raise ValidationError({"reason": "Enter why the session is cancelled, for the applicants"})
    session.is_cancelled = True
    save_edit(session, update_fields=["is_cancelled"])  # the invitations' SEQUENCE moves on
    record_change(
        acting_user,
        "session cancelled",
        session,
        {"reason": reason.strip()},
    )
    live = (
        Application.objects.select_for_update(of=("self",))
        .filter(session=session)
        .exclude(status__in=[*FINISHED, Status.ATTENDED, Status.ABSENT])
        .select_related("applicant", "session__course__board")
    )
    count = 0
    for application in live:
        # Those sent an invitation get its cancellation, which takes it out of their calendar.
        invited = application.status == Status.CONFIRMED
        transition(acting_user, application, Status.CANCELLED, reason="session cancelled")
        _notify(
            Purpose.SESSION_CANCELLED,
            application.applicant,
            application.pk,
            f"Session cancelled: {session.course.title}",
            [
                f"We are sorry: the session of {session.course.title} on "
                f"{hub_date(session.start_date)} has been cancelled.",
                f"Reason: {reason.strip()}",
                "There is no charge. Please look for another date in the course catalogue.",
            ],
            _url("training:course_detail", session.course_id),
            attachments=(
                calendars.attachment(session, application.applicant, CANCEL) if invited else None
            ),
        )
        count += 1
    return count


SESSION_FIELDS = [
    "starts_at",
    "ends_at",
    "venue",
    "online_link",
    "area",
    "trainer",
    "trained_by",
    "capacity",
    "booking_closes",
    "joining_instructions",
]
# A change to any of these is sent to those with a confirmed place (their invitation).
WHEN_AND_WHERE = {"starts_at", "ends_at", "venue", "online_link"}


@transaction.atomic
def update_course(acting_user, course: Course, *, version: int | None = None, **fields) -> Course:
    """`version`: the one the editor loaded; a course saved since then is not overwritten."""
    require(acting_user, "training.manage_session", course)
    unknown = set(fields) - set(COURSE_FIELDS)
    if unknown:
        raise ValueError(f"Unknown course fields {sorted(unknown)}")
    course = lock_for_edit(Course.objects.all(), course.pk, version)
    before = snapshot(course, list(fields))
    for name, value in fields.items():
        setattr(course, name, value)
    if not course.title.strip():
        raise ValidationError({"title": "Enter the course title"})
    save_edit(course)
    changes = changed_fields(course, before, list(fields))
    if changes:
        record_change(acting_user, "course changed", course, changes)
    return course


@transaction.atomic
def update_session(
    acting_user, session: Session, *, version: int | None = None, **fields
) -> Session:
    """Change a session. More places are offered at once to the people waiting; fewer places
    than are already taken are refused. `version`: the one the editor loaded; a session saved
    since then is not overwritten."""
    session = lock_for_edit(Session.objects.select_related("course__board"), session.pk, version)
    require(acting_user, "training.manage_session", session)
    unknown = set(fields) - set(SESSION_FIELDS)
    if unknown:
        raise ValueError(f"Unknown session fields {sorted(unknown)}")
    before = snapshot(session, list(fields))
    for name, value in fields.items():
        setattr(session, name, value)
    session.trainer = _trainer_name(
        session.trainer,
        session.trained_by,
        newly_named="trained_by" in fields and before["trained_by"] != session.trained_by,
    )
    if "starts_at" in fields and before["starts_at"] != session.starts_at:
        check_date("starts_at", session.starts_at, "date for the session")
    if session.ends_at <= session.starts_at:
        raise ValidationError({"ends_at": "Enter an end time after the start time"})
    if not session.venue.strip() and not session.online_link.strip():
        raise ValidationError({"venue": "Enter the venue, or an online joining link"})
    if session.booking_closes is None:
        session.booking_closes = default_booking_close(session.start_date)
    if "booking_closes" in fields and before["booking_closes"] != session.booking_closes:
        check_date("booking_closes", session.booking_closes, "date booking closes")
    if session.booking_closes > session.start_date:
        raise ValidationError({"booking_closes": "Booking must close on or before the session"})
    taken = places_held(session)
    if session.capacity < taken:
        raise ValidationError(
            {"capacity": f"{taken} places are already taken: enter {taken} or more"}
        )
    save_edit(session)
    changes = changed_fields(session, before, list(fields))
    if changes:
        record_change(acting_user, "session changed", session, changes)
    if "trained_by" in changes and session.trained_by is not None:
        _notify_trainer(session)
    if WHEN_AND_WHERE & set(changes):
        _notify_session_changed(session)
    _offer_free_places(session)
    return session


def _notify_session_changed(session: Session) -> None:
    """Confirmed places get the invitation again with its SEQUENCE moved on, so their
    calendars move the session. Once per version of the session."""
    confirmed = Application.objects.filter(session=session, status=Status.CONFIRMED).select_related(
        "applicant"
    )
    for application in confirmed:
        _notify(
            Purpose.SESSION_CHANGED,
            application.applicant,
            f"{application.pk}:version:{session.version}",
            f"Session changed: {session.course.title}",
            [
                f"The session of {session.course.title} you have a place on has changed. It "
                f"is now on {hub_datetime(session.starts_at, weekday=True)}.",
                f"Where: {session.venue or session.online_link}",
                "The attached invitation updates it in your calendar.",
            ],
            _url("training:application_detail", application.pk),
            attachments=calendars.attachment(session, application.applicant),
        )


@transaction.atomic
def set_course_published(acting_user, course: Course, published: bool) -> Course:
    """Take a course off the public pages, or put it back. Off, its sessions leave the
    catalogue and nobody can apply; applications and places already made are kept (reminders,
    offers from the waiting list, the register and certificates go on as before)."""
    course = Course.objects.select_for_update().select_related("board").get(pk=course.pk)
    require(acting_user, "training.manage_session", course)
    if course.is_published == published:
        return course
    course.is_published = published
    course.save(update_fields=["is_published"])
    upcoming = Session.objects.filter(
        course=course, is_cancelled=False, starts_at__gte=timezone.now()
    )
    record_change(
        acting_user,
        "course put back on the public pages" if published else "course taken off the public pages",
        course,
        {
            "is_published": [not published, published],
            "upcoming_sessions": upcoming.count(),
            "live_applications": Application.objects.filter(session__in=upcoming)
            .exclude(status__in=FINISHED)
            .count(),
        },
    )
    return course
