"""The write twin of tests/test_permission_matrix.py: every state-changing route x every demo role,
against a table of expected answers, in the same world (agency B's records, agency A's roles).

Each row of WRITES is `key: (method, payload, row)`. The key is the URL pattern's key in the read
matrix, optionally followed by a word to tell several methods on one URL apart
("person-detail patch"); the method is the client's ("post", "put", "patch", "delete"); the
payload builds, from the world, a body that succeeds for an authorised role (a form's fields for
a page, JSON for the API), so that a refusal is for the permission and never for bad input. The
row has one answer per role, in the order of ROLES:

  done  the write happened: a 2xx answer or a redirect to anything but sign-in, and the
        database changed
  auth  sent to sign in (302 to the sign-in page)
  403, 404, 405, 200, 302 ... that status, and the database is unchanged

Every request runs in a transaction that is rolled back afterwards, so each one starts from the
same world; after anything but "done" a digest of every table's rows (the sessions, sign-in
attempts and the audit rows of reads aside) must be what it was before. A payload marked
`@sets_up` (core/testing/writes.py) may first bring a record to the state the write needs. Apps
keep their rows in `safeguarding/<app>/tests/matrix.py` (WRITES); the core, directory and
sign-in rows are here.

A URL pattern with no row must refuse a POST from the business unit and the administrator (405,
or sign-in, 403 or 404 before the method is even looked at), so a new write route fails the
suite until it has a row. Pages that answer a POST as a GET are listed in READ_ONLY (and must
change nothing). The API's "+format" twins of the rows' routes are sent as the business unit.
The admin site is Django's own, for superusers: the business unit is checked to be sent to sign
in there.

To see what every role gets today (for a new row), run with MATRIX_PRINT=writes (or =1, to list
the routes without a row that accept a POST too) and -s.
"""

import hashlib
import os
import uuid
from http.cookies import SimpleCookie
from importlib import import_module

import pytest
import rules
from django.apps import apps
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.cache import caches
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.urls import resolve

from safeguarding.core.audit import record_view
from safeguarding.core.models import AuditEvent
from safeguarding.core.registry import audit_verbs
from safeguarding.core.testing.writes import sets_up
from safeguarding.organisations.models import Board, Person
from safeguarding.organisations.views import IMPORT_SESSION_KEY
from tests import test_permission_matrix as read_matrix
from tests.test_permission_matrix import APP_MATRICES, ROLES, all_patterns, answer, build_url

world = read_matrix.world  # the read matrix's records, for the same rows here

PASSWORD = "correct-horse-battery"  # every test person's (organisations/tests/factories.py)


def _agency(w):
    return {
        "name": "Agency D Probation",
        "sector": "police",
        "contribution_status": "contributing",
        "boards": [w["children"].pk],
    }


def _person(w):
    return {
        "full_name": "New Person",
        "email": "new.person@example.org",
        "agency": w["agency_b"].pk,
    }


def _role(w):
    return {"person": w["hidden"].pk, "role": "board_member", "board": w["children"].pk}


def _adults(w):
    return Board.objects.exclude(pk=w["children"].pk).get()


def _other_board_role(w):
    return {"person": w["hidden"].pk, "role": "business_unit", "board": _adults(w).pk}


PEOPLE_CSV = b"full_name,email\r\nImported Person,imported@example.org\r\n"


def _people_file(w):
    return {"kind": "people", "upload": SimpleUploadedFile("people.csv", PEOPLE_CSV)}


@sets_up
def _checked_import(w):
    """As if whoever is signed in had uploaded the people file and it had passed its checks."""
    name = default_storage.save(f"imports/{uuid.uuid4().hex}.csv", ContentFile(PEOPLE_CSV))
    checked = {"token": name[len("imports/") : -len(".csv")], "ext": "csv", "kind": "people"}
    checked |= {"filename": "people.csv", "new": 1, "updated": 0, "rows": 1}
    engine = import_module(settings.SESSION_ENGINE)
    for session in Session.objects.all():
        store = engine.SessionStore(session_key=session.session_key)
        store[IMPORT_SESSION_KEY] = checked
        store.save()
    return {}


# anonymous practitioner line_manager agency_lead cpb_chair cpb_member board_member
# inspection_reviewer business_unit administrator
SIGNED_IN_DONE = "auth done done done done done done done done done"
SIGNED_IN_302 = "auth  302  302  302  302  302  302  302  302  302"
BU = "auth  403  403  403  403  403  403  403 done done"
# The upload is checked and kept for the confirmation step: nothing is written yet.
BU_STEP = "auth  403  403  403  403  403  403  403  302  302"
API_BU = " 403  403  403  403  403  403  403  403 done done"
API_BU_HIDDEN = " 403  404  404  404  404  404  404  404 done done"
API_AGENCY_LEAD = " 403  404  404 done  404  404  404  404 done done"
NEW_PASSWORD = {"password1": "a-long-new-passphrase", "password2": "a-long-new-passphrase"}
WRITES = {
    # Sign-in and one's own account (allauth).
    "account_login": (
        "post",
        lambda w: {"login": w["hidden"].email, "password": PASSWORD},
        "done  302  302  302  302  302  302  302  302  302",
    ),
    "account_logout": ("post", None, " 302 done done done done done done done done done"),
    "account_signup": (
        "post",
        lambda w: {
            "email": "newcomer@example.org",
            **NEW_PASSWORD,
            "full_name": "New Comer",
            "job_title": "Health visitor",
            "agency": w["agency_a"].pk,
        },
        "done  302  302  302  302  302  302  302  302  302",
    ),
    "account_change_password": (
        "post",
        lambda w: {"oldpassword": PASSWORD, **NEW_PASSWORD},
        SIGNED_IN_DONE,
    ),
    "account_email": (
        "post",
        lambda w: {"action_add": "", "email": "second.address@example.org"},
        SIGNED_IN_DONE,
    ),
    "account_reset_password": (
        "post",
        lambda w: {"email": w["hidden"].email},
        "done done done done done done done done done done",
    ),
    # The key is the hidden person's, whose address is already verified.
    "account_confirm_email": ("post", None, " 404  404  404  404  404  404  404  404  404  404"),
    # Confirming a self-registered person of agency A: its lead, or the business unit.
    "accounts:confirm": ("post", None, "auth  403  403 done  403  403  403  403 done done"),
    "accounts:reject": ("post", None, "auth  403  403 done  403  403  403  403 done done"),
    # Steps of allauth's flows that need an earlier step in the same session (a code sent by
    # e-mail, a recent sign-in, a reset key): without it nothing is written.
    "account_reauthenticate": ("post", lambda w: {"password": PASSWORD}, SIGNED_IN_302),
    "account_request_reauthentication_code": (
        "post",
        None,
        "auth  200  200  200  200  200  200  200  200  200",
    ),
    "account_confirm_reauthentication_code": ("post", lambda w: {"code": "123456"}, SIGNED_IN_302),
    "account_confirm_login_code": ("post", lambda w: {"code": "123456"}, SIGNED_IN_302),
    "account_reset_password_from_key": (
        "post",
        lambda w: NEW_PASSWORD,
        " 200  200  200  200  200  200  200  200  200  200",
    ),
    "account_set_password": ("post", lambda w: NEW_PASSWORD, SIGNED_IN_302),
    "mfa_authenticate": ("post", lambda w: {"code": "123456"}, SIGNED_IN_302),
    "mfa_reauthenticate": ("post", lambda w: {"code": "123456"}, SIGNED_IN_302),
    "mfa_activate_totp": ("post", lambda w: {"code": "123456"}, SIGNED_IN_302),
    "mfa_generate_recovery_codes": ("post", None, SIGNED_IN_302),
    # Signing out of the admin site records it for the administrator only.
    "admin:logout": ("post", None, " 302  302  302  302  302  302  302  302  302 done"),
    # The directory.
    "organisations:agency_create": ("post", _agency, BU),
    "organisations:agency_edit": ("post", _agency, BU),
    "organisations:person_create": ("post", _person, BU),
    "organisations:person_edit": ("post", _person, BU),
    "organisations:person_deactivate": ("post", None, BU),
    "organisations:role_add": ("post", _role, BU),
    # The children's business unit cannot make anyone business unit of the adults' board: the
    # form does not offer that board (400, naming the field).
    "organisations:role_add other board": (
        "post",
        _other_board_role,
        "auth  403  403  403  403  403  403  403  400 done",
    ),
    "organisations:role_remove": ("post", None, BU),
    "organisations:board_edit": (
        "post",
        lambda w: {
            "address": "County Hall\nPreston",
            "phone": "01632 960 401",
            "email": "board@example.org",
            "introduction": "Who we are",
            "newsflash_second_approver": "on",
        },
        BU,
    ),
    "organisations:import": ("post", _people_file, BU_STEP),
    "organisations:import_confirm": ("post", _checked_import, BU),
    # The chosen board is kept in the session only.
    "organisations:switch_board": (
        "post",
        lambda w: {"board": _adults(w).slug},
        "auth  302  302  302  302  302  302  302  302  302",
    ),
    "agency-list": ("post", lambda w: {**_agency(w), "email_domains": []}, API_BU),
    "agency-detail put": ("put", lambda w: {**_agency(w), "email_domains": []}, API_BU),
    "agency-detail patch": ("patch", lambda w: {"contribution_status": "private"}, API_BU),
    "board-detail patch": ("patch", lambda w: {"newsflash_second_approver": True}, API_BU),
    "board-detail put": (
        "put",
        lambda w: {"email": "board@example.org", "phone": "01632 960 401", "address": "Preston"},
        API_BU,
    ),
    "person-list": ("post", _person, API_BU),
    "person-detail put": ("put", _person, API_BU_HIDDEN),
    "person-detail patch": ("patch", lambda w: {"job_title": "Named nurse"}, API_BU_HIDDEN),
    "roleassignment-list": ("post", _role, API_BU),
    # Cross-board role assignment is refused by the service (403).
    "roleassignment-list other board": (
        "post",
        _other_board_role,
        " 403  403  403  403  403  403  403  403  403 done",
    ),
    "roleassignment-detail": ("delete", None, API_BU_HIDDEN),
    # Agency A's self-registered person: its lead, or the business unit.
    "agencyconfirmation-confirm": ("post", None, API_AGENCY_LEAD),
    "agencyconfirmation-reject": ("post", None, API_AGENCY_LEAD),
}

for _matrix in APP_MATRICES:
    WRITES.update(getattr(_matrix, "WRITES", {}))

# Tables whose rows change on reads or sign-in attempts, not on writes.
UNWATCHED = {"django_session", "axes_accessattempt", "axes_accesslog", "axes_accessfailurelog"}


def watched_tables() -> list[str]:
    tables = {
        model._meta.db_table
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy
    }
    return sorted(tables - UNWATCHED)


def digest(tables) -> str:
    """Every watched row, hashed: what a refusal must leave as it found it."""
    audit = AuditEvent._meta.db_table
    found = hashlib.blake2b()
    with connection.cursor() as cursor:
        for table in tables:
            sql = f"SELECT * FROM {connection.ops.quote_name(table)}"  # noqa: S608 (model tables)
            if table == audit:
                # Reads are logged too ("case audit viewed", "evidence downloaded"): not a write.
                sql += " WHERE verb NOT LIKE '% viewed' AND verb NOT LIKE '% downloaded'"
            cursor.execute(sql)
            found.update(f"{table}:{sorted(map(repr, cursor.fetchall()))}".encode())
    return found.hexdigest()


class Attempts:
    """One signed-in (or not) client sending requests that each start from the same world."""

    def __init__(self, client, world, role):
        person = world["people"][role]
        if person is not None:
            client.force_login(person)
        client.raise_request_exception = False  # a 500 is an answer in the table
        self.client = client
        self.world = world
        self.cookies = {name: morsel.value for name, morsel in client.cookies.items()}
        self.tables = watched_tables()
        self.before = digest(self.tables)

    def send(self, key, method="post", payload=None):
        url_key = key.split()[0]
        route = all_patterns()[url_key]
        url = build_url(url_key, route, self.world)
        # A sign-out or a change of board must not carry over to the next request.
        self.client.cookies = SimpleCookie(self.cookies)
        for cache in caches.all():
            cache.clear()
        with transaction.atomic():
            data = payload(self.world) if payload else {}
            before = digest(self.tables) if getattr(payload, "sets_up", False) else self.before
            if route.startswith("api/"):
                response = getattr(self.client, method)(url, data, content_type="application/json")
            else:
                response = getattr(self.client, method)(url, data)
            changed = digest(self.tables) != before
            transaction.set_rollback(True)
        got = answer(response)
        if not changed:
            return got
        if got == "302" or 200 <= response.status_code < 300:
            return "done"
        return f"{got} (and the database changed)"


def expected(row: str, role: str) -> str:
    return row.split()[ROLES.index(role)]


def wrong_answers(attempts, role, writes) -> list[str]:
    wrong = []
    for key, (method, payload, row) in sorted(writes.items()):
        got = attempts.send(key, method, payload)
        if got != expected(row, role):
            wrong.append(f"{key} ({method.upper()}): expected {expected(row, role)}, got {got}")
    return wrong


def test_every_write_row_names_a_url_pattern_and_a_full_row():
    patterns = all_patterns()
    stale = sorted(key for key in WRITES if key.split()[0] not in patterns)
    assert not stale, f"WRITES names URL patterns that no longer exist: {stale}"
    short = sorted(key for key, (_, _, row) in WRITES.items() if len(row.split()) != len(ROLES))
    assert not short, f"these WRITES rows do not have one answer per role: {short}"


def api_write_methods(world) -> set[tuple[str, str]]:
    """(key, method) for every method an API route accepts that is not a read."""
    found = set()
    for key, route in all_patterns().items():
        if route.startswith("api/"):
            actions = getattr(resolve(build_url(key, route, world)).func, "actions", None) or {}
            found |= {(key, method) for method in actions if method not in ("get", "head")}
    return found


def test_every_method_an_api_route_accepts_has_a_row(world):
    """A DELETE added to a viewset, say, needs a row even though its route already has one."""
    rows = {(key.split()[0], method) for key, (method, _, _) in WRITES.items()}
    missing = sorted(
        f"{key} {method.upper()}"
        for key, method in api_write_methods(world)
        if (key.split("+")[0], method) not in rows
    )
    assert not missing, "These API routes accept a write with no row in WRITES: add a row:\n  " + (
        "\n  ".join(missing)
    )


@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_the_expected_answer_from_every_write(client, world, role):
    wrong = wrong_answers(Attempts(client, world, role), role, WRITES)
    assert not wrong, f"{role} got unexpected answers to writes:\n  " + "\n  ".join(wrong)


def test_the_format_twin_of_every_api_write_answers_as_its_route(client, world):
    """/api/.../1/answer.json is the same write as /api/.../1/answer/."""
    patterns = all_patterns()
    twins = {
        f"{key.split()[0]}+format {' '.join(key.split()[1:])}".strip(): write
        for key, write in WRITES.items()
        if f"{key.split()[0]}+format" in patterns
    }
    assert twins
    wrong = wrong_answers(Attempts(client, world, "business_unit"), "business_unit", twins)
    assert not wrong, "The API's format twins answer otherwise:\n  " + "\n  ".join(wrong)


def without_a_row(role) -> list[str]:
    written = {key.split()[0] for key in WRITES}
    keys = []
    for key in sorted(all_patterns()):
        if key in written or key.split("+")[0] in written:
            continue
        if role == "administrator" and key.startswith(("admin:", "admin/")):
            continue  # Django's admin, for superusers
        keys.append(key)
    return keys


REFUSED_BEFORE_WRITING = {"405", "auth", "403", "404"}

# Pages that answer a POST as a GET (they do not look at the method): a POST from the business
# unit or the administrator must change nothing. Apps list theirs in READ_ONLY in their matrix.
READ_ONLY = {
    "home",
    "public:home",
    "public:contact",
    "core:audit_list",
    "accounts:confirmation_list",
    "organisations:agency_list",
    "organisations:agency_detail",
    "organisations:person_list",
    "organisations:person_detail",
    "organisations:board_list",
    "organisations:locality_list",
    "organisations:import_template",
}
for _matrix in APP_MATRICES:
    READ_ONLY.update(getattr(_matrix, "READ_ONLY", set()))


@pytest.mark.parametrize("role", ["business_unit", "administrator"])
def test_a_url_pattern_without_a_write_row_refuses_a_post(client, world, role):
    attempts = Attempts(client, world, role)
    wrong = []
    for key in without_a_row(role):
        got = attempts.send(key)
        if got not in REFUSED_BEFORE_WRITING and not (key in READ_ONLY and got == "200"):
            wrong.append(f"{key}: got {got}")
    assert not wrong, (
        f"These URL patterns accept a POST from {role} but have no row in WRITES: add a row "
        "(tests/test_write_matrix.py or the app's tests/matrix.py) with a payload that succeeds "
        "and what each role gets:\n  " + "\n  ".join(wrong)
    )


def test_the_digest_sees_every_write_but_not_reads(world):
    tables = watched_tables()
    before = digest(tables)
    assert digest(tables) == before
    hidden = world["hidden"]
    reads = [verb for verb in audit_verbs() if verb.endswith((" viewed", " downloaded"))]
    assert reads
    for verb in reads:  # every declared read, whatever the record
        record_view(world["people"]["business_unit"], hidden, "matrix", verb=verb)
    assert digest(tables) == before, "reading is not writing"
    Person.objects.filter(pk=hidden.pk).update(job_title="Changed quietly")
    assert digest(tables) != before


def test_the_write_matrix_notices_a_permission_check_that_lets_everyone_through(
    client, world, monkeypatch
):
    """As if the check were deleted from both the view and the service: they ask the same rule."""
    monkeypatch.setitem(
        rules.permissions.permissions, "organisations.manage_directory", rules.always_true
    )
    writes = {key: WRITES[key] for key in ("organisations:agency_create", "agency-list")}
    wrong = wrong_answers(Attempts(client, world, "practitioner"), "practitioner", writes)
    assert wrong == [
        "agency-list (POST): expected 403, got done",
        "organisations:agency_create (POST): expected 403, got done",
    ]


@pytest.mark.skipif(not os.environ.get("MATRIX_PRINT"), reason="prints the observed table")
def test_print_observed_write_matrix(world):
    from django.test import Client

    table = {role: Attempts(Client(), world, role) for role in ROLES}
    for attempts in table.values():  # after every sign-in has been recorded
        attempts.before = digest(attempts.tables)
    for key, (method, payload, _) in sorted(WRITES.items()):
        row = " ".join(f"{table[role].send(key, method, payload):>5}" for role in ROLES)
        print(f'    {key!r}: "{row}",')
    if os.environ["MATRIX_PRINT"] == "writes":
        return
    print("# without a row (business unit, administrator):")
    for key in without_a_row("business_unit"):
        got = [table[role].send(key) for role in ("business_unit", "administrator")]
        if set(got) - REFUSED_BEFORE_WRITING - ({"200"} if key in READ_ONLY else set()):
            print(f"    {key}: {got}")
