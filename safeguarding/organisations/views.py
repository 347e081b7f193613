"""Directory pages: boards, locality boards, agencies and people; their forms and the import."""

from __future__ import annotations

import uuid
from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from safeguarding.core.concurrency import (
    SENT_TWICE,
    create_once,
    repeated_submission,
    submit_once,
)
from safeguarding.core.decorators import permission_required
from safeguarding.core.exports import export_response
from safeguarding.core.forms import add_validation_errors
from safeguarding.core.listing import Column, ListPage
from safeguarding.core.models import AuditEvent

from . import imports, services
from .filters import AgencyFilter, PersonFilter
from .forms import AgencyForm, ImportForm, PersonForm, RoleForm
from .imports import DirectoryImport, template_response
from .models import Role, RoleAssignment
from .selectors import (
    SESSION_BOARD_KEY,
    boards_for_person,
    boards_with_areas,
    directory_agencies,
    directory_people,
    localities_with_members,
)

VIEW = "organisations.view_directory"
MANAGE = "organisations.manage_directory"
IMPORT = "organisations.import_directory"
IMPORT_SESSION_KEY = "directory_import"


# --- Boards and localities ------------------------------------------------------------------


@permission_required(VIEW)
def board_list(request):
    return render(request, "organisations/board_list.html", {"boards": boards_with_areas()})


@permission_required(VIEW)
def locality_list(request):
    localities = []
    for locality in localities_with_members():
        assignments = list(locality.role_assignments.all())
        localities.append(
            {
                "area": locality,
                "districts": list(locality.districts.all()),
                "chairs": [a.person for a in assignments if a.role == Role.CPB_CHAIR],
                "members": [a.person for a in assignments if a.role == Role.CPB_MEMBER],
            }
        )
    return render(request, "organisations/locality_list.html", {"localities": localities})


# --- Agencies -------------------------------------------------------------------------------

AGENCY_COLUMNS = [
    Column("Agency", "name"),
    Column("Sector", "sector"),
    Column("Contribution status", "status", ("contribution_status",)),
    Column("Boards"),
    Column("Active people", "people", ("people_count",), numeric=True),
]
# The import's columns first, under its headings, so a download can be imported again.
AGENCY_EXPORT_HEADERS = [
    *imports.AGENCY_COLUMNS,
    *imports.EXPORT_ONLY["agencies"],
]


def _agency_export_rows(agencies):
    for agency in agencies.iterator(chunk_size=1000):
        yield [
            agency.name,
            agency.get_sector_display(),
            agency.get_contribution_status_display(),
            "; ".join(d.domain for d in agency.email_domains.all()),
            "; ".join(b.short_name for b in agency.boards.all()),
            "; ".join(d.name for d in agency.districts.all()),
            agency.people_count,
        ]


@permission_required(VIEW)
def agency_list(request):
    listing = ListPage(
        request,
        directory_agencies(request.user),
        filterset_class=AgencyFilter,
        columns=AGENCY_COLUMNS,
        default_sort="name",
    )
    if listing.download_format:
        return export_response(
            listing.download_format,
            "agencies",
            AGENCY_EXPORT_HEADERS,
            _agency_export_rows(listing.rows().prefetch_related("districts", "email_domains")),
        )
    context = listing.context()
    context["may_manage"] = request.user.has_perm(MANAGE)
    return render(request, "organisations/agency_list.html", context)


@permission_required(VIEW)
def agency_detail(request, slug):
    agency = get_object_or_404(directory_agencies(request.user, with_details=True), slug=slug)
    people = directory_people(request.user).filter(agency=agency).order_by("full_name", "pk")
    page = Paginator(people, 50).get_page(request.GET.get("page"))
    leads = [
        assignment.person
        for assignment in RoleAssignment.objects.filter(role=Role.AGENCY_LEAD, agency=agency)
        .select_related("person")
        .order_by("person__full_name")
    ]
    page_links = []
    if page.paginator.num_pages > 1:
        for number in page.paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1):
            if number == Paginator.ELLIPSIS:
                page_links.append({"ellipsis": True})
            else:
                page_links.append(
                    {"number": number, "href": f"?page={number}", "current": number == page.number}
                )
    return render(
        request,
        "organisations/agency_detail.html",
        {
            "agency": agency,
            "page": page,
            "leads": leads,
            "page_links": page_links,
            "previous_href": f"?page={page.previous_page_number()}"
            if page.has_previous()
            else None,
            "next_href": f"?page={page.next_page_number()}" if page.has_next() else None,
            "may_manage": request.user.has_perm(MANAGE),
        },
    )


@permission_required(MANAGE)
def agency_create(request):
    if (repeat := repeated_submission(request)) is not None:
        return repeat
    form = AgencyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            return create_once(
                request,
                form,
                lambda: services.create_agency(request.user, **form.cleaned_data),
                lambda agency: reverse("organisations:agency_detail", args=[agency.slug]),
                lambda agency: f"{agency.name} has been added",
            )
        except ValidationError as error:
            add_validation_errors(form, error)
    return render(request, "organisations/agency_form.html", {"form": form, "agency": None})


@permission_required(MANAGE)
def agency_edit(request, slug):
    agency = get_object_or_404(directory_agencies(request.user), slug=slug)
    form = AgencyForm(request.POST or None, agency=agency)
    if request.method == "POST" and form.is_valid():
        try:
            agency = services.update_agency(request.user, agency, **form.cleaned_data)
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, f"{agency.name} has been updated")
            return redirect("organisations:agency_detail", slug=agency.slug)
    return render(request, "organisations/agency_form.html", {"form": form, "agency": agency})


# --- People ---------------------------------------------------------------------------------

PERSON_COLUMNS = [
    Column("Name", "name", ("full_name",)),
    Column("Job title", "job_title"),
    Column("Agency", "agency", ("agency__name",)),
    Column("Roles"),
    Column("Work e-mail", "email"),
]
PERSON_EXPORT_HEADERS = [
    *imports.PEOPLE_COLUMNS,
    *imports.EXPORT_ONLY["people"],
]


def _role_text(assignment) -> str:
    """A role as the import reads it: "Agency lead: Lancashire Constabulary"."""
    scope = assignment.board or assignment.area or assignment.agency
    label = assignment.get_role_display()
    return f"{label}: {scope}" if scope else label


def _person_export_rows(people):
    for person in people.iterator(chunk_size=1000):
        yield [
            person.full_name,
            person.email,
            person.job_title,
            person.agency.name if person.agency else "",
            person.line_manager.email if person.line_manager else "",
            "; ".join(_role_text(role) for role in person.roles.all()),
            "Yes" if person.is_active else "No",
        ]


@permission_required(VIEW)
def person_list(request):
    listing = ListPage(
        request,
        directory_people(request.user),
        filterset_class=PersonFilter,
        columns=PERSON_COLUMNS,
        default_sort="name",
    )
    if listing.download_format:
        return export_response(
            listing.download_format,
            "people",
            PERSON_EXPORT_HEADERS,
            _person_export_rows(listing.rows()),
        )
    context = listing.context()
    context["may_manage"] = request.user.has_perm(MANAGE)
    return render(request, "organisations/person_list.html", context)


def _visible_person(request, pk):
    """404, not 403, for people outside the viewer's scope: their existence stays hidden."""
    return get_object_or_404(directory_people(request.user), pk=pk)


@permission_required(VIEW)
def person_detail(request, pk):
    person = _visible_person(request, pk)
    user = request.user
    may_manage = user.has_perm(MANAGE) and (
        not services.is_administrator_account(person)
        or user.has_perm("organisations.assign_administrator")
    )
    reports = list(directory_people(user).filter(line_manager=person).order_by("full_name")[:100])
    history = []
    if user.has_perm("organisations.view_person_history"):
        history = list(
            AuditEvent.objects.filter(target_type="organisations.person", target_id=str(person.pk))[
                :20
            ]
        )
    roles = list(person.roles.all())
    may_change = may_manage and services.may_change_person(user, person)
    for role in roles:
        role.may_remove = may_manage and user.has_perm(services.REMOVE_ROLE, role)
    manager_visible = (
        person.line_manager_id is not None
        and directory_people(user).filter(pk=person.line_manager_id).exists()
    )
    return render(
        request,
        "organisations/person_detail.html",
        {
            "person": person,
            "roles": roles,
            "reports": reports,
            "history": history,
            "may_manage": may_manage,
            "manager_visible": manager_visible,
            # Nobody gives themselves a role, so their own page offers no form.
            "role_form": RoleForm(acting_user=user) if may_manage and person != user else None,
            "may_change": may_change,
            "edit_href": reverse("organisations:person_edit", args=[person.pk])
            if may_change
            else "",
        },
    )


@permission_required(MANAGE)
def person_create(request):
    if (repeat := repeated_submission(request)) is not None:
        return repeat
    form = PersonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            return create_once(
                request,
                form,
                lambda: services.create_person(request.user, **form.service_fields()),
                lambda person: reverse("organisations:person_detail", args=[person.pk]),
                lambda person: f"{person.full_name} has been added to the directory",
            )
        except ValidationError as error:
            add_validation_errors(form, error, PersonForm.SERVICE_ALIASES)
    return render(request, "organisations/person_form.html", {"form": form, "person": None})


@permission_required(MANAGE)
def person_edit(request, pk):
    person = _visible_person(request, pk)
    form = PersonForm(request.POST or None, person=person)
    if request.method == "POST" and form.is_valid():
        try:
            person = services.update_person(request.user, person, **form.service_fields())
        except ValidationError as error:
            add_validation_errors(form, error, PersonForm.SERVICE_ALIASES)
        else:
            messages.success(request, f"{person.full_name}'s details have been updated")
            return redirect("organisations:person_detail", pk=person.pk)
    return render(request, "organisations/person_form.html", {"form": form, "person": person})


@permission_required(MANAGE)
def person_deactivate(request, pk):
    person = _visible_person(request, pk)
    if request.method == "POST":
        try:
            services.deactivate_person(request.user, person)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, f"{person.full_name} can no longer sign in")
        return redirect("organisations:person_detail", pk=person.pk)
    return render(request, "organisations/person_deactivate.html", {"person": person})


@permission_required(MANAGE)
@require_POST
def role_add(request, pk):
    person = _visible_person(request, pk)
    form = RoleForm(request.POST, acting_user=request.user)
    if form.is_valid():
        try:
            assignment = services.assign_role(request.user, person, **form.cleaned_data)
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, f"{person.full_name} is now {assignment}")
            return redirect("organisations:person_detail", pk=person.pk)
    return render(
        request, "organisations/role_form.html", {"form": form, "person": person}, status=400
    )


@permission_required(MANAGE)
@require_POST
def role_remove(request, pk, assignment_pk):
    person = _visible_person(request, pk)
    assignment = get_object_or_404(person.roles.select_related("person"), pk=assignment_pk)
    label = str(assignment)
    services.remove_role(request.user, assignment)
    messages.success(request, f"{person.full_name} is no longer {label}")
    return redirect("organisations:person_detail", pk=person.pk)


# --- Import ---------------------------------------------------------------------------------


def _stored_import(request):
    data = request.session.get(IMPORT_SESSION_KEY)
    if not data:
        return None, None
    token = str(data.get("token", ""))
    try:
        uuid.UUID(hex=token)
    except ValueError:
        return None, None
    name = f"imports/{token}.{'xlsx' if data.get('ext') == 'xlsx' else 'csv'}"
    if not default_storage.exists(name):
        return None, None
    return data, name


def _remove_abandoned_imports(max_age=timedelta(hours=12)) -> None:
    """Uploads checked but never confirmed or cancelled are removed after a while."""
    try:
        _, names = default_storage.listdir("imports")
    except FileNotFoundError:
        return
    cutoff = timezone.now() - max_age
    for name in names:
        path = f"imports/{name}"
        try:
            if default_storage.get_modified_time(path) < cutoff:
                default_storage.delete(path)
        except FileNotFoundError:
            continue


def _forget_import(request):
    data, name = _stored_import(request)
    if name:
        default_storage.delete(name)
    request.session.pop(IMPORT_SESSION_KEY, None)


@permission_required(IMPORT)
def directory_import(request):
    form = ImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        _forget_import(request)
        _remove_abandoned_imports()
        upload = form.cleaned_data["upload"]
        ext = "xlsx" if upload.name.lower().endswith(".xlsx") else "csv"
        name = default_storage.save(f"imports/{uuid.uuid4().hex}.{ext}", upload)
        kind = form.cleaned_data["kind"]
        importer = DirectoryImport(kind, lambda: default_storage.open(name, "rb"), name)
        report = importer.check(request.user)
        if report.ok:
            request.session[IMPORT_SESSION_KEY] = {
                "token": name.rsplit("/", 1)[-1].split(".")[0],
                "ext": ext,
                "kind": kind,
                "filename": upload.name[:200],
                "new": report.new,
                "updated": report.updated,
                "rows": report.rows,
                "notes": report.notes,
            }
            return redirect("organisations:import_confirm")
        default_storage.delete(name)
    return render(
        request, "organisations/import.html", {"form": form, "report": report}, status=200
    )


class _ImportRefused(Exception):
    """The rows no longer pass (the directory changed since the check): nothing is written."""

    def __init__(self, report):
        self.report = report


@permission_required(IMPORT)
def import_confirm(request):
    # The confirm form carries the upload's token: confirmed already, it shows that result.
    if (repeat := repeated_submission(request)) is not None:
        return repeat
    data, name = _stored_import(request)
    if data is None:
        messages.info(request, "Upload the file again: the upload has expired")
        return redirect("organisations:import")
    if request.method == "POST":
        if request.POST.get("action") == "cancel":
            _forget_import(request)
            messages.info(request, "Nothing was imported")
            return redirect("organisations:import")
        importer = DirectoryImport(data["kind"], lambda: default_storage.open(name, "rb"), name)

        def run_import():
            report = importer.apply(request.user, request.board)
            if not report.ok:
                raise _ImportRefused(report)
            return report

        target = (
            "organisations:agency_list"
            if data["kind"] == "agencies"
            else "organisations:person_list"
        )
        try:
            # Once per upload: a second confirm sent with the first waits for it, then is
            # shown its result.
            report, url = submit_once(
                request.user, data["token"], run_import, lambda _: reverse(target)
            )
        except _ImportRefused as refused:
            _forget_import(request)
            form = ImportForm(initial={"kind": data["kind"]})
            return render(
                request, "organisations/import.html", {"form": form, "report": refused.report}
            )
        _forget_import(request)
        if report is None:
            messages.info(request, SENT_TWICE)
        else:
            messages.success(
                request,
                f"Import complete: {report.new} {data['kind']} added, {report.updated} updated",
            )
        return redirect(url)
    return render(request, "organisations/import_confirm.html", {"upload": data})


@permission_required(IMPORT)
def import_template(request, kind, fmt):
    if kind not in ("agencies", "people") or fmt not in ("csv", "xlsx"):
        raise Http404
    return template_response(kind, fmt)


# --- Board switcher -------------------------------------------------------------------------


@login_required
@require_POST
def switch_board(request):
    slug = request.POST.get("board")
    if any(board.slug == slug for board in boards_for_person(request.user)):
        request.session[SESSION_BOARD_KEY] = slug
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        target = "home"
    return redirect(target)
