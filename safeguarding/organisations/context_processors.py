from django.urls import NoReverseMatch, reverse

from . import rules as org_rules
from .selectors import boards_for_person

NAVIGATION = [
    # (label, url name, predicate that decides who sees it)
    ("Home", "home", None),
    ("Agencies", "organisations:agency_list", "organisations.view_directory"),
    ("People", "organisations:person_list", "organisations.view_directory"),
    ("Boards", "organisations:board_list", "organisations.view_directory"),
    ("Actions", "actionplans:plan_list", "actionplans.use_action_plans"),
    ("Audit trail", "core:audit_list", "core.view_audit"),
]


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
            {"text": "Home", "href": reverse("public:home")},
            {"text": "Contact", "href": reverse("public:contact")},
            {"text": "Sign in", "href": reverse("account_login")},
        ]
        return context
    context["switchable_boards"] = getattr(request, "switchable_boards", None)
    if context["switchable_boards"] is None:
        context["switchable_boards"] = boards_for_person(user)
    items = []
    for label, url_name, permission in NAVIGATION:
        if permission and not user.has_perm(permission):
            continue
        try:
            href = reverse(url_name)
        except NoReverseMatch:
            continue
        items.append({"text": label, "href": href, "current": request.path == href})
    items.append({"text": "Sign out", "href": reverse("account_logout")})
    context["navigation"] = items
    context["is_business_unit"] = org_rules.is_business_unit(user)
    return context
