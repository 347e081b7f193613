"""Two people at once: concurrent edits of one record, and one form sent twice.

Edits. A shared record carries a `version` (`Versioned`). Its edit form and the API send back
the version the editor loaded; the service locks the row with `lock_for_edit`, which refuses
the edit (`EditConflict`) if the version has moved on, and saves with `save_edit`, a
conditional UPDATE ... WHERE version = the loaded one that moves the version on. A refused edit
shows the editor what the other person changed, and when, from the audit trail, instead of
silently undoing it.

Creates. A create form carries a one-time token (`SubmitOnceForm`); `submit_once` records it in
the same transaction as the record it creates, unique per person, with the new record's page.
The same form sent again, even at the same moment, finds the token and is shown that page
instead of creating a second record. The API does the same for a create sent with an
`Idempotency-Key` header (`IdempotentCreateMixin`).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import F
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import resolve
from django.utils import timezone
from rest_framework import mixins, status
from rest_framework.response import Response

from .formatting import hub_date, hub_time
from .models import AuditEvent, Submission
from .sweeps import sweep

SENT_TWICE = "You sent this form twice: this is what it did the first time"
# A form sent again later than this creates again (nobody resends a form a week on).
SUBMISSIONS_KEPT = timedelta(days=7)
# How many of the other people's changes a refused edit lists.
CONFLICT_EVENTS_SHOWN = 5


class Versioned(models.Model):
    version = models.PositiveIntegerField(
        default=1, editable=False, help_text="Moves on with every saved edit."
    )

    class Meta:
        abstract = True


class EditConflict(ValidationError):
    """An edit written against an older version of the record than the one now stored.

    `current` is the record as stored now; `events` are the audit rows of the changes made
    since the editor loaded it, newest first. The message names who changed what, and when."""

    def __init__(self, current: Versioned, loaded_version: int):
        self.current = current
        missed = max(current.version - loaded_version, 1)
        self.events = list(
            AuditEvent.objects.filter(
                target_type=current._meta.label_lower, target_id=str(current.pk)
            ).order_by("-occurred_at", "-id")[: min(missed, CONFLICT_EVENTS_SHOWN)]
        )
        super().__init__({"__all__": [conflict_message(self.events)]}, code="conflict")


def _new_values(payload: dict):
    """(field, new value) for each {field: [old, new]} of an audit payload, also inside a
    nested {"changed": {...}}."""
    for name, value in payload.items():
        if isinstance(value, dict):
            yield from _new_values(value)
        elif isinstance(value, list) and len(value) == 2:
            yield name, value[1]


def _describe(event: AuditEvent) -> str:
    changes = [
        f"{name.replace('_', ' ')} to '{value}'" for name, value in _new_values(event.payload)
    ]
    what = "; ".join(changes) if changes else event.verb
    when = f"{hub_time(event.occurred_at)} on {hub_date(event.occurred_at)}"
    return f"{event.actor_label} at {when} ({what})"


def conflict_message(events: list[AuditEvent]) -> str:
    who = "; then ".join(_describe(event) for event in reversed(events)) or "someone else"
    return (
        f"This was changed while you were editing it, by {who}. Your changes have not been "
        "saved. Check the current details; saving again replaces them with yours"
    )


def lock_for_edit(queryset: models.QuerySet, pk, loaded_version: int | None):
    """The record locked until the transaction ends. EditConflict if it has been saved since
    the editor loaded `loaded_version` (None: the caller holds no older copy, e.g. a script)."""
    record = queryset.select_for_update(of=("self",)).get(pk=pk)
    if loaded_version is not None and loaded_version != record.version:
        raise EditConflict(record, loaded_version)
    return record


def save_edit(record: Versioned, update_fields: list[str] | None = None) -> None:
    """Save `record` and move its version on, only if nobody saved it since it was read: a
    conditional UPDATE, so even without a row lock (SQLite) the second of two edits loses."""
    model = type(record)
    moved = model._base_manager.filter(pk=record.pk, version=record.version).update(
        version=F("version") + 1
    )
    if not moved:
        raise EditConflict(model._base_manager.get(pk=record.pk), record.version)
    record.version += 1
    if update_fields is None:
        record.save()
    else:
        record.save(update_fields=[*update_fields, "version"])


class VersionField(forms.IntegerField):
    """The version of the record the form was loaded with, sent back with the edit."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("min_value", 1)
        super().__init__(**kwargs)


def track_version(form: forms.Form, record: Versioned) -> None:
    """Give the edit form of `record` the hidden version it was loaded at."""
    form.fields["version"] = VersionField(initial=record.version)


def version_from_request(request) -> int | None:
    """The version an API client edited: `version` in the body, or an If-Match header
    holding it (`If-Match: "3"`). None when it sent neither."""
    value = request.data.get("version") if hasattr(request.data, "get") else None
    if value in (None, ""):
        value = request.headers.get("If-Match", "").removeprefix("W/").strip('" ')
    if value in (None, ""):
        return None
    try:
        version = int(value)
    except (TypeError, ValueError):
        raise ValidationError(
            {"version": "Send the version you loaded as a whole number, e.g. 3"}
        ) from None
    if version < 1:
        raise ValidationError({"version": "Send the version you loaded, 1 or more"})
    return version


# --- One record per submitted create form ---------------------------------------------------


class SubmitOnceForm(forms.Form):
    """A create form with a one-time token; `submission_token` holds it after validation (it
    never reaches cleaned_data, so views pass cleaned_data to services as before)."""

    submission = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["submission"].initial = uuid.uuid4()
        self.submission_token = None

    def clean(self):
        cleaned = super().clean()
        self.submission_token = cleaned.pop("submission", None)
        return cleaned


def submit_once(
    person, token: uuid.UUID | str | None, create: Callable[[], Any], url_of: Callable[[Any], str]
) -> tuple[Any | None, str]:
    """Run `create` once per token: (the record, its URL); for a token already used, (None,
    the URL of what its first submission created). Without a token it simply creates.

    The token row is written first, in the same transaction as the record: a second submit
    racing the first waits on the unique index until the first commits, then finds its URL.
    If the first fails, its token row rolls back with it and the form can be sent again."""
    if token is None:
        record = create()
        return record, url_of(record)
    with transaction.atomic():
        try:
            with transaction.atomic():
                submission = Submission.objects.create(person=person, token=token)
        except IntegrityError:
            first = Submission.objects.get(person=person, token=token)
            return None, first.result_url
        record = create()
        submission.result_url = url_of(record)
        submission.save(update_fields=["result_url"])
        return record, submission.result_url


def repeated_submission(request) -> HttpResponse | None:
    """For a create form sent again after its first submission committed: a redirect to what
    that one created. Checked before the form is validated, since the repeat may no longer
    pass checks the first one made true (an e-mail address now in use, say)."""
    if request.method != "POST" or not request.user.is_authenticated:
        return None
    try:
        token = uuid.UUID(request.POST.get("submission", ""))
    except ValueError:
        return None
    first = Submission.objects.filter(person=request.user, token=token).first()
    if first is None:
        return None
    messages.info(request, SENT_TWICE)
    return redirect(first.result_url)


def create_once(request, form: SubmitOnceForm, create, url_of, message) -> HttpResponse:
    """A create view's success path: create once per submitted form (`submit_once`) and
    redirect to the record; only the first submission says `message` (text, or a function of
    the record). A ValidationError from `create` is left for the view to show on the form."""
    record, url = submit_once(request.user, form.submission_token, create, url_of)
    if record is None:
        messages.info(request, SENT_TWICE)
    else:
        messages.success(request, message(record) if callable(message) else message)
    return redirect(url)


class IdempotentCreateMixin(mixins.CreateModelMixin):
    """An API create sent with an `Idempotency-Key` header (a UUID) is made once: the same key
    again, even at the same moment, answers 200 with the record the first one made."""

    def create(self, request, *args, **kwargs):
        key = request.headers.get("Idempotency-Key")
        if not key:
            return super().create(request, *args, **kwargs)
        try:
            token = uuid.UUID(key)
        except ValueError:
            raise ValidationError(
                {"Idempotency-Key": "Send a UUID as the Idempotency-Key, or leave it out"}
            ) from None
        response, url = submit_once(
            request.user,
            token,
            lambda: super(IdempotentCreateMixin, self).create(request, *args, **kwargs),
            lambda response: f"{request.path}{response.data['id']}/",
        )
        if response is not None:
            return response
        first = get_object_or_404(self.get_queryset(), pk=resolve(url).kwargs["pk"])
        return Response(self.get_serializer(first).data, status=status.HTTP_200_OK)


@sweep
def forget_old_submissions() -> int:
    """Used create-form tokens are kept a week, long enough for any repeated submit."""
    deleted, _ = Submission.objects.filter(
        created_at__lt=timezone.now() - SUBMISSIONS_KEPT
    ).delete()
    return deleted
