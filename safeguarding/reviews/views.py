"""Case review pages. Thin: selectors read, services write, rules decide. A review anyone may
not see answers 404, as one that does not exist."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from safeguarding.core.audit import record_changes, record_view
from safeguarding.core.charts import Series, stacked_bar_chart
from safeguarding.core.decorators import permission_required, require_permission
from safeguarding.core.exports import download_response, export_response
from safeguarding.core.form_views import act, submit
from safeguarding.core.listing import ListPage
from safeguarding.core.models import AuditEvent
from safeguarding.core.permissions import bu_board_ids
from safeguarding.core.workdays import add_working_days
from safeguarding.organisations.models import Board
from safeguarding.organisations.rules import is_administrator
from safeguarding.organisations.selectors import board_for_new_record

from . import services
from .clocks import AMBER_WORKING_DAYS, clocks_for, worst_rag
from .forms import (
    STAGE_TITLES,
    BriefForm,
    ChronologyRequestForm,
    ChronologyUploadForm,
    ClocksForm,
    NotificationForm,
    PanelForm,
    RecommendationForm,
    ReviewForm,
    StageForm,
    ThemeForm,
    YearForm,
)
from .lists import REGISTER
from .models import (
    ChronologyRequest,
    ClockSettings,
    LearningBrief,
    PanelMember,
    Review,
    Stage,
    Theme,
)
from .selectors import (
    chronologies_visible_to,
    recommendation_counts,
    register_rows,
    reviews_visible_to,
    sar_annual_counts,
    themes_by_year,
)

STAGE_VERBS = set(Review.moves.verbs.values()) | {"review notified"}


def _review_or_404(request, pk) -> Review:
    return get_object_or_404(
        reviews_visible_to(request.user).select_related("board", "locality"), pk=pk
    )


def _detail(review) -> str:
    return reverse("reviews:review_detail", args=[review.pk])


def _form_page(request, form, *, title, button, review=None, back=None, intro="", multipart=False):
    context = {"form": form, "title": title, "button": button, "review": review}
    context.update(back=back or (_detail(review) if review else None), intro=intro)
    context["multipart"] = multipart
    return render(request, "reviews/form.html", context)


@permission_required("reviews.view_register")
def register(request):
    listing = ListPage(request, register_rows(request.user), REGISTER)
    if listing.download_format:
        # Every review in the file is a review downloaded: one access row each.
        with transaction.atomic():
            record_changes(
                request.user,
                "review downloaded",
                [(review, {"reason": "register downloaded"}) for review in listing.rows()],
            )
        return listing.download()
    context = listing.context()
    context["may_add"] = request.user.has_perm("reviews.add_review")
    context["today"] = timezone.localdate()
    context["amber_until"] = add_working_days(context["today"], AMBER_WORKING_DAYS)
    adults = Board.objects.filter(kind=Board.Kind.ADULTS).order_by("name")
    if not is_administrator(request.user):
        adults = adults.filter(pk__in=sorted(bu_board_ids(request.user)))
    context["adults_boards"] = list(adults.only("slug", "short_name"))
    return render(request, "reviews/register.html", context)


@permission_required("reviews.add_review")
def review_create(request):
    board = board_for_new_record(request)
    form = NotificationForm(request.POST or None, board=board)
    if response := submit(
        request,
        form,
        lambda data: services.record_notification(request.user, board=board, **data),
        success_message=lambda review: f"The review {review.reference} has been added",
        redirect_to=_detail,
        once=True,
    ):
        return response
    return _form_page(
        request,
        form,
        title="Record a serious incident notification",
        button="Add the review",
        back=reverse("reviews:register"),
        intro=f"For {board.name}. The review gets a reference; it never holds a child's name.",
    )


@login_required
def review_detail(request, pk):
    review = _review_or_404(request, pk)
    user = request.user
    require_permission(request, "reviews.view_review", review)
    record_view(user, review, "review page opened", verb="review viewed")
    today = timezone.localdate()
    clocks = clocks_for(review, today)
    manages = user.has_perm("reviews.change_review", review)
    history = AuditEvent.objects.filter(
        target_type="reviews.review", target_id=str(review.pk), verb__in=STAGE_VERBS
    ).order_by("occurred_at", "pk")
    next_stages = [
        (stage, STAGE_TITLES[stage]) for stage in Stage if Review.moves.can_become(review, stage)
    ]
    context = {
        "review": review,
        "clocks": clocks,
        "rag": worst_rag(clocks),
        "manages": manages,
        "history": list(history),
        "next_stages": next_stages if manages else [],
        "panel": list(review.panel.select_related("person", "person__agency")),
        "chronologies": list(review.chronologies.select_related("agency")),
        "recommendations": list(
            review.recommendations.select_related("agency", "action", "action__plan")
        ),
        "counts": recommendation_counts(review, today),
        "briefs": list(review.briefs.all()),
        "agencies": list(review.agencies.all()),
        "themes": list(review.themes.all()),
        "courses": [course.title for course in review.courses.all()],
    }
    return render(request, "reviews/review_detail.html", context)


@login_required
def review_edit(request, pk):
    review = _review_or_404(request, pk)
    require_permission(request, "reviews.change_review", review)
    form = ReviewForm(request.POST or None, review=review)
    if response := submit(
        request,
        form,
        lambda _: services.update_review(request.user, review, **form.service_data()),
        success_message="The review has been saved",
        redirect_to=_detail(review),
    ):
        return response
    return _form_page(request, form, title=f"Change {review}", button="Save", review=review)


@login_required
def review_move(request, pk, stage):
    review = _review_or_404(request, pk)
    require_permission(request, "reviews.change_review", review)
    if stage not in STAGE_TITLES:
        raise Http404
    form = StageForm(request.POST or None, review=review, stage=stage)
    if response := submit(
        request,
        form,
        lambda data: services.move_review(request.user, review, stage, **data),
        success_message=lambda moved: f"The review is now at '{moved.get_stage_display()}'",
        redirect_to=_detail(review),
    ):
        return response
    return _form_page(
        request,
        form,
        title=STAGE_TITLES[stage],
        button="Save and move on",
        review=review,
        intro=f"The review is at '{review.get_stage_display()}'.",
    )


# --- The panel ------------------------------------------------------------------------------


@login_required
def panel_add(request, pk):
    review = _review_or_404(request, pk)
    require_permission(request, "reviews.manage_panel", review)
    form = PanelForm(request.POST or None)
    if response := submit(
        request,
        form,
        lambda data: services.add_panel_member(request.user, review, **data),
        success_message=lambda member: f"{member.person.full_name} is on the panel",
        redirect_to=_detail(review),
    ):
        return response
    return _form_page(
        request,
        form,
        title="Add someone to the panel",
        button="Add to the panel",
        review=review,
        intro="Only the panel, the business unit and administrators see the review.",
    )


@require_POST
@login_required
def panel_remove(request, pk, member_pk):
    review = _review_or_404(request, pk)
    member = get_object_or_404(
        PanelMember.objects.select_related("person"), pk=member_pk, review=review
    )
    require_permission(request, "reviews.manage_panel", review)
    return act(
        request,
        lambda: services.remove_panel_member(request.user, member),
        success_message=f"{member.person.full_name} is no longer on the panel",
        redirect_to=_detail(review),
    )


# --- Chronologies ---------------------------------------------------------------------------


@login_required
def chronology_create(request, pk):
    review = _review_or_404(request, pk)
    require_permission(request, "reviews.change_review", review)
    form = ChronologyRequestForm(request.POST or None)
    if response := submit(
        request,
        form,
        lambda data: services.request_chronology(
            request.user, review, agency=data["agency"], due_on=data["due_on"], note=data["note"]
        ),
        success_message=lambda made: f"{made.agency.name} has been asked for its chronology",
        redirect_to=_detail(review),
    ):
        return response
    return _form_page(
        request,
        form,
        title="Ask an agency for its chronology",
        button="Send the request",
        review=review,
        intro="The agency's safeguarding leads are e-mailed; they see only this request.",
    )


@permission_required("reviews.view_chronologies")
def chronology_list(request):
    requests = chronologies_visible_to(request.user).select_related("agency", "review")
    return render(
        request,
        "reviews/chronology_list.html",
        {"requests": list(requests.order_by("received_at", "due_on", "pk")[:200])},
    )


def _request_or_404(request, pk) -> ChronologyRequest:
    found = get_object_or_404(
        ChronologyRequest.objects.select_related("agency", "review", "review__board"), pk=pk
    )
    if not request.user.has_perm("reviews.view_chronology", found):
        raise Http404
    return found


@login_required
def chronology_detail(request, pk):
    chronology = _request_or_404(request, pk)
    may_upload = request.user.has_perm("reviews.upload_chronology", chronology)
    form = ChronologyUploadForm(request.POST or None, request.FILES or None) if may_upload else None
    if request.method == "POST" and form is None:
        require_permission(request, "reviews.upload_chronology", chronology)
    if form is not None and (
        response := submit(
            request,
            form,
            lambda data: services.upload_chronology(
                request.user, chronology, upload=data["upload"]
            ),
            success_message="Thank you: the chronology has been received",
            redirect_to=reverse("reviews:chronology_detail", args=[chronology.pk]),
            aliases={"file": "upload"},
        )
    ):
        return response
    return render(
        request, "reviews/chronology_detail.html", {"chronology": chronology, "form": form}
    )


@login_required
def chronology_download(request, pk):
    chronology = _request_or_404(request, pk)
    if not chronology.file:
        raise Http404
    try:
        handle = chronology.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = download_response(
        handle,
        chronology.original_name or f"chronology-{chronology.pk}",
        chronology.content_type or "application/octet-stream",
        log=(request.user, chronology.review, f"chronology from {chronology.agency.name}"),
        verb="review downloaded",
    )
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


# --- Recommendations and learning -----------------------------------------------------------


@login_required
def recommendation_create(request, pk):
    review = _review_or_404(request, pk)
    require_permission(request, "reviews.change_review", review)
    form = RecommendationForm(request.POST or None)
    if response := submit(
        request,
        form,
        lambda data: services.add_recommendation(request.user, review, **data),
        success_message="The recommendation is now an action in the review's action plan",
        redirect_to=_detail(review),
    ):
        return response
    return _form_page(
        request,
        form,
        title="Add a recommendation",
        button="Add the recommendation",
        review=review,
        intro="It becomes an action in the review's action plan, monitored by the locality "
        "boards (CPBs) and the board.",
    )


@login_required
def brief_create(request, pk):
    review = _review_or_404(request, pk)
    require_permission(request, "reviews.change_review", review)
    form = BriefForm(request.POST or None)
    if response := submit(
        request,
        form,
        lambda data: services.publish_learning_brief(request.user, review, **data),
        success_message="The learning brief is on the board's public pages",
        redirect_to=_detail(review),
    ):
        return response
    return _form_page(
        request,
        form,
        title="Publish a learning brief",
        button="Publish",
        review=review,
        intro="A '7-minute briefing' on the board's public pages: anyone may read it.",
    )


def public_learning(request):
    """The board's public pages: published reports and learning briefs (no sign-in)."""
    published = (
        Review.objects.filter(published_on__isnull=False)
        .exclude(embargo_until__gt=timezone.localdate())
        .select_related("board")
        .order_by("-published_on", "pk")
    )
    briefs = LearningBrief.objects.filter(review__in=published).select_related("review")
    return render(
        request,
        "reviews/public_learning.html",
        {"reviews": list(published[:100]), "briefs": list(briefs[:100])},
    )


def public_brief(request, pk):
    brief = get_object_or_404(
        LearningBrief.objects.select_related("review", "review__board").filter(
            review__published_on__isnull=False
        ),
        pk=pk,
    )
    if brief.review.embargo_until and brief.review.embargo_until > timezone.localdate():
        raise Http404
    courses = brief.review.courses.filter(is_published=True).only("id", "title")
    return render(request, "reviews/public_brief.html", {"brief": brief, "courses": list(courses)})


@permission_required("reviews.manage_themes")
def theme_list(request):
    form = ThemeForm(request.POST or None)
    if response := submit(
        request,
        form,
        lambda data: services.add_theme(request.user, **data),
        success_message=lambda theme: f"'{theme.name}' has been added",
        redirect_to=reverse("reviews:theme_list"),
    ):
        return response
    return render(
        request, "reviews/theme_list.html", {"form": form, "themes": list(Theme.objects.all())}
    )


def _adults_board_or_404(slug) -> Board:
    return get_object_or_404(Board, slug=slug, kind=Board.Kind.ADULTS)


@login_required
def clocks_edit(request, slug):
    """An adults' board's own clocks for its safeguarding adults reviews."""
    board = _adults_board_or_404(slug)
    require_permission(request, "reviews.add_review", board)
    settings = ClockSettings.objects.filter(board=board).first() or ClockSettings(board=board)
    form = ClocksForm(
        request.POST or None,
        initial={
            "decision_working_days": settings.decision_working_days,
            "publication_months": settings.publication_months,
        },
    )
    if response := submit(
        request,
        form,
        lambda data: services.set_clocks(request.user, board, **data),
        success_message="The board's review clocks have been saved",
        redirect_to=reverse("reviews:register"),
    ):
        return response
    return _form_page(
        request,
        form,
        title=f"Review clocks of {board.name}",
        button="Save the clocks",
        back=reverse("reviews:register"),
        intro="The Care Act sets no days for safeguarding adults reviews: the board sets its own.",
    )


@login_required
def sar_report(request, slug):
    """The safeguarding adults reviews' counts for the adults' board's annual report."""
    board = _adults_board_or_404(slug)
    require_permission(request, "reviews.add_review", board)
    form = YearForm(request.GET or None)
    today = timezone.localdate()
    year = today.year if today.month >= 4 else today.year - 1
    if form.is_valid() and form.cleaned_data.get("year"):
        year = form.cleaned_data["year"]
    counts = sar_annual_counts(board, year)
    return render(
        request,
        "reviews/sar_report.html",
        {"board": board, "form": form, "year": year, "counts": counts},
    )


TRACKER_HEADERS = [
    "Reference",
    "Type",
    "Board",
    "Stage",
    "Led by another area",
    "Lead area",
    "Themes",
    "Converted from a rapid review",
    "Date learned of",
    "Date notified",
    "Expected publication",
    "Publication date",
    "Recommendations",
    "Recommendations complete",
]


def _tracker_rows(reviews):
    for review in reviews:
        actions = [rec.action for rec in review.recommendations.all() if rec.action_id]
        yield [
            review.reference,
            review.get_kind_display(),
            review.board.short_name,
            review.get_stage_display(),
            "Yes" if review.led_elsewhere else "No",
            review.lead_area,
            "; ".join(theme.name for theme in review.themes.all()),
            "Yes" if review.decision == Review.Decision.CONVERTED else "No",
            review.learned_on,
            review.notified_on,
            review.publication_expected or review.their_publication_expected,
            review.published_on,
            len(actions),
            sum(action.status == "complete" for action in actions),
        ]


@permission_required("reviews.see_register_link")
def reports(request):
    """Themes over time (a chart with its table) and the case review tracker download, in the
    fields the health partners submit to NHS England."""
    reviews = reviews_visible_to(request.user)
    fmt = request.GET.get("download")
    if fmt in ("csv", "xlsx"):
        rows = list(
            reviews.select_related("board")
            .prefetch_related("themes", "recommendations__action")
            .order_by("learned_on", "pk")
        )
        with transaction.atomic():
            record_changes(
                request.user,
                "review downloaded",
                [(review, {"reason": "case review tracker downloaded"}) for review in rows],
            )
        return export_response(fmt, "case-review-tracker", TRACKER_HEADERS, _tracker_rows(rows))
    years, themes, counts = themes_by_year(reviews)
    chart = (
        None
        if not themes
        else stacked_bar_chart(
            "Reviews by theme and year",
            years,
            [Series(theme, [counts.get((theme, year), 0) for year in years]) for theme in themes],
            category_label="Year learned of",
            value_label="Reviews",
            total_label="All themes",
            empty="No reviews with themes yet.",
        )
    )
    return render(request, "reviews/reports.html", {"chart": chart})
