"""Meeting and newsflash pages. Thin: selectors read, services write, rules decide."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.safestring import mark_safe
from django.views.decorators.cache import cache_control
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from safeguarding.core import calendars as core_calendars
from safeguarding.core import fragments
from safeguarding.core.decorators import permission_required, require_permission
from safeguarding.core.exports import download_response
from safeguarding.core.form_views import act, submit
from safeguarding.core.forms import add_validation_errors
from safeguarding.core.fragments import cached_fragment
from safeguarding.core.listing import ListPage
from safeguarding.core.permissions import bu_board_ids
from safeguarding.organisations.models import Board
from safeguarding.organisations.selectors import board_for_new_record

from . import calendars, services
from .forms import (
    ActionArisingForm,
    AttendanceForm,
    CancelMeetingForm,
    DeclarationForm,
    ItemForm,
    MeetingForm,
    NewsflashForm,
    PaperForm,
    SearchForm,
    SubscribeForm,
)
from .lists import MEETINGS
from .models import AgendaItem, Meeting, Newsflash, Subscriber
from .newsflash import render_html, render_pdf
from .selectors import (
    items_visible_to,
    meetings_audience,
    meetings_visible_to,
    newsflash_audience,
    newsflashes_visible_to,
    papers_visible_to,
    published_newsflashes,
    search,
)


def _meeting_or_404(request, pk) -> Meeting:
    return get_object_or_404(meetings_visible_to(request.user), pk=pk)


def _managed_meeting(request, pk) -> Meeting:
    meeting = _meeting_or_404(request, pk)
    require_permission(request, "meetings.change_meeting", meeting)
    return meeting


def _item_or_404(request, pk) -> AgendaItem:
    return get_object_or_404(items_visible_to(request.user), pk=pk)


# --- Meetings -------------------------------------------------------------------------------


@login_required
def meeting_list(request):
    meetings = meetings_visible_to(request.user)
    listing = ListPage(request, meetings, MEETINGS)
    if listing.download_format:
        return listing.download()
    # The list, what is coming up and the feeds are the same for everyone who sees the same
    # meetings on the same day (core.fragments): rendered once per change to the meetings, not
    # per request, and read with one look at the data's version.
    audience = meetings_audience(request.user)
    today = timezone.localdate()

    def render_parts() -> dict[str, str]:
        upcoming = meetings.filter(date__gte=today).order_by("date", "start_time", "pk")[:10]
        return {
            "results": str(
                listing.results(
                    "meetings/_meeting_table.html",
                    singular="meeting",
                    plural="meetings",
                    download_subject="the meetings",
                    audience=audience,
                )
            ),
            "upcoming": render_to_string("meetings/_upcoming.html", {"upcoming": list(upcoming)}),
            "feeds": render_to_string(
                "meetings/_calendar_feeds.html",
                {"kinds": Meeting.Kind.choices, "boards": Board.objects.all()},
            ),
        }

    parts = fragments.cached(
        "meetings",
        ("meeting list", audience, today, request.META.get("QUERY_STRING", "")),
        render_parts,
    )
    context = {
        **{name: mark_safe(html) for name, html in parts.items()},  # noqa: S308 - our templates
        "may_add": request.user.has_perm("meetings.add_meeting"),
    }
    return render(request, "meetings/meeting_list.html", context)


@permission_required("meetings.add_meeting")
def meeting_create(request):
    board = board_for_new_record(request)
    form = MeetingForm(request.POST or None)
    if response := submit(
        request,
        form,
        lambda data: services.schedule_meeting(request.user, board=board, **data),
        success_message=lambda created: (
            f"{len(created)} meetings have been scheduled"
            if len(created) > 1
            else "The meeting has been scheduled"
        ),
        redirect_to=lambda created: reverse("meetings:meeting_detail", args=[created[0].pk]),
        once=True,
    ):
        return response
    return render(
        request, "meetings/meeting_form.html", {"form": form, "meeting": None, "board": board}
    )


@login_required
def meeting_edit(request, pk):
    meeting = _managed_meeting(request, pk)
    form = MeetingForm(request.POST or None, meeting=meeting)
    if response := submit(
        request,
        form,
        lambda data: services.update_meeting(request.user, meeting, **data),
        success_message="The meeting has been updated",
        redirect_to=reverse("meetings:meeting_detail", args=[meeting.pk]),
    ):
        return response
    return render(
        request,
        "meetings/meeting_form.html",
        {"form": form, "meeting": meeting, "board": meeting.board},
    )


@login_required
def meeting_cancel(request, pk):
    meeting = _managed_meeting(request, pk)
    form = CancelMeetingForm(request.POST or None)
    if response := submit(
        request,
        form,
        lambda data: services.cancel_meeting(request.user, meeting, **data),
        success_message=lambda count: f"The meeting has been cancelled and {count} member(s) told",
        redirect_to=reverse("meetings:meeting_detail", args=[meeting.pk]),
    ):
        return response
    return render(request, "meetings/meeting_cancel.html", {"form": form, "meeting": meeting})


def _meeting_body(meeting: Meeting, *, may_change: bool, may_see_minutes: bool) -> str:
    """A meeting's page below its heading, as everyone in the same audience sees it; its
    forms carry fragments.CSRF_PLACEHOLDER for the token."""
    items = meeting.items.prefetch_related("papers")
    if may_see_minutes:
        items = items.prefetch_related("actions_arising__action__owner_agency")
        attendance = list(meeting.attendance.select_related("person__agency"))
        declarations = list(meeting.declarations.select_related("person", "item"))
        members = []
    else:
        attendance, declarations = [], []
        members = list(meeting.members.select_related("agency"))
    return render_to_string(
        "meetings/_meeting_body.html",
        {
            "meeting": meeting,
            "items": list(items),
            "may_change": may_change,
            "may_see_minutes": may_see_minutes,
            "attendance": attendance,
            "declarations": declarations,
            "members": members,
            "newsflash": Newsflash.objects.filter(meeting=meeting).first() if may_change else None,
            "plan": services.plan_for(meeting) if may_change else None,
            "csrf_token": fragments.CSRF_PLACEHOLDER,
        },
    )


@login_required
def meeting_detail(request, pk):
    meeting = _meeting_or_404(request, pk)
    user = request.user
    may_change = user.has_perm("meetings.change_meeting", meeting)
    may_see_minutes = user.has_perm("meetings.view_minutes", meeting)
    # Who sees this same page: the business unit of the meeting's board (and superusers), who
    # manage it; or its members, with the minutes once they are circulated. Restricted papers
    # are on it for both, and nobody else reaches it (404 above).
    audience = "manages" if may_change else ("member, minutes" if may_see_minutes else "member")
    body = fragments.cached_fragment(
        "meetings",
        ("meeting", meeting.pk, audience),
        lambda: _meeting_body(meeting, may_change=may_change, may_see_minutes=may_see_minutes),
    )
    return render(
        request,
        "meetings/meeting_detail.html",
        {"meeting": meeting, "body": fragments.with_csrf_token(body, request)},
    )


def meeting_ics(request, pk):
    """Members get the online link and the agenda's address; anyone else, signed in or not,
    the meeting as the public feed shows it."""
    meeting = meetings_visible_to(request.user).filter(pk=pk).first()
    private = meeting is not None
    if not private:
        meeting = get_object_or_404(Meeting.objects.select_related("board"), pk=pk)
    body = core_calendars.calendar_bytes(
        [calendars.event(meeting, private=private)], name=meeting.title
    )
    return core_calendars.calendar_response(body, f"meeting-{meeting.pk}.ics")


def calendar_feed(request, board, kind=None):
    """Public feed of a board's meetings (all, or one type): dates, times and venues, never the
    online links or papers, which are for members."""
    board = get_object_or_404(Board, slug=board)
    meetings = Meeting.objects.filter(board=board).select_related("board")
    name = board.name
    if kind is not None:
        if kind not in Meeting.Kind.values:
            raise Http404
        meetings = meetings.filter(kind=kind)
        name += f": {Meeting.Kind(kind).label}"
    events = (calendars.event(meeting, private=False) for meeting in meetings)
    return core_calendars.calendar_response(core_calendars.calendar_bytes(events, name=name))


# --- The agenda and papers ------------------------------------------------------------------


@login_required
def item_create(request, pk):
    meeting = _managed_meeting(request, pk)
    form = ItemForm(request.POST or None)
    if response := submit(
        request,
        form,
        lambda data: services.add_item(request.user, meeting, **data),
        success_message="The item has been added to the agenda",
        redirect_to=lambda item: reverse("meetings:meeting_detail", args=[item.meeting_id]),
        once=True,
    ):
        return response
    return render(
        request, "meetings/item_form.html", {"form": form, "meeting": meeting, "item": None}
    )


@login_required
def item_edit(request, pk):
    item = _item_or_404(request, pk)
    require_permission(request, "meetings.change_meeting", item.meeting)
    form = ItemForm(request.POST or None, item=item)

    def update_item(data):
        if data.get("order") is None:
            data = {**data, "order": item.order}
        return services.update_item(request.user, item, **data)

    if response := submit(
        request,
        form,
        update_item,
        success_message="The item has been updated",
        redirect_to=reverse("meetings:meeting_detail", args=[item.meeting_id]),
    ):
        return response
    return render(
        request,
        "meetings/item_form.html",
        {"form": form, "meeting": item.meeting, "item": item},
    )


@login_required
def paper_add(request, pk):
    item = _item_or_404(request, pk)
    require_permission(request, "meetings.change_meeting", item.meeting)
    form = PaperForm(request.POST or None, request.FILES or None)
    if response := submit(
        request,
        form,
        lambda data: services.add_paper(
            request.user, item, data["file"], title=data["title"], is_public=data["is_public"]
        ),
        success_message=lambda paper: f"'{paper.title}' has been added to '{item.title}'",
        redirect_to=reverse("meetings:meeting_detail", args=[item.meeting_id]),
    ):
        return response
    return render(
        request, "meetings/paper_form.html", {"form": form, "item": item, "meeting": item.meeting}
    )


@login_required
@require_POST
def item_remove(request, pk):
    item = _item_or_404(request, pk)
    require_permission(request, "meetings.change_meeting", item.meeting)
    return act(
        request,
        lambda: services.remove_item(request.user, item),
        success_message=f"'{item.title}' has been taken off the agenda",
        redirect_to=reverse("meetings:meeting_detail", args=[item.meeting_id]),
    )


@login_required
@require_POST
def paper_remove(request, pk):
    paper = get_object_or_404(papers_visible_to(request.user), pk=pk)
    meeting = paper.item.meeting
    require_permission(request, "meetings.change_meeting", meeting)
    return act(
        request,
        lambda: services.remove_paper(request.user, paper),
        success_message=f"The paper '{paper.title}' has been removed",
        redirect_to=reverse("meetings:meeting_detail", args=[meeting.pk]),
    )


def paper_download(request, pk):
    """Public papers of published agendas for anyone; restricted ones only for the meeting's
    members and business unit: for anyone else the paper does not exist (404)."""
    paper = get_object_or_404(papers_visible_to(request.user), pk=pk)
    try:
        handle = paper.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = download_response(
        handle,
        paper.original_name or f"paper-{paper.pk}",
        paper.content_type or "application/octet-stream",
        public=paper.is_public,
        log=None if paper.is_public else (request.user, paper, "restricted paper downloaded"),
        verb="paper downloaded",
    )
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


def _post_service(request, pk, function, success: str):
    meeting = _managed_meeting(request, pk)
    return act(
        request,
        lambda: function(request.user, meeting),
        success_message=success,
        redirect_to=reverse("meetings:meeting_detail", args=[meeting.pk]),
    )


@login_required
@require_POST
def publish_agenda(request, pk):
    return _post_service(
        request, pk, services.publish_agenda, "The agenda and papers have been sent to the members"
    )


@login_required
@require_POST
def circulate_minutes(request, pk):
    return _post_service(
        request, pk, services.circulate_minutes, "The draft minutes have been sent to the members"
    )


@login_required
@require_POST
def approve_minutes(request, pk):
    return _post_service(
        request, pk, services.approve_minutes, "The minutes are approved and now locked"
    )


# --- Recording the meeting ------------------------------------------------------------------


@login_required
def attendance(request, pk):
    meeting = _managed_meeting(request, pk)
    form = AttendanceForm(request.POST or None, meeting=meeting)
    if response := submit(
        request,
        form,
        lambda data: services.record_attendance(
            request.user, meeting, rows=form.rows(), quorate=form.quorate_value()
        ),
        success_message="Attendance has been recorded",
        redirect_to=reverse("meetings:meeting_detail", args=[meeting.pk]),
    ):
        return response
    rows = [
        (person, form[f"status_{person.pk}"], form[f"substitute_{person.pk}"])
        for person in form.members
    ]
    return render(
        request, "meetings/attendance_form.html", {"form": form, "meeting": meeting, "rows": rows}
    )


@login_required
def declaration_add(request, pk):
    meeting = _managed_meeting(request, pk)
    form = DeclarationForm(request.POST or None, meeting=meeting)
    if response := submit(
        request,
        form,
        lambda data: services.add_declaration(request.user, meeting, **data),
        success_message="The declaration of interest has been recorded",
        redirect_to=reverse("meetings:meeting_detail", args=[meeting.pk]),
        once=True,
    ):
        return response
    return render(
        request,
        "meetings/simple_form.html",
        {
            "form": form,
            "meeting": meeting,
            "heading": "Record a declaration of interest",
            "button": "Save declaration",
        },
    )


@login_required
def action_add(request, pk):
    meeting = _managed_meeting(request, pk)
    form = ActionArisingForm(request.POST or None, meeting=meeting)

    def add_action_arising(data):
        data = dict(data)
        return services.add_action_arising(request.user, data.pop("item"), **data)

    if response := submit(
        request,
        form,
        add_action_arising,
        success_message="The action has been added to the meeting's action plan",
        redirect_to=reverse("meetings:meeting_detail", args=[meeting.pk]),
        once=True,
    ):
        return response
    return render(
        request,
        "meetings/simple_form.html",
        {
            "form": form,
            "meeting": meeting,
            "heading": "Record an action arising",
            "button": "Save action",
        },
    )


# --- The newsflash --------------------------------------------------------------------------


@login_required
@require_POST
def newsflash_draft(request, pk):
    meeting = _managed_meeting(request, pk)
    return act(
        request,
        lambda: services.draft_newsflash(request.user, meeting),
        success_message="The newsflash has been drafted from the meeting",
        redirect_to=lambda newsflash: reverse("meetings:newsflash_edit", args=[newsflash.pk]),
        refused_redirect_to=reverse("meetings:meeting_detail", args=[meeting.pk]),
    )


def _newsflash_or_404(request, pk) -> Newsflash:
    return get_object_or_404(newsflashes_visible_to(request.user), pk=pk)


@login_required
def newsflash_edit(request, pk):
    newsflash = _newsflash_or_404(request, pk)
    require_permission(request, "meetings.change_newsflash", newsflash)
    if newsflash.is_published:
        messages.error(request, "A published newsflash can no longer be changed")
        return redirect("meetings:newsflash_detail", pk=newsflash.pk)
    initial = {"title": newsflash.title, "body": newsflash.body, "version": newsflash.version}
    form = NewsflashForm(request.POST or None, initial=initial)
    preview = None
    if "preview" in request.POST:
        if form.is_valid():
            preview = render_html(form.cleaned_data["body"])
    elif response := submit(
        request,
        form,
        lambda data: services.update_newsflash(request.user, newsflash, **data),
        success_message="The newsflash has been saved",
        redirect_to=reverse("meetings:newsflash_detail", args=[newsflash.pk]),
    ):
        return response
    return render(
        request,
        "meetings/newsflash_form.html",
        {"form": form, "newsflash": newsflash, "preview": preview},
    )


def _newsflash_post(request, pk, function, success):
    newsflash = _newsflash_or_404(request, pk)
    require_permission(request, "meetings.change_newsflash", newsflash)
    return act(
        request,
        lambda: function(request.user, newsflash),
        success_message=success,
        redirect_to=reverse("meetings:newsflash_detail", args=[newsflash.pk]),
    )


@login_required
@require_POST
def newsflash_approve(request, pk):
    return _newsflash_post(request, pk, services.approve_newsflash, "The newsflash is approved")


@login_required
@require_POST
def newsflash_publish(request, pk):
    return _newsflash_post(
        request,
        pk,
        services.publish_newsflash,
        services.published_message,
    )


def newsflash_list(request):
    # The same for everyone but the business unit, who also see their boards' drafts.
    body = cached_fragment(
        "meetings",
        ("newsflashes", newsflash_audience(request.user), request.META.get("QUERY_STRING", "")),
        lambda: _newsflash_body(request),
    )
    response = render(request, "meetings/newsflash_list.html", {"body": body})
    if not request.user.is_authenticated:
        response["Cache-Control"] = "public, max-age=300"
    return response


def _newsflash_body(request) -> str:
    newsflashes = published_newsflashes().only(
        "pk", "title", "published_at", "board__name", "board__short_name"
    )
    board = request.GET.get("board", "")
    if board:
        newsflashes = newsflashes.filter(board__slug=board)
    page = Paginator(newsflashes.order_by("-published_at", "-pk"), 20).get_page(
        request.GET.get("page")
    )
    drafts = []
    if request.user.is_authenticated and (bu_board_ids(request.user) or request.user.is_superuser):
        drafts = list(newsflashes_visible_to(request.user).exclude(state=Newsflash.State.PUBLISHED))
    return render_to_string("meetings/_newsflash_body.html", {"page": page, "drafts": drafts})


def newsflash_detail(request, pk):
    newsflash = _newsflash_or_404(request, pk)
    may_change = request.user.is_authenticated and request.user.has_perm(
        "meetings.change_newsflash", newsflash
    )
    response = render(
        request,
        "meetings/newsflash_detail.html",
        {
            "newsflash": newsflash,
            "html": render_html(newsflash.body),
            "may_change": may_change,
            "another_approver": may_change and newsflash.needs_another_approver(request.user),
        },
    )
    if newsflash.is_published and not request.user.is_authenticated:
        response["Cache-Control"] = "public, max-age=300"
    return response


def newsflash_pdf(request, pk):
    newsflash = _newsflash_or_404(request, pk)
    return download_response(
        render_pdf(newsflash),
        f"newsflash-{newsflash.pk}.pdf",
        "application/pdf",
        inline=True,
        public=newsflash.is_published,
    )


@cache_control(public=True, max_age=300)
def newsflash_feed(request):
    feed = Atom1Feed(
        title="Safeguarding board newsflashes",
        link=request.build_absolute_uri(reverse("meetings:newsflash_list")),
        description="Summaries of what the safeguarding boards agreed",
        language="en-gb",
        feed_url=request.build_absolute_uri(),
    )
    for newsflash in published_newsflashes().order_by("-published_at", "-pk")[:20]:
        link = request.build_absolute_uri(reverse("meetings:newsflash_detail", args=[newsflash.pk]))
        feed.add_item(
            title=newsflash.title,
            link=link,
            description=render_html(newsflash.body),
            pubdate=newsflash.published_at,
            updateddate=newsflash.published_at,
            unique_id=link,
            author_name=newsflash.board.name,
        )
    return HttpResponse(
        feed.writeString("utf-8"), content_type="application/atom+xml; charset=utf-8"
    )


# --- Subscriptions (public) -----------------------------------------------------------------


def subscribe(request):
    form = SubscribeForm(request.POST or None, initial={"board": request.board})
    if request.method == "POST" and form.is_valid():
        try:
            services.subscribe(form.cleaned_data["board"], form.cleaned_data["email"])
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            return render(
                request, "meetings/subscribe_sent.html", {"email": form.cleaned_data["email"]}
            )
    return render(request, "meetings/subscribe.html", {"form": form})


def subscribe_confirm(request, token):
    subscriber = get_object_or_404(Subscriber, token=token, unsubscribed_at__isnull=True)
    if request.method == "POST":
        services.confirm_subscription(token)
        return render(
            request,
            "meetings/subscription_done.html",
            {"subscribed": True, "subscriber": subscriber},
        )
    return render(
        request,
        "meetings/subscription_confirm.html",
        {"subscriber": subscriber, "action": "confirm"},
    )


# The token in the address is the credential. A mail client's one-click unsubscribe
# (List-Unsubscribe-Post) posts here with no CSRF token and no sign-in; a person opening the
# link gets a page with a button that posts here too.
@csrf_exempt
def unsubscribe(request, token):
    subscriber = get_object_or_404(Subscriber, token=token)
    if request.method == "POST":
        services.unsubscribe(token)
        return render(
            request,
            "meetings/subscription_done.html",
            {"subscribed": False, "subscriber": subscriber},
        )
    return render(
        request,
        "meetings/subscription_confirm.html",
        {"subscriber": subscriber, "action": "unsubscribe"},
    )


# --- Search ---------------------------------------------------------------------------------


@login_required
def search_view(request):
    form = SearchForm(request.GET or None)
    results = None
    query = ""
    if form.is_valid() and form.cleaned_data["q"].strip():
        query = form.cleaned_data["q"].strip()
        results = search(request.user, query)
    return render(
        request, "meetings/search.html", {"form": form, "results": results, "query": query}
    )
