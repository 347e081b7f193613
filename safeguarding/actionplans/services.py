"""Every write to action plans: one function per use case, in one transaction, checking the
rule (PermissionDenied), validating (ValidationError keyed by field) and writing an audit row.
Pages, the API, the import and the demo loader all come through here."""

from __future__ import annotations

import os
from collections.abc import Iterable
from datetime import date

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone

from safeguarding.core.audit import changed_fields, record_change, snapshot
from safeguarding.core.concurrency import lock_for_edit, save_edit
from safeguarding.core.permissions import cpb_area_ids, require
from safeguarding.core.uploads import check_upload, stored_name
from safeguarding.core.validation import check_date
from safeguarding.organisations.models import Agency, Area, Board, Person

from .models import Action, ActionPlan, Challenge, Evidence, ProgressUpdate, Status
from .selectors import challenge_addressees

PLAN_FIELDS = ["title", "purpose", "origin_kind", "origin_reference", "period_start", "period_end"]
ACTION_FIELDS = [
    "what",
    "outcome",
    "owner_agency",
    "owner_person",
    "due_date",
    "measure_of_success",
]


def _names(objects) -> list[str]:
    return sorted(str(item) for item in objects)


def _check_period(start, end) -> None:
    check_date("period_start", start, "start date")
    check_date("period_end", end, "end date")
    if start and end and end < start:
        raise ValidationError({"period_end": "Enter an end date the same as or after the start"})


def _localities(areas) -> list[Area]:
    areas = list(areas or [])
    wrong = [area for area in areas if area.kind != Area.Kind.LOCALITY]
    if wrong:
        raise ValidationError({"localities": "Choose locality boards (CPBs) only"})
    return areas


# --- Plans ----------------------------------------------------------------------------------


@transaction.atomic
def create_plan(
    acting_user,
    *,
    board: Board,
    title: str,
    origin_kind: str,
    purpose: str = "",
    origin_reference: str = "",
    period_start: date | None = None,
    period_end: date | None = None,
    shared_with: Iterable[Area] = (),
) -> ActionPlan:
    require(acting_user, "actionplans.add_plan", board)
    title = " ".join(title.split())
    if not title:
        raise ValidationError({"title": "Enter the plan's title"})
    _check_period(period_start, period_end)
    shared = _localities(shared_with)
    plan = ActionPlan.objects.create(
        board=board,
        title=title,
        purpose=purpose,
        origin_kind=origin_kind,
        origin_reference=origin_reference.strip(),
        period_start=period_start,
        period_end=period_end,
        created_by=acting_user if acting_user.is_authenticated else None,
    )
    plan.shared_with.set(shared)
    record_change(
        acting_user,
        "plan created",
        plan,
        {"title": title, "origin": origin_kind, "shared_with": _names(shared)},
    )
    return plan


@transaction.atomic
def update_plan(
    acting_user, plan: ActionPlan, *, shared_with=None, version: int | None = None, **fields
) -> ActionPlan:
    """`version`: the one the editor loaded; a plan saved since then is not overwritten."""
    require(acting_user, "actionplans.change_plan", plan)
    plan = lock_for_edit(ActionPlan.objects.all(), plan.pk, version)
    before = snapshot(plan, PLAN_FIELDS)
    for name, value in fields.items():
        if name not in PLAN_FIELDS:
            raise ValueError(f"Unknown plan field {name}")
        setattr(plan, name, value)
    if not plan.title.strip():
        raise ValidationError({"title": "Enter the plan's title"})
    _check_period(plan.period_start, plan.period_end)
    changes = changed_fields(plan, before, PLAN_FIELDS)
    if shared_with is not None:
        old = _names(plan.shared_with.all())
        shared = _localities(shared_with)
        plan.shared_with.set(shared)
        if old != _names(shared):
            changes["shared_with"] = [old, _names(shared)]
    plan.updated_at = timezone.now()
    save_edit(plan)
    if changes:
        record_change(acting_user, "plan changed", plan, changes)
    return plan


# --- Actions --------------------------------------------------------------------------------


def _check_owner(owner_agency: Agency, owner_person: Person | None) -> None:
    if owner_person is not None and owner_person.agency_id != owner_agency.pk:
        raise ValidationError(
            {"owner_person": f"Choose someone from {owner_agency.name}, or leave it empty"}
        )


@transaction.atomic
def add_action(
    acting_user,
    plan: ActionPlan,
    *,
    what: str,
    owner_agency: Agency,
    due_date: date,
    outcome: str = "",
    owner_person: Person | None = None,
    measure_of_success: str = "",
    localities: Iterable[Area] = (),
) -> Action:
    require(acting_user, "actionplans.change_plan", plan)
    if not what.strip():
        raise ValidationError({"what": "Enter what will be done"})
    check_date("due_date", due_date, "due date")
    _check_owner(owner_agency, owner_person)
    areas = _localities(localities)
    action = Action.objects.create(
        plan=plan,
        what=what.strip(),
        outcome=outcome,
        owner_agency=owner_agency,
        owner_person=owner_person,
        due_date=due_date,
        measure_of_success=measure_of_success,
    )
    action.localities.set(areas)
    record_change(
        acting_user,
        "action created",
        action,
        {
            "summary": f"Added to the plan, owned by {owner_agency.name}, due {due_date:%d/%m/%Y}",
            "localities": _names(areas) or ["County-wide"],
        },
    )
    return action


@transaction.atomic
def update_action(
    acting_user, action: Action, *, localities=None, version: int | None = None, **fields
) -> Action:
    """`version`: the one the editor loaded; an action saved since then is not overwritten."""
    require(acting_user, "actionplans.change_action", action)
    action = lock_for_edit(Action.objects.select_related("plan"), action.pk, version)
    before = snapshot(action, ACTION_FIELDS)
    for name, value in fields.items():
        if name not in ACTION_FIELDS:
            raise ValueError(f"Unknown action field {name}")
        setattr(action, name, value)
    if not action.what.strip():
        raise ValidationError({"what": "Enter what will be done"})
    _check_owner(action.owner_agency, action.owner_person)
    changes = changed_fields(action, before, ACTION_FIELDS)
    if "due_date" in changes:
        check_date("due_date", action.due_date, "due date")
    if localities is not None:
        old = _names(action.localities.all())
        areas = _localities(localities)
        action.localities.set(areas)
        if old != _names(areas):
            changes["localities"] = [old, _names(areas)]
    if changes:
        save_edit(action)
        changes["summary"] = "Changed " + ", ".join(
            name.replace("_", " ") for name in changes if name != "summary"
        )
        record_change(acting_user, "action changed", action, changes)
    return action


# --- Evidence -------------------------------------------------------------------------------


def _create_file_evidence(acting_user, action, upload, description, update=None) -> Evidence:
    checked = check_upload(upload)
    stored = default_storage.save(stored_name("actionplans/evidence", checked.extension), upload)
    return Evidence.objects.create(
        action=action,
        update=update,
        kind=Evidence.Kind.FILE,
        file=stored,
        original_name=os.path.basename(upload.name)[:255],
        content_type=checked.content_type,
        size=upload.size,
        description=description.strip()[:500],
        added_by=acting_user,
    )


def _check_url(url: str) -> str:
    url = url.strip()
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError:
        raise ValidationError(
            {"url": "Enter a web address starting https://, like https://www.example.org/report"}
        ) from None
    return url


def _create_link_evidence(acting_user, action, url, description, update=None) -> Evidence:
    return Evidence.objects.create(
        action=action,
        update=update,
        kind=Evidence.Kind.LINK,
        url=_check_url(url),
        description=description.strip()[:500],
        added_by=acting_user,
    )


@transaction.atomic
def add_evidence_file(acting_user, action: Action, upload, description: str = "") -> Evidence:
    require(acting_user, "actionplans.post_update", action)
    evidence = _create_file_evidence(acting_user, action, upload, description)
    record_change(
        acting_user,
        "evidence added",
        action,
        {"summary": f"File '{evidence.original_name}' added as evidence"},
    )
    return evidence


@transaction.atomic
def add_evidence_link(acting_user, action: Action, url: str, description: str = "") -> Evidence:
    require(acting_user, "actionplans.post_update", action)
    evidence = _create_link_evidence(acting_user, action, url, description)
    record_change(
        acting_user,
        "evidence added",
        action,
        {"summary": f"Link {evidence.url} added as evidence"},
    )
    return evidence


@transaction.atomic
def review_evidence(acting_user, evidence: Evidence, *, accepted: bool, note: str = "") -> Evidence:
    """Accepted, or not accepted with the reason the action's owner reads beside it."""
    action = evidence.action
    require(acting_user, "actionplans.review_evidence", action)
    note = note.strip()
    if not accepted and not note:
        raise ValidationError(
            {"note": "Say why the evidence is not accepted, so its owner knows what to add"}
        )
    evidence = Evidence.objects.select_for_update().get(pk=evidence.pk)
    evidence.accepted = accepted
    evidence.accepted_by = acting_user
    evidence.accepted_at = timezone.now()
    evidence.review_note = "" if accepted else note
    evidence.save(update_fields=["accepted", "accepted_by", "accepted_at", "review_note"])
    verb = "evidence accepted" if accepted else "evidence rejected"
    summary = f"'{evidence}' {'accepted' if accepted else 'not accepted'}"
    payload = {"summary": summary} if accepted else {"summary": summary, "reason": note}
    record_change(acting_user, verb, action, payload)
    return evidence


# --- Progress updates -----------------------------------------------------------------------


@transaction.atomic
def post_update(
    acting_user,
    action: Action,
    *,
    status: str,
    narrative: str,
    update_date: date | None = None,
    files: Iterable = (),
    links: Iterable[tuple[str, str]] = (),
    expected_version: int | None = None,
) -> ProgressUpdate:
    """Record progress and the action's new status.

    The action row is locked first, so two people posting at once are applied one after the
    other and neither update is lost. Marking it complete needs evidence: already on the
    action, or attached to this update. `expected_version` (from the form) refuses an update
    written against an older version of the action's details.
    """
    require(acting_user, "actionplans.post_update", action)
    if status not in Status.values:
        raise ValidationError({"status": "Choose the action's status"})
    if not narrative.strip():
        raise ValidationError({"narrative": "Describe the progress made, or why there is none"})
    check_date("date", update_date, "date for the update", not_future=True)
    locked = lock_for_edit(Action.objects.all(), action.pk, expected_version)
    files, links = list(files), list(links)
    has_evidence = files or links or locked.evidence.exclude(accepted=False).exists()
    if status == Status.COMPLETE and not has_evidence:
        raise ValidationError(
            {"status": "Add evidence (a file or a link) before marking the action complete"}
        )
    update = ProgressUpdate.objects.create(
        action=locked,
        author=acting_user,
        date=update_date or timezone.localdate(),
        status=status,
        narrative=narrative.strip(),
    )
    for upload, description in files:
        _create_file_evidence(acting_user, locked, upload, description, update)
    for url, description in links:
        _create_link_evidence(acting_user, locked, url, description, update)
    old_status = locked.status
    locked.status = status
    locked.status_reason = narrative.strip()
    locked.last_update_at = timezone.now()
    save_edit(locked, ["status", "status_reason", "last_update_at"])
    record_change(
        acting_user,
        "progress updated",
        locked,
        {
            "status": [old_status, status],
            "update": update.pk,
            "evidence": len(files) + len(links),
        },
    )
    action.status, action.version = locked.status, locked.version
    action.last_update_at = locked.last_update_at
    return update


@transaction.atomic
def bulk_update_status(
    acting_user, actions: Iterable[Action], *, status: str, narrative: str
) -> list[ProgressUpdate]:
    """An agency lead moves several of their agency's actions to one status at once; each gets
    its own progress update. All or nothing: one refused action stops the lot."""
    actions = list(actions)
    if not actions:
        raise ValidationError({"actions": "Choose at least one action"})
    for action in actions:
        require(acting_user, "actionplans.post_update", action)
    return [
        post_update(acting_user, action, status=status, narrative=narrative) for action in actions
    ]


# --- Challenges -----------------------------------------------------------------------------


@transaction.atomic
def raise_challenge(
    acting_user,
    action: Action,
    *,
    question: str,
    respond_by: date,
    addressed_to_agency: Agency | None = None,
    addressed_to_person: Person | None = None,
    locality: Area | None = None,
) -> Challenge:
    require(acting_user, "actionplans.raise_challenge", action)
    if not question.strip():
        raise ValidationError({"question": "Enter the question you are asking"})
    check_date("respond_by", respond_by, "reply-by date", earliest=timezone.localdate())
    agency = addressed_to_agency or action.owner_agency
    if (
        locality is not None
        and not acting_user.has_perm("actionplans.change_action", action)
        and locality.pk not in cpb_area_ids(acting_user)
    ):
        raise ValidationError({"locality": "Choose your own locality board, or leave it empty"})
    if (
        addressed_to_person is not None
        and not challenge_addressees(action, agency.pk).filter(pk=addressed_to_person.pk).exists()
    ):
        raise ValidationError(
            {
                "addressed_to_person": f"Choose the action's owner, a safeguarding lead of "
                f"{agency.name} or the board's business unit, or leave it empty to ask "
                f"{agency.name}'s leads"
            }
        )
    challenge = Challenge.objects.create(
        action=action,
        raised_by=acting_user,
        locality=locality,
        question=question.strip(),
        addressed_to_agency=agency,
        addressed_to_person=addressed_to_person,
        respond_by=respond_by,
    )
    record_change(
        acting_user,
        "challenge raised",
        challenge,
        {"action": action.pk, "addressed_to": agency.name, "respond_by": str(respond_by)},
    )
    return challenge


@transaction.atomic
def answer_challenge(acting_user, challenge: Challenge, *, answer: str) -> Challenge:
    require(acting_user, "actionplans.answer_challenge", challenge)
    if challenge.status == Challenge.State.ANSWERED:
        raise ValidationError({"answer": "This challenge has already been answered"})
    if challenge.status == Challenge.State.CLOSED:
        raise ValidationError({"answer": "This challenge is closed and cannot be answered"})
    if not answer.strip():
        raise ValidationError({"answer": "Enter your answer to the challenge"})
    answered = {"answer": answer.strip(), "answered_by": acting_user, "answered_at": timezone.now()}
    return Challenge.moves.move(acting_user, challenge, Challenge.State.ANSWERED, changes=answered)


@transaction.atomic
def close_challenge(acting_user, challenge: Challenge, *, outcome: str) -> Challenge:
    require(acting_user, "actionplans.close_challenge", challenge)
    if challenge.status == Challenge.State.CLOSED:
        raise ValidationError({"outcome": "This challenge is already closed"})
    if not outcome.strip():
        raise ValidationError({"outcome": "Enter the outcome of the challenge"})
    closed = {"outcome": outcome.strip(), "closed_by": acting_user, "closed_at": timezone.now()}
    return Challenge.moves.move(acting_user, challenge, Challenge.State.CLOSED, changes=closed)
