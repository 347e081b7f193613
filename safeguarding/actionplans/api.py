"""Action-plans API: plans, actions, progress updates, evidence (metadata) and challenges.

Reads are scoped by the same selectors as the pages (a record outside the reader's scope is a
404); writes go through the same services, so rules and the audit trail are identical.
"""

from __future__ import annotations

import rules
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action as detail_action
from rest_framework.response import Response

from safeguarding.core.api_views import ScopedAPIMixin
from safeguarding.core.concurrency import IdempotentCreateMixin, version_from_request
from safeguarding.core.permissions import led_agency_ids
from safeguarding.organisations.models import Agency, Area, Board, Person

from . import services
from .filters import ActionFilter, ChallengeFilter, PlanFilter
from .models import Action, ActionPlan, Challenge, Evidence, ProgressUpdate, Status
from .selectors import (
    action_rows,
    challenge_rows,
    evidence_visible_to,
    plan_rows,
    updates_visible_to,
)

LOCALITIES = Area.objects.filter(kind=Area.Kind.LOCALITY)


# --- Plans ----------------------------------------------------------------------------------


class PlanSerializer(serializers.ModelSerializer):
    board = serializers.PrimaryKeyRelatedField(queryset=Board.objects.all())
    shared_with = serializers.PrimaryKeyRelatedField(many=True, required=False, queryset=LOCALITIES)

    class Meta:
        model = ActionPlan
        fields = [
            "id",
            "board",
            "title",
            "purpose",
            "origin_kind",
            "origin_reference",
            "period_start",
            "period_end",
            "shared_with",
            "created_at",
            "updated_at",
            "version",
        ]
        read_only_fields = ["created_at", "updated_at", "version"]


class PlanViewSet(
    ScopedAPIMixin, IdempotentCreateMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet
):
    serializer_class = PlanSerializer
    filterset_class = PlanFilter
    ordering_fields = ["title", "created_at", "period_start"]

    def scope(self, user):
        return plan_rows(user).order_by("title", "pk")

    def perform_create(self, serializer):
        plan = services.create_plan(self.request.user, **serializer.validated_data)
        serializer.instance = self.get_queryset().get(pk=plan.pk)

    def perform_update(self, serializer):
        self.update_through(
            serializer,
            services.update_plan,
            fixed="board",
            message="A plan cannot move to another board",
        )


# --- Actions --------------------------------------------------------------------------------


class ActionSerializer(serializers.ModelSerializer):
    plan = serializers.PrimaryKeyRelatedField(queryset=ActionPlan.objects.all())
    owner_agency = serializers.PrimaryKeyRelatedField(queryset=Agency.objects.all())
    owner_person = serializers.PrimaryKeyRelatedField(
        queryset=Person.objects.all(), required=False, allow_null=True
    )
    localities = serializers.PrimaryKeyRelatedField(many=True, required=False, queryset=LOCALITIES)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    overdue = serializers.BooleanField(read_only=True)

    class Meta:
        model = Action
        fields = [
            "id",
            "plan",
            "what",
            "outcome",
            "owner_agency",
            "owner_person",
            "localities",
            "due_date",
            "measure_of_success",
            "status",
            "status_label",
            "status_reason",
            "overdue",
            "last_update_at",
            "version",
            "created_at",
        ]
        read_only_fields = ["status", "status_reason", "last_update_at", "version", "created_at"]


class ActionViewSet(
    ScopedAPIMixin, IdempotentCreateMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet
):
    serializer_class = ActionSerializer
    filterset_class = ActionFilter
    ordering_fields = ["due_date", "status", "created_at"]

    def scope(self, user):
        return action_rows(user).order_by("due_date", "pk")

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        plan = self.visible(
            plan_rows(self.request.user), data.pop("plan"), "plan", "Choose a plan you can see"
        )
        action = services.add_action(self.request.user, plan, **data)
        serializer.instance = self.get_queryset().get(pk=action.pk)

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        if "plan" in data and data.pop("plan") != serializer.instance.plan:
            raise serializers.ValidationError({"plan": "An action cannot move to another plan"})
        action = services.update_action(
            self.request.user,
            serializer.instance,
            version=version_from_request(self.request),
            **data,
        )
        serializer.instance = self.get_queryset().get(pk=action.pk)


# --- Progress updates -----------------------------------------------------------------------


class EvidenceSerializer(serializers.ModelSerializer):
    download_url = serializers.SerializerMethodField()
    review = serializers.CharField(source="review_label", read_only=True)

    class Meta:
        model = Evidence
        fields = [
            "id",
            "action",
            "update",
            "kind",
            "original_name",
            "content_type",
            "size",
            "url",
            "description",
            "added_at",
            "accepted",
            "review",
            "accepted_at",
            "download_url",
        ]

    def get_download_url(self, evidence) -> str | None:
        if evidence.kind != Evidence.Kind.FILE:
            return None
        return reverse("actionplans:evidence_download", args=[evidence.pk])


class LinkSerializer(serializers.Serializer):
    url = serializers.URLField(max_length=1000)
    description = serializers.CharField(max_length=500, required=False, default="")


class UpdateSerializer(serializers.ModelSerializer):
    action = serializers.PrimaryKeyRelatedField(queryset=Action.objects.all())
    status = serializers.ChoiceField(choices=Status.choices)
    links = LinkSerializer(many=True, required=False, write_only=True)
    expected_version = serializers.IntegerField(required=False, write_only=True)

    class Meta:
        model = ProgressUpdate
        fields = [
            "id",
            "action",
            "author",
            "date",
            "status",
            "narrative",
            "created_at",
            "links",
            "expected_version",
        ]
        read_only_fields = ["author", "created_at"]


class BulkStatusSerializer(serializers.Serializer):
    actions = serializers.PrimaryKeyRelatedField(
        many=True,
        queryset=Action.objects.none(),
        error_messages={"does_not_exist": "Choose open actions of an agency you lead"},
    )
    status = serializers.ChoiceField(choices=Status.choices)
    narrative = serializers.CharField(help_text="The reason for the change")


class UpdateViewSet(ScopedAPIMixin, IdempotentCreateMixin, viewsets.ReadOnlyModelViewSet):
    """Progress updates; creating one posts the update (and may change the action's status)."""

    serializer_class = UpdateSerializer
    filterset_fields = ["action", "status"]
    ordering_fields = ["created_at", "date"]

    def scope(self, user):
        return updates_visible_to(user).select_related("author").order_by("-created_at", "-pk")

    def perform_create(self, serializer):
        data = serializer.validated_data
        action = self.visible(
            action_rows(self.request.user), data["action"], "action", "Choose an action you can see"
        )
        update = services.post_update(
            self.request.user,
            action,
            status=data["status"],
            narrative=data["narrative"],
            update_date=data.get("date"),
            links=[(link["url"], link["description"]) for link in data.get("links", [])],
            expected_version=data.get("expected_version"),
        )
        serializer.instance = update

    @extend_schema(request=BulkStatusSerializer, responses={201: UpdateSerializer(many=True)})
    @detail_action(detail=False, methods=["post"])
    def bulk(self, request, **kwargs):
        """An agency lead moves several of their agency's open actions to one status at once;
        each gets its own progress update. All or nothing."""
        if not rules.test_rule("actionplans.leads_an_agency", request.user):
            raise PermissionDenied
        open_actions = Action.objects.filter(
            owner_agency_id__in=sorted(led_agency_ids(request.user))
        ).exclude(status=Status.COMPLETE)
        data = self.body(BulkStatusSerializer, actions=open_actions)
        updates = services.bulk_update_status(
            request.user, data["actions"], status=data["status"], narrative=data["narrative"]
        )
        return Response(UpdateSerializer(updates, many=True).data, status=201)


class ReviewSerializer(serializers.Serializer):
    accepted = serializers.BooleanField(help_text="true to accept the evidence, false to reject")
    note = serializers.CharField(
        required=False,
        allow_blank=True,
        help_text="Why the evidence is not accepted: needed when rejecting it",
    )


class EvidenceViewSet(ScopedAPIMixin, viewsets.ReadOnlyModelViewSet):
    """Evidence metadata; files download from `download_url`, which checks permission."""

    serializer_class = EvidenceSerializer
    filterset_fields = ["action", "kind", "accepted"]
    ordering_fields = ["added_at"]

    def scope(self, user):
        return evidence_visible_to(user).order_by("-added_at", "-pk")

    @extend_schema(request=ReviewSerializer, responses=EvidenceSerializer)
    @detail_action(detail=True, methods=["post"])
    def review(self, request, pk=None, **kwargs):
        """Accept or reject evidence (locality board chairs and members, business unit)."""
        evidence = self.get_object()
        body = ReviewSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        evidence.action = action_rows(request.user).get(pk=evidence.action_id)
        evidence = services.review_evidence(
            request.user,
            evidence,
            accepted=body.validated_data["accepted"],
            note=body.validated_data.get("note", ""),
        )
        return Response(EvidenceSerializer(evidence).data)


# --- Challenges -----------------------------------------------------------------------------


class ChallengeSerializer(serializers.ModelSerializer):
    action = serializers.PrimaryKeyRelatedField(queryset=Action.objects.all())
    addressed_to_agency = serializers.PrimaryKeyRelatedField(
        queryset=Agency.objects.all(), required=False
    )
    addressed_to_person = serializers.PrimaryKeyRelatedField(
        queryset=Person.objects.all(), required=False, allow_null=True
    )
    locality = serializers.PrimaryKeyRelatedField(
        queryset=LOCALITIES, required=False, allow_null=True
    )

    class Meta:
        model = Challenge
        fields = [
            "id",
            "action",
            "raised_by",
            "raised_at",
            "locality",
            "question",
            "addressed_to_agency",
            "addressed_to_person",
            "respond_by",
            "answer",
            "answered_by",
            "answered_at",
            "outcome",
            "closed_by",
            "closed_at",
            "status",
        ]
        read_only_fields = [
            "raised_by",
            "raised_at",
            "answer",
            "answered_by",
            "answered_at",
            "outcome",
            "closed_by",
            "closed_at",
            "status",
        ]


class ChallengeAnswerSerializer(serializers.Serializer):
    answer = serializers.CharField()


class OutcomeSerializer(serializers.Serializer):
    outcome = serializers.CharField()


class ChallengeViewSet(ScopedAPIMixin, IdempotentCreateMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = ChallengeSerializer
    filterset_class = ChallengeFilter
    ordering_fields = ["raised_at", "respond_by", "status"]

    def scope(self, user):
        return challenge_rows(user).order_by("-raised_at", "-pk")

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        action = data.pop("action")
        action = self.visible(
            action_rows(self.request.user), action, "action", "Choose an action you can see"
        )
        challenge = services.raise_challenge(self.request.user, action, **data)
        serializer.instance = self.get_queryset().get(pk=challenge.pk)

    @extend_schema(request=ChallengeAnswerSerializer, responses=ChallengeSerializer)
    @detail_action(detail=True, methods=["post"])
    def answer(self, request, pk=None, **kwargs):
        challenge = self.get_object()
        body = ChallengeAnswerSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.answer_challenge(request.user, challenge, answer=body.validated_data["answer"])
        return Response(ChallengeSerializer(self.get_queryset().get(pk=challenge.pk)).data)

    @extend_schema(request=OutcomeSerializer, responses=ChallengeSerializer)
    @detail_action(detail=True, methods=["post"])
    def close(self, request, pk=None, **kwargs):
        challenge = self.get_object()
        body = OutcomeSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.close_challenge(request.user, challenge, outcome=body.validated_data["outcome"])
        return Response(ChallengeSerializer(self.get_queryset().get(pk=challenge.pk)).data)


def register(router) -> None:
    router.register("action-plans", PlanViewSet, basename="actionplan")
    router.register("actions", ActionViewSet, basename="action")
    router.register("action-updates", UpdateViewSet, basename="actionupdate")
    router.register("action-evidence", EvidenceViewSet, basename="actionevidence")
    router.register("action-challenges", ChallengeViewSet, basename="actionchallenge")
