"""Shared reads of the core app's records."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from safeguarding.organisations.models import Role

from .models import AuditEvent
from .permissions import bu_board_ids


def audit_events_visible_to(user) -> QuerySet[AuditEvent]:
    """Administrators see the whole trail; business-unit staff see their boards' events and
    the events that belong to no board (the shared directory, sign-ins, the system)."""
    if not user.is_authenticated:
        return AuditEvent.objects.none()
    if user.is_superuser or user.has_role(Role.ADMINISTRATOR):
        return AuditEvent.objects.all()
    boards = bu_board_ids(user)
    if not boards:
        return AuditEvent.objects.none()
    return AuditEvent.objects.filter(Q(board__isnull=True) | Q(board_id__in=boards))


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


def audited_verbs() -> list[str]:
    return list(AuditEvent.objects.order_by("verb").values_list("verb", flat=True).distinct())
