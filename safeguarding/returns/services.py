"""Every write to requests and returns: one function per use case, in one transaction, checking
the rule (PermissionDenied), validating (ValidationError keyed by field) and writing an audit
row. Pages, the API and the demo loader all come through here."""

from __future__ import annotations

import os
from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.utils import timezone

from safeguarding.actionplans import services as plans
from safeguarding.actionplans.models import ActionPlan
from safeguarding.core import fragments
from safeguarding.core.audit import record_change
from safeguarding.core.formatting import hub_date
from safeguarding.core.outbox import queue_email
from safeguarding.core.permissions import require
from safeguarding.core.uploads import check_upload, stored_name
from safeguarding.core.validation import check_date
from safeguarding.inspections.names import check_no_child_names
from safeguarding.organisations.models import Agency, Board, Person

from . import library
from .emails import Purpose
from .models import (
    Answer,
    ChallengeEvent,
    Evidence,
    ModeratedScore,
    Question,
    Request,
    Return,
    Section,
    Template,
    TemplateVersion,
)
from .selectors import agency_leads, colleagues_for, previous_return, structure


def _update_return(pk: int, **fields) -> None:
    """A conditional-free update of a return's own columns; the cached pages that show
    returns are told (an update() sends no save signal)."""
    Return.objects.filter(pk=pk).update(**fields)
    fragments.changed("returns")


ANSWER_FIELDS = ("text", "yes_no", "choice", "number", "date", "score", "owner", "due_date")


# --- Templates ------------------------------------------------------------------------------


def _write_version(template: Template, definition: dict, number: int, note: str = ""):
    version = TemplateVersion.objects.create(template=template, number=number, note=note)
    for s_position, section in enumerate(definition["sections"], start=1):
        row = Section.objects.create(
            version=version,
            position=s_position,
            title=section["title"],
            description=section.get("description", ""),
        )
        Question.objects.bulk_create(
            Question(
                section=row,
                position=q_position,
                key=question["key"],
                text=question["text"],
                help_text=question.get("help_text", ""),
                kind=question["kind"],
                options=question.get("options", []),
                scale=question.get("scale", []),
                required=question.get("required", False),
            )
            for q_position, question in enumerate(section["questions"], start=1)
        )
    return version


def _check_definition(definition: dict) -> None:
    if not definition.get("name", "").strip():
        raise ValidationError({"name": "Enter the questionnaire's name"})
    if not definition.get("sections"):
        raise ValidationError({"sections": "Add at least one section with a question"})
    for section in definition["sections"]:
        for question in section.get("questions", []):
            if question["kind"] not in Question.Kind.values:
                raise ValidationError({"sections": f"'{question['kind']}' is not a question type"})
            if question["kind"] == Question.Kind.SCALE and not question.get("scale"):
                raise ValidationError({"sections": "A scale question needs its scores"})
            if question["kind"] == Question.Kind.CHOICE and not question.get("options"):
                raise ValidationError({"sections": "A list question needs its choices"})


@transaction.atomic
def create_template(acting_user, *, board: Board, definition: dict) -> Template:
    require(acting_user, "returns.manage_requests", board)
    _check_definition(definition)
    if Template.objects.filter(board=board, name=definition["name"].strip()).exists():
        raise ValidationError({"name": "A questionnaire with this name exists: add a version"})
    template = Template.objects.create(
        board=board,
        name=definition["name"].strip(),
        kind=definition.get("kind", Template.Kind.OTHER),
        description=definition.get("description", ""),
    )
    version = _write_version(template, definition, 1)
    record_change(
        acting_user,
        "questionnaire created",
        template,
        {"name": template.name, "version": version.number},
    )
    return template


@transaction.atomic
def add_version(acting_user, template: Template, *, definition: dict, note: str = ""):
    """A new version of the questions; requests already sent keep theirs."""
    require(acting_user, "returns.manage_requests", template.board)
    _check_definition({"name": template.name, **definition})
    template = Template.objects.select_for_update().get(pk=template.pk)
    number = (template.versions.order_by("-number").values_list("number", flat=True).first()) or 0
    version = _write_version(template, definition, number + 1, note)
    record_change(
        acting_user, "questionnaire created", template, {"version": version.number, "note": note}
    )
    return version


def build_template(acting_user, *, board: Board, name, kind, description, questions: str):
    """A questionnaire written in the builder's text (builder.py)."""
    from .builder import parse

    definition = {
        "name": " ".join(name.split()),
        "kind": kind,
        "description": description.strip(),
        "sections": parse(questions),
    }
    return create_template(acting_user, board=board, definition=definition)


def build_version(acting_user, template: Template, *, questions: str, note: str):
    from .builder import parse

    if not note.strip():
        raise ValidationError({"note": "Say what changed in this version"})
    return add_version(
        acting_user, template, definition={"sections": parse(questions)}, note=note.strip()
    )


def ensure_library(acting_user, board: Board) -> list[Template]:
    """The ready-made questionnaires for a board, created once."""
    made = []
    for definition in library.library():
        template = Template.objects.filter(board=board, name=definition["name"]).first()
        made.append(template or create_template(acting_user, board=board, definition=definition))
    return made


def chosen_template(acting_user, board: Board, choice: str) -> Template:
    """A questionnaire chosen by its id, or a ready-made one ("ready:<kind>"), made now."""
    if choice.startswith("ready:"):
        kind = choice.removeprefix("ready:")
        for template in ensure_library(acting_user, board):
            if template.kind == kind:
                return template
    elif choice.isdigit():
        template = Template.objects.filter(board=board, pk=int(choice)).first()
        if template is not None:
            return template
    raise ValidationError({"template": "Choose one of the questionnaires listed"})


def findings_template(acting_user, *, board: Board, report_title: str, findings: list[str]):
    findings = [" ".join(text.split()) for text in findings if text.strip()]
    if not findings:
        raise ValidationError({"findings": "Enter at least one finding, one a line"})
    definition = library.findings(report_title.strip(), findings)
    existing = Template.objects.filter(board=board, name=definition["name"]).first()
    if existing:
        add_version(acting_user, existing, definition=definition, note="Findings changed")
        return existing
    return create_template(acting_user, board=board, definition=definition)


def latest_version(template: Template) -> TemplateVersion:
    return template.versions.order_by("-number").first()


# --- Requests -------------------------------------------------------------------------------


def _carry_forward(answered: Return, questions: list[Question]) -> int:
    """Answers of the agency's previous return of this template, for the questions that did
    not change between its version and this one."""
    previous = previous_return(answered)
    if previous is None:
        return 0
    by_key = {question.key: question for question in questions}
    old = Answer.objects.filter(answered_return=previous).select_related("question")
    copies = []
    for answer in old:
        question = by_key.get(answer.question.key)
        if question is None or question.fingerprint != answer.question.fingerprint:
            continue
        copies.append(
            Answer(
                answered_return=answered,
                question=question,
                carried_forward=True,
                **{name: getattr(answer, name) for name in ANSWER_FIELDS},
            )
        )
    Answer.objects.bulk_create(copies)
    return len(copies)


def _notify_leads(answered: Return, purpose, *, key: str, subject: str, reason: str) -> list:
    sent = []
    for person in agency_leads(answered.agency_id):
        if person.email and queue_email(
            purpose=purpose,
            recipient=person.email,
            object_key=key,
            subject=subject,
            template="emails/returns/return_notice",
            context={"answered": answered, "person": person, "reason": reason},
        ):
            sent.append(str(person))
    return sent


@transaction.atomic
def send_request(
    acting_user,
    *,
    board: Board,
    version: TemplateVersion,
    title: str,
    deadline: date,
    agencies: Iterable[Agency],
    message: str = "",
    sent_on: date | None = None,
    report=None,
    moderators: Iterable[Person] = (),
) -> Request:
    require(acting_user, "returns.manage_requests", board)
    title = " ".join(title.split())
    if not title:
        raise ValidationError({"title": "Enter the request's title"})
    if version.template.board_id != board.pk:
        raise ValidationError({"template": "Choose one of this board's questionnaires"})
    sent_on = sent_on or timezone.localdate()
    check_date("deadline", deadline, "deadline")
    if deadline < sent_on:
        raise ValidationError({"deadline": "Enter a deadline after the day it is sent"})
    agencies = sorted(set(agencies), key=lambda agency: agency.name)
    if not agencies:
        raise ValidationError({"agencies": "Choose at least one agency"})
    request = Request(
        board=board,
        version=version,
        title=title,
        deadline=deadline,
        message=message.strip(),
        sent_on=sent_on,
        created_by=acting_user if acting_user.is_authenticated else None,
    )
    if report is not None:
        checked = check_upload(report, field="report")
        request.report = default_storage.save(
            stored_name("returns/reports", checked.extension), report
        )
        request.report_name = os.path.basename(report.name)[:255]
        request.report_type = checked.content_type
    request.save()
    request.moderators.set(list(moderators))
    questions = [q for section in structure(version.pk) for q in section.questions.all()]
    carried = 0
    for agency in agencies:
        answered = Return.objects.create(request=request, agency=agency, template_version=version)
        carried += _carry_forward(answered, questions)
        _notify_leads(
            answered,
            Purpose.REQUEST_SENT,
            key=f"return:{answered.pk}:sent",
            subject=f"Please answer by {hub_date(deadline)}: {title}",
            reason=f"{board.name} asks {agency.name} to answer '{title}' by {hub_date(deadline)}.",
        )
    record_change(
        acting_user,
        "request sent",
        request,
        {
            "title": title,
            "questionnaire": str(version),
            "deadline": deadline.isoformat(),
            "agencies": [agency.name for agency in agencies],
            "answers_carried_forward": carried,
        },
    )
    return request


# --- Answering ------------------------------------------------------------------------------


def _lock(answered: Return) -> Return:
    """The return as stored, locked: saves, sign-off and reopening of one return take turns,
    and the rules are asked about the stored state, never a stale copy."""
    return (
        Return.objects.select_for_update()
        .select_related("request", "agency", "template_version")
        .get(pk=answered.pk)
    )


def _clean_value(question: Question, values: dict) -> dict:
    """The answer's stored fields from what was sent, checked against the question."""
    field = f"q{question.pk}"
    kind = question.kind
    out = {}
    if kind in (Question.Kind.TEXT, Question.Kind.EVIDENCE, Question.Kind.IMPROVEMENT):
        out["text"] = (values.get("text") or "").strip()
    if "text" in values and kind not in (
        Question.Kind.TEXT,
        Question.Kind.EVIDENCE,
        Question.Kind.IMPROVEMENT,
    ):
        raise ValidationError({field: "This question is not answered in words"})
    if kind == Question.Kind.IMPROVEMENT:
        out["owner"] = (values.get("owner") or "").strip()[:200]
        out["due_date"] = values.get("due_date")
        if out["due_date"] is not None:
            check_date(f"{field}_due_date", out["due_date"], "deadline")
    if kind == Question.Kind.YES_NO:
        out["yes_no"] = values.get("yes_no")
    if kind == Question.Kind.CHOICE:
        choice = values.get("choice") or ""
        if choice and choice not in question.options:
            raise ValidationError({field: "Choose one of the options listed"})
        out["choice"] = choice
    if kind == Question.Kind.NUMBER:
        number = values.get("number")
        out["number"] = Decimal(str(number)) if number not in (None, "") else None
    if kind == Question.Kind.DATE:
        out["date"] = values.get("date")
        if out["date"] is not None:
            check_date(field, out["date"], "date")
    if kind == Question.Kind.SCALE:
        score = values.get("score")
        score = None if score in (None, "") else int(score)
        if score is not None and score not in {row[0] for row in question.scale}:
            raise ValidationError({field: "Choose one of the scores listed"})
        out["score"] = score
    # Only what was sent: a colleague's change to another part of the answer is kept.
    return {name: value for name, value in out.items() if name in values}


@transaction.atomic
def save_answers(
    acting_user,
    answered: Return,
    answers: dict[int, dict],
    *,
    confirm_no_names: bool = False,
) -> Return:
    """Saves the answers given, by question id; questions not named keep what is stored, so
    colleagues saving other questions at the same moment lose nothing."""
    answered = _lock(answered)
    require(acting_user, "returns.answer_return", answered)
    if answered.is_locked:
        raise ValidationError("This return has been signed off: ask the business unit to reopen it")
    questions = {
        question.pk: question
        for question in Question.objects.filter(
            section__version_id=answered.template_version_id, pk__in=list(answers)
        )
    }
    unknown = set(answers) - set(questions)
    if unknown:
        raise ValidationError({"answers": "Answer the questions of this return only"})
    cleaned = {pk: _clean_value(questions[pk], values) for pk, values in answers.items()}
    check_no_child_names(
        {f"q{pk}": values.get("text", "") for pk, values in cleaned.items()},
        confirmed=confirm_no_names,
    )
    now = timezone.now()
    changed = []
    for pk, values in cleaned.items():
        fields = {**values, "updated_by": acting_user, "updated_at": now, "carried_forward": False}
        try:
            with transaction.atomic():
                _answer, created = Answer.objects.update_or_create(
                    answered_return=answered, question_id=pk, defaults=fields
                )
        except IntegrityError:  # a colleague created it a moment ago: update theirs
            Answer.objects.filter(answered_return=answered, question_id=pk).update(**fields)
            fragments.changed("returns")
        changed.append(questions[pk].key)
    if answered.status == Return.Status.NOT_STARTED:
        _update_return(answered.pk, status=Return.Status.DRAFT)
        answered.status = Return.Status.DRAFT
    if changed:
        record_change(
            acting_user,
            "return answered",
            answered,
            {"questions": sorted(changed), "confirmed_no_child_names": confirm_no_names},
        )
    return answered


@transaction.atomic
def invite_colleague(acting_user, answered: Return, person: Person) -> Return:
    answered = _lock(answered)
    require(acting_user, "returns.invite_colleague", answered)
    if not colleagues_for(answered).filter(pk=person.pk).exists():
        raise ValidationError({"person": f"Choose someone from {answered.agency.name}"})
    answered.collaborators.add(person)
    if person.email:
        queue_email(
            purpose=Purpose.INVITED,
            recipient=person.email,
            object_key=f"return:{answered.pk}:invited",
            subject=f"Help answer: {answered.request.title}",
            template="emails/returns/return_notice",
            context={
                "answered": answered,
                "person": person,
                "reason": f"{acting_user} asks you to help answer '{answered.request.title}' "
                f"for {answered.agency.name}.",
            },
        )
    record_change(acting_user, "return colleague invited", answered, {"colleague": str(person)})
    return answered


def _check_url(url: str) -> str:
    url = (url or "").strip()
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError:
        raise ValidationError(
            {"url": "Enter a web address starting https://, like https://www.example.org/policy"}
        ) from None
    return url


def _evidence_question(answered: Return, question_id) -> Question | None:
    if not question_id:
        return None
    question = Question.objects.filter(
        pk=question_id, section__version_id=answered.template_version_id
    ).first()
    if question is None:
        raise ValidationError({"question": "Choose a question of this return"})
    return question


@transaction.atomic
def add_evidence(
    acting_user,
    answered: Return,
    *,
    upload=None,
    url: str = "",
    description: str = "",
    question_id: int | None = None,
) -> Evidence:
    """A file or a link as evidence for the return (for one question, or the whole)."""
    answered = _lock(answered)
    require(acting_user, "returns.answer_return", answered)
    if answered.is_locked:
        raise ValidationError("This return has been signed off: ask the business unit to reopen it")
    question = _evidence_question(answered, question_id)
    if upload is None and not (url or "").strip():
        raise ValidationError({"file": "Choose a file, or give a link"})
    if upload is not None:
        checked = check_upload(upload)
        evidence = Evidence.objects.create(
            evidence_for=answered,
            question=question,
            kind=Evidence.Kind.FILE,
            file=default_storage.save(stored_name("returns/evidence", checked.extension), upload),
            original_name=os.path.basename(upload.name)[:255],
            content_type=checked.content_type,
            size=upload.size,
            description=description.strip()[:500],
            added_by=acting_user,
        )
    else:
        evidence = Evidence.objects.create(
            evidence_for=answered,
            question=question,
            kind=Evidence.Kind.LINK,
            url=_check_url(url),
            description=description.strip()[:500],
            added_by=acting_user,
        )
    if answered.status == Return.Status.NOT_STARTED:
        _update_return(answered.pk, status=Return.Status.DRAFT)
    record_change(
        acting_user,
        "return evidence added",
        answered,
        {"evidence": str(evidence), "question": question.key if question else ""},
    )
    return evidence


def missing_answers(answered: Return) -> list[Question]:
    """The required questions not yet answered."""
    given = {
        answer.question_id: answer
        for answer in Answer.objects.filter(answered_return=answered).select_related("question")
    }
    missing = []
    for section in structure(answered.template_version_id):
        for question in section.questions.all():
            if question.required and not (
                question.pk in given and given[question.pk].display().strip()
            ):
                missing.append(question)
    return missing


@transaction.atomic
def sign_off(acting_user, answered: Return) -> Return:
    answered = _lock(answered)
    require(acting_user, "returns.sign_off_return", answered)
    missing = missing_answers(answered)
    if missing:
        raise ValidationError(
            {"answers": f"Answer every required question first: {len(missing)} still to answer"}
        )
    has_scores = Question.objects.filter(
        section__version_id=answered.template_version_id, kind=Question.Kind.SCALE
    ).exists()
    moderation = answered.moderation
    if has_scores and moderation != Return.Moderation.MODERATED:
        moderation = Return.Moderation.IN_MODERATION
    return Return.moves.move(
        acting_user,
        answered,
        Return.Status.SIGNED_OFF,
        changes={
            "signed_off_by": acting_user if acting_user.is_authenticated else None,
            "signed_off_at": timezone.now(),
            "moderation": moderation,
        },
        payload={"summary": f"Signed off by {acting_user}"},
    )


@transaction.atomic
def reopen(acting_user, answered: Return, *, reason: str) -> Return:
    """The business unit's decision, with its reason, to let the agency change a signed-off
    return."""
    answered = _lock(answered)
    require(acting_user, "returns.reopen_return", answered)
    if not reason.strip():
        raise ValidationError({"reason": "Enter why the return is being reopened"})
    return Return.moves.move(
        acting_user,
        answered,
        Return.Status.DRAFT,
        changes={"signed_off_at": None, "signed_off_by": None},
        payload={"reason": reason.strip()},
    )


# --- Moderation -----------------------------------------------------------------------------


@transaction.atomic
def moderate(
    acting_user,
    answered: Return,
    scores: dict[int, tuple[int, str]],
    *,
    complete: bool = False,
    confirm_no_names: bool = False,
) -> Return:
    """Moderated scores beside the agency's own, each with its reason. `complete`: the
    moderation is finished."""
    answered = _lock(answered)
    require(acting_user, "returns.moderate_return", answered)
    questions = {
        question.pk: question
        for question in Question.objects.filter(
            section__version_id=answered.template_version_id,
            kind=Question.Kind.SCALE,
            pk__in=list(scores),
        )
    }
    for pk, (score, reason) in scores.items():
        field = f"q{pk}"
        question = questions.get(pk)
        if question is None:
            raise ValidationError({field: "Moderate this return's scored questions only"})
        if score not in {row[0] for row in question.scale}:
            raise ValidationError({field: "Choose one of the scores listed"})
        if not (reason or "").strip():
            raise ValidationError({f"{field}_reason": "Enter the reason for the moderated score"})
    check_no_child_names(
        {f"q{pk}_reason": reason for pk, (_score, reason) in scores.items()},
        confirmed=confirm_no_names,
    )
    changes = {}
    for pk, (score, reason) in scores.items():
        ModeratedScore.objects.update_or_create(
            moderated_return=answered,
            question_id=pk,
            defaults={
                "score": score,
                "reason": reason.strip(),
                "moderator": acting_user,
                "moderated_at": timezone.now(),
            },
        )
        changes[questions[pk].key] = score
    state = Return.Moderation.MODERATED if complete else Return.Moderation.IN_MODERATION
    _update_return(answered.pk, moderation=state)
    answered.moderation = state
    record_change(
        acting_user, "return moderated", answered, {"scores": changes, "complete": complete}
    )
    return answered


@transaction.atomic
def ask_for_evidence(acting_user, answered: Return, *, note: str, deadline: date) -> Return:
    """Back to the agency for more evidence, with its own deadline: the return opens for it."""
    answered = _lock(answered)
    require(acting_user, "returns.moderate_return", answered)
    if not note.strip():
        raise ValidationError({"note": "Enter what evidence the agency should add"})
    check_date("deadline", deadline, "deadline")
    if deadline < timezone.localdate():
        raise ValidationError({"deadline": "Enter a deadline in the future"})
    answered = Return.moves.move(
        acting_user,
        answered,
        Return.Status.DRAFT,
        changes={
            "moderation": Return.Moderation.MORE_EVIDENCE,
            "evidence_asked": note.strip(),
            "evidence_deadline": deadline,
        },
        payload={"reason": "More evidence asked for"},
    )
    answered.refresh_from_db()
    _notify_leads(
        answered,
        Purpose.EVIDENCE_ASKED,
        key=f"return:{answered.pk}:evidence:{deadline.isoformat()}",
        subject=f"More evidence by {hub_date(deadline)}: {answered.request.title}",
        reason=f"The moderator asks for more evidence by {hub_date(deadline)}: {note.strip()}",
    )
    record_change(
        acting_user,
        "return evidence asked",
        answered,
        {"note": note.strip(), "deadline": deadline.isoformat()},
    )
    return answered


@transaction.atomic
def record_challenge(acting_user, answered: Return, *, held_on: date, outcome: str):
    answered = _lock(answered)
    require(acting_user, "returns.moderate_return", answered)
    check_date("held_on", held_on, "date of the event")
    if not outcome.strip():
        raise ValidationError({"outcome": "Enter the outcome of the challenge event"})
    check_no_child_names({"outcome": outcome}, confirmed=True)
    event = ChallengeEvent.objects.create(
        challenged_return=answered,
        held_on=held_on,
        outcome=outcome.strip(),
        recorded_by=acting_user,
    )
    record_change(
        acting_user,
        "return challenge recorded",
        answered,
        {"held_on": held_on.isoformat(), "outcome": outcome.strip()},
    )
    return event


# --- Actions --------------------------------------------------------------------------------


def _plan_for(acting_user, answered: Return) -> ActionPlan:
    if answered.action_plan_id:
        return answered.action_plan
    reference = f"returns.return:{answered.pk}"
    plan = ActionPlan.objects.filter(
        board_id=answered.request.board_id, origin_reference=reference
    ).first() or plans.create_plan(
        acting_user,
        board=answered.request.board,
        title=f"{answered.agency.name}: {answered.request.title}"[:200],
        origin_kind=ActionPlan.Origin.OTHER,
        origin_reference=reference,
        purpose=f"The areas for improvement and moderation findings of {answered.agency.name}'s "
        f"return to '{answered.request.title}'.",
    )
    _update_return(answered.pk, action_plan=plan)
    answered.action_plan = plan
    return plan


@transaction.atomic
def raise_actions(acting_user, answered: Return, *, default_due: date | None = None) -> int:
    """The return's areas for improvement, and the moderated scores below the agency's own,
    become actions in an action plan for the agency (once each)."""
    answered = _lock(answered)
    require(acting_user, "returns.raise_actions", answered)
    default_due = default_due or answered.request.deadline.replace(
        year=answered.request.deadline.year + 1
    )
    improvements = Answer.objects.filter(
        answered_return=answered, question__kind=Question.Kind.IMPROVEMENT, action__isnull=True
    ).exclude(text="")
    own = {
        answer.question_id: answer.score
        for answer in Answer.objects.filter(answered_return=answered, score__isnull=False)
    }
    findings = [
        score
        for score in ModeratedScore.objects.filter(
            moderated_return=answered, action__isnull=True
        ).select_related("question__section")
        if own.get(score.question_id) is not None and score.score < own[score.question_id]
    ]
    if not improvements and not findings:
        raise ValidationError("There is nothing to make into actions: no areas for improvement")
    plan = _plan_for(acting_user, answered)
    made = 0
    for answer in improvements.select_related("question"):
        action = plans.add_action(
            acting_user,
            plan,
            what=answer.text,
            outcome=f"From the return: {answer.question}",
            owner_agency=answered.agency,
            due_date=answer.due_date or default_due,
            measure_of_success=f"Owner named by the agency: {answer.owner}" if answer.owner else "",
        )
        Answer.objects.filter(pk=answer.pk).update(action=action)
        fragments.changed("returns")
        made += 1
    for score in findings:
        action = plans.add_action(
            acting_user,
            plan,
            what=f"{score.question.section.title}: {score.reason}",
            outcome="Moderation found the standard less well met than the agency said",
            owner_agency=answered.agency,
            due_date=default_due,
        )
        ModeratedScore.objects.filter(pk=score.pk).update(action=action)
        made += 1
    record_change(acting_user, "return actions raised", answered, {"actions": made})
    return made
