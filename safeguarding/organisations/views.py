from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from safeguarding.core.decorators import permission_required

from .selectors import SESSION_BOARD_KEY, agencies_visible_to, boards_for_person


@permission_required("organisations.view_directory")
def agency_list(request):
    agencies = agencies_visible_to(request.user)
    return render(request, "organisations/agency_list.html", {"agencies": agencies})


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
