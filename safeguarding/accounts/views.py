from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from safeguarding.core.decorators import permission_required

from . import selectors, services

VIEW_CONFIRMATIONS = "accounts.view_agency_confirmations"
# Every rate limit of the sign-in pages (ACCOUNT_RATE_LIMITS and allauth's own) clears within
# this time, so the refusal can say when to try again.
RATE_LIMIT_RETRY_MINUTES = 5


def too_many_requests(request):
    """allauth's rate-limit refusal, in the board's layout, saying when to try again."""
    response = render(request, "429.html", {"retry_minutes": RATE_LIMIT_RETRY_MINUTES}, status=429)
    response["Retry-After"] = str(RATE_LIMIT_RETRY_MINUTES * 60)
    return response


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
