"""Every write to case reviews: one function per use case, in one transaction, checking the
rule (PermissionDenied), validating (ValidationError keyed by field) and writing an audit row.
Pages, the API, the sweeps and the demo loader all come through here.

Free text goes through the child-name check practice inspections use (`inspections/names.py`):
a likely name with a date of birth is refused; a likely name alone needs the writer's
confirmation, which the audit row records (the field names, never the text).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from datetime import date

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from safeguarding.actionplans import services as plans
from safeguarding.actionplans.models import ActionPlan
from safeguarding.core import fragments
from safeguarding.core.audit import changed_fields, record_change, snapshot
from safeguarding.core.concurrency import lock_for_edit, save_edit
from safeguarding.core.formatting import absolute_reverse, hub_date
from safeguarding.core.outbox import queue_email
from safeguarding.core.permissions import require
from safeguarding.core.uploads import check_upload, stored_name
from safeguarding.core.validation import check_date
from safeguarding.inspections.names import check_no_child_names
from safeguarding.organisations.models import Agency, Area, Board, Person, Role

from .clocks import clocks_for
from .emails import Purpose
from .models import (
    ChronologyRequest,
    ClockSettings,
    LearningBrief,
    PanelMember,
    Recommendation,
    Review,
    Stage,
    Theme,
)

MAX_THEMES = 3
TEXT_FIELDS = [
    "pseudonym",
    "summary",
    "our_involvement",
    "our_actions",
    "rapid_review_decision",
    "panel_view",
    "terms_of_reference",
    "learning_note",
]
DATE_LABELS = {
    "learned_on": ("date the board learned of the incident", True),
    "notified_on": ("date of the notification", True),
    "rapid_review_on": ("rapid review meeting date", False),
    "decided_on": ("date of the decision", True),
    "panel_view_on": ("date of the national panel's view", True),
    "started_on": ("date the review started", False),
    "draft_received_on": ("date the draft report arrived", True),
    "signed_off_on": ("date of the panel's sign-off", True),
    "publication_expected": ("expected publication date", False),
    "published_on": ("publication date", True),
    "embargo_until": ("embargo date", False),
    "their_publication_expected": ("expected publication date", False),
}
# What a review's details form may change (the stage's own fields are among them).
DETAIL_FIELDS = [
    "pseudonym",
    "locality",
    "summary",
    "learned_on",
    "notified_on",
    "lead_area",
    "our_involvement",
    "their_publication_expected",
    "our_actions",
    "rapid_review_on",
    "rapid_review_decision",
    "decision",
    "decided_on",
    "panel_view",
    "panel_view_on",
    "reviewer",
    "terms_of_reference",
    "budget",
    "started_on",
    "draft_received_on",
    "signed_off_on",
    "publication_expected",
    "published_on",
    "embargo_until",
    "report_url",
    "learning_note",
]
# The fields each stage's form asks for when a review moves into it.
STAGE_FIELDS = {
    Stage.RAPID_REVIEW: ["notified_on", "rapid_review_on"],
    Stage.DECISION: [
        "rapid_review_on",
        "rapid_review_decision",
        "decision",
        "decided_on",
        "panel_view",
        "panel_view_on",
    ],
    Stage.COMMISSIONING: ["reviewer", "terms_of_reference", "budget"],
    Stage.IN_PROGRESS: ["reviewer", "terms_of_reference", "budget", "started_on"],
    Stage.DRAFT_REPORT: ["draft_received_on"],
    Stage.SIGN_OFF: ["signed_off_on"],
    Stage.PUBLICATION: ["publication_expected", "embargo_until", "published_on", "report_url"],
    Stage.LEARNING: ["published_on", "report_url", "learning_note"],
    Stage.CLOSED: ["learning_note"],
}
CHILDREN_KINDS = {Review.Kind.RAPID, Review.Kind.CSPR, Review.Kind.SCR}


def _noting(payload: dict, confirmed: list[str]) -> dict:
    return {**payload, "confirmed_no_child_name": confirmed} if confirmed else payload


def _names(objects) -> list[str]:
    return sorted(str(item) for item in objects)


def _check_dates(values: dict, earliest: date | None = None) -> None:
    for field, value in values.items():
        if field in DATE_LABELS and value is not None:
            label, happened = DATE_LABELS[field]
            check_date(field, value, label, not_future=happened)
            if earliest is not None and field != "learned_on" and value < earliest:
                raise ValidationError(
                    {
                        field: f"Enter a {label} on or after {hub_date(earliest)}, the day the "
                        "board learned of the incident"
                    }
                )


def _check_kind(board: Board, kind: str) -> None:
    if kind not in Review.Kind.values:
        raise ValidationError({"kind": "Choose the type of review"})
    if board.kind == Board.Kind.ADULTS and kind != Review.Kind.SAR:
        raise ValidationError({"kind": "An adults' board holds safeguarding adults reviews"})
    if board.kind != Board.Kind.ADULTS and kind == Review.Kind.SAR:
        raise ValidationError({"kind": "Safeguarding adults reviews belong to an adults' board"})


def _check_themes(themes) -> list[Theme]:
    themes = list(themes or [])
    if len(themes) > MAX_THEMES:
        raise ValidationError({"themes": f"Choose up to {MAX_THEMES} themes"})
    return themes


def _check_locality(locality: Area | None) -> None:
    if locality is not None and locality.kind != Area.Kind.LOCALITY:
        raise ValidationError({"locality": "Choose a locality board (CPB) area"})


def next_reference(board: Board, kind: str, year: int) -> str:
    """ "CSR-2015-03" (children's), "SAR-2015-01" (adults'): numbered per board and year."""
    prefix = "SAR" if kind == Review.Kind.SAR else "CSR"
    stem = f"{board.short_name.upper()[:6]}-{prefix}-{year}-"
    last = Review.objects.filter(reference__startswith=stem).aggregate(last=Max("reference"))[
        "last"
    ]
    number = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    return f"{stem}{number:02d}"


def _refresh_next_due(review: Review) -> None:
    open_dues = [clock.due for clock in clocks_for(review) if clock.is_open]
    if review.led_elsewhere and review.their_publication_expected and not review.published_on:
        open_dues.append(review.their_publication_expected)
    if review.stage == Stage.CLOSED:
        open_dues = []
    due = min(open_dues) if open_dues else None
    if review.next_due != due:
        Review.objects.filter(pk=review.pk).update(next_due=due)
        review.next_due = due
        fragments.changed("reviews")  # an update() sends no signal


@transaction.atomic
def record_notification(
    acting_user,
    *,
    board: Board,
    kind: str,
    learned_on: date,
    notified_on: date | None = None,
    locality: Area | None = None,
    agencies: Iterable[Agency] = (),
    themes: Iterable[Theme] = (),
    summary: str = "",
    pseudonym: str = "",
    led_elsewhere: bool = False,
    lead_area: str = "",
    our_involvement: str = "",
    their_publication_expected: date | None = None,
    our_actions: str = "",
    confirm_no_names: bool = False,
) -> Review:
    """A serious incident notification (or a review another area leads): a new review on the
    register, with a generated reference."""
    require(acting_user, "reviews.add_review", board)
    _check_kind(board, kind)
    if learned_on is None:
        raise ValidationError({"learned_on": "Enter the date the board learned of the incident"})
    _check_dates(
        {
            "learned_on": learned_on,
            "notified_on": notified_on,
            "their_publication_expected": their_publication_expected,
        },
        earliest=learned_on,
    )
    _check_locality(locality)
    themes = _check_themes(themes)
    lead_area = " ".join(lead_area.split())
    if led_elsewhere and not lead_area:
        raise ValidationError({"lead_area": "Enter the area leading the review"})
    confirmed = check_no_child_names(
        {
            "pseudonym": pseudonym,
            "summary": summary,
            "our_involvement": our_involvement,
            "our_actions": our_actions,
        },
        confirmed=confirm_no_names,
    )
    review = Review.objects.create(
        reference=next_reference(board, kind, learned_on.year),
        pseudonym=pseudonym.strip(),
        kind=kind,
        board=board,
        locality=locality,
        summary=summary.strip(),
        learned_on=learned_on,
        notified_on=notified_on,
        led_elsewhere=led_elsewhere,
        lead_area=lead_area if led_elsewhere else "",
        our_involvement=our_involvement.strip(),
        their_publication_expected=their_publication_expected,
        our_actions=our_actions.strip(),
        created_by=acting_user if acting_user.is_authenticated else None,
    )
    review.agencies.set(list(agencies))
    review.themes.set(themes)
    _refresh_next_due(review)
    record_change(
        acting_user,
        "review notified",
        review,
        _noting(
            {
                "kind": review.get_kind_display(),
                "learned_on": learned_on.isoformat(),
                "agencies": _names(review.agencies.all()),
                "themes": _names(themes),
                **({"lead_area": lead_area} if led_elsewhere else {}),
            },
            confirmed,
        ),
    )
    return review


def _clean(values: dict) -> dict:
    cleaned = {}
    for name, value in values.items():
        if isinstance(value, str):
            value = value.strip()
        cleaned[name] = value
    return cleaned


@transaction.atomic
def update_review(
    acting_user,
    review: Review,
    *,
    version: int | None = None,
    agencies: Iterable[Agency] | None = None,
    themes: Iterable[Theme] | None = None,
    courses: Iterable | None = None,
    confirm_no_names: bool = False,
    **fields,
) -> Review:
    """Change a review's details and the fields of its stages (`version`: the one the editor
    loaded; a review saved since then is not overwritten)."""
    require(acting_user, "reviews.change_review", review)
    review = lock_for_edit(Review.objects.all(), review.pk, version)
    unknown = set(fields) - set(DETAIL_FIELDS)
    if unknown:
        raise ValueError(f"Unknown review fields {sorted(unknown)}")
    fields = _clean(fields)
    before = snapshot(review, DETAIL_FIELDS)
    for name, value in fields.items():
        setattr(review, name, value)
    _check_review(review)
    confirmed = check_no_child_names(
        {name: fields[name] for name in TEXT_FIELDS if name in fields},
        confirmed=confirm_no_names,
    )
    changes = changed_fields(review, before, DETAIL_FIELDS)
    if agencies is not None:
        old, agencies = _names(review.agencies.all()), list(agencies)
        review.agencies.set(agencies)
        if old != _names(agencies):
            changes["agencies"] = [old, _names(agencies)]
    if themes is not None:
        old, themes = _names(review.themes.all()), _check_themes(themes)
        review.themes.set(themes)
        if old != _names(themes):
            changes["themes"] = [old, _names(themes)]
    if courses is not None:
        old, courses = _names(review.courses.all()), list(courses)
        review.courses.set(courses)
        if old != _names(courses):
            changes["courses"] = [old, _names(courses)]
    save_edit(review)
    _refresh_next_due(review)
    if changes:
        record_change(acting_user, "review changed", review, _noting(changes, confirmed))
    return review


def _check_review(review: Review) -> None:
    if review.learned_on is None:
        raise ValidationError({"learned_on": "Enter the date the board learned of the incident"})
    _check_dates({name: getattr(review, name) for name in DATE_LABELS}, earliest=review.learned_on)
    _check_locality(review.locality)
    if review.decision and review.decision not in Review.Decision.values:
        raise ValidationError({"decision": "Choose the decision"})
    if review.budget is not None and review.budget < 0:
        raise ValidationError({"budget": "Enter a budget of £0 or more"})
    if review.led_elsewhere and not review.lead_area:
        raise ValidationError({"lead_area": "Enter the area leading the review"})
    if review.published_on and review.started_on and review.published_on < review.started_on:
        raise ValidationError({"published_on": "Enter a publication date after the review started"})


def _need(review: Review, *fields: str, why: str) -> None:
    for field in fields:
        value = getattr(review, field)
        if value in (None, ""):
            label = review._meta.get_field(field).verbose_name
            raise ValidationError({field: f"Enter the {label}: {why}"})


def _check_move(review: Review, to: str) -> None:
    """What the law (and the review's own order) needs before `to`."""
    children = review.kind in CHILDREN_KINDS
    old = review.stage
    if to == Stage.RAPID_REVIEW:
        if not children or review.led_elsewhere:
            raise ValidationError(
                {"stage": "Only a children's review this board leads has a rapid review"}
            )
        _need(review, "notified_on", why="the national panel and Ofsted are told first")
    elif to == Stage.DECISION:
        if children and not review.led_elsewhere and old != Stage.RAPID_REVIEW:
            raise ValidationError(
                {"stage": "A children's review is decided on after its rapid review"}
            )
        if review.led_elsewhere:
            raise ValidationError({"stage": "The area leading the review decides on it"})
        if children:
            _need(
                review,
                "rapid_review_on",
                "rapid_review_decision",
                why="the decision follows the rapid review",
            )
        _need(review, "decision", "decided_on", why="it is the decision stage")
        if review.decision == Review.Decision.CONVERTED and review.kind != Review.Kind.RAPID:
            raise ValidationError(
                {"decision": "Only a rapid review can be converted to a full review"}
            )
    elif to == Stage.CLOSED and old == Stage.DECISION:
        if review.decision != Review.Decision.NONE:
            raise ValidationError(
                {"stage": "A review decided on is closed only after its learning is shared"}
            )
    elif to == Stage.COMMISSIONING:
        if review.decision == Review.Decision.NONE:
            raise ValidationError({"stage": "The decision was that there is no review"})
    elif to == Stage.IN_PROGRESS:
        if old == Stage.NOTIFIED and not review.led_elsewhere:
            raise ValidationError(
                {"stage": "A review this board leads is decided on and commissioned first"}
            )
        if old == Stage.COMMISSIONING:
            _need(review, "reviewer", "terms_of_reference", why="the review is commissioned")
        if not review.led_elsewhere:
            _need(review, "started_on", why="the publication clock starts then")
    elif to == Stage.DRAFT_REPORT:
        _need(review, "draft_received_on", why="the draft report has arrived")
    elif to == Stage.SIGN_OFF:
        _need(review, "signed_off_on", why="the panel has signed the report off")
    elif to == Stage.PUBLICATION:
        if old == Stage.IN_PROGRESS and not review.led_elsewhere:
            raise ValidationError(
                {"stage": "The panel signs the report off before it is published"}
            )
        if review.led_elsewhere:
            _need(review, "their_publication_expected", why="their report is expected then")
        else:
            _need(review, "publication_expected", why="it is the publication stage")
    elif to == Stage.LEARNING:
        _need(review, "published_on", why="the learning follows publication")
    elif to == Stage.CLOSED:
        _need(review, "learning_note", why="the learning is disseminated before closing")


@transaction.atomic
def move_review(
    acting_user, review: Review, to: str, *, confirm_no_names: bool = False, **fields
) -> Review:
    """Move a review to its next stage, with that stage's fields."""
    require(acting_user, "reviews.change_review", review)
    review = Review.objects.select_for_update().get(pk=review.pk)
    allowed = set(STAGE_FIELDS.get(to, []))
    if unknown := set(fields) - allowed:
        raise ValueError(f"Fields {sorted(unknown)} do not belong to the stage {to}")
    fields = _clean(dict(fields.items()))
    if not Review.moves.can_become(review, to):
        raise Review.moves.refusal(review, review.stage, to)
    for name, value in fields.items():
        setattr(review, name, value)
    _check_review(review)
    _check_move(review, to)
    confirmed = check_no_child_names(
        {name: fields[name] for name in TEXT_FIELDS if name in fields},
        confirmed=confirm_no_names,
    )
    changes = dict(fields)
    payload = {name: value for name, value in fields.items() if name not in TEXT_FIELDS}
    if to == Stage.DECISION and review.decision == Review.Decision.CONVERTED:
        changes["kind"] = Review.Kind.CSPR
        payload["kind"] = [Review.Kind.RAPID, Review.Kind.CSPR]
    if to == Stage.CLOSED:
        changes["closed_on"] = timezone.localdate()
    Review.moves.move(acting_user, review, to, changes=changes, payload=_noting(payload, confirmed))
    _refresh_next_due(review)
    return review


# --- The panel ------------------------------------------------------------------------------


@transaction.atomic
def add_panel_member(acting_user, review: Review, *, person: Person, role: str = "") -> PanelMember:
    require(acting_user, "reviews.manage_panel", review)
    if not person.is_active:
        raise ValidationError({"person": "Choose someone whose account is active"})
    if review.panel.filter(person=person).exists():
        raise ValidationError({"person": f"{person.full_name} is already on the panel"})
    member = PanelMember.objects.create(
        review=review, person=person, role=role.strip(), added_by=acting_user
    )
    record_change(
        acting_user, "panel member added", review, {"person": person.full_name, "role": role}
    )
    return member


@transaction.atomic
def remove_panel_member(acting_user, member: PanelMember) -> None:
    review = member.review
    require(acting_user, "reviews.manage_panel", review)
    name = member.person.full_name
    member.delete()
    record_change(acting_user, "panel member removed", review, {"person": name})


# --- Chronologies ---------------------------------------------------------------------------


def agency_leads(agency: Agency):
    return Person.objects.filter(
        roles__role=Role.AGENCY_LEAD, roles__agency=agency, is_active=True
    ).distinct()


@transaction.atomic
def request_chronology(
    acting_user, review: Review, *, agency: Agency, due_on: date, note: str = ""
) -> ChronologyRequest:
    require(acting_user, "reviews.change_review", review)
    if due_on is None:
        raise ValidationError({"due_on": "Enter the deadline"})
    check_date("due_on", due_on, "deadline", earliest=timezone.localdate())
    if review.chronologies.filter(agency=agency).exists():
        raise ValidationError({"agency": f"{agency.name} has already been asked"})
    confirmed = check_no_child_names({"note": note}, confirmed=False)
    request = ChronologyRequest.objects.create(
        review=review, agency=agency, due_on=due_on, note=note.strip(), requested_by=acting_user
    )
    for lead in agency_leads(agency):
        queue_email(
            purpose=Purpose.CHRONOLOGY_REQUEST,
            recipient=lead.email,
            object_key=f"reviews.chronologyrequest:{request.pk}",
            subject=f"Chronology requested for case review {review.reference}",
            template="emails/reviews/chronology_request",
            context={
                "person": lead,
                "request": request,
                "review": review,
                "due": hub_date(due_on),
                "link": absolute_reverse("reviews:chronology_detail", request.pk),
            },
        )
    record_change(
        acting_user,
        "chronology requested",
        review,
        _noting({"agency": agency.name, "due_on": due_on.isoformat()}, confirmed),
    )
    return request


@transaction.atomic
def upload_chronology(acting_user, request: ChronologyRequest, *, upload) -> ChronologyRequest:
    require(acting_user, "reviews.upload_chronology", request)
    request = ChronologyRequest.objects.select_for_update().get(pk=request.pk)
    checked = check_upload(upload)
    name = default_storage.save(stored_name("reviews/chronologies", checked.extension), upload)
    request.file = name
    request.original_name = os.path.basename(upload.name)[:255]
    request.content_type = checked.content_type
    request.size = upload.size
    request.received_at = timezone.now()
    request.received_by = acting_user
    request.save()
    record_change(
        acting_user,
        "chronology uploaded",
        request.review,
        {"agency": request.agency.name, "file": request.original_name},
    )
    return request


# --- Recommendations ------------------------------------------------------------------------


def review_plan(acting_user, review: Review) -> ActionPlan:
    """The review's action plan, made on first use and shared with the locality boards that
    monitor it: the review's locality, or every locality for a county-wide review."""
    plan = ActionPlan.objects.filter(
        origin_kind=ActionPlan.Origin.CASE_REVIEW,
        origin_reference=f"reviews.review:{review.pk}",
    ).first()
    if plan is not None:
        return plan
    localities = (
        [review.locality]
        if review.locality_id
        else list(Area.objects.filter(kind=Area.Kind.LOCALITY))
    )
    return plans.create_plan(
        acting_user,
        board=review.board,
        title=f"Case review {review} recommendations",
        purpose="The actions that answer the review's recommendations.",
        origin_kind=ActionPlan.Origin.CASE_REVIEW,
        origin_reference=f"reviews.review:{review.pk}",
        period_start=review.published_on or timezone.localdate(),
        shared_with=localities,
    )


@transaction.atomic
def add_recommendation(
    acting_user,
    review: Review,
    *,
    text: str,
    agency: Agency,
    due_date: date,
    confirm_no_names: bool = False,
) -> Recommendation:
    """A recommendation of the report, made an action of the review's action plan (owned by
    `agency`), monitored there by the CPBs and the board."""
    require(acting_user, "reviews.change_review", review)
    review = Review.objects.select_for_update().get(pk=review.pk)
    if not text.strip():
        raise ValidationError({"text": "Enter the recommendation"})
    if agency is None:
        raise ValidationError({"agency": "Choose the agency that will own the action"})
    if due_date is None:
        raise ValidationError({"due_date": "Enter the date the action is due"})
    confirmed = check_no_child_names({"text": text}, confirmed=confirm_no_names)
    plan = review_plan(acting_user, review)
    action = plans.add_action(
        acting_user,
        plan,
        what=text.strip(),
        owner_agency=agency,
        due_date=due_date,
        outcome="The review's recommendation is met and its learning shows in practice",
        localities=list(plan.shared_with.all()),
    )
    recommendation = Recommendation.objects.create(
        review=review, text=text.strip(), agency=agency, action=action
    )
    record_change(
        acting_user,
        "recommendation added",
        review,
        _noting({"agency": agency.name, "action": action.pk}, confirmed),
    )
    return recommendation


# --- Learning -------------------------------------------------------------------------------


@transaction.atomic
def publish_learning_brief(
    acting_user, review: Review, *, title: str, body: str, confirm_no_names: bool = False
) -> LearningBrief:
    require(acting_user, "reviews.change_review", review)
    review = Review.objects.select_for_update().get(pk=review.pk)
    if not review.published_on:
        raise ValidationError({"title": "Publish the review's report before its learning brief"})
    title = " ".join(title.split())
    if not title:
        raise ValidationError({"title": "Enter the brief's title"})
    if not body.strip():
        raise ValidationError({"body": "Enter the brief"})
    confirmed = check_no_child_names({"title": title, "body": body}, confirmed=confirm_no_names)
    brief = LearningBrief.objects.create(review=review, title=title, body=body.strip())
    record_change(
        acting_user, "learning brief published", review, _noting({"title": title}, confirmed)
    )
    return brief


# --- Settings -------------------------------------------------------------------------------


@transaction.atomic
def add_theme(acting_user, *, name: str) -> Theme:
    require(acting_user, "reviews.manage_themes")
    name = " ".join(name.split())
    if not name:
        raise ValidationError({"name": "Enter the theme"})
    if Theme.objects.filter(name__iexact=name).exists():
        raise ValidationError({"name": f"'{name}' is already a theme"})
    theme = Theme.objects.create(name=name)
    record_change(acting_user, "review theme added", theme, {"name": name})
    return theme


@transaction.atomic
def set_clocks(
    acting_user, board: Board, *, decision_working_days: int, publication_months: int
) -> ClockSettings:
    require(acting_user, "reviews.add_review", board)
    if board.kind != Board.Kind.ADULTS:
        raise ValidationError(
            {"decision_working_days": "Children's reviews run on the statutory clocks"}
        )
    if not 1 <= decision_working_days <= 100:
        raise ValidationError({"decision_working_days": "Enter between 1 and 100 working days"})
    if not 1 <= publication_months <= 36:
        raise ValidationError({"publication_months": "Enter between 1 and 36 months"})
    settings, _ = ClockSettings.objects.get_or_create(board=board)
    old = [settings.decision_working_days, settings.publication_months]
    settings.decision_working_days = decision_working_days
    settings.publication_months = publication_months
    settings.save()
    record_change(
        acting_user,
        "review clocks changed",
        settings,
        {"clocks": [old, [decision_working_days, publication_months]]},
    )
    for review in Review.objects.filter(board=board, kind=Review.Kind.SAR):
        _refresh_next_due(review)
    return settings
