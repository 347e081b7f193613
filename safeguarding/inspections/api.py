"""The inspections API, under /api/: the programme (inspections), their grade figures, the
case audits and the audit templates.

Everything the inspection pages change, the API changes too, through the same services: the
business unit generates a year's programme, adds, moves and cancels inspections, builds the
review team, draws the sample, assigns the case audits, records interviews and shadowing,
adds findings and publishes the report; agency leads submit their cases; reviewers write and
submit their audits; the lead reviewer moderates and adds findings. Free text is checked for
children's names as on the pages (`confirm_no_names`).

Reads are scoped by the same selectors as the pages: an inspection before its notice date does
not exist for anyone outside the business unit, and case audits exist only for the business
unit and the review team (never the reviewer's own agency's records). Everyone else who may see
an inspection's report gets its aggregates only (`/inspections/<id>/grades/`).
"""

from __future__ import annotations

from datetime import date

from django.http import Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers, viewsets
from rest_framework.decorators import action as detail_action
from rest_framework.response import Response

from safeguarding.core.api_views import ScopedAPIMixin
from safeguarding.core.audit import record_view
from safeguarding.core.concurrency import IdempotentCreateMixin, version_from_request
from safeguarding.core.permissions import led_agency_ids
from safeguarding.organisations.models import Agency, Area, Board, Person, Role

from . import services
from .models import (
    AuditTemplate,
    CaseAudit,
    CaseRecord,
    Engagement,
    Finding,
    Grade,
    Inspection,
    TeamMember,
)
from .rules import manages_inspection
from .selectors import agencies_serving, audit_rows, grade_distributions, inspection_rows

NO_NAMES_HELP = (
    "true once you have checked that what the hub said looks like a name is not a child's name"
)


def no_names_field():
    return serializers.BooleanField(write_only=True, default=False, help_text=NO_NAMES_HELP)


class InspectionSerializer(serializers.ModelSerializer):
    board = serializers.PrimaryKeyRelatedField(queryset=Board.objects.all())
    locality = serializers.PrimaryKeyRelatedField(
        queryset=Area.objects.filter(kind=Area.Kind.LOCALITY)
    )
    locality_name = serializers.CharField(source="locality.name", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    confirm_no_names = no_names_field()

    class Meta:
        model = Inspection
        fields = [
            "id",
            "code",
            "board",
            "locality",
            "locality_name",
            "fieldwork_start",
            "fieldwork_end",
            "notice_date",
            "status",
            "status_label",
            "criteria",
            "override_reason",
            "published_at",
            "board_received_on",
            "action_plan",
            "version",
            "confirm_no_names",
        ]
        read_only_fields = [
            "code",
            "notice_date",
            "status",
            "published_at",
            "board_received_on",
            "action_plan",
            "version",
        ]


class GenerateSerializer(serializers.Serializer):
    board = serializers.PrimaryKeyRelatedField(queryset=Board.objects.all())
    year = serializers.IntegerField(
        help_text="The programme runs from April of this year to March of the next, e.g. 2015"
    )
    criteria = serializers.CharField(required=False, allow_blank=True, default="")
    confirm_no_names = no_names_field()


class MoveSerializer(serializers.Serializer):
    """New fieldwork dates or criteria; what is left out stays as it is."""

    fieldwork_start = serializers.DateField(required=False)
    fieldwork_end = serializers.DateField(required=False)
    criteria = serializers.CharField(required=False, allow_blank=True)
    confirm_no_names = no_names_field()


class InspectionCancelSerializer(serializers.Serializer):
    reason = serializers.CharField()
    confirm_no_names = no_names_field()


class TeamMemberSerializer(serializers.ModelSerializer):
    person = serializers.PrimaryKeyRelatedField(
        queryset=Person.objects.filter(is_active=True, roles__role=Role.INSPECTION_REVIEWER)
        .distinct()
        .order_by("pk"),
        error_messages={"does_not_exist": "Choose a person with the inspection reviewer role"},
    )

    class Meta:
        model = TeamMember
        fields = ["id", "person", "is_lead"]


class CaseSubmissionSerializer(serializers.Serializer):
    agency = serializers.PrimaryKeyRelatedField(
        queryset=Agency.objects.none(),
        error_messages={"does_not_exist": "Choose an agency that serves the inspected locality"},
    )
    record_number = serializers.CharField(
        max_length=60, help_text="Your agency's own record number: never the child's name"
    )
    reference = serializers.CharField(
        max_length=40,
        required=False,
        allow_blank=True,
        default="",
        help_text="The case's reference, if another agency has submitted this child already",
    )
    notes = serializers.CharField(required=False, allow_blank=True, default="")
    confirm_no_names = no_names_field()
    case = serializers.CharField(
        read_only=True, help_text="The case's reference, e.g. MASPI-2015-B-007"
    )


class SampleSerializer(serializers.Serializer):
    size = serializers.IntegerField(min_value=1, help_text="How many cases to sample")
    seed = serializers.IntegerField(
        min_value=0,
        required=False,
        allow_null=True,
        help_text="Leave out for a new random sample; send a recorded seed to draw it again",
    )
    cases = serializers.ListField(
        child=serializers.IntegerField(), read_only=True, help_text="The numbers of the cases"
    )


class AssignSerializer(serializers.Serializer):
    record = serializers.PrimaryKeyRelatedField(
        queryset=CaseRecord.objects.none(),
        error_messages={"does_not_exist": "Choose a sampled case record of this inspection"},
    )
    reviewer = serializers.PrimaryKeyRelatedField(
        queryset=Person.objects.none(),
        error_messages={"does_not_exist": "Choose a reviewer on this inspection's team"},
    )


class AssignedSerializer(serializers.Serializer):
    assigned = serializers.IntegerField(help_text="How many case audits were assigned")


class EngagementSerializer(serializers.ModelSerializer):
    agency = serializers.PrimaryKeyRelatedField(
        queryset=Agency.objects.none(),
        error_messages={"does_not_exist": "Choose an agency that serves the inspected locality"},
    )
    confirm_no_names = no_names_field()

    class Meta:
        model = Engagement
        fields = [
            "id",
            "kind",
            "agency",
            "practitioner_role",
            "date",
            "case",
            "themes",
            "observations",
            "confirm_no_names",
        ]
        extra_kwargs = {
            "case": {"error_messages": {"does_not_exist": "Choose a sampled case"}},
            "themes": {"error_messages": {"does_not_exist": "Choose a theme of the audit tool"}},
        }


class FindingSerializer(serializers.ModelSerializer):
    agency = serializers.PrimaryKeyRelatedField(
        queryset=Agency.objects.none(),
        required=False,
        allow_null=True,
        error_messages={"does_not_exist": "Choose an agency that serves the inspected locality"},
    )
    confirm_no_names = no_names_field()

    class Meta:
        model = Finding
        fields = ["id", "kind", "text", "agency", "theme", "due_date", "action", "confirm_no_names"]
        read_only_fields = ["action"]
        extra_kwargs = {
            "theme": {"error_messages": {"does_not_exist": "Choose a theme of the audit tool"}}
        }


class PublishSerializer(serializers.Serializer):
    summary = serializers.CharField()
    board_received_on = serializers.DateField(required=False, allow_null=True, default=None)
    plan_end = serializers.DateField(
        help_text="When the action plan ends; reviewers keep sight of the inspection until then"
    )
    confirm_no_names = no_names_field()


class ThemeGradeSerializer(serializers.Serializer):
    theme = serializers.CharField(source="theme.title")
    grade = serializers.CharField()
    reason = serializers.CharField()
    final_grade = serializers.CharField()


class CaseAuditSerializer(serializers.ModelSerializer):
    case_reference = serializers.CharField(source="record.case.reference", read_only=True)
    record_number = serializers.CharField(source="record.record_number", read_only=True)
    agency_name = serializers.CharField(source="agency.name", read_only=True)
    theme_grades = ThemeGradeSerializer(many=True, read_only=True)
    # Plain strings (outstanding, good, requires_improvement, inadequate or empty), so the
    # schema has one grade type rather than an enum per field.
    grade = serializers.CharField(read_only=True)
    final_grade = serializers.CharField(read_only=True)
    state = serializers.CharField(read_only=True)

    class Meta:
        model = CaseAudit
        fields = [
            "id",
            "inspection",
            "case_reference",
            "agency",
            "agency_name",
            "record_number",
            "reviewer",
            "state",
            "grade",
            "grade_reason",
            "final_grade",
            "good_practice",
            "areas_for_improvement",
            "theme_grades",
            "submitted_at",
            "moderated_at",
        ]


def _number(value) -> int:
    """A record's id from the path; anything but a whole number is no such record."""
    if not str(value).isdigit():
        raise Http404
    return int(value)


# Writes anyone who sees the inspection may try (agency leads submit cases, the review team
# records interviews and findings): the service asks the inspection's own rule.
READ_ONLY_GATE = {"read": "inspections.view_inspections"}


class InspectionViewSet(ScopedAPIMixin, IdempotentCreateMixin, viewsets.ReadOnlyModelViewSet):
    """The programme: inspections you may see, in fieldwork order. Business-unit staff add
    inspections with POST (fieldwork starts and ends on working days, not a weekend or an
    England bank holiday; the notice date is set 14 days before fieldwork, or the working day
    before that), move them with PATCH and run them with the actions below."""

    serializer_class = InspectionSerializer
    rule_permissions = {
        "read": "inspections.view_inspections",
        "write": "inspections.manage_programme",
    }

    def scope(self, user):
        rows = inspection_rows(user).order_by("fieldwork_start", "pk")
        year = self.request.query_params.get("year", "")
        if self.action == "list" and year:
            if not year.isdigit() or not 2000 <= int(year) <= 2100:
                raise serializers.ValidationError({"year": "Enter a year such as 2015"})
            start = date(int(year), 4, 1)
            rows = rows.filter(
                fieldwork_start__gte=start, fieldwork_start__lt=date(int(year) + 1, 4, 1)
            )
        return rows

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "year",
                int,
                description="Only the programme year starting in April of this year, e.g. 2015",
            )
        ]
    )
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    def get_serializer_class(self):
        return MoveSerializer if self.action == "partial_update" else InspectionSerializer

    def _inspection_answer(self, inspection, status=200):
        fresh = self.get_queryset().get(pk=inspection.pk)
        return Response(InspectionSerializer(fresh).data, status=status)

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        inspection = services.schedule_inspection(
            self.request.user,
            board=data.pop("board"),
            locality=data.pop("locality"),
            fieldwork_start=data.pop("fieldwork_start"),
            fieldwork_end=data.pop("fieldwork_end"),
            criteria=data.get("criteria", ""),
            override_reason=data.get("override_reason", ""),
            confirm_no_names=data.get("confirm_no_names", False),
        )
        serializer.instance = self.get_queryset().get(pk=inspection.pk)

    @extend_schema(request=MoveSerializer, responses=InspectionSerializer)
    def partial_update(self, request, *args, **kwargs):
        """Move the fieldwork dates or change the criteria (with `version` or If-Match)."""
        inspection = self.get_object()
        data = self.body(MoveSerializer)
        services.move_inspection(
            request.user,
            inspection,
            fieldwork_start=data.get("fieldwork_start", inspection.fieldwork_start),
            fieldwork_end=data.get("fieldwork_end", inspection.fieldwork_end),
            criteria=data.get("criteria"),
            confirm_no_names=data["confirm_no_names"],
            version=version_from_request(request),
        )
        return self._inspection_answer(inspection)

    @extend_schema(request=GenerateSerializer, responses={201: InspectionSerializer(many=True)})
    @detail_action(detail=False, methods=["post"])
    def generate(self, request, **kwargs):
        """Add a year's three inspections, visiting the locality boards' areas in turn."""
        created = services.generate_programme(request.user, **self.body(GenerateSerializer))
        rows = self.get_queryset().filter(pk__in=[inspection.pk for inspection in created])
        return Response(InspectionSerializer(rows, many=True).data, status=201)

    @extend_schema(request=InspectionCancelSerializer, responses=InspectionSerializer)
    @detail_action(detail=True, methods=["post"])
    def cancel(self, request, pk=None, **kwargs):
        inspection = self.get_object()
        services.cancel_inspection(
            request.user, inspection, **self.body(InspectionCancelSerializer)
        )
        return self._inspection_answer(inspection)

    @extend_schema(request=TeamMemberSerializer, responses={201: TeamMemberSerializer})
    @detail_action(detail=True, methods=["post"])
    def team(self, request, pk=None, **kwargs):
        """Add a reviewer (a manager seconded from a partner agency) to the review team."""
        inspection = self.get_object()
        member = services.add_team_member(
            request.user, inspection, **self.body(TeamMemberSerializer)
        )
        return Response(TeamMemberSerializer(member).data, status=201)

    @extend_schema(
        request=None,
        responses={204: None},
        parameters=[OpenApiParameter("member_pk", int, OpenApiParameter.PATH)],
    )
    @detail_action(
        detail=True, methods=["delete"], url_path=r"team/(?P<member_pk>[^/.]+)", url_name="member"
    )
    def remove_team_member(self, request, pk=None, member_pk=None, **kwargs):
        inspection = self.get_object()
        member = get_object_or_404(TeamMember, pk=_number(member_pk), inspection=inspection)
        services.remove_team_member(request.user, member)
        return Response(status=204)

    @extend_schema(request=CaseSubmissionSerializer, responses={201: CaseSubmissionSerializer})
    @detail_action(detail=True, methods=["post"], rule_permissions=READ_ONLY_GATE)
    def cases(self, request, pk=None, **kwargs):
        """Submit a case by an agency's own record number: agency leads for their agency, the
        business unit for any agency serving the locality."""
        inspection = self.get_object()
        if manages_inspection(request.user, inspection):
            agencies = agencies_serving(inspection)
        else:
            agencies = Agency.objects.filter(pk__in=led_agency_ids(request.user))
        data = dict(self.body(CaseSubmissionSerializer, agency=agencies))
        case, _ = services.submit_case(request.user, inspection, **data)
        return Response(CaseSubmissionSerializer({**data, "case": case.reference}).data, status=201)

    @extend_schema(request=SampleSerializer, responses=SampleSerializer)
    @detail_action(detail=True, methods=["post"])
    def sample(self, request, pk=None, **kwargs):
        """Draw the case sample at random; the seed is kept, so it can be drawn again."""
        inspection = self.get_object()
        data = self.body(SampleSerializer)
        chosen = services.draw_sample(request.user, inspection, **data)
        inspection.refresh_from_db()
        drawn = {"size": inspection.sample_size, "seed": inspection.sample_seed, "cases": chosen}
        return Response(SampleSerializer(drawn).data)

    @extend_schema(request=AssignSerializer, responses=CaseAuditSerializer)
    @detail_action(detail=True, methods=["post"], url_path="assign-audit")
    def assign_audit(self, request, pk=None, **kwargs):
        """Assign (or reassign) one sampled record's audit to a reviewer on the team."""
        inspection = self.get_object()
        data = self.body(
            AssignSerializer,
            record=CaseRecord.objects.filter(inspection=inspection, case__in_sample=True),
            reviewer=Person.objects.filter(inspection_teams__inspection=inspection),
        )
        audit = services.assign_audit(request.user, data["record"], reviewer=data["reviewer"])
        return Response(CaseAuditSerializer(audit).data)

    @extend_schema(request=None, responses=AssignedSerializer)
    @detail_action(detail=True, methods=["post"], url_path="assign-audits")
    def assign_audits(self, request, pk=None, **kwargs):
        """Share the sampled records without an audit among the team, in turn."""
        assigned = services.assign_audits(request.user, self.get_object())
        return Response(AssignedSerializer({"assigned": assigned}).data)

    @extend_schema(request=EngagementSerializer, responses={201: EngagementSerializer})
    @detail_action(detail=True, methods=["post"], rule_permissions=READ_ONLY_GATE)
    def engagements(self, request, pk=None, **kwargs):
        """Record an interview or work shadowing (the business unit and the review team)."""
        inspection = self.get_object()
        data = dict(
            self.body(
                EngagementSerializer,
                agency=agencies_serving(inspection),
                case=inspection.cases.filter(in_sample=True),
            )
        )
        themes = data.pop("themes", [])
        if any(theme.template_id != inspection.template_id for theme in themes):
            raise serializers.ValidationError({"themes": "Choose a theme of the audit tool"})
        engagement, _ = services.record_engagement(request.user, inspection, themes=themes, **data)
        return Response(EngagementSerializer(engagement).data, status=201)

    @extend_schema(request=FindingSerializer, responses={201: FindingSerializer})
    @detail_action(detail=True, methods=["post"], rule_permissions=READ_ONLY_GATE)
    def findings(self, request, pk=None, **kwargs):
        """Add a finding: good practice, or an area for improvement that becomes an action
        owned by its agency when the report is published (the business unit, the lead
        reviewer)."""
        inspection = self.get_object()
        data = self.body(
            FindingSerializer,
            agency=agencies_serving(inspection),
            theme=inspection.template.themes.all(),
        )
        finding = services.add_finding(request.user, inspection, **data)
        return Response(FindingSerializer(finding).data, status=201)

    @extend_schema(
        request=None,
        responses={204: None},
        parameters=[OpenApiParameter("finding_pk", int, OpenApiParameter.PATH)],
    )
    @detail_action(
        detail=True,
        methods=["delete"],
        url_path=r"findings/(?P<finding_pk>[^/.]+)",
        url_name="finding",
        rule_permissions=READ_ONLY_GATE,
    )
    def remove_finding(self, request, pk=None, finding_pk=None, **kwargs):
        inspection = self.get_object()
        finding = get_object_or_404(Finding, pk=_number(finding_pk), inspection=inspection)
        services.remove_finding(request.user, finding)
        return Response(status=204)

    @extend_schema(request=PublishSerializer, responses=InspectionSerializer)
    @detail_action(detail=True, methods=["post"])
    def publish(self, request, pk=None, **kwargs):
        """Publish the report: each area for improvement becomes an action in a plan shared
        with the locality board that monitors it (`action_plan`)."""
        inspection = self.get_object()
        services.publish_report(request.user, inspection, **self.body(PublishSerializer))
        return self._inspection_answer(inspection)

    @extend_schema(
        responses=inline_serializer(
            "InspectionGrades",
            fields={
                "audits": serializers.IntegerField(),
                "grades": serializers.ListField(child=serializers.CharField()),
                "overall": serializers.ListField(child=serializers.IntegerField()),
                "by_theme": serializers.ListField(child=serializers.DictField()),
                "by_agency": serializers.ListField(child=serializers.DictField()),
            },
        )
    )
    @detail_action(detail=True, methods=["get"])
    def grades(self, request, pk=None, format=None):  # noqa: A002 - DRF passes it
        """Grade counts by theme and by agency (the report's figures; no case detail)."""
        inspection = self.get_object()
        if not request.user.has_perm("inspections.view_report", inspection):
            raise Http404
        figures = grade_distributions(inspection)
        return Response(
            {
                "audits": figures["audits"],
                "grades": [row["grade"].value for row in figures["overall"]],
                "overall": [row["count"] for row in figures["overall"]],
                "by_theme": figures["by_theme"],
                "by_agency": figures["by_agency"],
            }
        )


class CaseAuditAnswerSerializer(serializers.Serializer):
    question = serializers.IntegerField(help_text="The question's id in the audit's template")
    text = serializers.CharField(allow_blank=True)


class ThemeGradeInputSerializer(serializers.Serializer):
    theme = serializers.IntegerField(help_text="The theme's id in the audit's template")
    grade = serializers.ChoiceField(choices=Grade.choices, allow_blank=True)
    reason = serializers.CharField(allow_blank=True, required=False, default="")


class AuditWriteSerializer(serializers.Serializer):
    """The reviewer's audit: answers and theme grades sent are saved (others stay), as are
    the case's grade and texts; what is left out stays as it is."""

    answers = CaseAuditAnswerSerializer(many=True, required=False, default=list)
    theme_grades = ThemeGradeInputSerializer(many=True, required=False, default=list)
    grade = serializers.ChoiceField(choices=Grade.choices, allow_blank=True, required=False)
    grade_reason = serializers.CharField(allow_blank=True, required=False)
    good_practice = serializers.CharField(allow_blank=True, required=False)
    areas_for_improvement = serializers.CharField(allow_blank=True, required=False)
    confirm_no_names = no_names_field()


class ThemeFinalSerializer(serializers.Serializer):
    theme = serializers.IntegerField(help_text="The theme's id in the audit's template")
    final_grade = serializers.ChoiceField(choices=Grade.choices)


class ModerationSerializer(serializers.Serializer):
    final_grade = serializers.ChoiceField(choices=Grade.choices)
    theme_grades = ThemeFinalSerializer(
        many=True,
        required=False,
        default=list,
        help_text="The agreed grade of each theme; a theme left out keeps the reviewer's",
    )
    note = serializers.CharField(
        allow_blank=True,
        required=False,
        default="",
        help_text="Needed when the agreed grade differs from the reviewer's",
    )
    confirm_no_names = no_names_field()


AUDIT_TEXTS = ["grade", "grade_reason", "good_practice", "areas_for_improvement"]


class CaseAuditViewSet(ScopedAPIMixin, viewsets.ReadOnlyModelViewSet):
    """Case audits: the business unit and the review team only. Opening one is logged. The
    reviewer it is assigned to saves it (PATCH) and submits it for moderation (POST
    submit/); the business unit or the lead reviewer moderates it."""

    serializer_class = CaseAuditSerializer

    def scope(self, user):
        return (
            audit_rows(user).prefetch_related("theme_grades__theme").order_by("inspection_id", "pk")
        )

    def retrieve(self, request, *args, **kwargs):
        audit = self.get_object()
        record_view(
            request.user, audit, "case audit read through the API", verb="case audit viewed"
        )
        return Response(self.get_serializer(audit).data)

    def _save(self, request, submit: bool):
        audit = self.get_object()
        data = self.body(AuditWriteSerializer)
        services.save_audit(
            request.user,
            audit,
            answers={answer["question"]: answer["text"] for answer in data["answers"]},
            theme_grades={
                entry["theme"]: (entry["grade"], entry["reason"]) for entry in data["theme_grades"]
            },
            submit=submit,
            confirm_no_names=data["confirm_no_names"],
            **{name: data.get(name, getattr(audit, name)) for name in AUDIT_TEXTS},
        )
        return self.reread(audit)

    @extend_schema(request=AuditWriteSerializer, responses=CaseAuditSerializer)
    def partial_update(self, request, *args, **kwargs):
        """Save the audit, to carry on later."""
        return self._save(request, submit=False)

    @extend_schema(request=AuditWriteSerializer, responses=CaseAuditSerializer)
    @detail_action(detail=True, methods=["post"])
    def submit(self, request, pk=None, **kwargs):
        """Save and submit the audit for moderation: every theme and the case need a grade
        and a reason."""
        return self._save(request, submit=True)

    @extend_schema(request=ModerationSerializer, responses=CaseAuditSerializer)
    @detail_action(detail=True, methods=["post"])
    def moderate(self, request, pk=None, **kwargs):
        """Agree the final grades (never the audit's own reviewer)."""
        audit = self.get_object()
        data = self.body(ModerationSerializer)
        services.moderate_audit(
            request.user,
            audit,
            final_grade=data["final_grade"],
            theme_finals={entry["theme"]: entry["final_grade"] for entry in data["theme_grades"]},
            note=data["note"],
            confirm_no_names=data["confirm_no_names"],
        )
        return self.reread(audit)


class TemplateSerializer(serializers.ModelSerializer):
    text = serializers.SerializerMethodField(
        help_text="One theme per line starting '## ', then its questions, one per line"
    )

    class Meta:
        model = AuditTemplate
        fields = ["id", "name", "version", "created_at", "text"]

    def get_text(self, template) -> str:
        return services.template_as_text(template)


class TemplateTextSerializer(serializers.Serializer):
    text = serializers.CharField(
        help_text="One theme per line starting '## ', then its questions, one per line"
    )


class AuditTemplateViewSet(ScopedAPIMixin, viewsets.ReadOnlyModelViewSet):
    """The case-file audit tool's versions (the business unit). Editing one saves its next
    version; inspections already planned keep the version they use."""

    serializer_class = TemplateSerializer
    rule_permissions = {
        "read": "inspections.manage_programme",
        "write": "inspections.manage_programme",
    }

    def scope(self, user):
        return AuditTemplate.objects.prefetch_related("themes__questions").order_by(
            "name", "-version"
        )

    @extend_schema(request=TemplateTextSerializer, responses={201: TemplateSerializer})
    @detail_action(detail=True, methods=["post"], url_path="new-version")
    def new_version(self, request, pk=None, **kwargs):
        template = self.get_object()
        new = services.save_template(request.user, template, **self.body(TemplateTextSerializer))
        return Response(TemplateSerializer(new).data, status=201)


def register(router) -> None:
    """Adds this app's viewsets to the project's router."""
    router.register("inspections", InspectionViewSet, basename="inspection")
    router.register("inspection-audits", CaseAuditViewSet, basename="inspectionaudit")
    router.register("inspection-templates", AuditTemplateViewSet, basename="inspectiontemplate")
