from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from safeguarding.core.decorators import permission_required

from . import selectors, services

VIEW_CONFIRMATIONS = "accounts.view_agency_confirmations"


@permission_required(VIEW_CONFIRMATIONS)
def confirmation_list(request):
    people = list(selectors.people_awaiting_confirmation(request.user))
    return render(request, "accounts/confirmation_list.html", {"people": people})


def _waiting_person(request, pk):
    # Only people on this user's own list can be acted on; anyone else is "not found".
    return get_object_or_404(selectors.people_awaiting_confirmation(request.user), pk=pk)


@require_POST
@permission_required(VIEW_CONFIRMATIONS)
def confirm(request, pk):
    person = services.confirm_agency(request.user, _waiting_person(request, pk))
    messages.success(request, f"{person.full_name} is confirmed as working for {person.agency}.")
    return redirect("accounts:confirmation_list")


@require_POST
@permission_required(VIEW_CONFIRMATIONS)
def reject(request, pk):
    person = _waiting_person(request, pk)
    agency = person.agency
    services.reject_agency(request.user, person)
    messages.success(request, f"{person.full_name} is no longer shown as working for {agency}.")
    return redirect("accounts:confirmation_list")
