"""The meetings API, under /api/: meetings, agenda items, decisions and newsflashes.

Reads are scoped by the same selectors as the pages (a record outside the reader's scope is a
404); writes go through the same services, so rules and the audit trail are identical.
"""

from __future__ import annotations

from rest_framework import serializers, viewsets

from safeguarding.core.api_views import ScopedAPIMixin
from safeguarding.core.concurrency import IdempotentCreateMixin
from safeguarding.organisations.models import Area, Board, Person

from . import services
from .models import AgendaItem, Meeting, Newsflash
from .selectors import (
    decisions_visible_to,
    items_visible_to,
    meetings_visible_to,
    newsflashes_visible_to,
)


class MeetingSerializer(serializers.ModelSerializer):
    board = serializers.PrimaryKeyRelatedField(queryset=Board.objects.all())
    area = serializers.PrimaryKeyRelatedField(
        queryset=Area.objects.filter(kind=Area.Kind.LOCALITY), required=False, allow_null=True
    )
    members = serializers.PrimaryKeyRelatedField(
        many=True, required=False, queryset=Person.objects.filter(is_active=True)
    )

    class Meta:
        model = Meeting
        fields = [
            "id",
            "board",
            "kind",
            "title",
            "area",
            "date",
            "start_time",
            "end_time",
            "venue",
            "online_link",
            "members",
            "series",
            "agenda_published_at",
            "quorate",
            "minutes_state",
            "minutes_approved_at",
        ]
        read_only_fields = [
            "series",
            "agenda_published_at",
            "quorate",
            "minutes_state",
            "minutes_approved_at",
        ]


class MeetingViewSet(ScopedAPIMixin, IdempotentCreateMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = MeetingSerializer

    def scope(self, user):
        return (
            meetings_visible_to(user)
            .prefetch_related("members")
            .order_by("-date", "-start_time", "-pk")
        )

    def perform_create(self, serializer):
        meeting = services.schedule_meeting(self.request.user, **serializer.validated_data)[0]
        serializer.instance = self.get_queryset().get(pk=meeting.pk)


class AgendaItemSerializer(serializers.ModelSerializer):
    meeting = serializers.PrimaryKeyRelatedField(queryset=Meeting.objects.all())

    class Meta:
        model = AgendaItem
        fields = [
            "id",
            "meeting",
            "order",
            "title",
            "purpose",
            "presenter",
            "minutes_allowed",
            "include_in_summary",
        ]


class AgendaItemViewSet(ScopedAPIMixin, IdempotentCreateMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = AgendaItemSerializer

    def scope(self, user):
        return items_visible_to(user).order_by("meeting_id", "order", "pk")

    def get_serializer(self, *args, **kwargs):
        serializer = super().get_serializer(*args, **kwargs)
        # A meeting the writer cannot see is "not found", as on the pages.
        user = getattr(self.request, "user", None)
        if user is not None and "meeting" in getattr(serializer, "fields", {}):
            serializer.fields["meeting"].queryset = meetings_visible_to(user)
        return serializer

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        meeting = data.pop("meeting")
        # A meeting outside the writer's scope: the service refuses it (403).
        item = services.add_item(self.request.user, meeting, **data)
        serializer.instance = item


class DecisionSerializer(serializers.ModelSerializer):
    meeting_title = serializers.CharField(source="meeting.title", read_only=True)
    meeting_date = serializers.DateField(source="meeting.date", read_only=True)

    class Meta:
        model = AgendaItem
        fields = ["id", "meeting", "meeting_title", "meeting_date", "title", "decision"]


class DecisionViewSet(ScopedAPIMixin, viewsets.ReadOnlyModelViewSet):
    """What was agreed, item by item, from minutes the reader may see."""

    serializer_class = DecisionSerializer

    def scope(self, user):
        return decisions_visible_to(user).order_by("-meeting__date", "order", "pk")


class NewsflashSerializer(serializers.ModelSerializer):
    class Meta:
        model = Newsflash
        fields = ["id", "board", "meeting", "title", "body", "state", "approved_at", "published_at"]


class NewsflashViewSet(ScopedAPIMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = NewsflashSerializer

    def scope(self, user):
        return newsflashes_visible_to(user).order_by("-published_at", "-pk")


def register(router) -> None:
    """Adds this app's viewsets to the project's router."""
    router.register("meetings", MeetingViewSet, basename="meeting")
    router.register("agenda-items", AgendaItemViewSet, basename="agendaitem")
    router.register("decisions", DecisionViewSet, basename="decision")
    router.register("newsflashes", NewsflashViewSet, basename="newsflash")
