"""Everything a person can change from the pages, they can change through the API.

Every page route with a row in the write matrix (tests/test_write_matrix.py, the apps' WRITES)
names its API twin, the API route that makes the same change through the same service, in
API_TWINS (one route, or a tuple when the page does several things), or says in NO_API_TWIN why
it has none. Each twin must be an API route with rows of its own in WRITES, so every role is
tried on it too. A new page write with neither fails here, saying what to add.

Apps keep their entries beside their rows, in `safeguarding/<app>/tests/matrix.py`; the sign-in,
confirmation and directory entries are here.
"""

from tests.test_permission_matrix import APP_MATRICES, all_patterns
from tests.test_write_matrix import WRITES

SIGNING_IN = (
    "signing in and one's own account: the API is used with the token of a person already signed in"
)
API_TWINS = {
    "accounts:confirm": "agencyconfirmation-confirm",
    "accounts:reject": "agencyconfirmation-reject",
    "organisations:agency_create": "agency-list",
    "organisations:agency_edit": "agency-detail",
    "organisations:board_edit": "board-detail",
    "organisations:person_create": "person-list",
    "organisations:person_edit": "person-detail",
    # PATCH {"is_active": false}
    "organisations:person_deactivate": "person-detail",
    "organisations:role_add": "roleassignment-list",
    "organisations:role_remove": "roleassignment-detail",
}
NO_API_TWIN = {
    **dict.fromkeys(
        [
            "account_login",
            "account_logout",
            "account_signup",
            "account_change_password",
            "account_email",
            "account_reset_password",
            "account_confirm_email",
            "account_reauthenticate",
            "account_request_reauthentication_code",
            "account_confirm_reauthentication_code",
            "account_confirm_login_code",
            "account_reset_password_from_key",
            "account_set_password",
            "mfa_authenticate",
            "mfa_reauthenticate",
            "mfa_activate_totp",
            "mfa_generate_recovery_codes",
            "admin:logout",
        ],
        SIGNING_IN,
    ),
    "organisations:import": "a spreadsheet checked and then confirmed on a second page; the API "
    "adds and changes each person (POST and PATCH /api/people/) and role through the services",
    "organisations:import_confirm": "the second step of the spreadsheet import (see import)",
    "organisations:switch_board": "chooses the board the pages show, kept in the session; an API "
    "request names its board in the body",
}
for _matrix in APP_MATRICES:
    API_TWINS.update(getattr(_matrix, "API_TWINS", {}))
    NO_API_TWIN.update(getattr(_matrix, "NO_API_TWIN", {}))


def page_writes() -> set[str]:
    patterns = all_patterns()
    return {key.split()[0] for key in WRITES if not patterns[key.split()[0]].startswith("api/")}


def twins_of(page: str) -> tuple[str, ...]:
    twins = API_TWINS[page]
    return twins if isinstance(twins, tuple) else (twins,)


def unaccounted(twins: dict, reasons: dict) -> list[str]:
    return sorted(page_writes() - set(twins) - set(reasons))


def test_every_page_write_names_its_api_twin_or_why_it_has_none():
    missing = unaccounted(API_TWINS, NO_API_TWIN)
    assert not missing, (
        "These pages change something but name no API twin. Add the API route that makes the "
        "same change through the same service (and its rows in WRITES), then map the page to "
        "it in API_TWINS of the app's tests/matrix.py; or, if the API must not do it, say why "
        "in NO_API_TWIN:\n  " + "\n  ".join(missing)
    )


def test_a_new_page_write_without_a_twin_is_noticed():
    twins = {page: twin for page, twin in API_TWINS.items() if page != "meetings:meeting_cancel"}
    assert unaccounted(twins, NO_API_TWIN) == ["meetings:meeting_cancel"]


def test_a_page_has_a_twin_or_a_reason_never_both_and_only_pages_that_write():
    both = sorted(set(API_TWINS) & set(NO_API_TWIN))
    assert not both, f"These pages are in both API_TWINS and NO_API_TWIN: {both}"
    stale = sorted((set(API_TWINS) | set(NO_API_TWIN)) - page_writes())
    assert not stale, (
        f"API_TWINS or NO_API_TWIN name pages with no row in WRITES (renamed or removed?): {stale}"
    )
    unexplained = sorted(page for page, reason in NO_API_TWIN.items() if not reason.strip())
    assert not unexplained, f"Say why these pages have no API twin: {unexplained}"


def test_every_twin_is_an_api_route_tried_by_every_role():
    patterns = all_patterns()
    written = {key.split()[0] for key in WRITES}
    wrong = []
    for page in sorted(API_TWINS):
        for twin in twins_of(page):
            if not patterns.get(twin, "").startswith("api/"):
                wrong.append(f"{page} -> {twin}: not an API route")
            elif twin not in written:
                wrong.append(f"{page} -> {twin}: no row in WRITES")
    assert not wrong, "API_TWINS names routes that are not API writes:\n  " + "\n  ".join(wrong)
