"""The case reviews API, under /api/: the register (reviews with their clocks), the stages, the
panel, chronology requests (the addressed agency uploads its chronology here), recommendations
and learning briefs.

The same rules as the pages: a review exists only for its panel, its board's business unit and
administrators: anyone else gets 404, exactly as for a review that does not exist (the list is
then empty, as every app's API lists what its reader may see). Reading one writes an access
row, as opening its page does. Every write goes through the services, so the
stage rules, the child-name check (`confirm_no_names`) and the audit trail are the pages'.
"""

from __future__ import annotations

import base64
import binascii
import os

from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_serializer
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action as detail_action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from safeguarding.core.api_views import ScopedAPIMixin
from safeguarding.core.audit import record_view
from safeguarding.core.concurrency import IdempotentCreateMixin, version_from_request
from safeguarding.core.permissions import bu_board_ids
from safeguarding.organisations.models import Agency, Area, Board, Person
from safeguarding.organisations.rules import is_administrator
from safeguarding.training.models import Course

from . import services
from .clocks import clocks_for, worst_rag
from .models import (
    ChronologyRequest,
    ClockSettings,
    LearningBrief,
    PanelMember,
    Recommendation,
    Review,
    Theme,
)
from .selectors import chronologies_visible_to, recommendation_counts, register_rows

NO_NAMES_HELP = (
    "true once you have checked that what the hub said looks like a name is not a child's name"
)


def no_names_field():
    return serializers.BooleanField(write_only=True, default=False, help_text=NO_NAMES_HELP)


def _number(value) -> int:
    if not str(value).isdigit():
        raise Http404
    return int(value)


@extend_schema_serializer(component_name="CaseReviewClock")
class ClockSerializer(serializers.Serializer):
    key = serializers.CharField()
    name = serializers.CharField()
    due = serializers.DateField()
    done_on = serializers.DateField(allow_null=True)
    words = serializers.CharField(help_text="'due in 3 working days', '4 working days late'")
    rag = serializers.CharField()


@extend_schema_serializer(component_name="CaseReview")
class ReviewSerializer(serializers.ModelSerializer):
    board = serializers.PrimaryKeyRelatedField(queryset=Board.objects.all())
    locality = serializers.PrimaryKeyRelatedField(
        queryset=Area.objects.filter(kind=Area.Kind.LOCALITY), allow_null=True, required=False
    )
    agencies = serializers.PrimaryKeyRelatedField(
        queryset=Agency.objects.all(), many=True, required=False
    )
    themes = serializers.PrimaryKeyRelatedField(
        queryset=Theme.objects.all(), many=True, required=False
    )
    clocks = serializers.SerializerMethodField()
    rag = serializers.SerializerMethodField()
    confirm_no_names = no_names_field()

    class Meta:
        model = Review
        fields = [
            "id",
            "reference",
            "pseudonym",
            "kind",
            "board",
            "locality",
            "agencies",
            "themes",
            "courses",
            "summary",
            "learned_on",
            "notified_on",
            "led_elsewhere",
            "lead_area",
            "our_involvement",
            "their_publication_expected",
            "our_actions",
            "stage",
            "next_due",
            "rapid_review_on",
            "rapid_review_decision",
            "decision",
            "decided_on",
            "panel_view",
            "panel_view_on",
            "reviewer",
            "terms_of_reference",
            "budget",
            "started_on",
            "draft_received_on",
            "signed_off_on",
            "publication_expected",
            "published_on",
            "embargo_until",
            "report_url",
            "learning_note",
            "version",
            "clocks",
            "rag",
            "confirm_no_names",
        ]
        read_only_fields = [
            "reference",
            "stage",
            "next_due",
            "version",
            "courses",
            *services.DETAIL_FIELDS[9:],
        ]

    def _clocks(self, review):
        """The review's clocks; an adults' board's settings read once per answer."""
        cache = self.root.__dict__.setdefault("_clock_settings", {})
        if review.kind == Review.Kind.SAR and review.board_id not in cache:
            cache[review.board_id] = ClockSettings.objects.filter(board_id=review.board_id).first()
        return clocks_for(review, settings=cache.get(review.board_id))

    def get_clocks(self, review) -> list[dict]:
        return ClockSerializer(
            [
                {
                    "key": clock.key,
                    "name": clock.name,
                    "due": clock.due,
                    "done_on": clock.done_on,
                    "words": clock.words,
                    "rag": clock.rag,
                }
                for clock in self._clocks(review)
            ],
            many=True,
        ).data

    def get_rag(self, review) -> str | None:
        return worst_rag(self._clocks(review))


@extend_schema_serializer(component_name="CaseReviewChange")
class ReviewChangeSerializer(serializers.Serializer):
    """A PATCH: any of a review's details and its stages' fields (with `version` or If-Match)."""

    pseudonym = serializers.CharField(required=False, allow_blank=True)
    locality = serializers.PrimaryKeyRelatedField(
        queryset=Area.objects.filter(kind=Area.Kind.LOCALITY), allow_null=True, required=False
    )
    agencies = serializers.PrimaryKeyRelatedField(
        queryset=Agency.objects.all(), many=True, required=False
    )
    themes = serializers.PrimaryKeyRelatedField(
        queryset=Theme.objects.all(), many=True, required=False
    )
    courses = serializers.PrimaryKeyRelatedField(
        queryset=Course.objects.all(),
        many=True,
        required=False,
        help_text="The training courses that teach the review's learning",
    )
    summary = serializers.CharField(required=False, allow_blank=True)
    learned_on = serializers.DateField(required=False)
    notified_on = serializers.DateField(required=False, allow_null=True)
    lead_area = serializers.CharField(required=False, allow_blank=True)
    our_involvement = serializers.CharField(required=False, allow_blank=True)
    their_publication_expected = serializers.DateField(required=False, allow_null=True)
    our_actions = serializers.CharField(required=False, allow_blank=True)
    rapid_review_on = serializers.DateField(required=False, allow_null=True)
    rapid_review_decision = serializers.CharField(required=False, allow_blank=True)
    decision = serializers.ChoiceField(
        choices=[("", "Not decided"), *Review.Decision.choices], required=False
    )
    decided_on = serializers.DateField(required=False, allow_null=True)
    panel_view = serializers.CharField(required=False, allow_blank=True)
    panel_view_on = serializers.DateField(required=False, allow_null=True)
    reviewer = serializers.CharField(required=False, allow_blank=True)
    terms_of_reference = serializers.CharField(required=False, allow_blank=True)
    budget = serializers.DecimalField(
        max_digits=9, decimal_places=2, required=False, allow_null=True
    )
    started_on = serializers.DateField(required=False, allow_null=True)
    draft_received_on = serializers.DateField(required=False, allow_null=True)
    signed_off_on = serializers.DateField(required=False, allow_null=True)
    publication_expected = serializers.DateField(required=False, allow_null=True)
    published_on = serializers.DateField(required=False, allow_null=True)
    embargo_until = serializers.DateField(required=False, allow_null=True)
    report_url = serializers.URLField(required=False, allow_blank=True)
    learning_note = serializers.CharField(required=False, allow_blank=True)
    version = serializers.IntegerField(required=False, write_only=True)
    confirm_no_names = no_names_field()


@extend_schema_serializer(component_name="CaseReviewMove")
class MoveSerializer(ReviewChangeSerializer):
    """A move to `stage`, with the fields that stage asks for (others are refused)."""

    stage = serializers.ChoiceField(choices=Review.Stage.choices)


@extend_schema_serializer(component_name="CaseReviewPanelMember")
class PanelMemberSerializer(serializers.ModelSerializer):
    person = serializers.PrimaryKeyRelatedField(queryset=Person.objects.filter(is_active=True))

    class Meta:
        model = PanelMember
        fields = ["id", "person", "role", "added_at"]
        read_only_fields = ["added_at"]


@extend_schema_serializer(component_name="CaseReviewChronology")
class ChronologySerializer(serializers.ModelSerializer):
    review_reference = serializers.CharField(source="review.reference", read_only=True)
    agency = serializers.PrimaryKeyRelatedField(queryset=Agency.objects.all())
    received = serializers.BooleanField(source="is_received", read_only=True)

    class Meta:
        model = ChronologyRequest
        fields = [
            "id",
            "review_reference",
            "agency",
            "due_on",
            "note",
            "requested_at",
            "received",
            "received_at",
            "original_name",
        ]
        read_only_fields = ["requested_at", "received_at", "original_name"]


@extend_schema_serializer(component_name="CaseReviewChronologyUpload")
class ChronologyUploadSerializer(serializers.Serializer):
    """The chronology as a multipart file (`upload`), or in JSON as `file_name` and
    `content_base64`."""

    upload = serializers.FileField(required=False)
    file_name = serializers.CharField(required=False, help_text="For example, chronology.pdf")
    content_base64 = serializers.CharField(required=False, help_text="The file, base64-encoded")

    def validate(self, data):
        if data.get("upload") is not None:
            return data
        if not data.get("file_name") or not data.get("content_base64"):
            raise serializers.ValidationError(
                {"upload": "Send the file as 'upload', or as 'file_name' and 'content_base64'"}
            )
        try:
            content = base64.b64decode(data["content_base64"], validate=True)
        except (binascii.Error, ValueError):
            raise serializers.ValidationError(
                {"content_base64": "Send the file's bytes in base64"}
            ) from None
        data["upload"] = SimpleUploadedFile(os.path.basename(data["file_name"]), content)
        return data


@extend_schema_serializer(component_name="CaseReviewRecommendation")
class RecommendationSerializer(serializers.ModelSerializer):
    agency = serializers.PrimaryKeyRelatedField(queryset=Agency.objects.all())
    due_date = serializers.DateField(write_only=True)
    action = serializers.PrimaryKeyRelatedField(read_only=True)
    confirm_no_names = no_names_field()

    class Meta:
        model = Recommendation
        fields = ["id", "text", "agency", "due_date", "action", "confirm_no_names"]


@extend_schema_serializer(component_name="CaseReviewLearningBrief")
class BriefSerializer(serializers.ModelSerializer):
    confirm_no_names = no_names_field()

    class Meta:
        model = LearningBrief
        fields = ["id", "title", "body", "published_on", "confirm_no_names"]
        read_only_fields = ["published_on"]


@extend_schema_serializer(component_name="CaseReviewTheme")
class ThemeSerializer(serializers.ModelSerializer):
    class Meta:
        model = Theme
        fields = ["id", "name", "is_active"]
        read_only_fields = ["is_active"]


@extend_schema_serializer(component_name="CaseReviewRecommendationCounts")
class CountsSerializer(serializers.Serializer):
    total = serializers.IntegerField()
    complete = serializers.IntegerField()
    on_track = serializers.IntegerField()
    overdue = serializers.IntegerField()


GATE = {"read": "reviews.view_register", "write": "reviews.view_register"}
# Reads of reviews and chronology requests are not gated as a whole: the scope decides, so a
# person outside every panel gets an empty list and 404 for each review, as for one that does
# not exist (a route-level 403 would tell them reviews are there). Writes stay gated; a write to
# one record answers 404 first when the record is outside the scope (core.api.HasRulePermission).
REVIEW_GATE = {"write": "reviews.view_register"}


class ReviewViewSet(ScopedAPIMixin, IdempotentCreateMixin, viewsets.ReadOnlyModelViewSet):
    """The register: the reviews you may see (their panel, their board's business unit,
    administrators), newest first, each with its statutory clocks in working days. Reading one
    writes an access row. Business-unit staff record a notification with POST, change a
    review with PATCH and move it through its stages with `move`."""

    serializer_class = ReviewSerializer
    rule_permissions = REVIEW_GATE

    def scope(self, user):
        return register_rows(user).prefetch_related("agencies").order_by("-learned_on", "-pk")

    def retrieve(self, request, *args, **kwargs):
        review = self.get_object()
        record_view(request.user, review, "read through the API", verb="review viewed")
        return Response(ReviewSerializer(review).data)

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        fields = {
            name: data[name]
            for name in (
                "kind",
                "learned_on",
                "notified_on",
                "locality",
                "agencies",
                "themes",
                "summary",
                "pseudonym",
                "led_elsewhere",
                "lead_area",
                "our_involvement",
                "their_publication_expected",
                "our_actions",
                "confirm_no_names",
            )
            if name in data
        }
        review = services.record_notification(self.request.user, board=data["board"], **fields)
        serializer.instance = self.get_queryset().get(pk=review.pk)

    def _answer(self, review, status=200):
        return Response(ReviewSerializer(self.get_queryset().get(pk=review.pk)).data, status=status)

    @extend_schema(request=ReviewChangeSerializer, responses=ReviewSerializer)
    def partial_update(self, request, *args, **kwargs):
        review = self.get_object()
        data = dict(self.body(ReviewChangeSerializer))
        data.pop("version", None)
        services.update_review(request.user, review, version=version_from_request(request), **data)
        return self._answer(review)

    @extend_schema(request=MoveSerializer, responses=ReviewSerializer)
    @detail_action(detail=True, methods=["post"])
    def move(self, request, pk=None, **kwargs):
        """Move the review to `stage`, with that stage's fields. What the law requires is
        never skipped (400 naming the field or the stage)."""
        review = self.get_object()
        data = dict(self.body(MoveSerializer))
        stage = data.pop("stage")
        data.pop("version", None)
        allowed = set(services.STAGE_FIELDS.get(stage, [])) | {"confirm_no_names"}
        if wrong := sorted(set(data) - allowed):
            raise serializers.ValidationError(
                dict.fromkeys(wrong, "This stage does not take this field")
            )
        services.move_review(request.user, review, stage, **data)
        return self._answer(review)

    @extend_schema(request=PanelMemberSerializer, responses={201: PanelMemberSerializer})
    @detail_action(detail=True, methods=["post"])
    def panel(self, request, pk=None, **kwargs):
        """Add a named person to the panel: they see the review from their next request."""
        review = self.get_object()
        member = services.add_panel_member(request.user, review, **self.body(PanelMemberSerializer))
        return Response(PanelMemberSerializer(member).data, status=201)

    @extend_schema(
        request=None,
        responses={204: None},
        parameters=[OpenApiParameter("member_pk", int, OpenApiParameter.PATH)],
    )
    @detail_action(
        detail=True,
        methods=["delete"],
        url_path=r"panel/(?P<member_pk>[^/.]+)",
        url_name="panel-member",
    )
    def remove_panel_member(self, request, pk=None, member_pk=None, **kwargs):
        """Take someone off the panel: their next request is refused."""
        review = self.get_object()
        member = get_object_or_404(PanelMember, pk=_number(member_pk), review=review)
        services.remove_panel_member(request.user, member)
        return Response(status=204)

    @extend_schema(request=ChronologySerializer, responses={201: ChronologySerializer})
    @detail_action(detail=True, methods=["post"])
    def chronologies(self, request, pk=None, **kwargs):
        """Ask an agency for its chronology (its safeguarding leads are e-mailed)."""
        review = self.get_object()
        data = self.body(ChronologySerializer)
        made = services.request_chronology(
            request.user,
            review,
            agency=data["agency"],
            due_on=data["due_on"],
            note=data.get("note", ""),
        )
        return Response(ChronologySerializer(made).data, status=201)

    @extend_schema(request=RecommendationSerializer, responses={201: RecommendationSerializer})
    @detail_action(detail=True, methods=["post"])
    def recommendations(self, request, pk=None, **kwargs):
        """Add a recommendation: it becomes an action in the review's action plan."""
        review = self.get_object()
        made = services.add_recommendation(
            request.user, review, **self.body(RecommendationSerializer)
        )
        return Response(RecommendationSerializer(made).data, status=201)

    @extend_schema(request=None, responses=CountsSerializer)
    @detail_action(detail=True, methods=["get"], url_path="recommendation-counts")
    def recommendation_counts(self, request, pk=None, **kwargs):
        """How many recommendations are complete, on track and overdue."""
        review = self.get_object()
        return Response(CountsSerializer(recommendation_counts(review)).data)

    @extend_schema(request=BriefSerializer, responses={201: BriefSerializer})
    @detail_action(detail=True, methods=["post"])
    def briefs(self, request, pk=None, **kwargs):
        """Publish a learning brief on the board's public pages (after the report)."""
        review = self.get_object()
        brief = services.publish_learning_brief(request.user, review, **self.body(BriefSerializer))
        return Response(BriefSerializer(brief).data, status=201)


class ChronologyViewSet(ScopedAPIMixin, viewsets.ReadOnlyModelViewSet):
    """Chronology requests: those addressed to an agency you lead (the only part of a review
    an agency sees), and every request of the reviews you manage. The addressed agency
    uploads its chronology with `upload` (multipart)."""

    serializer_class = ChronologySerializer
    rule_permissions = {"write": "reviews.view_chronologies"}

    def scope(self, user):
        return (
            chronologies_visible_to(user)
            .select_related("review", "agency")
            .order_by("due_on", "pk")
        )

    @extend_schema(request=ChronologyUploadSerializer, responses=ChronologySerializer)
    @detail_action(
        detail=True, methods=["post"], parser_classes=[MultiPartParser, FormParser, JSONParser]
    )
    def upload(self, request, pk=None, **kwargs):
        chronology = self.get_object()
        services.upload_chronology(
            request.user, chronology, upload=self.body(ChronologyUploadSerializer)["upload"]
        )
        return Response(ChronologySerializer(self.get_queryset().get(pk=chronology.pk)).data)


class ThemeViewSet(ScopedAPIMixin, IdempotentCreateMixin, viewsets.ReadOnlyModelViewSet):
    """The themes reviews are filed under (up to three each); business-unit staff add one
    with POST."""

    serializer_class = ThemeSerializer
    rule_permissions = GATE

    def scope(self, user):
        return Theme.objects.order_by("name", "pk")

    def perform_create(self, serializer):
        theme = services.add_theme(self.request.user, name=serializer.validated_data["name"])
        serializer.instance = theme


@extend_schema_serializer(component_name="CaseReviewClockSettings")
class ClockSettingsSerializer(serializers.ModelSerializer):
    board = serializers.PrimaryKeyRelatedField(
        queryset=Board.objects.all(), help_text="An adults' board"
    )
    decision_working_days = serializers.IntegerField(
        help_text="Working days from the referral to the decision (1 to 100)"
    )
    publication_months = serializers.IntegerField(
        help_text="Months from the review starting to the report's publication (1 to 36)"
    )

    class Meta:
        model = ClockSettings
        fields = ["board", "decision_working_days", "publication_months"]


class ClockSettingsViewSet(ScopedAPIMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    """An adults' board's own clocks for its safeguarding adults reviews (the Care Act sets
    none in days; children's reviews run on the statutory clocks). The list holds the boards'
    you run; its business unit sets them with POST, as on the page, and every open review's
    next date follows."""

    serializer_class = ClockSettingsSerializer

    def scope(self, user):
        rows = ClockSettings.objects.select_related("board").order_by("board__name", "pk")
        return rows if is_administrator(user) else rows.filter(board_id__in=bu_board_ids(user))

    @extend_schema(request=ClockSettingsSerializer, responses=ClockSettingsSerializer)
    def create(self, request, *args, **kwargs):
        data = dict(self.body(ClockSettingsSerializer))
        made = services.set_clocks(request.user, data.pop("board"), **data)
        return Response(ClockSettingsSerializer(made).data)


def register(router) -> None:
    """Adds this app's viewsets to the project's router."""
    router.register("reviews", ReviewViewSet, basename="review")
    router.register("review-chronologies", ChronologyViewSet, basename="reviewchronology")
    router.register("review-themes", ThemeViewSet, basename="reviewtheme")
    router.register("review-clocks", ClockSettingsViewSet, basename="reviewclocks")
