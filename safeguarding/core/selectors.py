"""Shared reads of the core app's records."""

from __future__ import annotations

from django.db.models import QuerySet

from safeguarding.organisations.models import Role

from .models import AuditEvent
from .permissions import bu_board_ids
from .registry import audit_verbs_by_app


def audit_events_visible_to(user) -> QuerySet[AuditEvent]:
    """Administrators see the whole trail; business-unit staff see their own boards' events.
    An event filed under no board (the shared directory, sign-ins, the system) is shown to
    administrators only: it is never every board's business."""
    if not user.is_authenticated:
        return AuditEvent.objects.none()
    if user.is_superuser or user.has_role(Role.ADMINISTRATOR):
        return AuditEvent.objects.all()
    boards = bu_board_ids(user)
    if not boards:
        return AuditEvent.objects.none()
    return AuditEvent.objects.filter(board_id__in=sorted(boards))


def audited_record_types() -> list[tuple[str, str]]:
    """(target_type, readable name) for every kind of record the trail mentions."""
    from django.apps import apps

    choices = []
    types = AuditEvent.objects.order_by("target_type").values_list("target_type", flat=True)
    for label in types.distinct():
        try:
            name = apps.get_model(label)._meta.verbose_name
        except (LookupError, ValueError):
            name = label
        choices.append((label, str(name)[:1].upper() + str(name)[1:]))
    return sorted(choices, key=lambda choice: choice[1])


def audited_verbs() -> list[tuple[str, list[tuple[str, str]]]]:
    """The verbs to filter the trail by, grouped by the app that records them: the declared
    vocabulary (core.registry), not the table's distinct values, which take a scan of every
    row. Older rows may hold verbs from before the vocabulary; they are shown, not offered."""
    from django.apps import apps

    groups = []
    for app_label, verbs in audit_verbs_by_app().items():
        name = apps.get_app_config(app_label).verbose_name
        choices = [(verb, f"{verb[:1].upper()}{verb[1:]}: {text}") for verb, text in verbs.items()]
        groups.append((str(name), sorted(choices)))
    return sorted(groups)
