"""Reads used by the pages, the API and the sweeps. Lists start from a `*_visible_to` selector."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.core.cache import caches
from django.db.models import Avg, Count, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from safeguarding.core import fragments
from safeguarding.core.permissions import bu_board_ids, led_agency_ids
from safeguarding.organisations.models import Person

from .models import HOLDS_PLACE, Application, Course, Feedback, Session, Status


def courses_public() -> QuerySet[Course]:
    return Course.objects.filter(is_published=True).select_related("board")


def _count_of_applications(**conditions) -> Coalesce:
    counted = (
        Application.objects.filter(session=OuterRef("pk"), **conditions)
        .order_by()
        .values("session")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Coalesce(Subquery(counted), 0)


def sessions_with_places(queryset: QuerySet[Session] | None = None) -> QuerySet[Session]:
    """Sessions with `places_taken` and `waiting_count`. Correlated subqueries rather than a
    join with GROUP BY, so a page of 25 sessions counts the applications of those 25 only, not
    of every session before paging (the catalogue was 50 ms of SQL a request at county scale)."""
    queryset = queryset if queryset is not None else Session.objects.all()
    return queryset.select_related("course__board", "area").annotate(
        places_taken=_count_of_applications(status__in=HOLDS_PLACE),
        waiting_count=_count_of_applications(status=Status.WAITING),
    )


def sessions_bookable() -> QuerySet[Session]:
    """Sessions anyone may see, without their places counted: of published courses, not
    cancelled."""
    return Session.objects.filter(course__is_published=True, is_cancelled=False).select_related(
        "course__board", "area"
    )


def sessions_public() -> QuerySet[Session]:
    """`sessions_bookable`, with their places counted."""
    return sessions_with_places(sessions_bookable())


def sessions_upcoming() -> QuerySet[Session]:
    return sessions_public().filter(starts_at__gte=timezone.now())


def sessions_managed_by(user) -> QuerySet[Session]:
    if user.is_superuser:
        return sessions_with_places()
    boards = bu_board_ids(user)
    if not boards:
        return Session.objects.none()
    return sessions_with_places(
        Session.objects.filter(Q(course__board__in=boards) | Q(course__open_to_both_boards=True))
    )


def courses_managed_by(user) -> QuerySet[Course]:
    """Courses of the boards the person runs the programme for (published or not)."""
    rows = Course.objects.select_related("board")
    if not user.is_authenticated:
        return rows.none()
    if user.is_superuser:
        return rows
    boards = bu_board_ids(user)
    if not boards:
        return rows.none()
    return rows.filter(Q(board__in=boards) | Q(open_to_both_boards=True))


# --- Trainers and their registers -----------------------------------------------------------

# "Sessions I train" lists sessions from this many days ago onwards.
RECENT_DAYS = 90
TRAINERS_CACHE_SECONDS = 60


def trainer_ids() -> frozenset[int]:
    """The people who train a session that is coming up or was in the last RECENT_DAYS.

    Every signed-in page asks (the navigation shows "Sessions I train" to trainers only), so
    the answer is kept in this process's memory for a minute rather than asked of the
    database per page: most people train nothing, and they cost no query."""
    cache = caches[fragments.CACHE_ALIAS]
    # This process sees its own changes to sessions at once (the training fragments' local
    # counter); other processes' changes within TRAINERS_CACHE_SECONDS.
    key = f"training:trainer-ids:{fragments.local_version('training')}"
    found = cache.get(key)
    if found is None:
        since = timezone.now() - timedelta(days=RECENT_DAYS)
        found = frozenset(
            Session.objects.filter(trained_by__isnull=False, starts_at__gte=since)
            .values_list("trained_by_id", flat=True)
            .distinct()
        )
        cache.set(key, found, TRAINERS_CACHE_SECONDS)
    return found


def sessions_trained_by(user) -> QuerySet[Session]:
    if not user.is_authenticated:
        return Session.objects.none()
    return sessions_with_places(Session.objects.filter(trained_by=user))


def sessions_with_register_for(user) -> QuerySet[Session]:
    """Sessions whose register the person may mark: those of the programme they run, and those
    they train."""
    if not user.is_authenticated:
        return Session.objects.none()
    if user.is_superuser:
        return sessions_with_places()
    scope = Q(trained_by=user)
    boards = bu_board_ids(user)
    if boards:
        scope |= Q(course__board__in=boards) | Q(course__open_to_both_boards=True)
    return sessions_with_places(Session.objects.filter(scope))


def applications_on_registers_of(user) -> QuerySet[Application]:
    """Applications on the registers the person may mark (sessions_with_register_for)."""
    rows = Application.objects.select_related("session__course__board", "applicant__agency")
    if not user.is_authenticated:
        return rows.none()
    if user.is_superuser:
        return rows
    scope = Q(session__trained_by=user)
    boards = bu_board_ids(user)
    if boards:
        scope |= Q(session__course__board__in=boards) | Q(session__course__open_to_both_boards=True)
    return rows.filter(scope)


def register_rows(session: Session) -> QuerySet[Application]:
    """The people on a session's register: everyone with a confirmed place (marked or not)."""
    return (
        Application.objects.filter(
            session=session, status__in=[Status.CONFIRMED, Status.ATTENDED, Status.ABSENT]
        )
        .select_related("applicant__agency", "session__course")
        .order_by("applicant__full_name", "pk")
    )


def registers_to_mark(person) -> QuerySet[Session]:
    """Sessions the person trains, today or earlier, with someone not yet marked."""
    tomorrow = timezone.localdate() + timedelta(days=1)
    before = timezone.make_aware(datetime.combine(tomorrow, time.min))
    return (
        Session.objects.filter(trained_by_id=person.pk, is_cancelled=False, starts_at__lt=before)
        .annotate(unmarked=Count("applications", filter=Q(applications__status=Status.CONFIRMED)))
        .filter(unmarked__gt=0)
        .select_related("course")
        .order_by("starts_at", "pk")
    )


# --- Feedback results -----------------------------------------------------------------------

RATINGS = range(1, 6)


def _rating_counts(prefix: str = "") -> dict:
    """Count(...) per overall and outcomes-met rating, as aggregate or annotate arguments."""
    counts = {}
    for field in ("overall", "outcomes_met"):
        for n in RATINGS:
            counts[f"{field}_{n}"] = Count(f"{prefix}pk", filter=Q(**{f"{prefix}{field}": n}))
    return counts


def course_feedback_results(course: Course) -> dict:
    """Every session's feedback on a course combined, and each session's own figures: three
    queries however many sessions and responses there are."""
    responses = Feedback.objects.filter(application__session__course=course)
    summary = responses.aggregate(
        count=Count("pk"),
        average_overall=Avg("overall"),
        average_outcomes=Avg("outcomes_met"),
        changing=Count("pk", filter=Q(will_change_practice=True)),
        **_rating_counts(),
    )
    distribution = [
        {
            "rating": n,
            "count": summary[f"overall_{n}"],
            "outcomes_count": summary[f"outcomes_met_{n}"],
        }
        for n in RATINGS
    ]
    prefix = "applications__feedback__"
    now = timezone.now()
    sessions = [
        session
        for session in Session.objects.filter(course=course)
        .annotate(
            attended=Count("applications", filter=Q(applications__status=Status.ATTENDED)),
            responses=Count(f"{prefix}pk"),
            overall=Avg(f"{prefix}overall"),
            outcomes=Avg(f"{prefix}outcomes_met"),
            changing=Count(f"{prefix}pk", filter=Q(**{f"{prefix}will_change_practice": True})),
            **_rating_counts(prefix),
        )
        .order_by("starts_at", "pk")
        # Sessions still to come, or called off, have nothing to show unless someone answered.
        if session.responses or (session.starts_at < now and not session.is_cancelled)
    ]
    for session in sessions:
        session.distribution = [getattr(session, f"overall_{n}") for n in RATINGS]
    comments = (
        responses.exclude(comments="")
        .order_by("-submitted_at", "-pk")
        .values("comments", "application__session__starts_at")[:100]
    )
    return {
        "summary": summary,
        "distribution": distribution,
        "sessions": sessions,
        "comments": list(comments),
    }


def applications_visible_to(user) -> QuerySet[Application]:
    rows = Application.objects.select_related(
        "session__course__board", "applicant__agency", "line_manager", "agency"
    )
    if not user.is_authenticated:
        return rows.none()
    if user.is_superuser:
        return rows
    scope = Q(applicant=user) | Q(line_manager=user)
    boards = bu_board_ids(user)
    if boards:
        scope |= Q(session__course__board__in=boards) | Q(session__course__open_to_both_boards=True)
    agencies = led_agency_ids(user)
    if agencies:
        scope |= Q(agency__in=agencies)
    return rows.filter(scope)


def line_managers_for(applicant) -> QuerySet[Person]:
    """Whom an applicant may name as line manager: an active person of their own agency whose
    agency has confirmed them, not the applicant. Their approval books a place the agency pays
    for. The apply page offers these and `services.apply` accepts only these. Someone not yet
    confirmed themselves sees none of the agency's staff: the training team decides for them."""
    if not applicant.agency_id or not applicant.agency_confirmed:
        return Person.objects.none()
    return Person.objects.filter(
        agency_id=applicant.agency_id, is_active=True, agency_confirmed=True
    ).exclude(pk=applicant.pk)


def approvals_for(user) -> QuerySet[Application]:
    """Applications waiting for this person's decision as line manager."""
    return (
        applications_visible_to(user)
        .filter(line_manager=user, status=Status.AWAITING_APPROVAL)
        .order_by("applied_at", "pk")
    )


def passport(person) -> list[dict]:
    """A person's attended courses, newest first, with when each stops being current."""
    today = timezone.localdate()
    rows = []
    attended = (
        Application.objects.filter(applicant=person, status=Status.ATTENDED)
        .select_related("session__course")
        .order_by("-session__starts_at")
    )
    for application in attended:
        expires = application.expires_on()
        rows.append(
            {
                "application": application,
                "course": application.session.course,
                "date": application.session.start_date,
                "expires": expires,
                "state": passport_state(expires, today),
            }
        )
    return rows


EXPIRING_DAYS = 90


def passport_state(expires, today=None) -> str:
    today = today or timezone.localdate()
    if expires is None:
        return "current"
    if expires < today:
        return "expired"
    if expires <= today + timedelta(days=EXPIRING_DAYS):
        return "expiring"
    return "current"


def staff_passports(user) -> list[dict]:
    """For an agency lead: each course a member of their staff attended, with its state."""
    agencies = led_agency_ids(user)
    if user.is_superuser or bu_board_ids(user):
        rows = Application.objects.all()
    elif agencies:
        rows = Application.objects.filter(applicant__agency__in=agencies)
    else:
        return []
    rows = (
        rows.filter(status=Status.ATTENDED)
        .select_related("applicant__agency", "session__course")
        .order_by("applicant__full_name", "-session__starts_at")
    )
    result = []
    for application in rows[:2000]:
        expires = application.expires_on()
        result.append(
            {
                "person": application.applicant,
                "course": application.session.course,
                "date": application.session.start_date,
                "expires": expires,
                "state": passport_state(expires),
            }
        )
    return result
