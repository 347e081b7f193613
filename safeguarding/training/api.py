"""The training API, under /api/: courses and sessions (the catalogue), applications (apply,
cancel, approve, decline, accept an offer) and attendance.

Reads are scoped by the same selectors as the pages (an application outside the reader's scope
is a 404); writes go through the same services, so rules, the audit trail and e-mails match.
"""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action as detail_action
from rest_framework.response import Response

from safeguarding.core.api import HasRulePermission
from safeguarding.core.api_schema import HubAutoSchema
from safeguarding.organisations.models import Person

from . import services
from .filters import SessionFilter
from .models import Application, Course, Session
from .selectors import applications_visible_to, courses_public, sessions_public


class ScopedMixin:
    permission_classes = [HasRulePermission]
    rule_permissions: dict = {"read": "training.use_training"}
    schema = HubAutoSchema()
    lookup_value_regex = "[^/]+"


class CourseSerializer(serializers.ModelSerializer):
    class Meta:
        model = Course
        fields = [
            "id",
            "board",
            "open_to_both_boards",
            "title",
            "topic",
            "audience",
            "level",
            "learning_outcomes",
            "duration",
            "prerequisites",
            "fee_contributing",
            "fee_non_contributing",
            "fee_private",
            "charge_contributing",
            "charge_non_contributing",
            "charge_private",
            "validity_months",
            "offer_hours",
        ]


class CourseViewSet(ScopedMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = CourseSerializer
    filterset_fields = ["board", "topic", "level"]

    def get_queryset(self):
        return courses_public().order_by("title", "pk")


class SessionSerializer(serializers.ModelSerializer):
    places_left = serializers.IntegerField(read_only=True)
    waiting_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Session
        fields = [
            "id",
            "course",
            "starts_at",
            "ends_at",
            "venue",
            "area",
            "trainer",
            "capacity",
            "places_left",
            "waiting_count",
            "booking_closes",
        ]


class SessionViewSet(ScopedMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = SessionSerializer
    filterset_class = SessionFilter

    def get_queryset(self):
        return sessions_public().order_by("starts_at", "pk")


class ApplicationSerializer(serializers.ModelSerializer):
    session = serializers.PrimaryKeyRelatedField(queryset=Session.objects.all())
    line_manager = serializers.PrimaryKeyRelatedField(
        queryset=Person.objects.filter(is_active=True), required=False, allow_null=True
    )
    status_label = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = Application
        fields = [
            "id",
            "session",
            "applicant",
            "line_manager",
            "status",
            "status_label",
            "reason",
            "access_needs",
            "dietary_needs",
            "applied_at",
            "approved_at",
            "offer_expires_at",
            "confirmed_at",
            "charge",
            "charge_reason",
        ]
        read_only_fields = [
            "applicant",
            "status",
            "applied_at",
            "approved_at",
            "offer_expires_at",
            "confirmed_at",
            "charge",
            "charge_reason",
        ]


class NoteSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="")


class AttendanceSerializer(serializers.Serializer):
    attended = serializers.BooleanField(help_text="true if they came, false if absent")


class ApplicationViewSet(ScopedMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Applications the caller may see: their own, their staff's as line manager, their agency's
    as agency lead, and every one of their board's as business-unit staff."""

    serializer_class = ApplicationSerializer
    filterset_fields = ["session", "status"]
    rule_permissions: dict = {"read": "training.use_training", "write": "training.use_training"}

    def get_queryset(self):
        return applications_visible_to(self.request.user).order_by("-applied_at", "-pk")

    def perform_create(self, serializer):
        data = serializer.validated_data
        session = sessions_public().filter(pk=data["session"].pk).first()
        if session is None:
            raise serializers.ValidationError({"session": "Choose a session from the catalogue"})
        application = services.apply(
            self.request.user,
            session,
            reason=data.get("reason", ""),
            line_manager=data.get("line_manager"),
            access_needs=data.get("access_needs", ""),
            dietary_needs=data.get("dietary_needs", ""),
        )
        serializer.instance = self.get_queryset().get(pk=application.pk)

    def _answer(self, application):
        return Response(ApplicationSerializer(self.get_queryset().get(pk=application.pk)).data)

    def _with_note(self, request, service):
        """Runs a service that takes the application and the note in the request body."""
        application = self.get_object()
        body = NoteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        service(request.user, application, body.validated_data["note"])
        return self._answer(application)

    @extend_schema(request=NoteSerializer, responses=ApplicationSerializer)
    @detail_action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        """Approve (line manager or business unit): a place if free, else the waiting list."""
        return self._with_note(request, services.approve)

    @extend_schema(request=NoteSerializer, responses=ApplicationSerializer)
    @detail_action(detail=True, methods=["post"])
    def decline(self, request, pk=None):
        return self._with_note(request, services.decline)

    @extend_schema(request=NoteSerializer, responses=ApplicationSerializer)
    @detail_action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        return self._with_note(request, services.cancel)

    @extend_schema(request=None, responses=ApplicationSerializer)
    @detail_action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        """Accept an offered place."""
        application = self.get_object()
        services.accept_offer(request.user, application)
        return self._answer(application)

    @extend_schema(request=AttendanceSerializer, responses=ApplicationSerializer)
    @detail_action(detail=True, methods=["post"])
    def attendance(self, request, pk=None):
        """Mark the register for one person (business unit)."""
        application = self.get_object()
        body = AttendanceSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.mark_attendance(request.user, application, body.validated_data["attended"])
        return self._answer(application)


def register(router) -> None:
    router.register("training-courses", CourseViewSet, basename="trainingcourse")
    router.register("training-sessions", SessionViewSet, basename="trainingsession")
    router.register("training-applications", ApplicationViewSet, basename="trainingapplication")
