from . import rules as org_rules
from .selectors import boards_for_person


def boards(request):
    board = getattr(request, "board", None)
    user = request.user
    context = {
        "current_board": board,
        "board_name": board.name if board else "Safeguarding Partnership Hub",
        "switchable_boards": [],
    }
    if not user.is_authenticated:
        return context
    context["switchable_boards"] = getattr(request, "switchable_boards", None)
    if context["switchable_boards"] is None:
        context["switchable_boards"] = boards_for_person(user)
    context["is_business_unit"] = org_rules.is_business_unit(user)
    return context
