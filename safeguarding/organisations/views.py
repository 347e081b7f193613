"""Directory pages: boards, locality boards, agencies and people; their forms and the import."""

from __future__ import annotations

import uuid
from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from safeguarding.core.concurrency import SENT_TWICE, repeated_submission, submit_once
from safeguarding.core.decorators import permission_required, require_permission
from safeguarding.core.form_views import act, submit
from safeguarding.core.listing import ListPage, page_navigation
from safeguarding.core.models import AuditEvent

from . import services
from .forms import AgencyForm, BoardForm, ImportForm, PersonForm, RoleForm
from .imports import DirectoryImport, template_response
from .lists import AGENCIES, PEOPLE
from .models import Board, Role, RoleAssignment
from .selectors import (
    SESSION_BOARD_KEY,
    boards_for_person,
    boards_with_areas,
    directory_agencies,
    directory_audience,
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
    boards = list(boards_with_areas())
    for board in boards:
        board.may_change = request.user.has_perm("organisations.change_board", board)
    return render(request, "organisations/board_list.html", {"boards": boards})


@login_required
def board_edit(request, slug):
    board = get_object_or_404(Board, slug=slug)
    require_permission(request, "organisations.change_board", board)
    form = BoardForm(request.POST or None, instance=Board.objects.get(pk=board.pk))
    if response := submit(
        request,
        form,
        lambda data: services.update_board(request.user, board, **data),
        success_message=f"The {board.short_name}'s settings have been saved",
        redirect_to=reverse("organisations:board_list"),
    ):
        return response
    return render(request, "organisations/board_form.html", {"form": form, "board": board})


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


@permission_required(VIEW)
def agency_list(request):
    listing = ListPage(request, directory_agencies(request.user), AGENCIES)
    if listing.download_format:
        return listing.download()
    results = listing.results(
        "organisations/_agency_table.html",
        singular="agency",
        plural="agencies",
        download_subject="the agencies",
        audience="everyone",  # every signed-in person sees the same partner list
    )
    context = {"results": results, "may_manage": request.user.has_perm(MANAGE)}
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
    return render(
        request,
        "organisations/agency_detail.html",
        {
            "agency": agency,
            "page": page,
            "leads": leads,
            **page_navigation(page, lambda number: f"?page={number}"),
            "may_manage": request.user.has_perm(MANAGE),
        },
    )


def _agency_url(agency) -> str:
    return reverse("organisations:agency_detail", args=[agency.slug])


@permission_required(MANAGE)
def agency_create(request):
    form = AgencyForm(request.POST or None)
    if response := submit(
        request,
        form,
        lambda data: services.create_agency(request.user, **data),
        success_message=lambda agency: f"{agency.name} has been added",
        redirect_to=_agency_url,
        once=True,
    ):
        return response
    return render(request, "organisations/agency_form.html", {"form": form, "agency": None})


@permission_required(MANAGE)
def agency_edit(request, slug):
    agency = get_object_or_404(directory_agencies(request.user), slug=slug)
    form = AgencyForm(request.POST or None, agency=agency)
    if response := submit(
        request,
        form,
        lambda data: services.update_agency(request.user, agency, **data),
        success_message=lambda updated: f"{updated.name} has been updated",
        redirect_to=_agency_url,  # the new name's slug
    ):
        return response
    return render(request, "organisations/agency_form.html", {"form": form, "agency": agency})


# --- People ---------------------------------------------------------------------------------


@permission_required(VIEW)
def person_list(request):
    listing = ListPage(request, directory_people(request.user), PEOPLE)
    if listing.download_format:
        return listing.download()
    results = listing.results(
        "organisations/_person_table.html",
        singular="person",
        plural="people",
        download_subject="the people",
        audience=directory_audience(request.user),
    )
    context = {"results": results, "may_manage": request.user.has_perm(MANAGE)}
    return render(request, "organisations/person_list.html", context)


def _visible_person(request, pk):
    """404, not 403, for people outside the viewer's scope: their existence stays hidden."""
    return get_object_or_404(directory_people(request.user), pk=pk)


def _person_url(person) -> str:
    return reverse("organisations:person_detail", args=[person.pk])


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
    form = PersonForm(request.POST or None)
    if response := submit(
        request,
        form,
        lambda _: services.create_person(request.user, **form.service_fields()),
        success_message=lambda person: f"{person.full_name} has been added to the directory",
        redirect_to=_person_url,
        aliases=PersonForm.SERVICE_ALIASES,
        once=True,
    ):
        return response
    return render(request, "organisations/person_form.html", {"form": form, "person": None})


@permission_required(MANAGE)
def person_edit(request, pk):
    person = _visible_person(request, pk)
    form = PersonForm(request.POST or None, person=person)
    if response := submit(
        request,
        form,
        lambda _: services.update_person(request.user, person, **form.service_fields()),
        success_message=lambda updated: f"{updated.full_name}'s details have been updated",
        redirect_to=_person_url(person),
        aliases=PersonForm.SERVICE_ALIASES,
    ):
        return response
    return render(request, "organisations/person_form.html", {"form": form, "person": person})


@permission_required(MANAGE)
def person_deactivate(request, pk):
    person = _visible_person(request, pk)
    if request.method == "POST":
        return act(
            request,
            lambda: services.deactivate_person(request.user, person),
            success_message=f"{person.full_name} can no longer sign in",
            redirect_to=_person_url(person),
        )
    return render(request, "organisations/person_deactivate.html", {"person": person})


@permission_required(MANAGE)
@require_POST
def role_add(request, pk):
    person = _visible_person(request, pk)
    form = RoleForm(request.POST, acting_user=request.user)
    if response := submit(
        request,
        form,
        lambda data: services.assign_role(request.user, person, **data),
        success_message=lambda assignment: f"{person.full_name} is now {assignment}",
        redirect_to=_person_url(person),
    ):
        return response
    return render(
        request, "organisations/role_form.html", {"form": form, "person": person}, status=400
    )


@permission_required(MANAGE)
@require_POST
def role_remove(request, pk, assignment_pk):
    person = _visible_person(request, pk)
    assignment = get_object_or_404(person.roles.select_related("person"), pk=assignment_pk)
    return act(
        request,
        lambda: services.remove_role(request.user, assignment),
        success_message=f"{person.full_name} is no longer {assignment}",  # before it goes
        redirect_to=_person_url(person),
    )


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
