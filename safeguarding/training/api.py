"""The training API, under /api/: courses and sessions (the catalogue), applications (apply,
cancel, approve, decline, accept an offer) and attendance; for the business unit, taking a
course off the public pages (and back) and a course's feedback results; for trainers and the
business unit, the registers they may mark.

Reads are scoped by the same selectors as the pages (an application outside the reader's scope
is a 404); writes go through the same services, so rules, the audit trail and e-mails match.
"""

from __future__ import annotations

from django.utils import timezone
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import serializers, viewsets
from rest_framework.decorators import action as detail_action
from rest_framework.response import Response

from safeguarding.core.api_views import ScopedAPIMixin
from safeguarding.core.concurrency import IdempotentCreateMixin
from safeguarding.organisations.models import Person

from . import services
from .filters import SessionFilter
from .models import Application, Course, Session
from .selectors import (
    applications_on_registers_of,
    applications_visible_to,
    course_feedback_results,
    courses_managed_by,
    courses_public,
    register_rows,
    sessions_public,
    sessions_with_register_for,
)


class ScopedMixin(ScopedAPIMixin):
    rule_permissions: dict = {"read": "training.use_training"}


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
            "is_published",
        ]
        read_only_fields = ["is_published"]


class RatingCountSerializer(serializers.Serializer):
    rating = serializers.IntegerField()
    overall = serializers.IntegerField(help_text="Responses giving this overall rating")
    outcomes_met = serializers.IntegerField(
        help_text="Responses giving this rating for how well the learning outcomes were met"
    )


class SessionFeedbackSerializer(serializers.Serializer):
    session = serializers.IntegerField(source="pk")
    starts_at = serializers.DateTimeField()
    trainer = serializers.CharField()
    is_cancelled = serializers.BooleanField()
    attended = serializers.IntegerField()
    responses = serializers.IntegerField()
    average_overall = serializers.FloatField(source="overall", allow_null=True)
    average_outcomes_met = serializers.FloatField(source="outcomes", allow_null=True)
    will_change_practice = serializers.IntegerField(source="changing")
    overall_ratings = serializers.ListField(
        source="distribution",
        child=serializers.IntegerField(),
        help_text="How many gave each overall rating, 1 to 5",
    )


class CourseFeedbackSerializer(serializers.Serializer):
    course = serializers.IntegerField()
    responses = serializers.IntegerField()
    average_overall = serializers.FloatField(allow_null=True)
    average_outcomes_met = serializers.FloatField(allow_null=True)
    will_change_practice = serializers.IntegerField()
    ratings = RatingCountSerializer(many=True)
    sessions = SessionFeedbackSerializer(many=True)


class CourseViewSet(ScopedMixin, viewsets.ReadOnlyModelViewSet):
    """The published courses. The business unit also takes a course off the public pages (and
    puts it back) and reads its feedback results, for courses of their boards."""

    serializer_class = CourseSerializer
    filterset_fields = ["board", "topic", "level"]

    def scope(self, user):
        if self.action in ("publish", "unpublish", "feedback"):
            return courses_managed_by(user).order_by("title", "pk")
        return courses_public().order_by("title", "pk")

    def _publication(self, request, published: bool):
        course = services.set_course_published(request.user, self.get_object(), published)
        return Response(CourseSerializer(course).data)

    @extend_schema(request=None, responses=CourseSerializer)
    @detail_action(detail=True, methods=["post"])
    def unpublish(self, request, pk=None, **kwargs):
        """Take the course off the public pages: its sessions leave the catalogue and booking
        stops; applications and places already made are kept."""
        return self._publication(request, False)

    @extend_schema(request=None, responses=CourseSerializer)
    @detail_action(detail=True, methods=["post"])
    def publish(self, request, pk=None, **kwargs):
        """Put the course back on the public pages."""
        return self._publication(request, True)

    @extend_schema(responses=CourseFeedbackSerializer)
    @detail_action(detail=True, methods=["get"])
    def feedback(self, request, pk=None, **kwargs):
        """Feedback on every session of the course combined, and each session's figures."""
        course = self.get_object()
        results = course_feedback_results(course)
        summary = results["summary"]
        data = {
            "course": course.pk,
            "responses": summary["count"],
            "average_overall": summary["average_overall"],
            "average_outcomes_met": summary["average_outcomes"],
            "will_change_practice": summary["changing"],
            "ratings": [
                {"rating": r["rating"], "overall": r["count"], "outcomes_met": r["outcomes_count"]}
                for r in results["distribution"]
            ],
            "sessions": results["sessions"],
        }
        return Response(CourseFeedbackSerializer(data).data)


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

    def scope(self, user):
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


class RegisterEntrySerializer(serializers.ModelSerializer):
    """One person on a register: what a trainer needs, and no more."""

    application = serializers.IntegerField(source="pk", read_only=True)
    name = serializers.CharField(source="applicant.full_name", read_only=True)
    agency = serializers.CharField(source="applicant.agency.name", default="", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = Application
        fields = ["application", "session", "name", "agency", "status", "status_label"]
        read_only_fields = fields


class ApplicationViewSet(ScopedMixin, IdempotentCreateMixin, viewsets.ReadOnlyModelViewSet):
    """Applications the caller may see: their own, their staff's as line manager, their agency's
    as agency lead, and every one of their board's as business-unit staff."""

    serializer_class = ApplicationSerializer
    filterset_fields = ["session", "status"]
    rule_permissions: dict = {"read": "training.use_training", "write": "training.use_training"}

    def scope(self, user):
        if self.action == "attendance":
            # The session's trainer too (they see nothing else of the application); anyone
            # else who may see it is answered 403 by the service, not 404.
            user = user
            return (applications_visible_to(user) | applications_on_registers_of(user)).order_by(
                "pk"
            )
        return applications_visible_to(user).order_by("-applied_at", "-pk")

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
    def approve(self, request, pk=None, **kwargs):
        """Approve (line manager or business unit): a place if free, else the waiting list."""
        return self._with_note(request, services.approve)

    @extend_schema(request=NoteSerializer, responses=ApplicationSerializer)
    @detail_action(detail=True, methods=["post"])
    def decline(self, request, pk=None, **kwargs):
        return self._with_note(request, services.decline)

    @extend_schema(request=NoteSerializer, responses=ApplicationSerializer)
    @detail_action(detail=True, methods=["post"])
    def cancel(self, request, pk=None, **kwargs):
        return self._with_note(request, services.cancel)

    @extend_schema(request=None, responses=ApplicationSerializer)
    @detail_action(detail=True, methods=["post"])
    def accept(self, request, pk=None, **kwargs):
        """Accept an offered place."""
        application = self.get_object()
        services.accept_offer(request.user, application)
        return self._answer(application)

    @extend_schema(request=AttendanceSerializer, responses=RegisterEntrySerializer)
    @detail_action(detail=True, methods=["post"])
    def attendance(self, request, pk=None, **kwargs):
        """Mark the register for one person (the business unit, or the session's trainer)."""
        application = self.get_object()
        body = AttendanceSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.mark_attendance(request.user, application, body.validated_data["attended"])
        return Response(RegisterEntrySerializer(self.get_queryset().get(pk=application.pk)).data)


class RegisterSerializer(serializers.ModelSerializer):
    course_title = serializers.CharField(source="course.title", read_only=True)
    places_taken = serializers.IntegerField(read_only=True)

    class Meta:
        model = Session
        fields = [
            "id",
            "course",
            "course_title",
            "starts_at",
            "ends_at",
            "venue",
            "trainer",
            "trained_by",
            "is_cancelled",
            "capacity",
            "places_taken",
        ]
        read_only_fields = fields


class RegisterDetailSerializer(RegisterSerializer):
    attendees = serializers.SerializerMethodField()

    class Meta(RegisterSerializer.Meta):
        fields = [*RegisterSerializer.Meta.fields, "attendees"]
        read_only_fields = fields

    @extend_schema_field(RegisterEntrySerializer(many=True))
    def get_attendees(self, session):
        return RegisterEntrySerializer(register_rows(session), many=True).data


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter(
                "when", str, enum=["upcoming", "past"], description="Coming or past sessions"
            ),
            OpenApiParameter(
                "mine", bool, description="true: only the sessions the caller is named to train"
            ),
        ]
    )
)
class RegisterViewSet(ScopedMixin, viewsets.ReadOnlyModelViewSet):
    """Registers the caller may mark: sessions they train, and for the business unit every
    session of their boards. `?when=upcoming` or `?when=past`; `?mine=true` for only the
    sessions the caller trains. A session's page lists the people with a place; mark each
    with POST /api/training-applications/{id}/attendance/."""

    filterset_fields = ["course"]

    def get_serializer_class(self):
        return RegisterDetailSerializer if self.action == "retrieve" else RegisterSerializer

    def scope(self, user):
        user = user
        rows = sessions_with_register_for(user)
        params = self.request.query_params
        if params.get("mine") == "true":
            rows = rows.filter(trained_by=user)
        now = timezone.now()
        if params.get("when") == "upcoming":
            return rows.filter(starts_at__gte=now).order_by("starts_at", "pk")
        if params.get("when") == "past":
            rows = rows.filter(starts_at__lt=now)
        return rows.order_by("-starts_at", "-pk")


def register(router) -> None:
    router.register("training-courses", CourseViewSet, basename="trainingcourse")
    router.register("training-sessions", SessionViewSet, basename="trainingsession")
    router.register("training-applications", ApplicationViewSet, basename="trainingapplication")
    router.register("training-registers", RegisterViewSet, basename="trainingregister")
