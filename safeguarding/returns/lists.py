"""The request and return lists: what each shows, how it sorts and what its download holds."""

from __future__ import annotations

from safeguarding.core.listing import Column, ListDefinition, export_only

from .filters import RequestFilter, ReturnFilter

REQUESTS = ListDefinition(
    columns=[
        Column("Request", "title", value=lambda request: request.title),
        Column(
            "Questionnaire",
            "questionnaire",
            ("version__template__name",),
            value=lambda request: str(request.version),
        ),
        Column("Sent", "sent", ("sent_on",), value=lambda request: request.sent_on),
        Column("Deadline", "deadline", ("deadline",), value=lambda request: request.deadline),
        Column("Agencies", numeric=True, value=lambda request: request.agencies),
        Column("Signed off", numeric=True, value=lambda request: request.signed_off),
    ],
    filterset_class=RequestFilter,
    default_sort="-sent",
    download_name="requests-to-agencies",
)


def _late(answered) -> str:
    return "Late" if answered.is_late() else ""


RETURNS = ListDefinition(
    columns=[
        Column("Agency", "agency", ("agency__name",), value=lambda answered: answered.agency.name),
        Column(
            "Request",
            "request",
            ("request__title",),
            value=lambda answered: answered.request.title,
        ),
        Column(
            "Deadline",
            "deadline",
            ("request__deadline",),
            value=lambda answered: answered.request.deadline,
        ),
        Column("Status", "status", value=lambda answered: answered.get_status_display()),
        Column("Late", value=_late),
        Column(
            "Moderation",
            "moderation",
            value=lambda answered: answered.get_moderation_display(),
        ),
        export_only("Signed off (UK time)", lambda answered: answered.signed_off_at),
        export_only("Questionnaire version", lambda answered: str(answered.template_version)),
    ],
    filterset_class=ReturnFilter,
    default_sort="deadline",
    download_name="returns",
)
