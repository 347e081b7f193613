"""Requests-to-agencies API: questionnaires (read), requests (the business unit reads and
sends them) and returns (an agency reads and answers its own, uploads evidence and signs
off; the board moderates).

Reads are scoped by the same selectors as the pages (a return outside the reader's scope is a
404); writes go through the same services, so rules and the audit trail are identical.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.urls import reverse
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_serializer
from rest_framework import serializers, viewsets
from rest_framework.decorators import action as detail_action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from safeguarding.core.api_views import ScopedAPIMixin
from safeguarding.core.concurrency import IdempotentCreateMixin
from safeguarding.organisations.models import Agency, Board, Person

from . import services
from .filters import RequestFilter, ReturnFilter
from .models import (
    Answer,
    ChallengeEvent,
    Evidence,
    ModeratedScore,
    Question,
    Request,
    Return,
    Section,
    Template,
    TemplateVersion,
)
from .selectors import (
    colleagues_for,
    requests_visible_to,
    return_rows,
    structure,
    templates_visible_to,
)


def require_rule(request, permission: str, record) -> None:
    """The page's check of `permission` on `record`, before the body is read (403)."""
    if not request.user.has_perm(permission, record):
        raise PermissionDenied


# --- Questionnaires -------------------------------------------------------------------------


@extend_schema_serializer(component_name="ReturnsQuestion")
class QuestionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Question
        fields = ["id", "key", "position", "text", "help_text", "kind", "options", "scale"]


@extend_schema_serializer(component_name="ReturnsSection")
class SectionSerializer(serializers.ModelSerializer):
    questions = QuestionSerializer(many=True, read_only=True)

    class Meta:
        model = Section
        fields = ["id", "position", "title", "description", "questions"]


@extend_schema_serializer(component_name="ReturnsTemplate")
class TemplateSerializer(serializers.ModelSerializer):
    latest_version = serializers.SerializerMethodField()

    class Meta:
        model = Template
        fields = ["id", "board", "name", "kind", "description", "latest_version"]

    def get_latest_version(self, template) -> int | None:
        versions = [version.pk for version in template.versions.all()]
        return versions[0] if versions else None


QUESTIONS_HELP = (
    "The builder's text, as on the page: a line '## Title' starts a section; each question is "
    "its type, a colon and its words, a * after the type if it must be answered ('text: How do "
    "you know?', '0-3*: How well is it met?', 'rag:', 'yes/no:', 'choice (Yes; No): ...', "
    "'number:', 'date:', 'evidence:', 'improvement:')"
)


@extend_schema_serializer(component_name="ReturnsTemplateBuild")
class TemplateBuildSerializer(serializers.Serializer):
    """A new questionnaire written in the builder's text (its version 1)."""

    board = serializers.PrimaryKeyRelatedField(queryset=Board.objects.all())
    name = serializers.CharField(max_length=200)
    kind = serializers.ChoiceField(choices=Template.Kind.choices, default=Template.Kind.OTHER)
    description = serializers.CharField(required=False, allow_blank=True, default="")
    questions = serializers.CharField(help_text=QUESTIONS_HELP)


@extend_schema_serializer(component_name="ReturnsTemplateVersionBuild")
class VersionBuildSerializer(serializers.Serializer):
    """A questionnaire's next version, in the builder's text; requests already sent keep the
    version they were sent on."""

    questions = serializers.CharField(help_text=QUESTIONS_HELP)
    note = serializers.CharField(max_length=300, help_text="What changed in this version")


@extend_schema_serializer(component_name="ReturnsTemplateVersion")
class TemplateVersionSerializer(serializers.ModelSerializer):
    class Meta:
        model = TemplateVersion
        fields = ["id", "template", "number", "note", "created_at"]


class TemplateViewSet(ScopedAPIMixin, viewsets.ReadOnlyModelViewSet):
    """The board's questionnaires (the business unit). POST builds one from the builder's
    text; `versions` adds its next version."""

    serializer_class = TemplateSerializer
    rule_permissions = {"read": "returns.manage_requests", "write": "returns.manage_requests"}
    filterset_fields = ["kind"]

    def scope(self, user):
        return templates_visible_to(user).prefetch_related("versions").order_by("name", "pk")

    @extend_schema(request=TemplateBuildSerializer, responses={201: TemplateSerializer})
    def create(self, request, *args, **kwargs):
        template = services.build_template(request.user, **self.body(TemplateBuildSerializer))
        fresh = self.get_queryset().get(pk=template.pk)
        return Response(TemplateSerializer(fresh).data, status=201)

    @extend_schema(request=VersionBuildSerializer, responses={201: TemplateVersionSerializer})
    @detail_action(detail=True, methods=["post"])
    def versions(self, request, pk=None, **kwargs):
        template = self.get_object()
        made = services.build_version(request.user, template, **self.body(VersionBuildSerializer))
        return Response(TemplateVersionSerializer(made).data, status=201)


# --- Requests -------------------------------------------------------------------------------


@extend_schema_serializer(component_name="ReturnsRequest")
class RequestSerializer(serializers.ModelSerializer):
    board = serializers.PrimaryKeyRelatedField(queryset=Board.objects.all())
    template = serializers.PrimaryKeyRelatedField(
        queryset=Template.objects.all(),
        write_only=True,
        help_text="The questionnaire; its latest version is sent",
    )
    agencies = serializers.PrimaryKeyRelatedField(
        many=True, queryset=Agency.objects.all(), write_only=True
    )

    class Meta:
        model = Request
        fields = [
            "id",
            "board",
            "title",
            "template",
            "version",
            "message",
            "sent_on",
            "deadline",
            "agencies",
            "created_at",
        ]
        read_only_fields = ["version", "sent_on", "created_at"]


class RequestViewSet(ScopedAPIMixin, IdempotentCreateMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = RequestSerializer
    rule_permissions = {"read": "returns.manage_requests", "write": "returns.manage_requests"}
    filterset_class = RequestFilter
    ordering_fields = ["sent_on", "deadline", "title"]

    def scope(self, user):
        return requests_visible_to(user).order_by("-sent_on", "-pk")

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        template = self.visible(
            templates_visible_to(self.request.user),
            data.pop("template"),
            "template",
            "Choose a questionnaire of your board",
        )
        sent = services.send_request(
            self.request.user,
            board=data["board"],
            version=services.latest_version(template),
            title=data["title"],
            deadline=data["deadline"],
            agencies=data["agencies"],
            message=data.get("message", ""),
        )
        serializer.instance = self.get_queryset().get(pk=sent.pk)


# --- Returns --------------------------------------------------------------------------------


@extend_schema_serializer(component_name="ReturnsAnswer")
class AnswerSerializer(serializers.ModelSerializer):
    key = serializers.CharField(source="question.key", read_only=True)

    class Meta:
        model = Answer
        fields = [
            "question",
            "key",
            "text",
            "yes_no",
            "choice",
            "number",
            "date",
            "score",
            "owner",
            "due_date",
            "carried_forward",
            "updated_at",
        ]


@extend_schema_serializer(component_name="ReturnsModeratedScore")
class ModeratedScoreSerializer(serializers.ModelSerializer):
    class Meta:
        model = ModeratedScore
        fields = ["question", "score", "reason", "moderated_at"]


@extend_schema_serializer(component_name="ReturnsEvidence")
class EvidenceSerializer(serializers.ModelSerializer):
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = Evidence
        fields = [
            "id",
            "question",
            "kind",
            "original_name",
            "url",
            "description",
            "added_at",
            "download_url",
        ]

    def get_download_url(self, evidence) -> str | None:
        if evidence.kind != Evidence.Kind.FILE:
            return None
        return reverse("returns:evidence_download", args=[evidence.pk])


@extend_schema_serializer(component_name="ReturnsReturn")
class ReturnSerializer(serializers.ModelSerializer):
    agency_name = serializers.CharField(source="agency.name", read_only=True)
    deadline = serializers.DateField(source="request.deadline", read_only=True)
    answers = AnswerSerializer(many=True, read_only=True)
    moderated_scores = ModeratedScoreSerializer(many=True, read_only=True)
    evidence = EvidenceSerializer(many=True, read_only=True)

    class Meta:
        model = Return
        fields = [
            "id",
            "request",
            "agency",
            "agency_name",
            "template_version",
            "deadline",
            "status",
            "moderation",
            "signed_off_at",
            "evidence_asked",
            "evidence_deadline",
            "answers",
            "moderated_scores",
            "evidence",
        ]


@extend_schema_serializer(component_name="ReturnsReturnDetail")
class ReturnDetailSerializer(ReturnSerializer):
    """A return with its questionnaire: the sections and questions to answer, by id."""

    sections = serializers.SerializerMethodField()

    class Meta(ReturnSerializer.Meta):
        fields = [*ReturnSerializer.Meta.fields, "sections"]

    @extend_schema_field(SectionSerializer(many=True))
    def get_sections(self, answered) -> list:
        return SectionSerializer(structure(answered.template_version_id), many=True).data


@extend_schema_serializer(component_name="ReturnsAnswerInput")
class AnswerInputSerializer(serializers.Serializer):
    question = serializers.IntegerField()
    text = serializers.CharField(required=False, allow_blank=True)
    yes_no = serializers.BooleanField(required=False, allow_null=True)
    choice = serializers.CharField(required=False, allow_blank=True)
    number = serializers.DecimalField(
        max_digits=14, decimal_places=2, required=False, allow_null=True
    )
    date = serializers.DateField(required=False, allow_null=True)
    score = serializers.IntegerField(required=False, allow_null=True)
    owner = serializers.CharField(required=False, allow_blank=True)
    due_date = serializers.DateField(required=False, allow_null=True)


@extend_schema_serializer(component_name="ReturnsAnswers")
class AnswersSerializer(serializers.Serializer):
    answers = AnswerInputSerializer(many=True)
    confirm_no_names = serializers.BooleanField(
        default=False, help_text="true when a word the hub takes for a name is not a child's"
    )


@extend_schema_serializer(component_name="ReturnsEvidenceInput")
class EvidenceInputSerializer(serializers.Serializer):
    file = serializers.FileField(required=False)
    url = serializers.URLField(required=False, allow_blank=True)
    description = serializers.CharField(required=False, allow_blank=True)
    question = serializers.IntegerField(required=False, allow_null=True)


@extend_schema_serializer(component_name="ReturnsReason")
class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField()


@extend_schema_serializer(component_name="ReturnsScoreInput")
class ScoreInputSerializer(serializers.Serializer):
    question = serializers.IntegerField()
    score = serializers.IntegerField()
    reason = serializers.CharField()


@extend_schema_serializer(component_name="ReturnsModeration")
class ModerationSerializer(serializers.Serializer):
    scores = ScoreInputSerializer(many=True)
    complete = serializers.BooleanField(default=False)
    confirm_no_names = serializers.BooleanField(default=False)


@extend_schema_serializer(component_name="ReturnsInvite")
class InviteSerializer(serializers.Serializer):
    person = serializers.PrimaryKeyRelatedField(
        queryset=Person.objects.none(),
        help_text="An active, confirmed person of the return's own agency",
    )


@extend_schema_serializer(component_name="ReturnsEvidenceAsk")
class EvidenceAskSerializer(serializers.Serializer):
    note = serializers.CharField(help_text="What evidence the agency should add")
    deadline = serializers.DateField(help_text="The deadline for the evidence (in the future)")


@extend_schema_serializer(component_name="ReturnsChallengeEvent")
class ChallengeEventSerializer(serializers.ModelSerializer):
    class Meta:
        model = ChallengeEvent
        fields = ["id", "challenged_return", "held_on", "outcome", "recorded_at"]
        read_only_fields = ["challenged_return", "recorded_at"]


@extend_schema_serializer(component_name="ReturnsActionsRaised")
class ActionsRaisedSerializer(serializers.Serializer):
    actions = serializers.IntegerField(help_text="How many actions were added")
    action_plan = serializers.IntegerField(help_text="The agency's action plan for this return")


class ReturnViewSet(ScopedAPIMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = ReturnSerializer
    filterset_class = ReturnFilter
    ordering_fields = ["request__deadline", "agency__name", "status"]
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def scope(self, user):
        return (
            return_rows(user)
            .prefetch_related("answers__question", "moderated_scores", "evidence")
            .order_by("request__deadline", "pk")
        )

    def get_serializer_class(self):
        return ReturnDetailSerializer if self.action == "retrieve" else ReturnSerializer

    def _reread(self, answered):
        return Response(ReturnSerializer(self.get_queryset().get(pk=answered.pk)).data)

    @extend_schema(request=AnswersSerializer, responses=ReturnSerializer)
    @detail_action(detail=True, methods=["post"])
    def answers(self, request, pk=None, **kwargs):
        """Save answers, by question; questions not named keep what is stored."""
        answered = self.get_object()
        data = self.body(AnswersSerializer)
        answers = {}
        for item in data["answers"]:
            item = dict(item)
            answers[item.pop("question")] = item
        services.save_answers(
            request.user, answered, answers, confirm_no_names=data["confirm_no_names"]
        )
        return self._reread(answered)

    @extend_schema(
        request={"multipart/form-data": EvidenceInputSerializer}, responses=ReturnSerializer
    )
    @detail_action(detail=True, methods=["post"])
    def evidence(self, request, pk=None, **kwargs):
        """Add a file (multipart) or a link as evidence."""
        answered = self.get_object()
        data = self.body(EvidenceInputSerializer)
        services.add_evidence(
            request.user,
            answered,
            upload=data.get("file"),
            url=data.get("url", ""),
            description=data.get("description", ""),
            question_id=data.get("question"),
        )
        return self._reread(answered)

    @extend_schema(request=None, responses=ReturnSerializer)
    @detail_action(detail=True, methods=["post"], url_path="sign-off")
    def sign_off(self, request, pk=None, **kwargs):
        answered = self.get_object()
        services.sign_off(request.user, answered)
        return self._reread(answered)

    @extend_schema(request=ReasonSerializer, responses=ReturnSerializer)
    @detail_action(detail=True, methods=["post"])
    def reopen(self, request, pk=None, **kwargs):
        answered = self.get_object()
        data = self.body(ReasonSerializer)
        services.reopen(request.user, answered, reason=data["reason"])
        return self._reread(answered)

    @extend_schema(request=ModerationSerializer, responses=ReturnSerializer)
    @detail_action(detail=True, methods=["post"])
    def moderate(self, request, pk=None, **kwargs):
        answered = self.get_object()
        data = self.body(ModerationSerializer)
        services.moderate(
            request.user,
            answered,
            {item["question"]: (item["score"], item["reason"]) for item in data["scores"]},
            complete=data["complete"],
            confirm_no_names=data["confirm_no_names"],
        )
        return self._reread(answered)

    @extend_schema(request=InviteSerializer, responses=ReturnSerializer)
    @detail_action(detail=True, methods=["post"])
    def invite(self, request, pk=None, **kwargs):
        """The agency's lead invites a colleague from their own agency to help answer."""
        answered = self.get_object()
        require_rule(request, "returns.invite_colleague", answered)
        data = self.body(InviteSerializer, person=colleagues_for(answered))
        services.invite_colleague(request.user, answered, data["person"])
        return self._reread(answered)

    @extend_schema(request=EvidenceAskSerializer, responses=ReturnSerializer)
    @detail_action(detail=True, methods=["post"], url_path="ask-evidence")
    def ask_evidence(self, request, pk=None, **kwargs):
        """The moderator asks for more evidence by `deadline`: the return opens for it and the
        agency's leads are e-mailed."""
        answered = self.get_object()
        require_rule(request, "returns.moderate_return", answered)
        services.ask_for_evidence(request.user, answered, **self.body(EvidenceAskSerializer))
        return self._reread(answered)

    @extend_schema(request=ChallengeEventSerializer, responses={201: ChallengeEventSerializer})
    @detail_action(detail=True, methods=["post"])
    def challenge(self, request, pk=None, **kwargs):
        """Record the outcome of a challenge event where the agency presented its return."""
        answered = self.get_object()
        require_rule(request, "returns.moderate_return", answered)
        data = self.body(ChallengeEventSerializer)
        event = services.record_challenge(
            request.user, answered, held_on=data["held_on"], outcome=data["outcome"]
        )
        return Response(ChallengeEventSerializer(event).data, status=201)

    @extend_schema(request=None, responses=ActionsRaisedSerializer)
    @detail_action(detail=True, methods=["post"], url_path="raise-actions")
    def raise_actions(self, request, pk=None, **kwargs):
        """The return's areas for improvement, and moderated scores below the agency's own,
        become actions in the agency's action plan for it (each once)."""
        answered = self.get_object()
        require_rule(request, "returns.raise_actions", answered)
        made = services.raise_actions(request.user, answered)
        plan = Return.objects.values_list("action_plan_id", flat=True).get(pk=answered.pk)
        return Response(ActionsRaisedSerializer({"actions": made, "action_plan": plan}).data)


def register(router) -> None:
    router.register("return-templates", TemplateViewSet, basename="returnstemplate")
    router.register("return-requests", RequestViewSet, basename="returnsrequest")
    router.register("returns", ReturnViewSet, basename="returnsreturn")
