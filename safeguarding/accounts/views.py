from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_POST

from safeguarding.core.decorators import permission_required
from safeguarding.core.form_views import act

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
    people = selectors.marked_by_domain(list(selectors.people_awaiting_confirmation(request.user)))
    return render(request, "accounts/confirmation_list.html", {"people": people})


def _waiting_person(request, pk):
    # Only people on this user's own list can be acted on; anyone else is "not found".
    return get_object_or_404(selectors.people_awaiting_confirmation(request.user), pk=pk)


@require_POST
@permission_required(VIEW_CONFIRMATIONS)
def confirm(request, pk):
    person = _waiting_person(request, pk)
    return act(
        request,
        lambda: services.confirm_agency(request.user, person),
        success_message=lambda confirmed: (
            f"{confirmed.full_name} is confirmed as working for {confirmed.agency}."
        ),
        redirect_to="accounts:confirmation_list",
    )


@require_POST
@permission_required(VIEW_CONFIRMATIONS)
def reject(request, pk):
    person = _waiting_person(request, pk)
    return act(
        request,
        lambda: services.reject_agency(request.user, person),
        # Said of the agency the person had before the rejection.
        success_message=f"{person.full_name} is no longer shown as working for {person.agency}.",
        redirect_to="accounts:confirmation_list",
    )
