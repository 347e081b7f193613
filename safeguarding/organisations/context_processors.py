from functools import lru_cache

from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse

from . import rules as org_rules
from .selectors import boards_for_person

NAVIGATION = [
    # (label, url name, predicate that decides who sees it)
    ("Home", "home", None),
    ("Agencies", "organisations:agency_list", "organisations.view_directory"),
    ("People", "organisations:person_list", "organisations.view_directory"),
    ("Boards", "organisations:board_list", "organisations.view_directory"),
    ("Actions", "actionplans:plan_list", "actionplans.use_action_plans"),
    ("Meetings", "meetings:meeting_list", "meetings.view_meetings"),
    ("Training", "training:dashboard", "training.use_training"),
    ("Sessions I train", "training:my_sessions", "training.train_sessions"),
    ("Inspections", "inspections:programme", "inspections.view_inspections"),
    ("Audit trail", "core:audit_list", "core.view_audit"),
]


# Pages anyone may see; an entry whose app has not built the page yet is left out.
PUBLIC_NAVIGATION = [
    ("Home", "public:home"),
    ("Training courses", "training:catalogue"),
    ("News", "meetings:newsflash_list"),
    ("Contact", "public:contact"),
    ("Sign in", "account_login"),
]


@lru_cache(maxsize=256)
def _href(url_name: str, urlconf, script_prefix: str) -> str | None:
    """The navigation's links, worked out once per process (every page draws them); None for
    a page an app has not built."""
    try:
        return reverse(url_name, urlconf=urlconf)
    except NoReverseMatch:
        return None


def href(url_name: str) -> str | None:
    return _href(url_name, get_urlconf(), get_script_prefix())


def _reversible(entries):
    for text, url_name in entries:
        link = href(url_name)
        if link is not None:
            yield text, link


def boards(request):
    board = getattr(request, "board", None)
    user = request.user
    context = {
        "current_board": board,
        "board_name": board.name if board else "Safeguarding Partnership Hub",
        "switchable_boards": [],
        "navigation": [],
    }
    if not user.is_authenticated:
        context["navigation"] = [
            {"text": text, "href": link} for text, link in _reversible(PUBLIC_NAVIGATION)
        ]
        return context
    context["switchable_boards"] = getattr(request, "switchable_boards", None)
    if context["switchable_boards"] is None:
        context["switchable_boards"] = boards_for_person(user)
    items = []
    for label, url_name, permission in NAVIGATION:
        if permission and not user.has_perm(permission):
            continue
        link = href(url_name)
        if link is not None:
            items.append({"text": label, "href": link, "current": request.path == link})
    items.append({"text": "Sign out", "href": href("account_logout")})
    context["navigation"] = items
    context["is_business_unit"] = org_rules.is_business_unit(user)
    return context
