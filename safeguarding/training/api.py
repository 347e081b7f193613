"""The training API, under /api/: courses and sessions (the catalogue), applications (apply,
cancel, approve, decline, accept an offer, give feedback) and attendance; for the business
unit, adding and changing courses and sessions, cancelling a session, giving a place
directly, taking a course off the public pages (and back) and a course's feedback results;
for trainers and the business unit, the registers they may mark.

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
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action as detail_action
from rest_framework.response import Response

from safeguarding.core.api_views import ScopedAPIMixin
from safeguarding.core.concurrency import IdempotentCreateMixin, version_from_request
from safeguarding.organisations.models import Person

from . import services
from .filters import SessionFilter
from .models import COURSE_FIELDS, Application, Course, Session
from .selectors import (
    applications_on_registers_of,
    applications_visible_to,
    course_feedback_results,
    courses_managed_by,
    courses_public,
    register_rows,
    sessions_managed_by,
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
            *COURSE_FIELDS,
            "version",
        ]
        read_only_fields = ["is_published", "version"]


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


# What the business unit does to its boards' courses and sessions: found among those.
MANAGING = {"update", "partial_update", "publish", "unpublish", "feedback", "cancel"}


class CourseViewSet(
    ScopedMixin, IdempotentCreateMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet
):
    """The published courses. The business unit also adds courses (POST), changes them (PUT or
    PATCH, with `version` or If-Match), takes a course off the public pages (and puts it
    back) and reads its feedback results, for courses of their boards."""

    serializer_class = CourseSerializer
    filterset_fields = ["board", "topic", "level"]

    def scope(self, user):
        if self.action in MANAGING:
            return courses_managed_by(user).order_by("title", "pk")
        return courses_public().order_by("title", "pk")

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        serializer.instance = services.create_course(
            self.request.user, board=data.pop("board"), **data
        )

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        if "board" in data and data.pop("board") != serializer.instance.board:
            raise serializers.ValidationError({"board": "A course cannot move to another board"})
        serializer.instance = services.update_course(
            self.request.user,
            serializer.instance,
            version=version_from_request(self.request),
            **data,
        )

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
    trained_by = serializers.PrimaryKeyRelatedField(
        queryset=Person.objects.filter(is_active=True),
        required=False,
        allow_null=True,
        write_only=True,
        help_text="The trainer's hub account, if they have one: they may then mark the register",
    )

    class Meta:
        model = Session
        fields = [
            "id",
            "course",
            "starts_at",
            "ends_at",
            "venue",
            "online_link",
            "area",
            "trainer",
            "trained_by",
            "capacity",
            "places_left",
            "waiting_count",
            "booking_closes",
            "joining_instructions",
            "is_cancelled",
            "version",
        ]
        read_only_fields = ["is_cancelled", "version"]
        extra_kwargs = {
            # Only people with a place are given the joining details, never the catalogue.
            "online_link": {"write_only": True},
            "joining_instructions": {"write_only": True},
            "trainer": {"required": False, "allow_blank": True},
            "booking_closes": {"required": False},
        }


class SessionCancelSerializer(serializers.Serializer):
    reason = serializers.CharField(
        help_text="Why the session is cancelled: every applicant is told"
    )


class SessionViewSet(
    ScopedMixin, IdempotentCreateMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet
):
    """The catalogue's sessions. The business unit adds sessions to their courses (POST),
    changes them (PUT or PATCH, with `version` or If-Match; more places go at once to the
    people waiting) and cancels them."""

    serializer_class = SessionSerializer
    filterset_class = SessionFilter

    def scope(self, user):
        if self.action in MANAGING:
            return sessions_managed_by(user).order_by("starts_at", "pk")
        return sessions_public().order_by("starts_at", "pk")

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        user = self.request.user
        course = self.visible(
            courses_managed_by(user), data.pop("course"), "course", "Choose a course you manage"
        )
        session = services.create_session(user, course, trainer=data.pop("trainer", ""), **data)
        serializer.instance = sessions_managed_by(user).get(pk=session.pk)

    def perform_update(self, serializer):
        self.update_through(
            serializer,
            services.update_session,
            fixed="course",
            message="A session cannot move to another course",
        )

    @extend_schema(request=SessionCancelSerializer, responses=SessionSerializer)
    @detail_action(detail=True, methods=["post"])
    def cancel(self, request, pk=None, **kwargs):
        """Call the session off: every live application is cancelled without charge and its
        applicant told."""
        session = self.get_object()
        services.cancel_session(request.user, session, **self.body(SessionCancelSerializer))
        return self.reread(session)


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


class FeedbackSerializer(serializers.Serializer):
    overall = serializers.IntegerField(
        min_value=1, max_value=5, help_text="Overall rating: 1 is poor, 5 is excellent"
    )
    outcomes_met = serializers.IntegerField(
        min_value=1,
        max_value=5,
        help_text="How well the learning outcomes were met: 1 is not at all, 5 is fully",
    )
    will_change_practice = serializers.BooleanField(required=False, default=False)
    comments = serializers.CharField(required=False, allow_blank=True, default="")


class SessionAttendanceSerializer(serializers.Serializer):
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

    @extend_schema(request=FeedbackSerializer, responses={201: FeedbackSerializer})
    @detail_action(detail=True, methods=["post"])
    def feedback(self, request, pk=None, **kwargs):
        """The applicant's feedback on a session they attended, once."""
        application = self.get_object()
        data = self.body(FeedbackSerializer)
        services.submit_feedback(request.user, application, **data)
        return Response(FeedbackSerializer(data).data, status=201)

    @extend_schema(request=NoteSerializer, responses=ApplicationSerializer)
    @detail_action(detail=True, methods=["post"])
    def override(self, request, pk=None, **kwargs):
        """Give a declined or waiting applicant a place directly, even above the capacity (the
        business unit)."""
        return self._with_note(request, services.override_confirm)

    @extend_schema(request=SessionAttendanceSerializer, responses=RegisterEntrySerializer)
    @detail_action(detail=True, methods=["post"])
    def attendance(self, request, pk=None, **kwargs):
        """Mark the register for one person (the business unit, or the session's trainer)."""
        application = self.get_object()
        body = SessionAttendanceSerializer(data=request.data)
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
