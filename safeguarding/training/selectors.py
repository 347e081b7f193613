"""Reads used by the pages, the API and the sweeps. Lists start from a `*_visible_to` selector."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from .models import HOLDS_PLACE, Application, Course, Session, Status
from .rules import bu_board_ids, led_agency_ids


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


def sessions_public() -> QuerySet[Session]:
    """Sessions anyone may see: of published courses, not cancelled."""
    return sessions_with_places(
        Session.objects.filter(course__is_published=True, is_cancelled=False)
    )


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
