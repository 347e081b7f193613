"""The action-plan lists (plans, actions, the challenge log): what each shows, how it sorts and
what its download holds.

The actions' download carries the import's columns first, under the import's headings, then
what the hub keeps itself (`imports.EXPORT_ONLY`, which the import passes over): a plan's
download imports again unchanged.
"""

from __future__ import annotations

from safeguarding.core.listing import Column, ListDefinition, export_only

from .filters import ActionFilter, ChallengeFilter, PlanFilter
from .imports import LABELS


def _names(areas) -> str:
    return "; ".join(area.name for area in areas.all())


PLANS = ListDefinition(
    columns=[
        Column("Plan", "title", value=lambda plan: plan.title),
        export_only("Board", lambda plan: plan.board.short_name),
        Column(
            "Where it came from",
            "origin",
            ("origin_kind",),
            value=lambda plan: plan.get_origin_kind_display(),
        ),
        export_only("Reference", lambda plan: plan.origin_reference),
        Column(
            "Period",
            "start",
            ("period_start",),
            value=lambda plan: plan.period_start,
            download_heading="Period start",
        ),
        export_only("Period end", lambda plan: plan.period_end),
        Column("Shared with", value=lambda plan: _names(plan.shared_with)),
        Column(
            "Actions",
            "actions",
            ("action_count",),
            numeric=True,
            value=lambda plan: plan.action_count,
        ),
    ],
    filterset_class=PlanFilter,
    default_sort="title",
    download_name="action-plans",
    cached_as="actionplans",
)


def _owner(action, attribute: str) -> str:
    return getattr(action.owner_person, attribute) if action.owner_person else ""


ACTIONS = ListDefinition(
    columns=[
        Column("Action", value=lambda action: action.what, download_heading=LABELS["what"]),
        Column("Plan", "plan", ("plan__title",)),
        export_only(LABELS["outcome"], lambda action: action.outcome),
        Column(
            "Agency",
            "agency",
            ("owner_agency__name",),
            value=lambda action: action.owner_agency.name,
            download_heading=LABELS["agency"],
        ),
        export_only(LABELS["owner_email"], lambda action: _owner(action, "email")),
        export_only(
            LABELS["localities"], lambda action: _names(action.localities) or "County-wide"
        ),
        Column(
            "Due",
            "due",
            ("due_date",),
            value=lambda action: action.due_date,
            download_heading=LABELS["due_date"],
        ),
        export_only(LABELS["measure_of_success"], lambda action: action.measure_of_success),
        # What the hub keeps itself, which an import passes over (imports.EXPORT_ONLY).
        export_only("Owner", lambda action: _owner(action, "full_name")),
        Column("Status", "status", value=lambda action: action.get_status_display()),
        export_only("Status reason", lambda action: action.status_reason),
        export_only("Last update (UK time)", lambda action: action.last_update_at),
        export_only("Overdue", lambda action: "Yes" if action.overdue else "No"),
    ],
    filterset_class=ActionFilter,
    default_sort="due",
    download_name="actions",
    cached_as="actionplans",
)


CHALLENGES = ListDefinition(
    columns=[
        Column(
            "Raised",
            "raised",
            ("raised_at",),
            value=lambda challenge: challenge.raised_at,
            download_heading="Raised (UK time)",
        ),
        export_only(
            "Locality", lambda challenge: challenge.locality.name if challenge.locality else ""
        ),
        export_only("Plan", lambda challenge: challenge.action.plan.title),
        Column("Action", value=lambda challenge: challenge.action.what),
        Column("Question", value=lambda challenge: challenge.question),
        Column(
            "Asked of",
            "agency",
            ("addressed_to_agency__name",),
            value=lambda challenge: challenge.addressed_to_agency.name,
        ),
        Column("Reply by", "respond_by", value=lambda challenge: challenge.respond_by),
        export_only("Answer", lambda challenge: challenge.answer),
        export_only("Outcome", lambda challenge: challenge.outcome),
        Column("Status", "status", value=lambda challenge: challenge.get_status_display()),
    ],
    filterset_class=ChallengeFilter,
    default_sort="-raised",
    download_name="challenge-log",
    cached_as="actionplans",
)
