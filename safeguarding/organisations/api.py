"""Organisations API: boards, areas, agencies and people, scoped like the pages."""

from rest_framework import serializers, viewsets

from .models import Agency
from .selectors import agencies_visible_to


class AgencySerializer(serializers.ModelSerializer):
    class Meta:
        model = Agency
        fields = ["id", "name", "slug", "sector", "contribution_status", "is_active"]


class AgencyViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = AgencySerializer

    def get_queryset(self):
        return agencies_visible_to(self.request.user)


def register(router) -> None:
    router.register("agencies", AgencyViewSet, basename="agency")
