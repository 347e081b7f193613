"""What every page with a form does once it is sent: check it, call the service, show the
service's refusal on the form, say what happened and go on to the next page.

    form = PlanForm(request.POST or None, plan=plan)
    if response := submit(
        request,
        form,
        lambda data: services.update_plan(request.user, plan, **data),
        success_message="The plan has been updated",
        redirect_to=reverse("actionplans:plan_detail", args=[plan.pk]),
        aliases=FIELD_ALIASES,
    ):
        return response
    return render(request, "actionplans/plan_form.html", {"form": form, "plan": plan})

A create form (`SubmitOnceForm`) passes `once=True`: the record is made once per submitted
form and the same form sent again goes to what the first one made (core.concurrency). A button
that posts no form (publish, remove, accept) is `act`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, resolve_url

from .concurrency import SENT_TWICE, repeated_submission, submit_once
from .forms import add_validation_errors

# Text, or a function of what the service returned; None says nothing.
Message = str | Callable[[Any], str | None] | None
# A URL or URL name, or a function of what the service returned giving one.
Target = str | Callable[[Any], str]


def _resolved(value, result):
    return value(result) if callable(value) else value


def submit(
    request,
    form: forms.Form,
    action: Callable[[dict], Any],
    *,
    success_message: Message,
    redirect_to: Target,
    aliases: dict[str, str] | None = None,
    once: bool = False,
) -> HttpResponse | None:
    """For a POST whose form is valid, `action(form.cleaned_data)` (the service call): then
    the success message and a redirect. None when there is nothing to redirect to (a GET, a
    form with errors, or a service's ValidationError, which is put on the form beside the
    fields it names, through `aliases` where the service names a field otherwise): the view
    renders the form again. An edit refused because someone else saved first (EditConflict)
    shows what they changed, and the form then carries the stored version, so saving again
    is a deliberate choice. Whatever the refused action wrote is rolled back.

    `once=True` for a create form (`SubmitOnceForm`): a form sent again after its first
    submission is redirected to what that one made, even if it would no longer validate."""
    if request.method != "POST":
        return None
    if once and (repeat := repeated_submission(request)) is not None:
        return repeat
    if not form.is_valid():
        return None
    try:
        with transaction.atomic():
            if once:
                result, url = submit_once(
                    request.user,
                    form.submission_token,
                    lambda: action(form.cleaned_data),
                    lambda record: resolve_url(_resolved(redirect_to, record)),
                )
            else:
                result = action(form.cleaned_data)
    except ValidationError as error:
        add_validation_errors(form, error, aliases=aliases)
        return None
    if not once:  # after the commit: the service's locks are not held while it is worked out
        url = resolve_url(_resolved(redirect_to, result))
    if once and result is None:  # sent twice at the same moment: the first one made it
        messages.info(request, SENT_TWICE)
    elif (message := _resolved(success_message, result)) is not None:
        messages.success(request, message)
    return redirect(url)


def act(
    request,
    action: Callable[[], Any],
    *,
    success_message: Message,
    redirect_to: Target,
    refused_redirect_to: str | None = None,
) -> HttpResponse:
    """A button that posts no form: `action()` (the service call), then the success message,
    or the service's refusal as error messages (nothing it wrote is kept); either way a
    redirect, to `refused_redirect_to` after a refusal when that is somewhere else."""
    try:
        with transaction.atomic():
            result = action()
    except ValidationError as error:
        for problem in error.messages:
            messages.error(request, problem)
        return redirect(refused_redirect_to or _resolved(redirect_to, None))
    if (message := _resolved(success_message, result)) is not None:
        messages.success(request, message)
    return redirect(_resolved(redirect_to, result))
