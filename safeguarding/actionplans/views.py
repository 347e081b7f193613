"""Action-plan pages. Thin: selectors read, services write, rules decide."""

from __future__ import annotations

import rules
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from safeguarding.core.charts import Series, bar_chart, line_chart
from safeguarding.core.decorators import permission_required, require_permission
from safeguarding.core.exports import FORMATS, download_response, export_response
from safeguarding.core.form_views import act, submit
from safeguarding.core.formatting import hub_date
from safeguarding.core.fragments import cached_fragment
from safeguarding.core.imports import plural
from safeguarding.core.listing import ListPage
from safeguarding.core.permissions import bu_board_ids, cpb_area_ids, led_agency_ids
from safeguarding.organisations.models import Area
from safeguarding.organisations.selectors import board_for_new_record

from . import imports, pdf, services
from .forms import (
    ActionForm,
    AnswerForm,
    BulkStatusForm,
    ChallengeForm,
    CloseForm,
    ImportForm,
    PlanForm,
    ReviewForm,
    UpdateForm,
)
from .lists import ACTIONS, CHALLENGES, PLANS
from .models import Action, ActionPlan, Challenge, Status
from .selectors import (
    action_history,
    action_rows,
    actions_visible_to,
    audience,
    challenge_list_rows,
    challenge_rows,
    evidence_visible_to,
    export_rows,
    list_rows,
    plan_progress,
    plan_rows,
    plans_visible_to,
    plans_with_counts,
    status_trend,
)
from .selectors import (
    locality_actions as actions_for_localities,
)

# Service error keys that a form names differently.
FIELD_ALIASES = {"url": "link"}


def _plan_or_404(request, pk) -> ActionPlan:
    return get_object_or_404(plan_rows(request.user), pk=pk)


def _action_or_404(request, pk) -> Action:
    return get_object_or_404(action_rows(request.user), pk=pk)


# --- Plans ----------------------------------------------------------------------------------


@login_required
def plan_list(request):
    listing = ListPage(request, plans_with_counts(request.user), PLANS)
    if listing.download_format:
        return listing.download()
    results = listing.results(
        "actionplans/_plan_table.html",
        singular="plan",
        plural="plans",
        download_subject="the plans",
        audience=audience(request.user),
    )
    context = {"results": results, "may_add": request.user.has_perm("actionplans.add_plan")}
    return render(request, "actionplans/plan_list.html", context)


@permission_required("actionplans.add_plan")
def plan_create(request):
    board = board_for_new_record(request)
    form = PlanForm(request.POST or None)
    if response := submit(
        request,
        form,
        lambda data: services.create_plan(request.user, board=board, **data),
        success_message=lambda plan: f"The plan '{plan.title}' has been created",
        redirect_to=lambda plan: reverse("actionplans:plan_detail", args=[plan.pk]),
        aliases=FIELD_ALIASES,
        once=True,
    ):
        return response
    return render(
        request, "actionplans/plan_form.html", {"form": form, "plan": None, "board": board}
    )


@login_required
def plan_edit(request, pk):
    plan = _plan_or_404(request, pk)
    require_permission(request, "actionplans.change_plan", plan)
    form = PlanForm(request.POST or None, plan=plan)
    if response := submit(
        request,
        form,
        lambda data: services.update_plan(request.user, plan, **data),
        success_message="The plan has been updated",
        redirect_to=reverse("actionplans:plan_detail", args=[plan.pk]),
        aliases=FIELD_ALIASES,
    ):
        return response
    return render(
        request, "actionplans/plan_form.html", {"form": form, "plan": plan, "board": plan.board}
    )


@login_required
def plan_detail(request, pk):
    plan = _plan_or_404(request, pk)
    actions = (
        actions_visible_to(request.user)
        .filter(plan=plan)
        .select_related("owner_agency", "owner_person")
        .prefetch_related(Prefetch("localities", queryset=Area.objects.only("id", "name")))
    )
    # 50 actions a page: a big plan holds thousands.
    listing = ListPage(request, actions, ACTIONS)
    context = listing.context()
    context.update(
        plan=plan,
        actions=context["page"].object_list,
        may_change=request.user.has_perm("actionplans.change_plan", plan),
    )
    return render(request, "actionplans/plan_detail.html", context)


# The colours people expect of each status; the charts name every status as well.
STATUS_COLOURS = {
    "not_started": "dark-grey",
    "on_track": "green",
    "at_risk": "brown",
    "off_track": "red",
    "complete": "blue",
}


@login_required
def plan_report(request, pk):
    # The page names only the plan's title; its figures, chart and lists are the same for
    # everyone who sees the same actions (the audience) on the same day ("overdue"), so they
    # are rendered once per change of the plans' data (core.fragments).
    plan = get_object_or_404(plans_visible_to(request.user).only("pk", "title"), pk=pk)
    today = timezone.localdate()

    def render_report() -> str:
        progress = plan_progress(request.user, plan, today=today)
        counts = progress["counts"]
        chart = bar_chart(
            "Number of actions by status",
            [row["label"] for row in counts],
            Series("Actions", [row["count"] for row in counts]),
            category_label="Status",
            value_label="Number of actions",
            category_colours=[STATUS_COLOURS[row["status"]] for row in counts],
            width=440,
        )
        context = {"plan": plan, "progress": progress, "chart": chart}
        return render_to_string("actionplans/_plan_report_body.html", context)

    report = cached_fragment(
        "actionplans", ("report", plan.pk, audience(request.user), today), render_report
    )
    return render(request, "actionplans/plan_report.html", {"plan": plan, "report": report})


@login_required
def plan_trend(request, pk):
    """The number of actions at each status at each month end, from the update history."""
    plan = _plan_or_404(request, pk)
    points = status_trend(request.user, plan)
    chart = line_chart(
        "Number of actions at each status, by date",
        [hub_date(point["date"]) for point in points],
        [
            Series(label, [point["counts"][value] for point in points], STATUS_COLOURS[value])
            for value, label in Status.choices
        ],
        category_label="Date",
        value_label="Number of actions",
        total_label="All",
        width=760,
    )
    return render(
        request, "actionplans/plan_trend.html", {"plan": plan, "points": points, "chart": chart}
    )


def _pdf_response(content: bytes, filename: str, log=None, verb=None):
    return download_response(content, filename, "application/pdf", inline=True, log=log, verb=verb)


@login_required
def plan_pdf(request, pk):
    """The progress report for a meeting pack: figures, lists and every action."""
    plan = _plan_or_404(request, pk)
    progress = plan_progress(request.user, plan, limit=None)
    actions = action_rows(request.user).filter(plan=plan).order_by("due_date", "pk")
    return _pdf_response(
        pdf.plan_report_pdf(plan, progress, actions.iterator(chunk_size=500)),
        f"progress-report-plan-{plan.pk}.pdf",
        log=(request.user, plan, "progress report PDF"),
        verb="plan report downloaded",
    )


@login_required
def plan_export(request, pk, fmt):
    if fmt not in FORMATS:
        raise Http404
    plan = _plan_or_404(request, pk)
    actions = action_rows(request.user).filter(plan=plan).order_by("due_date", "pk")
    return ACTIONS.download(fmt, actions, name=f"actions-plan-{plan.pk}")


@login_required
def plan_import(request, pk):
    """Add a plan's actions from a CSV or Excel file: every row checked, all or nothing."""
    plan = _plan_or_404(request, pk)
    require_permission(request, "actionplans.change_plan", plan)
    form = ImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        report = imports.import_actions(request.user, plan, form.cleaned_data["upload"])
        if report.ok:
            messages.success(request, f"{plural(report.added, 'action')} been added to the plan")
            for note in report.notes:
                messages.info(request, note)
            return redirect("actionplans:plan_detail", pk=plan.pk)
    return render(
        request,
        "actionplans/plan_import.html",
        {"plan": plan, "form": form, "report": report},
        status=400 if report is not None else 200,
    )


@login_required
def import_template(request, fmt):
    if fmt not in FORMATS:
        raise Http404
    rows = imports.template_rows()
    return export_response(fmt, "actions-template", rows[0], rows[1:])


# --- Actions --------------------------------------------------------------------------------


@login_required
def action_create(request, pk):
    plan = _plan_or_404(request, pk)
    require_permission(request, "actionplans.change_plan", plan)
    form = ActionForm(request.POST or None)
    if response := submit(
        request,
        form,
        lambda data: services.add_action(request.user, plan, **data),
        success_message="The action has been added",
        redirect_to=lambda action: reverse("actionplans:action_detail", args=[action.pk]),
        aliases=FIELD_ALIASES,
        once=True,
    ):
        return response
    return render(request, "actionplans/action_form.html", {"form": form, "plan": plan})


@login_required
def action_edit(request, pk):
    action = _action_or_404(request, pk)
    require_permission(request, "actionplans.change_action", action)
    form = ActionForm(request.POST or None, action=action)
    if response := submit(
        request,
        form,
        lambda data: services.update_action(request.user, action, **data),
        success_message="The action has been updated",
        redirect_to=reverse("actionplans:action_detail", args=[action.pk]),
        aliases=FIELD_ALIASES,
    ):
        return response
    return render(
        request,
        "actionplans/action_form.html",
        {"form": form, "plan": action.plan, "action": action},
    )


def _render_action(request, action, update_form=None, status=200):
    user = request.user
    may_update = user.has_perm("actionplans.post_update", action)
    if update_form is None and may_update:
        update_form = UpdateForm(initial={"status": action.status, "version": action.version})
    if update_form is not None:
        # The form is far down a long page: its problems are listed at the top instead.
        update_form.summary_above = True
    evidence = list(action.evidence.select_related("added_by", "accepted_by"))
    challenges = list(
        action.challenges.select_related("addressed_to_agency", "locality").order_by("-raised_at")
    )
    return render(
        request,
        "actionplans/action_detail.html",
        {
            "action": action,
            "plan": action.plan,
            "localities": list(action.localities.all()),
            "update_form": update_form if may_update else None,
            "evidence": evidence,
            "challenges": challenges,
            "history": action_history(action),
            "may_change": user.has_perm("actionplans.change_action", action),
            "may_review": user.has_perm("actionplans.review_evidence", action),
            "may_challenge": user.has_perm("actionplans.raise_challenge", action),
        },
        status=status,
    )


@login_required
def action_detail(request, pk):
    return _render_action(request, _action_or_404(request, pk))


@login_required
@require_POST
def action_post_update(request, pk):
    action = _action_or_404(request, pk)
    require_permission(request, "actionplans.post_update", action)
    form = UpdateForm(request.POST, request.FILES)

    def post_update(data):
        description = data["evidence_description"]
        return services.post_update(
            request.user,
            action,
            status=data["status"],
            narrative=data["narrative"],
            files=[(data["file"], description)] if data["file"] else [],
            links=[(data["link"], description)] if data["link"] else [],
            expected_version=data["version"],
        )

    if response := submit(
        request,
        form,
        post_update,
        success_message="Your update has been posted",
        redirect_to=reverse("actionplans:action_detail", args=[action.pk]),
        aliases=FIELD_ALIASES,
    ):
        return response
    return _render_action(request, action, update_form=form, status=400)


# --- Evidence -------------------------------------------------------------------------------


@login_required
def evidence_download(request, pk):
    evidence = get_object_or_404(
        evidence_visible_to(request.user).select_related("action"), pk=pk, kind="file"
    )
    try:
        handle = evidence.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = download_response(
        handle,
        evidence.original_name or f"evidence-{evidence.pk}",
        evidence.content_type or "application/octet-stream",
        log=(request.user, evidence, "evidence downloaded"),
        verb="evidence downloaded",
    )
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@login_required
@require_POST
def evidence_review(request, pk):
    evidence = get_object_or_404(evidence_visible_to(request.user), pk=pk)
    action = _action_or_404(request, evidence.action_id)
    require_permission(request, "actionplans.review_evidence", action)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose whether to accept the evidence")
        return redirect("actionplans:action_detail", pk=action.pk)
    return act(
        request,
        lambda: services.review_evidence(
            request.user,
            evidence,
            accepted=form.cleaned_data["accepted"],
            note=form.cleaned_data["note"],
        ),
        success_message="Your review of the evidence has been saved",
        redirect_to=reverse("actionplans:action_detail", args=[action.pk]) + "#evidence",
    )


# --- Challenges -----------------------------------------------------------------------------


@login_required
def challenge_create(request, pk):
    action = _action_or_404(request, pk)
    require_permission(request, "actionplans.raise_challenge", action)
    areas = cpb_area_ids(request.user)
    initial = {
        "addressed_to_agency": action.owner_agency,
        "addressed_to_person": action.owner_person,
    }
    if len(areas) == 1:
        initial["locality"] = next(iter(areas))
    form = ChallengeForm(request.POST or None, initial=initial, action=action)
    if response := submit(
        request,
        form,
        lambda data: services.raise_challenge(request.user, action, **data),
        success_message="Your challenge has been raised",
        redirect_to=lambda challenge: reverse("actionplans:challenge_detail", args=[challenge.pk]),
        aliases=FIELD_ALIASES,
        once=True,
    ):
        return response
    return render(request, "actionplans/challenge_form.html", {"form": form, "action": action})


def _challenge_or_404(request, pk) -> Challenge:
    return get_object_or_404(challenge_rows(request.user), pk=pk)


def _render_challenge(request, challenge, answer_form=None, close_form=None, status=200):
    user = request.user
    # Answered once: after that the answer is shown, not offered for editing. A form sent
    # from a page loaded before then comes back with the reason it was refused.
    may_answer = Challenge.moves.can_become(challenge, Challenge.State.ANSWERED) and (
        user.has_perm("actionplans.answer_challenge", challenge)
    )
    may_close = Challenge.moves.can_become(challenge, Challenge.State.CLOSED) and (
        user.has_perm("actionplans.close_challenge", challenge)
    )
    return render(
        request,
        "actionplans/challenge_detail.html",
        {
            "challenge": challenge,
            "action_visible": user.has_perm("actionplans.view_action", challenge.action),
            "answer_form": answer_form or (AnswerForm() if may_answer else None),
            "close_form": close_form or (CloseForm() if may_close else None),
        },
        status=status,
    )


@login_required
def challenge_detail(request, pk):
    return _render_challenge(request, _challenge_or_404(request, pk))


@login_required
@require_POST
def challenge_answer(request, pk):
    challenge = _challenge_or_404(request, pk)
    require_permission(request, "actionplans.answer_challenge", challenge)
    form = AnswerForm(request.POST)
    if response := submit(
        request,
        form,
        lambda data: services.answer_challenge(request.user, challenge, **data),
        success_message="Your answer has been sent",
        redirect_to=reverse("actionplans:challenge_detail", args=[challenge.pk]),
        aliases=FIELD_ALIASES,
    ):
        return response
    return _render_challenge(request, challenge, answer_form=form, status=400)


@login_required
@require_POST
def challenge_close(request, pk):
    challenge = _challenge_or_404(request, pk)
    require_permission(request, "actionplans.close_challenge", challenge)
    form = CloseForm(request.POST)
    if response := submit(
        request,
        form,
        lambda data: services.close_challenge(request.user, challenge, **data),
        success_message="The challenge has been closed",
        redirect_to=reverse("actionplans:challenge_detail", args=[challenge.pk]),
        aliases=FIELD_ALIASES,
    ):
        return response
    return _render_challenge(request, challenge, close_form=form, status=400)


@login_required
def challenge_log(request):
    listing = ListPage(request, challenge_list_rows(request.user), CHALLENGES)
    if listing.download_format:
        return listing.download()
    if request.GET.get("download") == "pdf":
        return _challenge_log_pdf(request, listing)
    query = request.GET.copy()
    query.pop("page", None)
    query["download"] = "pdf"
    results = listing.results(
        "actionplans/_challenge_table.html",
        singular="challenge",
        plural="challenges",
        download_subject="the challenge log",
        audience=audience(request.user),
    )
    context = {"results": results, "pdf_href": "?" + query.urlencode()}
    return render(request, "actionplans/challenge_log.html", context)


def _challenge_log_pdf(request, listing):
    """The challenge log, as filtered, printable for the locality board's meeting."""
    form = listing.filterset.form
    filters = []
    if form.is_valid():
        for name, field in form.fields.items():
            value = form.cleaned_data.get(name)
            if value in (None, ""):
                continue
            if isinstance(field, forms.TypedChoiceField | forms.ChoiceField) and not hasattr(
                field, "queryset"
            ):
                value = dict(field.choices).get(value, value)
            filters.append(f"{field.label}: {value}")
    rows = listing.rows().iterator(chunk_size=500)
    return _pdf_response(pdf.challenge_log_pdf(rows, filters), "challenge-log.pdf")


# --- Lists for a locality and for an agency -------------------------------------------------


def _action_list(request, actions, template, extra=None):
    """A page of `actions` (a plain queryset), or all of them as a download."""
    queryset = export_rows(actions) if request.GET.get("download") else list_rows(actions)
    listing = ListPage(request, queryset, ACTIONS)
    if listing.download_format:
        return listing.download()
    results = listing.results(
        "actionplans/_action_table.html",
        singular="action",
        plural="actions",
        download_subject="the actions",
        audience=audience(request.user),
        vary_on=(timezone.localdate(),),  # a row says "Overdue" from the day after it is due
    )
    return render(request, template, {"results": results, **(extra or {})})


@login_required
def locality_actions(request):
    """'Actions for my locality': for CPB chairs and members (business-unit staff see all)."""
    if not request.user.has_perm("actionplans.view_locality_actions"):
        raise PermissionDenied
    areas = cpb_area_ids(request.user)
    if areas and not bu_board_ids(request.user) and not request.user.is_superuser:
        queryset = actions_for_localities(areas)
    else:
        queryset = actions_visible_to(request.user)
    return _action_list(request, queryset, "actionplans/locality_actions.html")


@login_required
def agency_actions(request):
    """'Our agency's actions' for agency safeguarding leads, with a bulk status change."""
    if not rules.test_rule("actionplans.leads_an_agency", request.user):
        raise PermissionDenied
    agencies = led_agency_ids(request.user)
    ours = actions_visible_to(request.user).filter(owner_agency_id__in=sorted(agencies))
    open_actions = (
        Action.objects.filter(owner_agency_id__in=sorted(agencies))
        .exclude(status=Status.COMPLETE)
        .order_by("due_date", "pk")
    )
    form = BulkStatusForm(request.POST or None, actions_queryset=open_actions)
    if response := submit(
        request,
        form,
        lambda data: services.bulk_update_status(
            request.user, data["actions"], status=data["status"], narrative=data["narrative"]
        ),
        success_message=lambda updates: f"{len(updates)} actions have been updated",
        redirect_to="actionplans:agency_actions",
        aliases=FIELD_ALIASES,
    ):
        return response
    return _action_list(
        request,
        ours,
        "actionplans/agency_actions.html",
        {"bulk_form": form},
    )
