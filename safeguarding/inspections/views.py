"""Inspection pages. Thin: selectors read, services write, rules decide."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from safeguarding.core.audit import record_view
from safeguarding.core.charts import Series, stacked_bar_chart
from safeguarding.core.decorators import permission_required, require_permission
from safeguarding.core.exports import FORMATS, download_response, export_response
from safeguarding.core.form_views import act, submit
from safeguarding.core.formatting import hub_date
from safeguarding.core.fragments import cached_fragment
from safeguarding.core.permissions import led_agency_ids
from safeguarding.organisations.models import Agency
from safeguarding.organisations.selectors import board_for_new_record

from . import services
from .forms import (
    AssignForm,
    AuditForm,
    CancelForm,
    CaseForm,
    EngagementForm,
    FindingForm,
    GenerateForm,
    InspectionForm,
    ModerateForm,
    MoveForm,
    PublishForm,
    SampleForm,
    TeamForm,
    TemplateForm,
)
from .models import AuditTemplate, CaseAudit, CaseRecord, Finding, Inspection, TeamMember
from .pdf import report_pdf_bytes
from .rules import manages_inspection
from .selectors import (
    GRADES,
    agencies_serving,
    audit_rows,
    audit_views,
    grade_distributions,
    inspection_rows,
    inspections_visible_to,
    missing_sectors,
    team_of,
)
from .selectors import trends as trend_figures


def _inspection_or_404(request, pk) -> Inspection:
    return get_object_or_404(inspection_rows(request.user), pk=pk)


def _detail_url(inspection) -> str:
    return reverse("inspections:inspection_detail", args=[inspection.pk])


def _form_page(request, form, *, title, button, inspection=None, caption=None, back=None, intro=""):
    """inspections/form.html: a form about one inspection (captioned with it, and back to its
    page unless `back` names another)."""
    if caption is None and inspection is not None:
        caption = str(inspection)
    context = {"form": form, "title": title, "button": button, "caption": caption}
    context.update(inspection=inspection, back=back, intro=intro)
    return render(request, "inspections/form.html", context)


# --- The programme --------------------------------------------------------------------------


def _visible_ids(user, today, **filters) -> tuple[int, ...]:
    """The inspections `user` may see, in programme order: everyone who sees the same ones
    sees the same programme and trends (the cached fragments' audience)."""
    rows = inspections_visible_to(user, today).filter(**filters)
    return tuple(rows.order_by("fieldwork_start", "pk").values_list("pk", flat=True))


def _in_order(ids) -> list[Inspection]:
    rows = Inspection.objects.filter(pk__in=ids).select_related("board", "locality", "template")
    return list(rows.order_by("fieldwork_start", "pk"))


def _programme_table(ids, today) -> str:
    inspections = _in_order(ids)
    for inspection in inspections:
        inspection.phase_label = inspection.phase(today)
    return render_to_string("inspections/_programme_table.html", {"inspections": inspections})


@permission_required("inspections.view_inspections")
def programme(request):
    # The table is the same for everyone who sees the same inspections on the same day (the
    # stage moves with the date): rendered once per change to the inspections (core.fragments).
    today = timezone.localdate()
    ids = _visible_ids(request.user, today)
    table = cached_fragment(
        "inspections", ("programme", today, ids), lambda: _programme_table(ids, today)
    )
    return render(
        request,
        "inspections/programme.html",
        {"table": table, "may_manage": request.user.has_perm("inspections.manage_programme")},
    )


@permission_required("inspections.manage_programme")
def programme_generate(request):
    board = board_for_new_record(request)
    form = GenerateForm(request.POST or None)
    if response := submit(
        request,
        form,
        lambda data: services.generate_programme(request.user, board=board, **data),
        success_message=lambda created: (
            f"{len(created)} inspections have been added to the programme"
        ),
        redirect_to="inspections:programme",
    ):
        return response
    return _form_page(
        request,
        form,
        title="Generate a year's programme",
        button="Generate programme",
        caption=board.name,
        back="inspections:programme",
        intro=(
            "Three inspections, visiting the locality boards' areas in turn. You can move "
            "the proposed dates afterwards."
        ),
    )


@permission_required("inspections.manage_programme")
def inspection_create(request):
    board = board_for_new_record(request)
    form = InspectionForm(request.POST or None)
    if response := submit(
        request,
        form,
        lambda data: services.schedule_inspection(request.user, board=board, **data),
        success_message="The inspection has been added to the programme",
        redirect_to=lambda inspection: reverse(
            "inspections:inspection_detail", args=[inspection.pk]
        ),
        once=True,
    ):
        return response
    return _form_page(
        request,
        form,
        title="Add an inspection",
        button="Add inspection",
        caption=board.name,
        back="inspections:programme",
    )


# --- One inspection -------------------------------------------------------------------------


@login_required
def inspection_detail(request, pk):
    inspection = _inspection_or_404(request, pk)
    user = request.user
    is_manager = manages_inspection(user, inspection)
    case_detail = user.has_perm("inspections.view_case_detail", inspection)
    context = {
        "inspection": inspection,
        "phase": inspection.phase(),
        "is_manager": is_manager,
        "case_detail": case_detail,
        "may_submit": user.has_perm("inspections.submit_cases", inspection),
        "may_find": user.has_perm("inspections.add_finding", inspection),
        "may_report": user.has_perm("inspections.view_report", inspection),
        "case_count": inspection.cases.count(),
        "sample_label": (
            f"{inspection.sample_size} cases drawn on {hub_date(inspection.sampled_at)}"
            # The seed draws the same sample again: of use to whoever runs the inspection.
            + (f" (seed {inspection.sample_seed})" if is_manager else "")
            if inspection.sampled_at
            else ""
        ),
    }
    if case_detail:
        team = team_of(inspection)
        context.update(
            team=team,
            missing_sectors=missing_sectors(inspection, team),
            audits=list(audit_rows(user).filter(inspection=inspection)),
            engagements=list(
                inspection.engagements.select_related("agency").prefetch_related("themes")
            ),
            findings=list(inspection.findings.select_related("agency", "theme", "action")),
        )
    if is_manager:
        context.update(
            cases=list(inspection.cases.prefetch_related("records__agency")),
            notices=list(inspection.notices.select_related("agency")),
            serving=list(agencies_serving(inspection)),
            views=audit_views(inspection),
        )
    elif context["may_submit"]:
        context["own_records"] = list(
            CaseRecord.objects.filter(
                inspection=inspection, agency_id__in=led_agency_ids(user)
            ).select_related("case", "agency")
        )
    return render(request, "inspections/inspection_detail.html", context)


@login_required
def inspection_edit(request, pk):
    inspection = _inspection_or_404(request, pk)
    require_permission(request, "inspections.change_inspection", inspection)
    form = MoveForm(
        request.POST or None,
        initial={
            "fieldwork_start": inspection.fieldwork_start,
            "fieldwork_end": inspection.fieldwork_end,
            "criteria": inspection.criteria,
            "version": inspection.version,
        },
    )
    if response := submit(
        request,
        form,
        lambda data: services.move_inspection(request.user, inspection, **data),
        success_message="The inspection has been updated",
        redirect_to=_detail_url(inspection),
    ):
        return response
    return _form_page(
        request,
        form,
        title="Move the dates or change the criteria",
        button="Save",
        inspection=inspection,
        intro="Fieldwork starts and ends on working days (not a weekend or a bank holiday). "
        "Agencies get their notice 14 days before fieldwork starts, or the working day before.",
    )


@login_required
def inspection_cancel(request, pk):
    inspection = _inspection_or_404(request, pk)
    require_permission(request, "inspections.change_inspection", inspection)
    form = CancelForm(request.POST or None)
    if response := submit(
        request,
        form,
        lambda data: services.cancel_inspection(request.user, inspection, **data),
        success_message="The inspection has been cancelled",
        redirect_to="inspections:programme",
    ):
        return response
    return _form_page(
        request,
        form,
        title="Cancel the inspection",
        button="Cancel inspection",
        inspection=inspection,
        intro=(
            "Agencies that have been given notice are not told automatically: let them "
            "know. A cancelled inspection does not count towards the round."
        ),
    )


@login_required
def team_add(request, pk):
    inspection = _inspection_or_404(request, pk)
    require_permission(request, "inspections.change_inspection", inspection)
    form = TeamForm(request.POST or None)
    if response := submit(
        request,
        form,
        lambda data: services.add_team_member(request.user, inspection, **data),
        success_message=lambda _: f"{form.cleaned_data['person']} has joined the review team",
        redirect_to=_detail_url(inspection),
    ):
        return response
    return _form_page(
        request,
        form,
        title="Add a reviewer to the team",
        button="Add reviewer",
        inspection=inspection,
        intro=(
            "Reviewers are managers seconded from partner agencies. They never audit "
            "their own agency's records."
        ),
    )


@login_required
@require_POST
def team_remove(request, pk, member_pk):
    inspection = _inspection_or_404(request, pk)
    require_permission(request, "inspections.change_inspection", inspection)
    member = get_object_or_404(TeamMember, pk=member_pk, inspection=inspection)
    return act(
        request,
        lambda: services.remove_team_member(request.user, member),
        success_message=f"{member.person} has left the review team",
        redirect_to=_detail_url(inspection),
    )


@login_required
def case_submit(request, pk):
    inspection = _inspection_or_404(request, pk)
    require_permission(request, "inspections.submit_cases", inspection)
    if manages_inspection(request.user, inspection):
        agencies = agencies_serving(inspection)
    else:
        agencies = Agency.objects.filter(pk__in=sorted(led_agency_ids(request.user)))
    form = CaseForm(request.POST or None, agencies=agencies)
    if response := submit(
        request,
        form,
        lambda data: services.submit_case(request.user, inspection, **data)[0],
        success_message=lambda case: f"The case has been submitted as {case.reference}",
        redirect_to=_detail_url(inspection),
        once=True,
    ):
        return response
    return _form_page(
        request,
        form,
        title="Submit a case",
        button="Submit case",
        inspection=inspection,
        intro=(
            f"Cases that match the criteria: {inspection.criteria or 'see the notice'}. "
            "The hub gives each child a reference; it never holds the child's name."
        ),
    )


@login_required
def sample_draw(request, pk):
    inspection = _inspection_or_404(request, pk)
    require_permission(request, "inspections.change_inspection", inspection)
    form = SampleForm(request.POST or None)

    def drawn(chosen):
        inspection.refresh_from_db()  # the service drew with its own copy: the seed is there
        return f"{len(chosen)} cases have been sampled (seed {inspection.sample_seed})"

    if response := submit(
        request,
        form,
        lambda data: services.draw_sample(request.user, inspection, **data),
        success_message=drawn,
        redirect_to=_detail_url(inspection),
    ):
        return response
    return _form_page(
        request,
        form,
        title="Draw the case sample",
        button="Draw sample",
        inspection=inspection,
        intro=(
            f"{inspection.cases.count()} cases have been submitted. The seed is "
            "recorded so the same sample can be drawn again."
        ),
    )


@login_required
def audit_assign(request, pk):
    inspection = _inspection_or_404(request, pk)
    require_permission(request, "inspections.change_inspection", inspection)
    if request.method == "POST" and "automatic" in request.POST:
        return act(
            request,
            lambda: services.assign_audits(request.user, inspection),
            success_message=lambda count: f"{count} case audits have been assigned",
            redirect_to=_detail_url(inspection),
        )
    form = AssignForm(request.POST or None, inspection=inspection)
    if response := submit(
        request,
        form,
        lambda data: services.assign_audit(request.user, data["record"], reviewer=data["reviewer"]),
        success_message="The case audit has been assigned",
        redirect_to=_detail_url(inspection),
    ):
        return response
    return _form_page(
        request,
        form,
        title="Assign a case audit",
        button="Assign",
        inspection=inspection,
        intro="A reviewer never audits their own agency's records.",
    )


@login_required
def engagement_create(request, pk):
    inspection = _inspection_or_404(request, pk)
    require_permission(request, "inspections.record_engagement", inspection)
    form = EngagementForm(
        request.POST or None, inspection=inspection, agencies=agencies_serving(inspection)
    )
    if response := submit(
        request,
        form,
        lambda data: services.record_engagement(request.user, inspection, **data),
        success_message="The record has been saved",
        redirect_to=_detail_url(inspection),
        once=True,
    ):
        return response
    return _form_page(
        request,
        form,
        title="Record an interview or work shadowing",
        button="Save record",
        inspection=inspection,
    )


@login_required
def finding_create(request, pk):
    inspection = _inspection_or_404(request, pk)
    require_permission(request, "inspections.add_finding", inspection)
    form = FindingForm(
        request.POST or None, inspection=inspection, agencies=agencies_serving(inspection)
    )
    if response := submit(
        request,
        form,
        lambda data: services.add_finding(request.user, inspection, **data),
        success_message="The finding has been added",
        redirect_to=_detail_url(inspection),
        once=True,
    ):
        return response
    return _form_page(
        request, form, title="Add a finding", button="Add finding", inspection=inspection
    )


@login_required
@require_POST
def finding_remove(request, pk, finding_pk):
    inspection = _inspection_or_404(request, pk)
    require_permission(request, "inspections.add_finding", inspection)
    finding = get_object_or_404(Finding, pk=finding_pk, inspection=inspection)
    return act(
        request,
        lambda: services.remove_finding(request.user, finding),
        success_message="The finding has been removed",
        redirect_to=_detail_url(inspection),
    )


@login_required
def publish(request, pk):
    inspection = _inspection_or_404(request, pk)
    require_permission(request, "inspections.change_inspection", inspection)
    form = PublishForm(request.POST or None, initial={"summary": inspection.summary})
    if response := submit(
        request,
        form,
        lambda data: services.publish_report(request.user, inspection, **data),
        success_message=lambda plan: (
            f"The report has been published and its action plan '{plan.title}' created"
        ),
        redirect_to=reverse("inspections:report", args=[inspection.pk]),
    ):
        return response
    improvements = inspection.findings.filter(kind=Finding.Kind.IMPROVEMENT).count()
    return _form_page(
        request,
        form,
        title="Publish the report",
        button="Publish report",
        inspection=inspection,
        intro=(
            f"Publishing shares the report with the board and turns the {improvements} "
            f"area{'s' if improvements != 1 else ''} for improvement into actions in an "
            f"action plan monitored by the {inspection.locality.name} locality board."
        ),
    )


# --- Report and trends ---------------------------------------------------------------------


GRADE_COLOURS = ("blue", "green", "brown", "red")  # outstanding .. inadequate


def _grade_chart(rows: list[dict], title: str, first: str):
    """rows: {"label", "counts": [one count per grade, best first]}, as the selectors give
    them. The page shows its chart, its table or both."""
    return stacked_bar_chart(
        title,
        [row["label"] for row in rows],
        [
            Series(grade.label, [row["counts"][index] for row in rows], colour)
            for index, (grade, colour) in enumerate(zip(GRADES, GRADE_COLOURS, strict=True))
        ],
        category_label=first,
        value_label="Number of grades",
        total_label="All",
        empty="No grades recorded yet.",
        width=900,
    )


@login_required
def report(request, pk):
    inspection = _inspection_or_404(request, pk)
    require_permission(request, "inspections.view_report", inspection)
    # The report is the same for everyone who may read it; until it is published only those
    # who see the case detail may, so they have a copy of their own (core.fragments).
    audience = (
        "case detail"
        if request.user.has_perm("inspections.view_case_detail", inspection)
        else "published"
    )
    body = cached_fragment(
        "inspections",
        ("report", inspection.pk, audience, bool(inspection.published_at)),
        lambda: _report_body(inspection),
    )
    return render(request, "inspections/report.html", {"inspection": inspection, "body": body})


def _report_body(inspection) -> str:
    figures = grade_distributions(inspection)
    findings = list(inspection.findings.select_related("agency", "theme", "action"))
    return render_to_string(
        "inspections/_report_body.html",
        {
            "inspection": inspection,
            "figures": figures,
            "theme_chart": _grade_chart(
                figures["by_theme"], "Number of theme grades by theme", "Theme"
            ),
            "agency_chart": _grade_chart(
                figures["by_agency"], "Number of case grades by agency", "Agency"
            ),
            "good_practice": [f for f in findings if f.kind == Finding.Kind.GOOD_PRACTICE],
            "improvements": [f for f in findings if f.kind == Finding.Kind.IMPROVEMENT],
            "engagement_count": inspection.engagements.count(),
        },
    )


@login_required
def report_pdf(request, pk):
    inspection = _inspection_or_404(request, pk)
    require_permission(request, "inspections.view_report", inspection)
    figures = grade_distributions(inspection)
    findings = list(inspection.findings.select_related("agency"))
    return download_response(
        report_pdf_bytes(inspection, figures, findings),
        f"{inspection.code}-report.pdf",
        "application/pdf",
    )


def _trends_body(ids) -> str:
    inspections = _in_order(ids)
    figures = trend_figures(inspections)
    return render_to_string(
        "inspections/_trends_body.html",
        {
            "inspections": inspections,
            "figures": figures,
            "locality_chart": _grade_chart(
                figures["by_locality"],
                "Number of case grades by locality and inspection",
                "Inspection",
            ),
            "agency_grades": _grade_chart(
                figures["by_agency"], "Number of case grades by agency, all inspections", "Agency"
            ),
            "theme_grades": _grade_chart(
                figures["by_theme"], "Number of theme grades by theme and year", "Theme"
            ),
        },
    )


@permission_required("inspections.view_inspections")
def trends(request):
    # The same for everyone who sees the same published inspections (core.fragments).
    ids = _visible_ids(request.user, timezone.localdate(), published_at__isnull=False)
    body = cached_fragment("inspections", ("trends", ids), lambda: _trends_body(ids))
    return render(request, "inspections/trends.html", {"body": body})


# --- Case audits ---------------------------------------------------------------------------


def _audit_or_404(request, pk) -> CaseAudit:
    return get_object_or_404(
        audit_rows(request.user).select_related("inspection__template", "inspection__board"),
        pk=pk,
    )


@login_required
def audit_detail(request, pk):
    audit = _audit_or_404(request, pk)
    user = request.user
    may_change = user.has_perm("inspections.change_audit", audit)
    form = AuditForm(request.POST or None, audit=audit) if may_change else None
    if request.method == "POST" and not may_change:
        raise PermissionDenied
    sending = "submit" in request.POST  # the button that sends it for moderation
    saved = "The audit has been submitted for moderation" if sending else "The audit has been saved"
    if form is not None and (
        response := submit(
            request,
            form,
            lambda _: services.save_audit(user, audit, submit=sending, **form.service_data()),
            success_message=saved,
            redirect_to=reverse("inspections:audit_detail", args=[audit.pk]),
        )
    ):
        return response
    record_view(user, audit, "case audit opened", verb="case audit viewed")
    return render(
        request,
        "inspections/audit_detail.html",
        {
            "audit": audit,
            "inspection": audit.inspection,
            "form": form,
            "answers": list(audit.answers.select_related("question", "question__theme")),
            "theme_grades": list(audit.theme_grades.select_related("theme")),
            "may_moderate": user.has_perm("inspections.moderate_audit", audit),
        },
        status=400 if request.method == "POST" else 200,  # a POST still here was refused
    )


@login_required
def audit_moderate(request, pk):
    audit = _audit_or_404(request, pk)
    require_permission(request, "inspections.moderate_audit", audit)
    form = ModerateForm(request.POST or None, audit=audit)
    if response := submit(
        request,
        form,
        lambda data: services.moderate_audit(
            request.user,
            audit,
            final_grade=data["final_grade"],
            theme_finals=form.theme_finals(),
            note=data["note"],
            confirm_no_names=data["confirm_no_names"],
        ),
        success_message="The agreed grades have been recorded",
        redirect_to=reverse("inspections:inspection_detail", args=[audit.inspection_id]),
    ):
        return response
    record_view(request.user, audit, "case audit moderated", verb="case audit viewed")
    return _form_page(
        request,
        form,
        title=f"Moderate {audit.record.case.reference}",
        button="Agree grades",
        inspection=audit.inspection,
        caption=f"{audit.agency.name}, audited by {audit.reviewer}",
        intro=(
            f"The reviewer graded the case {audit.get_grade_display().lower()}: "
            f"{audit.grade_reason}"
        ),
    )


# --- Audit templates -----------------------------------------------------------------------


@permission_required("inspections.manage_programme")
def template_list(request):
    services.default_template()
    templates = list(AuditTemplate.objects.prefetch_related("themes__questions"))
    return render(request, "inspections/template_list.html", {"templates": templates})


@permission_required("inspections.manage_programme")
def template_edit(request, pk):
    template = get_object_or_404(AuditTemplate, pk=pk)
    form = TemplateForm(request.POST or None, initial={"text": services.template_as_text(template)})
    if response := submit(
        request,
        form,
        lambda data: services.save_template(request.user, template, text=data["text"]),
        success_message=lambda new: f"Version {new.version} of the template has been saved",
        redirect_to="inspections:template_list",
    ):
        return response
    return _form_page(
        request,
        form,
        title=f"Edit {template}",
        button="Save as a new version",
        caption="Audit templates",
        back="inspections:template_list",
        intro=(
            "Saving makes a new version for future inspections; inspections already "
            "planned keep the version they use."
        ),
    )


def _trend_rows(figures):
    for section, key in (
        ("Case grades by inspection", "by_locality"),
        ("Case grades by agency", "by_agency"),
        ("Theme grades by year", "by_theme"),
    ):
        for row in figures[key]:
            yield [section, row["label"], *row["counts"], row["total"]]


@permission_required("inspections.view_inspections")
def trends_export(request, fmt):
    if fmt not in FORMATS:
        raise Http404
    inspections = list(
        inspection_rows(request.user)
        .filter(published_at__isnull=False)
        .order_by("fieldwork_start", "pk")
    )
    headers = ["Table", "Row", *[grade.label for grade in GRADES], "All"]
    return export_response(
        fmt, "inspection-trends", headers, _trend_rows(trend_figures(inspections))
    )
