"""Training pages. Thin: selectors read, services write, rules decide.

The catalogue, course and session pages and certificate checking need no sign-in."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import datetime, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Avg, Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from safeguarding.core import calendars as core_calendars
from safeguarding.core.audit import record_view
from safeguarding.core.charts import Series, bar_chart
from safeguarding.core.concurrency import track_version
from safeguarding.core.days import on_or_after, on_or_before
from safeguarding.core.decorators import permission_required, require_permission
from safeguarding.core.exports import FORMATS, download_response, export_response
from safeguarding.core.form_views import act, submit
from safeguarding.core.formatting import hub_date
from safeguarding.core.fragments import cached, cached_fragment
from safeguarding.core.listing import ListPage
from safeguarding.core.models import AuditEvent
from safeguarding.organisations.models import Agency
from safeguarding.organisations.selectors import board_for_new_record

from . import calendars, documents, services
from .forms import (
    ApplyForm,
    CancelForm,
    CancelSessionForm,
    CourseForm,
    DecisionForm,
    FeedbackForm,
    PublicationForm,
    ReportPeriodForm,
    SessionForm,
)
from .lists import CATALOGUE
from .models import (
    HOLDS_PLACE,
    Application,
    Course,
    Feedback,
    Session,
    Status,
    normalise_certificate_code,
)
from .selectors import (
    RECENT_DAYS,
    applications_visible_to,
    approvals_for,
    course_feedback_results,
    passport,
    register_rows,
    sessions_bookable,
    sessions_managed_by,
    sessions_public,
    sessions_trained_by,
    sessions_upcoming,
    sessions_with_places,
    sessions_with_register_for,
    staff_passports,
)


def _application_or_404(request, pk) -> Application:
    return get_object_or_404(applications_visible_to(request.user), pk=pk)


def _managed_session_or_404(request, pk):
    return get_object_or_404(sessions_managed_by(request.user), pk=pk)


# --- Public ---------------------------------------------------------------------------------

SECTORS = dict(Agency.Sector.choices)


def catalogue(request):
    listing = ListPage(request, sessions_upcoming(), CATALOGUE)
    if listing.download_format:
        return listing.download()
    # The list is the same for everyone who asks the same question on the same day: it is
    # rendered once per change to the training data (core.fragments), not once per request.
    results = cached_fragment(
        "training",
        ("catalogue", request.META.get("QUERY_STRING", ""), timezone.localdate()),
        lambda: render_to_string(
            "training/_catalogue_results.html",
            listing.context(),
            request=request,
        ),
    )
    return render(request, "training/catalogue.html", {"results": results})


def course_detail(request, pk):
    """Public while the course is published; its business unit also sees it when it is not."""
    course = get_object_or_404(Course.objects.select_related("board"), pk=pk)
    may_manage = request.user.has_perm("training.manage_session", course)
    if not course.is_published and not may_manage:
        raise Http404
    if course.is_published:
        sessions = sessions_upcoming().filter(course=course).order_by("starts_at")
    else:
        sessions = sessions_with_places(
            course.sessions.filter(is_cancelled=False, starts_at__gte=timezone.now())
        ).order_by("starts_at")
    return render(
        request,
        "training/course_detail.html",
        {"course": course, "sessions": sessions, "may_manage": may_manage},
    )


def _public_session_page(request, pk) -> dict:
    """What a session's page shows everyone: the session (with its course and places) and
    the two parts of the page rendered from it."""
    session = get_object_or_404(sessions_public(), pk=pk)
    context = {
        "session": session,
        "course": session.course,
        "places_left": max(session.capacity - session.places_taken, 0),
    }
    return {
        "session": session,
        "summary": render_to_string("training/_session_summary.html", context, request=request),
        "about": render_to_string("training/_course_facts.html", context, request=request),
    }


def session_detail(request, pk):
    # The same for everyone until the training data changes (core.fragments); only the
    # person's own application and the links they may follow are looked up per request.
    public = cached(
        "training", ("session", pk, timezone.localdate()), lambda: _public_session_page(request, pk)
    )
    session = public["session"]
    mine = None
    if request.user.is_authenticated:
        mine = (
            Application.objects.filter(session=session, applicant=request.user)
            .exclude(status__in=[Status.CANCELLED, Status.DECLINED, Status.EXPIRED_OFFER])
            .first()
        )
    return render(
        request,
        "training/session_detail.html",
        {
            **public,
            "course": session.course,
            "mine": mine,
            "may_manage": request.user.has_perm("training.manage_session", session),
        },
    )


def session_ics(request, pk):
    """Anyone may add a public session; someone with a confirmed place gets the joining link
    and instructions with it."""
    mine = Application.objects.none()
    if request.user.is_authenticated:
        mine = Application.objects.filter(
            session_id=pk, applicant=request.user, session__is_cancelled=False
        )
    session = sessions_public().filter(pk=pk).first()
    if session is None and mine.filter(status__in=HOLDS_PLACE).exists():
        # A course taken off the public pages keeps its places: their holders keep the invite.
        session = Session.objects.select_related("course__board").get(pk=pk)
    if session is None:
        raise Http404
    private = mine.filter(status=Status.CONFIRMED).exists()
    body = core_calendars.calendar_bytes([calendars.event(session, private=private)])
    return core_calendars.calendar_response(body, f"training-{session.pk}.ics")


def programme_calendar(request):
    """The public programme as a feed to subscribe to, cancelled sessions marked as such."""
    sessions = Session.objects.filter(course__is_published=True).select_related("course__board")
    return core_calendars.calendar_response(calendars.programme(sessions))


def verify_certificate(request):
    code = normalise_certificate_code(request.GET.get("code", ""))
    found = None
    searched = bool(code)
    if code:
        found = (
            Application.objects.filter(certificate_code=code, status=Status.ATTENDED)
            .select_related("applicant", "session__course")
            .first()
        )
    return render(
        request,
        "training/verify.html",
        {"code": code, "found": found, "searched": searched},
        status=404 if searched and found is None else 200,
    )


# --- Signed in: applying --------------------------------------------------------------------


@permission_required("training.use_training")
def dashboard(request):
    user = request.user
    mine = applications_visible_to(user).filter(applicant=user)
    upcoming = mine.filter(
        status__in=[Status.CONFIRMED, Status.OFFERED], session__starts_at__gte=timezone.now()
    ).order_by("session__starts_at")[:10]
    return render(
        request,
        "training/dashboard.html",
        {
            "upcoming": upcoming,
            "approvals_count": approvals_for(user).count(),
            "may_manage": user.has_perm("training.manage_training"),
            "sees_staff": user.has_perm("training.view_staff_training"),
            "trains": user.has_perm("training.train_sessions"),
        },
    )


@login_required
def apply(request, pk):
    # A sent form needs only the session (the service locks and checks it again); the places
    # are counted only when the page is shown. In a booking rush that is most requests.
    sessions = sessions_public() if request.method != "POST" else sessions_bookable()
    session = get_object_or_404(sessions, pk=pk)
    if not session.is_open_for_booking():
        messages.error(request, "Booking for this session has closed")
        return redirect("training:session_detail", pk=session.pk)
    form = ApplyForm(request.POST or None, applicant=request.user)
    if response := submit(
        request,
        form,
        lambda data: services.apply(
            request.user,
            session,
            reason=data["reason"],
            access_needs=data["access_needs"],
            dietary_needs=data["dietary_needs"],
            line_manager=data["line_manager"],
            confirm_line_manager=data["confirm"],
        ),
        success_message=lambda application: (
            "Your application has been sent"
            + (f" to {application.line_manager} for approval" if application.line_manager else "")
        ),
        redirect_to=lambda application: reverse(
            "training:application_detail", args=[application.pk]
        ),
        once=True,
    ):
        return response
    if request.method == "POST":  # the form comes back with its errors: count the places
        session = get_object_or_404(sessions_public(), pk=pk)
    return render(
        request, "training/apply.html", {"form": form, "session": session, "course": session.course}
    )


@login_required
def my_applications(request):
    rows = (
        applications_visible_to(request.user)
        .filter(applicant=request.user)
        .order_by("-session__starts_at", "-pk")
    )
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(request, "training/my_applications.html", {"page": page})


@login_required
def application_detail(request, pk):
    application = _application_or_404(request, pk)
    user = request.user
    if application.applicant_id != user.pk:
        record_view(user, application, "application page", verb="application viewed")
    history = AuditEvent.objects.filter(
        target_type="training.application", target_id=str(application.pk)
    ).order_by("occurred_at", "pk")
    return render(
        request,
        "training/application_detail.html",
        {
            "application": application,
            "session": application.session,
            "history": history,
            "may_cancel": user.has_perm("training.cancel_application", application)
            and application.status
            in (Status.APPLIED, Status.AWAITING_APPROVAL, Status.WAITING, Status.CONFIRMED),
            "may_answer": user.has_perm("training.answer_offer", application)
            and application.status == Status.OFFERED,
            "may_decide": user.has_perm("training.decide_application", application)
            and application.status in (Status.APPLIED, Status.AWAITING_APPROVAL),
            "may_feedback": user.has_perm("training.give_feedback", application)
            and application.status == Status.ATTENDED
            and not Feedback.objects.filter(application=application).exists(),
        },
    )


@login_required
def application_cancel(request, pk):
    application = _application_or_404(request, pk)
    allowed = (
        "training.answer_offer"
        if application.status == Status.OFFERED
        else ("training.cancel_application")
    )
    require_permission(request, allowed, application)
    form = CancelForm(request.POST or None)
    if response := submit(
        request,
        form,
        lambda data: services.cancel(request.user, application, data["reason"]),
        success_message="The application has been cancelled",
        redirect_to=reverse("training:application_detail", args=[application.pk]),
    ):
        return response
    late = application.status == Status.CONFIRMED and not application.session.is_open_for_booking()
    return render(
        request,
        "training/cancel.html",
        {"form": form, "application": application, "late": late},
    )


@login_required
@require_POST
def offer_accept(request, pk):
    application = _application_or_404(request, pk)
    require_permission(request, "training.answer_offer", application)
    return act(
        request,
        lambda: services.accept_offer(request.user, application),
        success_message="You have accepted the place. It is confirmed.",
        redirect_to=reverse("training:application_detail", args=[application.pk]),
    )


@login_required
def approvals(request):
    rows = approvals_for(request.user)
    decided = (
        applications_visible_to(request.user)
        .filter(line_manager=request.user)
        .exclude(status__in=[Status.APPLIED, Status.AWAITING_APPROVAL])
        .order_by("-decided_at", "-pk")[:20]
    )
    return render(request, "training/approvals.html", {"rows": rows, "decided": decided})


@login_required
def decide(request, pk):
    application = _application_or_404(request, pk)
    require_permission(request, "training.decide_application", application)
    form = DecisionForm(request.POST or None)

    def record(data):
        decision = services.approve if data["decision"] == "approve" else services.decline
        # The application as the service left it: where the decision led (a place, the
        # waiting list...).
        return decision(request.user, application, data["note"])

    if response := submit(
        request,
        form,
        record,
        success_message=lambda decided: (
            f"Decision recorded: the application is now '{decided.get_status_display()}'"
        ),
        # The business unit goes back to the session; a line manager to their approvals.
        redirect_to=lambda decided: (
            reverse("training:session_manage", args=[decided.session_id])
            if request.user.has_perm("training.manage_session", decided.session)
            else "training:approvals"
        ),
    ):
        return response
    return render(request, "training/decide.html", {"form": form, "application": application})


@login_required
def certificate(request, pk):
    application = _application_or_404(request, pk)
    if application.status != Status.ATTENDED or not application.certificate_code:
        raise Http404
    pdf = documents.certificate_pdf(
        application, request.build_absolute_uri(reverse("training:verify"))
    )
    return download_response(pdf, f"certificate-{application.pk}.pdf", "application/pdf")


@login_required
def feedback(request, pk):
    application = _application_or_404(request, pk)
    require_permission(request, "training.give_feedback", application)
    form = FeedbackForm(request.POST or None)
    if response := submit(
        request,
        form,
        lambda data: services.submit_feedback(request.user, application, **data),
        success_message="Thank you for your feedback",
        redirect_to=reverse("training:application_detail", args=[application.pk]),
    ):
        return response
    return render(request, "training/feedback.html", {"form": form, "application": application})


@login_required
def my_passport(request):
    return render(request, "training/passport.html", {"rows": passport(request.user)})


@permission_required("training.view_staff_training")
def staff(request):
    rows = staff_passports(request.user)
    state = request.GET.get("state")
    counts = Counter(row["state"] for row in rows)
    if state in ("current", "expiring", "expired"):
        rows = [row for row in rows if row["state"] == state]
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(request, "training/staff.html", {"page": page, "counts": counts, "state": state})


# --- The business unit ----------------------------------------------------------------------


@permission_required("training.manage_training")
def manage(request):
    rows = sessions_managed_by(request.user).order_by("starts_at", "pk")
    when = request.GET.get("when", "upcoming")
    if when == "past":
        rows = rows.filter(starts_at__lt=timezone.now()).order_by("-starts_at", "-pk")
    else:
        rows = rows.filter(starts_at__gte=timezone.now())
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(request, "training/manage.html", {"page": page, "when": when})


@login_required
def session_manage(request, pk):
    session = _managed_session_or_404(request, pk)
    applications = (
        Application.objects.filter(session=session)
        .select_related("applicant__agency", "line_manager")
        .order_by("status", "approved_at", "applied_at", "pk")
    )
    return render(
        request,
        "training/session_manage.html",
        {
            "session": session,
            "applications": applications,
            "places_left": max(session.capacity - session.places_taken, 0),
        },
    )


@login_required
@require_POST
def application_override(request, pk):
    application = _application_or_404(request, pk)
    require_permission(request, "training.override_application", application)
    return act(
        request,
        lambda: services.override_confirm(request.user, application, request.POST.get("note", "")),
        success_message=f"{application.applicant} now has a confirmed place",
        redirect_to=reverse("training:session_manage", args=[application.session_id]),
    )


def _register_session_or_404(request, pk):
    """A session whose register the person may mark: the business unit's, or one they train."""
    session = get_object_or_404(sessions_with_register_for(request.user), pk=pk)
    require_permission(request, "training.mark_register", session)
    return session


@login_required
def my_sessions(request):
    """Sessions I train: coming ones and those of the last RECENT_DAYS, with their registers."""
    now = timezone.now()
    rows = sessions_trained_by(request.user).filter(
        starts_at__gte=now - timedelta(days=RECENT_DAYS)
    )
    today = timezone.localdate()
    rows = list(rows.order_by("starts_at", "pk"))
    upcoming = [s for s in rows if s.start_date >= today]
    recent = [s for s in reversed(rows) if s.start_date < today]
    return render(
        request,
        "training/my_sessions.html",
        {"upcoming": upcoming, "recent": recent, "recent_days": RECENT_DAYS},
    )


@login_required
def register(request, pk):
    """The attendance register: one row per person with a place, big buttons for a phone.
    The business unit and the session's own trainer mark it."""
    session = _register_session_or_404(request, pk)
    rows = register_rows(session)
    if request.method == "POST":
        try:  # one message for the page rather than the service's refusal once per person
            services.check_register_open(session)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("training:register", pk=session.pk)
        marks = 0
        for application in rows:
            value = request.POST.get(f"attendance-{application.pk}")
            if value in ("attended", "absent"):
                try:
                    services.mark_attendance(request.user, application, value == "attended")
                    marks += 1
                except ValidationError as error:
                    messages.error(request, f"{application.applicant}: {' '.join(error.messages)}")
        messages.success(request, f"The register has been saved ({marks} marked)")
        return redirect("training:register", pk=session.pk)
    return render(
        request,
        "training/register.html",
        {
            "session": session,
            "rows": rows,
            "may_manage": request.user.has_perm("training.manage_session", session),
            "register_open": services.register_open(session),
        },
    )


RATINGS = ["1", "2", "3", "4", "5"]


def _describe_ratings(distribution: list[dict]) -> str:
    """A rating chart's figures in words, its text alternative."""
    return "; ".join(
        f"rating {row['rating']}: {row['count']} response{'' if row['count'] == 1 else 's'}"
        for row in distribution
    ).capitalize()


@login_required
def session_results(request, pk):
    session = _managed_session_or_404(request, pk)
    rows = Feedback.objects.filter(application__session=session)
    summary = rows.aggregate(
        overall=Avg("overall"), outcomes=Avg("outcomes_met"), count=Count("pk")
    )
    distribution = [{"rating": n, "count": rows.filter(overall=n).count()} for n in range(1, 6)]
    return render(
        request,
        "training/session_results.html",
        {
            "session": session,
            "summary": summary,
            "distribution": distribution,
            "chart": bar_chart(
                "Overall ratings, 1 (poor) to 5 (excellent)",
                RATINGS,
                Series("Responses", [row["count"] for row in distribution]),
                category_label="Rating",
                value_label="Number of responses",
                description=_describe_ratings(distribution),
                width=440,
            ),
            "comments": rows.exclude(comments="").values_list("comments", flat=True)[:100],
        },
    )


@permission_required("training.manage_training")
def reports(request):
    """Fill rates, attendance and absence by agency and by sector, feedback by course and the
    demand on waiting lists, for past sessions in the chosen period."""
    period = ReportPeriodForm(request.GET or None)
    sessions = sessions_managed_by(request.user).filter(starts_at__lt=timezone.now())
    if period.is_valid():
        if period.cleaned_data.get("date_from"):
            sessions = sessions.filter(**on_or_after("starts_at", period.cleaned_data["date_from"]))
        if period.cleaned_data.get("date_to"):
            sessions = sessions.filter(**on_or_before("starts_at", period.cleaned_data["date_to"]))
    by_course = defaultdict(lambda: {"capacity": 0, "taken": 0, "sessions": 0})
    for session in sessions:
        row = by_course[session.course.title]
        row["capacity"] += session.capacity
        row["taken"] += session.places_taken
        row["sessions"] += 1
    fill = [
        {
            "course": title,
            **row,
            "rate": round(100 * row["taken"] / row["capacity"]) if row["capacity"] else 0,
        }
        for title, row in sorted(by_course.items())
    ]
    in_period = Application.objects.filter(session__in=sessions.values("pk"))
    counts = {
        "attended": Count("pk", filter=Q(status=Status.ATTENDED)),
        "absent": Count("pk", filter=Q(status=Status.ABSENT)),
        "late": Count("pk", filter=Q(charge_reason="Late cancellation")),
    }
    busy = Q(attended__gt=0) | Q(absent__gt=0) | Q(late__gt=0)
    by_agency = (
        in_period.values("agency__name").annotate(**counts).filter(busy).order_by("agency__name")
    )
    by_sector = [
        {**row, "sector": SECTORS.get(row["agency__sector"], "No agency")}
        for row in in_period.values("agency__sector")
        .annotate(**counts)
        .filter(busy)
        .order_by("agency__sector")
    ]
    feedback = (
        Feedback.objects.filter(application__session__in=sessions.values("pk"))
        .values("application__session__course__title", "application__session__course_id")
        .annotate(responses=Count("pk"), overall=Avg("overall"), outcomes=Avg("outcomes_met"))
        .order_by("application__session__course__title")
    )
    waiting = (
        sessions_managed_by(request.user)
        .filter(starts_at__gte=timezone.now(), waiting_count__gt=0)
        .order_by("-waiting_count")[:20]
    )
    return render(
        request,
        "training/reports.html",
        {
            "period": period,
            "fill": fill,
            "by_agency": by_agency,
            "by_sector": by_sector,
            "feedback": feedback,
            "waiting": waiting,
        },
    )


CHARGE_HEADERS = [
    "Agency",
    "Contribution status",
    "Person",
    "Course",
    "Session date",
    "Reason",
    "Charge (GBP)",
]


@permission_required("training.manage_training")
def charges(request, fmt):
    if fmt not in FORMATS:
        raise Http404
    managed = sessions_managed_by(request.user).values("pk")
    rows = (
        Application.objects.filter(session__in=managed, charge__gt=0)
        .select_related("agency", "applicant", "session__course")
        .order_by("agency__name", "session__starts_at", "pk")
    )
    data = (
        [
            a.agency.name if a.agency else "",
            a.agency.get_contribution_status_display() if a.agency else "",
            a.applicant.full_name,
            a.session.course.title,
            a.session.start_date,
            a.charge_reason,
            float(a.charge),
        ]
        for a in rows.iterator()
    )
    return export_response(fmt, "training-charges", CHARGE_HEADERS, data)


@permission_required("training.manage_training")
def course_create(request):
    board = board_for_new_record(request)
    form = CourseForm(request.POST or None)
    if response := submit(
        request,
        form,
        lambda data: services.create_course(request.user, board=board, **data),
        success_message=lambda course: f"The course '{course.title}' has been added",
        redirect_to=lambda course: reverse("training:session_create", args=[course.pk]),
        once=True,
    ):
        return response
    return render(request, "training/course_form.html", {"form": form, "board": board})


def _managed_course_or_404(request, pk) -> Course:
    course = get_object_or_404(Course.objects.select_related("board"), pk=pk)
    if not request.user.has_perm("training.manage_session", course):
        raise Http404
    return course


# The session form has a date and times where the service has start and end moments.
SESSION_FIELD_ALIASES = {"starts_at": "date", "ends_at": "end_time"}


def _session_fields(data: dict) -> dict:
    """The session form's answers as the service takes them: start and end moments."""
    data = dict(data)
    day = data.pop("date")
    data["starts_at"] = timezone.make_aware(datetime.combine(day, data.pop("start_time")))
    data["ends_at"] = timezone.make_aware(datetime.combine(day, data.pop("end_time")))
    return data


@login_required
def session_create(request, pk):
    course = _managed_course_or_404(request, pk)
    form = SessionForm(request.POST or None)
    if response := submit(
        request,
        form,
        lambda data: services.create_session(request.user, course, **_session_fields(data)),
        success_message=lambda session: (
            f"The session has been added; booking closes {hub_date(session.booking_closes)}"
        ),
        redirect_to=lambda session: reverse("training:session_manage", args=[session.pk]),
        aliases=SESSION_FIELD_ALIASES,
        once=True,
    ):
        return response
    return render(request, "training/session_form.html", {"form": form, "course": course})


@login_required
def sign_in_sheet(request, pk):
    session = _register_session_or_404(request, pk)
    rows = register_rows(session)
    return download_response(
        documents.sign_in_sheet_pdf(session, rows),
        f"sign-in-sheet-{session.pk}.pdf",
        "application/pdf",
    )


@login_required
def session_cancel(request, pk):
    session = _managed_session_or_404(request, pk)
    form = CancelSessionForm(request.POST or None)
    if response := submit(
        request,
        form,
        lambda data: services.cancel_session(request.user, session, data["reason"]),
        success_message=lambda count: (
            f"The session has been cancelled and {count} applicant(s) told"
        ),
        redirect_to=reverse("training:session_manage", args=[session.pk]),
    ):
        return response
    return render(request, "training/session_cancel.html", {"form": form, "session": session})


@login_required
def course_edit(request, pk):
    course = _managed_course_or_404(request, pk)
    form = CourseForm(request.POST or None, instance=course)
    track_version(form, course)
    if response := submit(
        request,
        form,
        lambda data: services.update_course(request.user, course, **data),
        success_message="The course has been updated",
        redirect_to=reverse("training:course_detail", args=[course.pk]),
    ):
        return response
    return render(
        request,
        "training/course_form.html",
        {"form": form, "board": course.board, "course": course},
    )


@login_required
def session_edit(request, pk):
    session = _managed_session_or_404(request, pk)
    starts, ends = timezone.localtime(session.starts_at), timezone.localtime(session.ends_at)
    initial = {
        "date": starts.date(),
        "start_time": starts.time(),
        "end_time": ends.time(),
        "venue": session.venue,
        "online_link": session.online_link,
        "area": session.area,
        "trainer": session.trainer,
        "trained_by": session.trained_by.email if session.trained_by_id else "",
        "capacity": session.capacity,
        "booking_closes": session.booking_closes,
        "joining_instructions": session.joining_instructions,
    }
    form = SessionForm(request.POST or None, initial=initial)
    track_version(form, session)
    if response := submit(
        request,
        form,
        lambda data: services.update_session(request.user, session, **_session_fields(data)),
        success_message="The session has been updated",
        redirect_to=reverse("training:session_manage", args=[session.pk]),
        aliases=SESSION_FIELD_ALIASES,
    ):
        return response
    return render(
        request,
        "training/session_form.html",
        {"form": form, "course": session.course, "session": session},
    )


@login_required
def course_publication(request, pk):
    """Take a course off the public pages, or put it back, after a page saying what follows."""
    course = _managed_course_or_404(request, pk)
    form = PublicationForm(request.POST or None)
    if response := submit(
        request,
        form,
        lambda data: services.set_course_published(request.user, course, data["publish"] == "yes"),
        success_message=lambda changed: (
            f"'{changed.title}' is back on the public pages: people can apply again"
            if changed.is_published
            else f"'{changed.title}' has been taken off the public pages: its sessions are no "
            "longer in the catalogue and nobody can apply"
        ),
        redirect_to=reverse("training:course_detail", args=[course.pk]),
    ):
        return response
    upcoming = course.sessions.filter(is_cancelled=False, starts_at__gte=timezone.now())
    return render(
        request,
        "training/course_publication.html",
        {
            "course": course,
            "upcoming_count": upcoming.count(),
            "live_count": Application.objects.filter(session__in=upcoming)
            .exclude(status__in=[Status.DECLINED, Status.CANCELLED, Status.EXPIRED_OFFER])
            .count(),
        },
    )


COURSE_RESULT_HEADERS = [
    "Session",
    "Trainer",
    "Attended",
    "Responses",
    "Average overall rating",
    "Average for learning outcomes met",
    *[f"Overall rating {n}" for n in range(1, 6)],
    "Will change how they work",
]


def _rounded(value):
    return "" if value is None else round(value, 2)


def _course_result_rows(results):
    for session in results["sessions"]:
        yield [
            timezone.localtime(session.starts_at),
            session.trainer,
            session.attended,
            session.responses,
            _rounded(session.overall),
            _rounded(session.outcomes),
            *session.distribution,
            session.changing,
        ]
    summary = results["summary"]
    yield [
        "All sessions",
        "",
        sum(session.attended for session in results["sessions"]),
        summary["count"],
        _rounded(summary["average_overall"]),
        _rounded(summary["average_outcomes"]),
        *[row["count"] for row in results["distribution"]],
        summary["changing"],
    ]


@login_required
def course_results(request, pk):
    """Feedback on every session of a course combined, with each session's figures; the same
    as a CSV or Excel download. A fixed number of queries however many sessions and answers."""
    course = _managed_course_or_404(request, pk)
    results = course_feedback_results(course)
    fmt = request.GET.get("download")
    if fmt in FORMATS:
        return export_response(
            fmt,
            f"training-feedback-course-{course.pk}",
            COURSE_RESULT_HEADERS,
            _course_result_rows(results),
        )
    distribution = results["distribution"]
    outcomes = [{"rating": row["rating"], "count": row["outcomes_count"]} for row in distribution]
    return render(
        request,
        "training/course_results.html",
        {
            "course": course,
            **results,
            "chart": bar_chart(
                "Number of responses giving each rating",
                RATINGS,
                [
                    Series("Overall rating", [row["count"] for row in distribution]),
                    Series("Learning outcomes met", [row["count"] for row in outcomes]),
                ],
                category_label="Rating",
                value_label="Number of responses",
                description="Overall ratings of every session, 1 (poor) to 5 (excellent): "
                f"{_describe_ratings(distribution)}. How well the learning outcomes were met, "
                f"1 (not at all) to 5 (fully): {_describe_ratings(outcomes)}.",
            ),
        },
    )
