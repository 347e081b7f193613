"""Reads of case reviews, each starting from what the reader may see."""

from __future__ import annotations

from datetime import date

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from safeguarding.actionplans.models import Action, Status
from safeguarding.core.permissions import bu_board_ids, led_agency_ids
from safeguarding.organisations.rules import is_administrator

from .models import ChronologyRequest, PanelMember, Review


def reviews_visible_to(user) -> QuerySet[Review]:
    """Reviews `user` may see: administrators all; business-unit staff their boards'; anyone
    else those whose panel they sit on (read afresh: a removal counts at once)."""
    reviews = Review.objects.all()
    if not user.is_authenticated:
        return reviews.none()
    if is_administrator(user):
        return reviews
    on_panel = Exists(PanelMember.objects.filter(review=OuterRef("pk"), person_id=user.pk))
    return reviews.filter(Q(board_id__in=bu_board_ids(user)) | on_panel)


def register_rows(user) -> QuerySet[Review]:
    return reviews_visible_to(user).select_related("board", "locality").prefetch_related("themes")


def chronologies_visible_to(user) -> QuerySet[ChronologyRequest]:
    """Chronology requests addressed to an agency the person leads, and every request of the
    reviews they manage or sit on the panel of."""
    rows = ChronologyRequest.objects.all()
    if not user.is_authenticated:
        return rows.none()
    if is_administrator(user):
        return rows
    on_panel = Exists(
        PanelMember.objects.filter(review_id=OuterRef("review_id"), person_id=user.pk)
    )
    return rows.filter(
        Q(agency_id__in=led_agency_ids(user))
        | Q(review__board_id__in=bu_board_ids(user))
        | on_panel
    )


def recommendation_counts(review: Review, today: date | None = None) -> dict[str, int]:
    """Complete / on track / overdue, from the actions the recommendations became."""
    today = today or timezone.localdate()
    actions = Action.objects.filter(recommendation__review=review)
    counts = actions.aggregate(
        total=Count("pk"),
        complete=Count("pk", filter=Q(status=Status.COMPLETE)),
        overdue=Count("pk", filter=~Q(status=Status.COMPLETE) & Q(due_date__lt=today)),
    )
    counts["on_track"] = counts["total"] - counts["complete"] - counts["overdue"]
    return counts


def sar_annual_counts(board, year: int) -> dict:
    """For the adults' board's annual report (Care Act 2014): the safeguarding adults reviews
    concluded in the year (April `year` to March), those ongoing at its end, and how many of
    their findings (recommendations) have been implemented."""
    from datetime import date as _date

    start, end = _date(year, 4, 1), _date(year + 1, 3, 31)
    sars = Review.objects.filter(board=board, kind=Review.Kind.SAR)
    concluded_in_year = Q(published_on__range=(start, end)) | Q(
        published_on__isnull=True, closed_on__range=(start, end)
    )
    concluded_before_end = Q(published_on__lte=end) | Q(closed_on__lte=end)
    counts = {
        "concluded": sars.filter(concluded_in_year).count(),
        "ongoing": sars.filter(learned_on__lte=end).exclude(concluded_before_end).count(),
    }
    actions = Action.objects.filter(recommendation__review__in=sars)
    counts["findings"] = actions.count()
    counts["findings_implemented"] = actions.filter(status=Status.COMPLETE).count()
    return counts


def themes_by_year(reviews: QuerySet[Review]) -> tuple[list[str], list[str], dict]:
    """(years, themes, {(theme, year): count}) of the reviews' themes, by the year the board
    learned of each incident: one grouped query."""
    rows = (
        Review.themes.through.objects.filter(review__in=reviews)
        .values_list("theme__name", "review__learned_on__year")
        .annotate(n=Count("pk"))
    )
    counts = {(theme, str(year)): n for theme, year, n in rows}
    years = sorted({year for _, year in counts})
    themes = sorted({theme for theme, _ in counts})
    return years, themes, counts
