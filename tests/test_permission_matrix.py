"""Deny by default: every URL pattern in the project x every demo role, compared with a table of
expected answers. A URL pattern missing from the table fails the test, so each new page or API
route has to be added here with a decision about who may see it.

Answers: "200", "auth" (302 to the sign-in page), "302" (another redirect), "403", "404", "405".
To see what every role gets today (for a new row), run with MATRIX_PRINT=1 and -s.

An app adds its own rows in `safeguarding/<app>/tests/matrix.py`: `EXPECTED` (rows as below),
optionally `build_world(world) -> dict` (records of agency B, or otherwise hidden from the
scoped roles, that its URLs point at), `PAGE_KWARGS` and `API_OBJECTS` (as below).
"""

import datetime
import importlib
import os

import pytest
from allauth.account.models import EmailAddress, EmailConfirmationHMAC
from allauth.mfa.models import Authenticator
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.apps import apps
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from rest_framework.authtoken.models import Token

from safeguarding.actionplans import services as plans
from safeguarding.core.models import AuditEvent, OutboundEmail
from safeguarding.organisations.models import Area, Person, RoleAssignment
from safeguarding.organisations.tests.factories import AgencyFactory, PersonFactory

ROLES = [
    "anonymous",
    "practitioner",
    "line_manager",
    "agency_lead",
    "cpb_chair",
    "cpb_member",
    "board_member",
    "inspection_reviewer",
    "business_unit",
    "administrator",
]

# Expected answers, one column per role in the order of ROLES:
#  anonymous practitioner line_manager agency_lead cpb_chair cpb_member board_member
#  inspection_reviewer business_unit administrator
# Person, plan, action, evidence and challenge URLs point at agency B's records, which nobody in
# agency A may see (404), and the plan is shared with no locality. POST-only URLs answer 405.
EXPECTED = {
    "account_change_password": "auth  200  200  200  200  200  200  200  200  200",
    "account_confirm_email": " 200  200  200  200  200  200  200  200  200  200",
    "account_confirm_login_code": "auth  302  302  302  302  302  302  302  302  302",
    "account_confirm_reauthentication_code": "auth  302  302  302  302  302  302  302  302  302",
    "account_email": "auth  200  200  200  200  200  200  200  200  200",
    "account_email_verification_sent": " 200  200  200  200  200  200  200  200  200  200",
    "account_inactive": " 200  200  200  200  200  200  200  200  200  200",
    "account_login": " 200  302  302  302  302  302  302  302  302  302",
    "account_logout": " 302  200  200  200  200  200  200  200  200  200",
    "account_reauthenticate": "auth  200  200  200  200  200  200  200  200  200",
    "account_request_reauthentication_code": "auth  200  200  200  200  200  200  200  200  200",
    "account_reset_password": " 200  200  200  200  200  200  200  200  200  200",
    "account_reset_password_done": " 200  200  200  200  200  200  200  200  200  200",
    "account_reset_password_from_key": " 200  200  200  200  200  200  200  200  200  200",
    "account_reset_password_from_key_done": " 200  200  200  200  200  200  200  200  200  200",
    "account_set_password": "auth  302  302  302  302  302  302  302  302  302",
    "account_signup": " 200  302  302  302  302  302  302  302  302  302",
    "accounts:confirm": " 405  405  405  405  405  405  405  405  405  405",
    "accounts:confirmation_list": "auth  403  403  200  403  403  403  403  200  200",
    "accounts:reject": " 405  405  405  405  405  405  405  405  405  405",
    "agencyconfirmation-list": " 403  403  403  200  403  403  403  403  200  200",
    "agencyconfirmation-list+format": " 403  403  403  200  403  403  403  403  200  200",
    "agencyconfirmation-detail": " 403  403  403  200  403  403  403  403  200  200",
    "agencyconfirmation-detail+format": " 403  403  403  200  403  403  403  403  200  200",
    "agencyconfirmation-confirm": " 403  403  403  405  403  403  403  403  405  405",
    "agencyconfirmation-confirm+format": " 403  403  403  405  403  403  403  403  405  405",
    "agencyconfirmation-reject": " 403  403  403  405  403  403  403  403  405  405",
    "agencyconfirmation-reject+format": " 403  403  403  405  403  403  403  403  405  405",
    "action-detail": " 403  404  404  404  404  404  404  404  200  200",
    "action-detail+format": " 403  404  404  404  404  404  404  404  200  200",
    "action-list": " 403  200  200  200  200  200  200  200  200  200",
    "action-list+format": " 403  200  200  200  200  200  200  200  200  200",
    "actionchallenge-answer": " 403  405  405  405  405  405  405  405  405  405",
    "actionchallenge-answer+format": " 403  405  405  405  405  405  405  405  405  405",
    "actionchallenge-close": " 403  405  405  405  405  405  405  405  405  405",
    "actionchallenge-close+format": " 403  405  405  405  405  405  405  405  405  405",
    "actionchallenge-detail": " 403  404  404  404  404  404  404  404  200  200",
    "actionchallenge-detail+format": " 403  404  404  404  404  404  404  404  200  200",
    "actionchallenge-list": " 403  200  200  200  200  200  200  200  200  200",
    "actionchallenge-list+format": " 403  200  200  200  200  200  200  200  200  200",
    "actionevidence-detail": " 403  404  404  404  404  404  404  404  200  200",
    "actionevidence-detail+format": " 403  404  404  404  404  404  404  404  200  200",
    "actionevidence-list": " 403  200  200  200  200  200  200  200  200  200",
    "actionevidence-list+format": " 403  200  200  200  200  200  200  200  200  200",
    "actionevidence-review": " 403  405  405  405  405  405  405  405  405  405",
    "actionevidence-review+format": " 403  405  405  405  405  405  405  405  405  405",
    "actionplan-detail": " 403  404  404  404  404  404  404  404  200  200",
    "actionplan-detail+format": " 403  404  404  404  404  404  404  404  200  200",
    "actionplan-list": " 403  200  200  200  200  200  200  200  200  200",
    "actionplan-list+format": " 403  200  200  200  200  200  200  200  200  200",
    "actionplans:action_create": "auth  404  404  404  404  404  404  404  200  200",
    "actionplans:action_detail": "auth  404  404  404  404  404  404  404  200  200",
    "actionplans:action_edit": "auth  404  404  404  404  404  404  404  200  200",
    "actionplans:action_post_update": "auth  405  405  405  405  405  405  405  405  405",
    "actionplans:agency_actions": "auth  403  403  200  403  403  403  403  403  403",
    "actionplans:challenge_answer": "auth  405  405  405  405  405  405  405  405  405",
    "actionplans:challenge_close": "auth  405  405  405  405  405  405  405  405  405",
    "actionplans:challenge_create": "auth  404  404  404  404  404  404  404  200  200",
    "actionplans:challenge_detail": "auth  404  404  404  404  404  404  404  200  200",
    "actionplans:challenge_log": "auth  200  200  200  200  200  200  200  200  200",
    "actionplans:evidence_download": "auth  404  404  404  404  404  404  404  200  200",
    "actionplans:evidence_review": "auth  405  405  405  405  405  405  405  405  405",
    "actionplans:import_template": "auth  200  200  200  200  200  200  200  200  200",
    "actionplans:locality_actions": "auth  403  403  403  200  200  403  403  200  200",
    "actionplans:plan_create": "auth  403  403  403  403  403  403  403  200  200",
    "actionplans:plan_detail": "auth  404  404  404  404  404  404  404  200  200",
    "actionplans:plan_edit": "auth  404  404  404  404  404  404  404  200  200",
    "actionplans:plan_export": "auth  404  404  404  404  404  404  404  200  200",
    "actionplans:plan_import": "auth  404  404  404  404  404  404  404  200  200",
    "actionplans:plan_list": "auth  200  200  200  200  200  200  200  200  200",
    "actionplans:plan_report": "auth  404  404  404  404  404  404  404  200  200",
    "actionupdate-detail": " 403  404  404  404  404  404  404  404  200  200",
    "actionupdate-detail+format": " 403  404  404  404  404  404  404  404  200  200",
    "actionupdate-list": " 403  200  200  200  200  200  200  200  200  200",
    "actionupdate-list+format": " 403  200  200  200  200  200  200  200  200  200",
    "agency-detail": " 403  200  200  200  200  200  200  200  200  200",
    "agency-detail+format": " 403  200  200  200  200  200  200  200  200  200",
    "agency-list": " 403  200  200  200  200  200  200  200  200  200",
    "agency-list+format": " 403  200  200  200  200  200  200  200  200  200",
    "api-docs": " 200  200  200  200  200  200  200  200  200  200",
    "api-root": " 403  200  200  200  200  200  200  200  200  200",
    "api-root+format": " 403  200  200  200  200  200  200  200  200  200",
    "api-schema": " 200  200  200  200  200  200  200  200  200  200",
    "area-detail": " 403  200  200  200  200  200  200  200  200  200",
    "area-detail+format": " 403  200  200  200  200  200  200  200  200  200",
    "area-list": " 403  200  200  200  200  200  200  200  200  200",
    "area-list+format": " 403  200  200  200  200  200  200  200  200  200",
    "board-detail": " 403  200  200  200  200  200  200  200  200  200",
    "board-detail+format": " 403  200  200  200  200  200  200  200  200  200",
    "board-list": " 403  200  200  200  200  200  200  200  200  200",
    "board-list+format": " 403  200  200  200  200  200  200  200  200  200",
    "core:audit_list": "auth  403  403  403  403  403  403  403  200  200",
    "healthz": " 200  200  200  200  200  200  200  200  200  200",
    "home": "auth  200  200  200  200  200  200  200  200  200",
    "mfa_activate_totp": "auth  302  302  302  302  302  302  302  302  302",
    "mfa_authenticate": "auth  302  302  302  302  302  302  302  302  302",
    "mfa_deactivate_totp": "auth  404  404  404  404  404  404  404  404  404",
    "mfa_download_recovery_codes": "auth  404  404  404  404  404  404  404  404  404",
    "mfa_generate_recovery_codes": "auth  302  302  302  302  302  302  302  302  302",
    "mfa_index": "auth  200  200  200  200  200  200  200  200  200",
    "mfa_reauthenticate": "auth  302  302  302  302  302  302  302  302  302",
    "mfa_view_recovery_codes": "auth  404  404  404  404  404  404  404  404  404",
    "organisations:agency_create": "auth  403  403  403  403  403  403  403  200  200",
    "organisations:agency_detail": "auth  200  200  200  200  200  200  200  200  200",
    "organisations:agency_edit": "auth  403  403  403  403  403  403  403  200  200",
    "organisations:agency_list": "auth  200  200  200  200  200  200  200  200  200",
    "organisations:board_edit": "auth  403  403  403  403  403  403  403  200  200",
    "organisations:board_list": "auth  200  200  200  200  200  200  200  200  200",
    "organisations:import": "auth  403  403  403  403  403  403  403  200  200",
    "organisations:import_confirm": "auth  403  403  403  403  403  403  403  302  302",
    "organisations:import_template": "auth  403  403  403  403  403  403  403  200  200",
    "organisations:locality_list": "auth  200  200  200  200  200  200  200  200  200",
    "organisations:person_create": "auth  403  403  403  403  403  403  403  200  200",
    "organisations:person_deactivate": "auth  403  403  403  403  403  403  403  200  200",
    "organisations:person_detail": "auth  404  404  404  404  404  404  404  200  200",
    "organisations:person_edit": "auth  403  403  403  403  403  403  403  200  200",
    "organisations:person_list": "auth  200  200  200  200  200  200  200  200  200",
    "organisations:role_add": "auth  403  403  403  403  403  403  403  405  405",
    "organisations:role_remove": "auth  403  403  403  403  403  403  403  405  405",
    "organisations:switch_board": "auth  405  405  405  405  405  405  405  405  405",
    "person-detail": " 403  404  404  404  404  404  404  404  200  200",
    "person-detail+format": " 403  404  404  404  404  404  404  404  200  200",
    "person-list": " 403  200  200  200  200  200  200  200  200  200",
    "person-list+format": " 403  200  200  200  200  200  200  200  200  200",
    "public:contact": " 200  200  200  200  200  200  200  200  200  200",
    "public:home": " 200  200  200  200  200  200  200  200  200  200",
    "roleassignment-detail": " 403  404  404  404  404  404  404  404  200  200",
    "roleassignment-detail+format": " 403  404  404  404  404  404  404  404  200  200",
    "roleassignment-list": " 403  200  200  200  200  200  200  200  200  200",
    "roleassignment-list+format": " 403  200  200  200  200  200  200  200  200  200",
}

# The admin site, grouped: everyone but the administrator is sent to sign in (non-staff count as
# signed out there). The administrator gets the page, or 403 where a model admin is read-only
# (no adding or deleting audit rows), or a redirect where no such object exists.
ADMIN_SPECIAL = {
    "admin:login": "auth  403  403  403  403  403  403  403  403  302",
    "admin:logout": " 302  302  302  302  302  302  302  302  302  405",
    "admin:autocomplete": "auth auth auth auth auth auth auth auth auth  403",
    "admin:view_on_site": "auth auth auth auth auth auth auth auth auth  404",
    "admin/(?P<url>.*)$": "auth auth auth auth auth auth auth auth auth  404",
}
ADMIN_ADMINISTRATOR_MAY_GET = {"200", "302", "403"}


def expected_for(key: str, role: str) -> set[str]:
    if key in ADMIN_SPECIAL:
        return {ADMIN_SPECIAL[key].split()[ROLES.index(role)]}
    if key.startswith(("admin:", "admin/")):
        if role != "administrator":
            return {"auth"}
        if key.startswith("admin/"):  # "<object_id>/" redirects to the change page
            return {"302"}
        return ADMIN_ADMINISTRATOR_MAY_GET
    return {EXPECTED[key].split()[ROLES.index(role)]}


def walk(patterns, prefix="", namespace=""):
    """(key, route) for every URL pattern. The key is the pattern's name, or its route when it has
    none; DRF's format-suffix twins get "<name>+format"."""
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace + (f"{pattern.namespace}:" if pattern.namespace else "")
            yield from walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            route = prefix + str(pattern.pattern)
            if not pattern.name:
                yield route, route
            elif "format" in pattern.pattern.regex.groupindex and "format" not in (
                pattern.default_args or {}
            ):
                yield f"{namespace}{pattern.name}+format", route
            else:
                yield namespace + pattern.name, route


def all_patterns() -> dict[str, str]:
    found = {}
    for key, route in walk(get_resolver().url_patterns):
        found.setdefault(key, route)
    return found


@pytest.fixture
def world(county, make_person, tmp_path, settings):
    """Two agencies and one person per role; the records every URL is built from belong to
    agency B, which none of the scoped roles (all of agency A) can see."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "uploads"), "base_url": None},
        },
    }
    children = county["children"]
    burnley = Area.objects.get(kind=Area.Kind.LOCALITY, name="Burnley and Pendle")
    agency_a = AgencyFactory(name="Agency A Constabulary")
    agency_b = AgencyFactory(name="Agency B Health Trust")
    hidden = PersonFactory(agency=agency_b, full_name="Hidden Person")
    hidden_role = RoleAssignment.objects.create(person=hidden, role="practitioner")
    waiting = PersonFactory(agency=agency_a, agency_confirmed=False, full_name="Waiting Person")
    line_manager = make_person("practitioner", agency=agency_a)
    PersonFactory(agency=agency_b, line_manager=line_manager)
    people = {
        "anonymous": None,
        "practitioner": make_person("practitioner", agency=agency_a),
        "line_manager": line_manager,
        "agency_lead": make_person("agency_lead", lead_of=agency_a, agency=agency_a),
        "cpb_chair": make_person("cpb_chair", area=burnley, agency=agency_a),
        "cpb_member": make_person("cpb_member", area=burnley, agency=agency_a),
        "board_member": make_person("board_member", board=children, agency=agency_a),
        "inspection_reviewer": make_person("inspection_reviewer", agency=agency_a),
        "business_unit": make_person("business_unit", board=children),
        "administrator": make_person(
            "administrator", is_staff=True, is_superuser=True, agency=agency_a
        ),
    }
    bu = people["business_unit"]
    plan = plans.create_plan(
        bu,
        board=children,
        title="Neglect action plan",
        origin_kind="themed",
        purpose="Act earlier on neglect",
        shared_with=[],
    )
    action = plans.add_action(
        bu,
        plan,
        what="Agree a shared neglect screening tool",
        owner_agency=agency_b,
        owner_person=hidden,
        due_date=datetime.date(2030, 6, 30),
    )
    evidence = plans.add_evidence_file(
        bu, action, SimpleUploadedFile("notes.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf")
    )
    update = plans.post_update(bu, action, status=action.status, narrative="Screening tool drafted")
    challenge = plans.raise_challenge(
        bu,
        action,
        question="When will the screening tool be agreed?",
        respond_by=datetime.date(2030, 1, 31),
        addressed_to_agency=agency_b,
    )
    email = EmailAddress.objects.get(user=hidden)
    world = {
        "people": people,
        "agency_a": agency_a,
        "children": children,
        "burnley": burnley,
        "agency_b": agency_b,
        "hidden": hidden,
        "hidden_role": hidden_role,
        "waiting": waiting,
        "plan": plan,
        "action": action,
        "evidence": evidence,
        "update": update,
        "challenge": challenge,
        "email": email,
        "confirmation_key": EmailConfirmationHMAC(email).key,
        "group": Group.objects.create(name="Spare group"),
        "authenticator": Authenticator.objects.create(
            user=hidden, type=Authenticator.Type.RECOVERY_CODES, data={"seed": "00" * 20}
        ),
        "attempt": AccessAttempt.objects.create(
            username="x@example.com", ip_address="127.0.0.1", failures_since_start=1
        ),
        "log": AccessLog.objects.create(username="x@example.com", ip_address="127.0.0.1"),
        "failure": AccessFailureLog.objects.create(
            username="x@example.com", ip_address="127.0.0.1"
        ),
        "token": Token.objects.create(user=hidden),
        "audit": AuditEvent.objects.order_by("pk").first(),
        "outbound": OutboundEmail.objects.order_by("pk").first()
        or OutboundEmail.objects.create(
            purpose="meetings.newsflash",
            recipient="x@example.com",
            subject="Test",
            body_text="Test",
        ),
    }
    for matrix in APP_MATRICES:
        if hasattr(matrix, "build_world"):
            world.update(matrix.build_world(world))
    return world


# Which object fills a pattern's path converters: API routes by their basename, pages by name;
# admin URLs take the first row of their model (the world creates one where it matters).
API_OBJECTS = {
    "agencyconfirmation": lambda w: w["waiting"].pk,
    "board": lambda w: w["children"].pk,
    "area": lambda w: w["burnley"].pk,
    "agency": lambda w: w["agency_b"].pk,
    "person": lambda w: w["hidden"].pk,
    "roleassignment": lambda w: w["hidden_role"].pk,
    "actionplan": lambda w: w["plan"].pk,
    "action": lambda w: w["action"].pk,
    "actionupdate": lambda w: w["update"].pk,
    "actionevidence": lambda w: w["evidence"].pk,
    "actionchallenge": lambda w: w["challenge"].pk,
}
PAGE_KWARGS = {
    "accounts:confirm": lambda w: {"pk": w["waiting"].pk},
    "accounts:reject": lambda w: {"pk": w["waiting"].pk},
    "account_confirm_email": lambda w: {"key": w["confirmation_key"]},
    "account_reset_password_from_key": lambda w: {"uidb36": "1", "key": "set-password"},
    "organisations:agency_detail": lambda w: {"slug": w["agency_b"].slug},
    "organisations:agency_edit": lambda w: {"slug": w["agency_b"].slug},
    "organisations:board_edit": lambda w: {"slug": w["children"].slug},
    "organisations:person_detail": lambda w: {"pk": w["hidden"].pk},
    "organisations:person_edit": lambda w: {"pk": w["hidden"].pk},
    "organisations:person_deactivate": lambda w: {"pk": w["hidden"].pk},
    "organisations:role_add": lambda w: {"pk": w["hidden"].pk},
    "organisations:role_remove": lambda w: {
        "pk": w["hidden"].pk,
        "assignment_pk": w["hidden_role"].pk,
    },
    "organisations:import_template": lambda w: {"kind": "people", "fmt": "csv"},
    "actionplans:plan_detail": lambda w: {"pk": w["plan"].pk},
    "actionplans:plan_edit": lambda w: {"pk": w["plan"].pk},
    "actionplans:plan_report": lambda w: {"pk": w["plan"].pk},
    "actionplans:plan_export": lambda w: {"pk": w["plan"].pk, "fmt": "csv"},
    "actionplans:action_create": lambda w: {"pk": w["plan"].pk},
    "actionplans:plan_import": lambda w: {"pk": w["plan"].pk},
    "actionplans:import_template": lambda w: {"fmt": "csv"},
    "actionplans:action_detail": lambda w: {"pk": w["action"].pk},
    "actionplans:action_edit": lambda w: {"pk": w["action"].pk},
    "actionplans:action_post_update": lambda w: {"pk": w["action"].pk},
    "actionplans:challenge_create": lambda w: {"pk": w["action"].pk},
    "actionplans:evidence_download": lambda w: {"pk": w["evidence"].pk},
    "actionplans:evidence_review": lambda w: {"pk": w["evidence"].pk},
    "actionplans:challenge_detail": lambda w: {"pk": w["challenge"].pk},
    "actionplans:challenge_answer": lambda w: {"pk": w["challenge"].pk},
    "actionplans:challenge_close": lambda w: {"pk": w["challenge"].pk},
    "admin:view_on_site": lambda w: {"content_type_id": "1", "object_id": "1"},
    "admin:app_list": lambda w: {"app_label": "auth"},
    "api-root+format": lambda w: {"format": "json"},
}


def _app_matrices():
    """Each app's tests/matrix.py, in INSTALLED_APPS order."""
    for app in apps.get_app_configs():
        if not app.name.startswith("safeguarding."):
            continue
        name = f"{app.name}.tests.matrix"
        try:
            yield importlib.import_module(name)
        except ModuleNotFoundError as error:
            if error.name != name:
                raise


APP_MATRICES = list(_app_matrices())
for _matrix in APP_MATRICES:
    EXPECTED.update(_matrix.EXPECTED)
    PAGE_KWARGS.update(getattr(_matrix, "PAGE_KWARGS", {}))
    API_OBJECTS.update(getattr(_matrix, "API_OBJECTS", {}))


def _admin_object_id(model_key, world):
    from django.contrib import admin

    for model in admin.site._registry:
        if f"{model._meta.app_label}_{model._meta.model_name}" == model_key:
            first = model._default_manager.order_by("pk").first()
            return str(first.pk) if first else "1"
    raise AssertionError(f"no admin model {model_key}")


def build_url(key: str, route: str, world) -> str:
    if key == route and route.startswith(
        "admin/"
    ):  # unnamed: the admin's "<object_id>/" redirect and its catch-all
        if route == "admin/(?P<url>.*)$":
            return "/admin/no-such-page/"
        model_key = "_".join(route.split("/")[1:3])
        return (
            f"/admin/{route.split('/')[1]}/{route.split('/')[2]}/"
            + _admin_object_id(model_key, world)
            + "/"
        )
    name, _, with_format = key.partition("+")
    kwargs = {}
    if key in PAGE_KWARGS:
        kwargs = PAGE_KWARGS[key](world)
    elif name.startswith("admin:") and ("<path:object_id>" in route):
        model_key = name.removeprefix("admin:").rsplit("_", 1)[0]
        kwargs = {"object_id": _admin_object_id(model_key, world)}
    elif "(?P<pk>" in route and name.split("-")[0] in API_OBJECTS:
        kwargs = {"pk": API_OBJECTS[name.split("-")[0]](world)}
    if with_format and "format" not in kwargs:
        kwargs["format"] = "json"
    return reverse(name, kwargs=kwargs)


def answer(response) -> str:
    if response.status_code == 302:
        location = response["Location"]
        if "/accounts/login/" in location or "/admin/login/" in location:
            return "auth"
        return "302"
    return str(response.status_code)


def is_in_table(key: str) -> bool:
    return key in EXPECTED or key in ADMIN_SPECIAL or key.startswith(("admin:", "admin/"))


def observe(client, world, role, *, every=False):
    person = world["people"][role]
    if person is not None:
        client.force_login(person)
    observed = {}
    for key, route in sorted(all_patterns().items()):
        if not (every or is_in_table(key)):
            continue  # test_every_url_pattern_has_expected_answers names it
        observed[key] = answer(client.get(build_url(key, route, world)))
    return observed


def test_every_url_pattern_has_expected_answers():
    missing = [
        f"{key}  ({route})"
        for key, route in sorted(all_patterns().items())
        if key not in EXPECTED
        and key not in ADMIN_SPECIAL
        and not key.startswith(("admin:", "admin/"))
    ]
    assert not missing, (
        "These URL patterns are missing from EXPECTED in tests/test_permission_matrix.py; add a "
        "row saying what each role gets:\n  " + "\n  ".join(missing)
    )
    stale = sorted(set(EXPECTED) - set(all_patterns()))
    assert not stale, f"EXPECTED names URL patterns that no longer exist: {stale}"


@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_the_expected_answer_from_every_url(client, world, role):
    observed = observe(client, world, role)
    wrong = [
        f"{key}: expected {' or '.join(sorted(expected_for(key, role)))}, got {got}"
        for key, got in observed.items()
        if got not in expected_for(key, role)
    ]
    assert not wrong, f"{role} got unexpected answers:\n  " + "\n  ".join(wrong)


def text(response) -> str:
    if response.streaming:
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


def test_agency_a_cannot_see_agency_b_people_in_lists_exports_or_the_api(client, world):
    hidden = world["hidden"]
    for role in ("practitioner", "line_manager", "agency_lead", "cpb_chair", "board_member"):
        client.force_login(world["people"][role])
        listing = client.get("/directory/people/", {"search": "Hidden"})
        assert listing.status_code == 200, role
        assert hidden.email not in text(listing), role
        export = client.get("/directory/people/", {"download": "csv"})
        assert export.status_code == 200, role
        assert hidden.email not in text(export), role
        api = client.get("/api/people/")
        assert api.status_code == 200, role
        assert hidden.email not in text(api), role
        assert client.get(f"/api/people/{hidden.pk}/").status_code == 404, role
    client.force_login(world["people"]["business_unit"])
    assert hidden.email in text(client.get("/directory/people/", {"download": "csv"}))
    assert hidden.email in text(client.get("/api/people/", {"search": "Hidden"}))


def test_a_line_manager_sees_the_people_they_manage_in_another_agency(client, world):
    managed = Person.objects.get(line_manager=world["people"]["line_manager"])
    client.force_login(world["people"]["line_manager"])
    assert client.get(f"/directory/people/{managed.pk}/").status_code == 200
    assert client.get(f"/api/people/{managed.pk}/").status_code == 200
    client.force_login(world["people"]["practitioner"])
    assert client.get(f"/directory/people/{managed.pk}/").status_code == 404


@pytest.mark.skipif(not os.environ.get("MATRIX_PRINT"), reason="prints the observed table")
def test_print_observed_matrix(client, world):
    table = {role: observe(Client(), world, role, every=True) for role in ROLES}
    for key in sorted(all_patterns()):
        row = " ".join(f"{table[role][key]:>5}" for role in ROLES)
        print(f'    {key!r}: "{row}",')
