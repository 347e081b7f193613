"""The accounts API, under /api/: people who registered themselves and are waiting for their
agency to be confirmed, and confirming or rejecting them, as the confirmations page does (the
agency's safeguarding lead, the business unit and administrators).
"""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action as detail_action
from rest_framework.response import Response

from safeguarding.core.api_views import ScopedAPIMixin
from safeguarding.organisations.models import Person

from . import selectors, services
from .views import VIEW_CONFIRMATIONS


class WaitingPersonSerializer(serializers.ModelSerializer):
    agency_name = serializers.CharField(source="agency.name", default=None, read_only=True)

    class Meta:
        model = Person
        fields = [
            "id",
            "full_name",
            "email",
            "job_title",
            "agency",
            "agency_name",
            "agency_confirmed",
            "date_joined",
        ]
        read_only_fields = fields


class AgencyConfirmationViewSet(ScopedAPIMixin, viewsets.ReadOnlyModelViewSet):
    """People waiting for their agency to be confirmed: for an agency lead those who chose one
    of their agencies, for the business unit and administrators everyone. Once confirmed or
    rejected, a person leaves this list."""

    serializer_class = WaitingPersonSerializer
    rule_permissions = {"read": VIEW_CONFIRMATIONS, "write": VIEW_CONFIRMATIONS}

    def scope(self, user):
        return selectors.people_awaiting_confirmation(user)

    def _decide(self, service):
        person = service(self.request.user, self.get_object())
        return Response(WaitingPersonSerializer(person).data)

    @extend_schema(request=None, responses=WaitingPersonSerializer)
    @detail_action(detail=True, methods=["post"])
    def confirm(self, request, pk=None, **kwargs):
        """They work for the agency they chose."""
        return self._decide(services.confirm_agency)

    @extend_schema(request=None, responses=WaitingPersonSerializer)
    @detail_action(detail=True, methods=["post"])
    def reject(self, request, pk=None, **kwargs):
        """Not from this agency: they are left without one, to choose again."""
        return self._decide(services.reject_agency)


def register(router) -> None:
    router.register(
        "agency-confirmations", AgencyConfirmationViewSet, basename="agencyconfirmation"
    )
