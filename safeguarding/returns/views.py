"""Pages for requests to agencies. Thin: selectors read, services write, rules decide."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from safeguarding.core import fragments
from safeguarding.core.charts import Series, bar_chart
from safeguarding.core.decorators import permission_required, require_permission
from safeguarding.core.exports import FORMATS, download_response, export_response
from safeguarding.core.form_views import act, submit
from safeguarding.core.listing import ListPage, page_navigation
from safeguarding.core.permissions import bu_board_ids
from safeguarding.organisations.models import Agency
from safeguarding.organisations.selectors import board_for_new_record

from . import builder, compliance, services
from .forms import (
    AskEvidenceForm,
    ChallengeEventForm,
    EvidenceForm,
    FindingsTemplateForm,
    InviteForm,
    ModerateForm,
    ReasonForm,
    RequestForm,
    SectionForm,
    TemplateForm,
    VersionForm,
)
from .lists import REQUESTS, RETURNS
from .models import Evidence, Question, Return, Template
from .selectors import (
    answers_by_question,
    colleagues_for,
    moderated_by_question,
    request_rows,
    requests_visible_to,
    return_rows,
    returns_visible_to,
    structure,
    templates_visible_to,
)

ALIASES = {"url": "link"}
# Agencies on a page of the triangulation (each with a row per standard).
TRIANGULATION_AGENCIES = 25


def _return_or_404(request, pk) -> Return:
    return get_object_or_404(return_rows(request.user), pk=pk)


def _request_or_404(request, pk):
    return get_object_or_404(requests_visible_to(request.user), pk=pk)


def _detail(answered: Return) -> str:
    return reverse("returns:return_detail", args=[answered.pk])


# --- Lists ----------------------------------------------------------------------------------


@require_safe
@permission_required("returns.use_returns")
def home(request):
    """The returns the person may see: their agency's, or for the business unit every return
    of their boards."""
    listing = ListPage(request, returns_visible_to(request.user), RETURNS)
    if listing.download_format:
        return listing.download()
    results = listing.results(
        "returns/_return_table.html",
        singular="return",
        plural="returns",
        download_subject="the returns",
        audience=f"person:{request.user.pk}",
    )
    context = {"results": results, "manages": request.user.has_perm("returns.manage_requests")}
    return render(request, "returns/home.html", context)


@require_safe
@permission_required("returns.manage_requests")
def request_list(request):
    listing = ListPage(request, request_rows(request.user), REQUESTS)
    if listing.download_format:
        return listing.download()
    results = listing.results(
        "returns/_request_table.html",
        singular="request",
        plural="requests",
        download_subject="the requests",
        audience=f"person:{request.user.pk}",
    )
    return render(request, "returns/request_list.html", {"results": results})


@permission_required("returns.manage_requests")
def request_create(request):
    board = board_for_new_record(request)
    form = RequestForm(request.POST or None, request.FILES or None, board=board)
    if response := submit(
        request,
        form,
        lambda data: services.send_request(
            request.user,
            board=board,
            version=services.latest_version(
                services.chosen_template(request.user, board, data["template"])
            ),
            moderators=data["moderators"],
            title=data["title"],
            deadline=data["deadline"],
            agencies=form.chosen_agencies(),
            message=data["message"],
            report=data.get("report"),
        ),
        success_message=lambda sent: (
            f"'{sent.title}' has been sent to {sent.returns.count()} agencies"
        ),
        redirect_to=lambda sent: reverse("returns:request_detail", args=[sent.pk]),
        aliases={"template": "template", "report": "report"},
        once=True,
    ):
        return response
    return render(request, "returns/request_form.html", {"form": form, "board": board})


@require_safe
@login_required
def request_detail(request, pk):
    """Per request: who has answered, who is late, who is in moderation; the spread of
    scores by standard."""
    sent = _request_or_404(request, pk)
    require_permission(request, "returns.view_request", sent)
    listing = ListPage(
        request,
        sent.returns.select_related("agency", "request", "template_version__template"),
        RETURNS,
    )
    if listing.download_format:
        return listing.download()
    results = listing.results(
        "returns/_return_table.html",
        singular="return",
        plural="returns",
        download_subject="the returns",
        audience="business-unit",
    )
    # The spread reads every agency's answers: kept until a return or score changes.
    rows = fragments.cached("returns", ("spread", sent.pk), lambda: compliance.spread(sent))
    chart = None
    if any(row["self"] is not None for row in rows):
        chart = bar_chart(
            "Mean score by standard",
            [row["standard"] for row in rows],
            [
                Series("Self-assessed", [row["self"] for row in rows]),
                Series("Moderated", [row["moderated"] for row in rows]),
            ],
            category_label="Standard",
            value_label="Mean score",
        )
    counts = {
        "agencies": sent.returns.count(),
        "signed_off": sent.returns.filter(status=Return.Status.SIGNED_OFF).count(),
        "late": sent.returns.exclude(status=Return.Status.SIGNED_OFF)
        .filter(request__deadline__lt=timezone.localdate())
        .count(),
        "in_moderation": sent.returns.filter(
            moderation__in=[Return.Moderation.IN_MODERATION, Return.Moderation.MORE_EVIDENCE]
        ).count(),
    }
    context = {"sent": sent, "results": results, "spread": rows, "chart": chart, "counts": counts}
    return render(request, "returns/request_detail.html", context)


@require_safe
@permission_required("returns.manage_requests")
def template_list(request):
    templates = templates_visible_to(request.user).prefetch_related("versions")
    return render(request, "returns/template_list.html", {"templates": templates})


@require_safe
@permission_required("returns.manage_requests")
def template_detail(request, pk):
    template = get_object_or_404(templates_visible_to(request.user), pk=pk)
    version = services.latest_version(template)
    sections = structure(version.pk) if version else []
    context = {"template": template, "version": version, "sections": sections}
    return render(request, "returns/template_detail.html", context)


@permission_required("returns.manage_requests")
def template_create(request):
    board = board_for_new_record(request)
    form = TemplateForm(request.POST or None)
    if response := submit(
        request,
        form,
        lambda data: services.build_template(request.user, board=board, **data),
        success_message=lambda template: f"The questionnaire '{template.name}' has been made",
        redirect_to=lambda template: reverse("returns:template_detail", args=[template.pk]),
    ):
        return response
    context = {"form": form, "board": board, "heading": "Build a questionnaire"}
    return render(request, "returns/template_form.html", context)


@permission_required("returns.manage_requests")
def template_edit(request, pk):
    """A new version: requests already sent keep the version they were sent on."""
    template = get_object_or_404(templates_visible_to(request.user), pk=pk)
    version = services.latest_version(template)
    initial = {"questions": builder.write(structure(version.pk))} if version else {}
    form = VersionForm(request.POST or None, initial=initial)
    if response := submit(
        request,
        form,
        lambda data: services.build_version(request.user, template, **data),
        success_message=lambda made: f"Version {made.number} of '{template.name}' has been made",
        redirect_to=reverse("returns:template_detail", args=[template.pk]),
    ):
        return response
    context = {
        "form": form,
        "template": template,
        "heading": f"New version of {template.name}",
    }
    return render(request, "returns/template_form.html", context)


@permission_required("returns.manage_requests")
def findings_template_create(request):
    board = board_for_new_record(request)
    form = FindingsTemplateForm(request.POST or None)
    if response := submit(
        request,
        form,
        lambda data: services.findings_template(
            request.user,
            board=board,
            report_title=data["report_title"],
            findings=data["findings"].splitlines(),
        ),
        success_message=lambda template: f"The questionnaire '{template.name}' is ready to send",
        redirect_to=lambda template: reverse("returns:template_detail", args=[template.pk]),
    ):
        return response
    return render(request, "returns/findings_form.html", {"form": form, "board": board})


# --- A return -------------------------------------------------------------------------------


@require_safe
@login_required
def return_detail(request, pk):
    answered = _return_or_404(request, pk)
    require_permission(request, "returns.view_return", answered)
    sections = structure(answered.template_version_id)
    answers = answers_by_question(answered)
    moderated = moderated_by_question(answered)
    evidence = list(answered.evidence.select_related("question"))
    for section in sections:
        section.rows = [
            {
                "question": question,
                "answer": answers.get(question.pk),
                "moderated": moderated.get(question.pk),
                "moderated_label": question.score_label(moderated[question.pk].score)
                if question.pk in moderated
                else "",
                "evidence": [item for item in evidence if item.question_id == question.pk],
            }
            for question in section.questions.all()
        ]
    context = {
        "answered": answered,
        "sections": sections,
        "general_evidence": [item for item in evidence if item.question_id is None],
        "events": list(answered.challenge_events.all()),
        "user_may": {
            name: request.user.has_perm(f"returns.{name}", answered)
            for name in (
                "answer_return",
                "invite_colleague",
                "sign_off_return",
                "reopen_return",
                "moderate_return",
                "raise_actions",
            )
        },
    }
    return render(request, "returns/return_detail.html", context)


@login_required
def return_section(request, pk, section_pk):
    answered = _return_or_404(request, pk)
    require_permission(request, "returns.view_return", answered)
    section = next((s for s in structure(answered.template_version_id) if s.pk == section_pk), None)
    if section is None:
        raise Http404
    require_permission(request, "returns.answer_return", answered)
    questions = list(section.questions.all())
    form = SectionForm(
        request.POST or None, questions=questions, answers=answers_by_question(answered)
    )
    if response := submit(
        request,
        form,
        lambda data: services.save_answers(
            request.user, answered, form.answers(), confirm_no_names=data["confirm_no_names"]
        ),
        success_message=f"Your answers to '{section.title}' have been saved",
        redirect_to=_detail(answered) + f"#section-{section.pk}",
    ):
        return response
    context = {"answered": answered, "section": section, "form": form}
    return render(request, "returns/section_form.html", context)


@login_required
def evidence_add(request, pk):
    answered = _return_or_404(request, pk)
    require_permission(request, "returns.view_return", answered)
    require_permission(request, "returns.answer_return", answered)
    questions = [q for s in structure(answered.template_version_id) for q in s.questions.all()]
    form = EvidenceForm(request.POST or None, request.FILES or None, questions=questions)
    if response := submit(
        request,
        form,
        lambda data: services.add_evidence(
            request.user,
            answered,
            upload=data.get("file"),
            url=data.get("link") or "",
            description=data.get("description") or "",
            question_id=data.get("question"),
        ),
        success_message=lambda item: f"The evidence '{item}' has been added",
        redirect_to=_detail(answered),
        aliases=ALIASES,
    ):
        return response
    return render(request, "returns/evidence_form.html", {"answered": answered, "form": form})


@require_safe
@login_required
def evidence_download(request, pk):
    evidence = get_object_or_404(
        Evidence.objects.filter(evidence_for__in=returns_visible_to(request.user)),
        pk=pk,
        kind=Evidence.Kind.FILE,
    )
    try:
        handle = evidence.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = download_response(
        handle,
        evidence.original_name or f"evidence-{evidence.pk}",
        evidence.content_type or "application/octet-stream",
        log=(request.user, evidence.evidence_for, "return evidence downloaded"),
        verb="return evidence downloaded",
    )
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@require_safe
@login_required
def report_download(request, pk):
    """The report attached to the return's request (the diagnostic whose findings it answers)."""
    answered = _return_or_404(request, pk)
    require_permission(request, "returns.view_return", answered)
    sent = answered.request
    if not sent.report:
        raise Http404
    try:
        handle = sent.report.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return download_response(
        handle,
        sent.report_name or f"report-{sent.pk}",
        sent.report_type or "application/octet-stream",
        log=(request.user, sent, "request report downloaded"),
        verb="request report downloaded",
    )


@login_required
def invite(request, pk):
    answered = _return_or_404(request, pk)
    require_permission(request, "returns.view_return", answered)
    require_permission(request, "returns.invite_colleague", answered)
    form = InviteForm(request.POST or None, colleagues=colleagues_for(answered))
    if response := submit(
        request,
        form,
        lambda data: services.invite_colleague(request.user, answered, data["person"]),
        success_message=lambda _r: f"{form.cleaned_data['person']} can now help answer",
        redirect_to=_detail(answered),
    ):
        return response
    return render(request, "returns/invite_form.html", {"answered": answered, "form": form})


@login_required
def sign_off(request, pk):
    """Check your answers, then sign off: the return is then locked."""
    answered = _return_or_404(request, pk)
    require_permission(request, "returns.view_return", answered)
    require_permission(request, "returns.sign_off_return", answered)
    if request.method == "POST":
        return act(
            request,
            lambda: services.sign_off(request.user, answered),
            success_message="The return has been signed off and sent to the board",
            redirect_to=_detail(answered),
            refused_redirect_to=reverse("returns:sign_off", args=[answered.pk]),
        )
    context = {"answered": answered, "missing": services.missing_answers(answered)}
    return render(request, "returns/sign_off.html", context)


@login_required
def reopen(request, pk):
    answered = _return_or_404(request, pk)
    require_permission(request, "returns.view_return", answered)
    require_permission(request, "returns.reopen_return", answered)
    form = ReasonForm(request.POST or None)
    if response := submit(
        request,
        form,
        lambda data: services.reopen(request.user, answered, reason=data["reason"]),
        success_message="The return has been reopened: the agency can change it again",
        redirect_to=_detail(answered),
    ):
        return response
    return render(request, "returns/reopen_form.html", {"answered": answered, "form": form})


@login_required
def moderate(request, pk):
    answered = _return_or_404(request, pk)
    require_permission(request, "returns.view_return", answered)
    require_permission(request, "returns.moderate_return", answered)
    sections = structure(answered.template_version_id)
    questions = [q for s in sections for q in s.questions.all() if q.kind == Question.Kind.SCALE]
    for question in questions:
        question.section = next(s for s in sections if s.pk == question.section_id)
    moderated = moderated_by_question(answered)
    form = ModerateForm(request.POST or None, questions=questions, moderated=moderated)
    if response := submit(
        request,
        form,
        lambda data: services.moderate(
            request.user,
            answered,
            form.scores(),
            complete=data["complete"],
            confirm_no_names=data["confirm_no_names"],
        ),
        success_message="The moderated scores have been saved",
        redirect_to=_detail(answered),
    ):
        return response
    answers = answers_by_question(answered)
    rows = [
        {
            "question": question,
            "answer": answers.get(question.pk),
            "score": form[f"q{question.pk}"],
            "reason": form[f"q{question.pk}_reason"],
        }
        for question in questions
    ]
    context = {
        "answered": answered,
        "form": form,
        "rows": rows,
        "evidence_form": AskEvidenceForm(),
        "challenge_form": ChallengeEventForm(),
    }
    return render(request, "returns/moderate.html", context)


def _moderation_form(request, pk, form_class, save, *, success, heading, button):
    """A moderator's one-form step on a return: ask for evidence, record a challenge event."""
    answered = _return_or_404(request, pk)
    require_permission(request, "returns.view_return", answered)
    require_permission(request, "returns.moderate_return", answered)
    form = form_class(request.POST or None)
    if response := submit(
        request,
        form,
        lambda data: save(answered, data),
        success_message=success,
        redirect_to=_detail(answered),
    ):
        return response
    context = {"answered": answered, "form": form, "heading": heading, "button": button}
    return render(request, "returns/simple_form.html", context)


@login_required
def ask_evidence(request, pk):
    return _moderation_form(
        request,
        pk,
        AskEvidenceForm,
        lambda answered, data: services.ask_for_evidence(
            request.user, answered, note=data["note"], deadline=data["deadline"]
        ),
        success="The agency has been asked for more evidence",
        heading="Ask for more evidence",
        button="Send to the agency",
    )


@login_required
def challenge(request, pk):
    return _moderation_form(
        request,
        pk,
        ChallengeEventForm,
        lambda answered, data: services.record_challenge(
            request.user, answered, held_on=data["held_on"], outcome=data["outcome"]
        ),
        success="The challenge event's outcome has been recorded",
        heading="Record a challenge event",
        button="Record the outcome",
    )


@login_required
@require_POST
def raise_actions(request, pk):
    answered = _return_or_404(request, pk)
    require_permission(request, "returns.view_return", answered)
    require_permission(request, "returns.raise_actions", answered)
    return act(
        request,
        lambda: services.raise_actions(request.user, answered),
        success_message=lambda made: f"{made} actions added to the agency's action plan",
        redirect_to=_detail(answered),
    )


# --- Compliance -----------------------------------------------------------------------------


def _boards(user) -> set[int]:
    if user.is_superuser:
        from safeguarding.organisations.models import Board

        return set(Board.objects.values_list("pk", flat=True))
    return bu_board_ids(user)


@require_safe
@permission_required("returns.manage_requests")
def agency_scores(request, pk):
    """One agency over its cycles: scores by standard, self-assessed beside moderated."""
    agency = get_object_or_404(Agency, pk=pk)
    returns, scores = compliance.agency_cycles(agency.pk, _boards(request.user))
    standards = []
    for answered in returns:
        for section in structure(answered.template_version_id):
            if section.title not in standards:
                standards.append(section.title)
    series = []
    table = []
    for answered in returns:
        label = f"{answered.request.title} ({answered.request.sent_on.year})"
        own = [scores.get((answered.pk, title), {}).get("self") for title in standards]
        mod = [scores.get((answered.pk, title), {}).get("moderated") for title in standards]
        series.append(Series(f"{label}: self-assessed", own))
        series.append(Series(f"{label}: moderated", mod))
        table.append({"return": answered, "label": label, "self": own, "moderated": mod})
    chart = None
    if standards and any(v is not None for s in series for v in s.values):
        chart = bar_chart(
            f"{agency.name}: scores by standard",
            standards,
            series[-8:],
            category_label="Standard",
            value_label="Mean score",
        )
    fmt = request.GET.get("download")
    if fmt in FORMATS:
        rows = [
            [row["label"], standard, row["self"][i], row["moderated"][i]]
            for row in table
            for i, standard in enumerate(standards)
        ]
        return export_response(
            fmt,
            f"scores-{agency.slug}",
            ["Cycle", "Standard", "Self-assessed", "Moderated"],
            rows,
        )
    by_standard = [
        {
            "standard": standard,
            "cells": [(row["self"][i], row["moderated"][i]) for row in table],
        }
        for i, standard in enumerate(standards)
    ]
    context = {"agency": agency, "chart": chart, "by_standard": by_standard, "table": table}
    return render(request, "returns/agency_scores.html", context)


@require_safe
@login_required
def triangulation(request, pk):
    """Per agency and standard: self-assessed, moderated and case-audit grades, flagged
    where they disagree."""
    sent = _request_or_404(request, pk)
    require_permission(request, "returns.view_request", sent)
    agency_id = request.GET.get("agency")
    agency_id = int(agency_id) if agency_id and agency_id.isdigit() else None
    flagged_only = request.GET.get("flagged") == "yes"
    fmt = request.GET.get("download")
    if fmt in FORMATS:
        rows = compliance.triangulation(sent, agency_id=agency_id)
        if flagged_only:
            rows = [row for row in rows if row.flagged]
        return export_response(
            fmt,
            f"triangulation-{sent.pk}",
            [
                "Agency",
                "Standard",
                "Self-assessed",
                "Moderated",
                "Case audits",
                "Audits",
                "Disagreement",
            ],
            [
                [
                    r.agency,
                    r.theme,
                    r.self_assessed,
                    r.moderated,
                    r.audit,
                    r.audits,
                    "; ".join(r.disagreements),
                ]
                for r in rows
            ],
        )
    # A page of agencies at a time: each has a row per standard, and a county's 150 agencies
    # would make a page of 1,200 rows. The downloads above keep every row.
    page = Paginator(
        compliance.triangulation_returns(sent, agency_id=agency_id), TRIANGULATION_AGENCIES
    ).get_page(request.GET.get("page"))
    rows = compliance.triangulation(sent, returns=page.object_list)
    if flagged_only:
        rows = [row for row in rows if row.flagged]
    query = request.GET.copy()

    def page_link(number: int) -> str:
        query["page"] = number
        return f"?{query.urlencode()}"

    agencies = sent.returns.select_related("agency").order_by("agency__name")
    context = {
        "sent": sent,
        "rows": rows,
        "page": page,
        **page_navigation(page, page_link),
        "agencies": [answered.agency for answered in agencies],
        "agency_id": agency_id,
        "flagged_only": flagged_only,
        "restructuring": compliance.restructuring_beside_findings(sent)
        if sent.version.template.kind == Template.Kind.RESTRUCTURING
        else None,
    }
    return render(request, "returns/triangulation.html", context)
