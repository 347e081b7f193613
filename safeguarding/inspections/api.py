"""The inspections API, under /api/: the programme (inspections), their grade figures and the
case audits.

Reads are scoped by the same selectors as the pages: an inspection before its notice date does
not exist for anyone outside the business unit, and case audits exist only for the business
unit and the review team (never the reviewer's own agency's records). Everyone else who may see
an inspection's report gets its aggregates only (`/inspections/<id>/grades/`).
"""

from __future__ import annotations

from datetime import date

from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers, viewsets
from rest_framework.decorators import action as detail_action
from rest_framework.response import Response

from safeguarding.core.api_views import ScopedAPIMixin
from safeguarding.core.concurrency import IdempotentCreateMixin
from safeguarding.organisations.models import Area, Board

from . import services
from .models import CaseAudit, Inspection
from .selectors import audit_rows, grade_distributions, inspection_rows


class InspectionSerializer(serializers.ModelSerializer):
    board = serializers.PrimaryKeyRelatedField(queryset=Board.objects.all())
    locality = serializers.PrimaryKeyRelatedField(
        queryset=Area.objects.filter(kind=Area.Kind.LOCALITY)
    )
    locality_name = serializers.CharField(source="locality.name", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    confirm_no_names = serializers.BooleanField(
        write_only=True,
        default=False,
        help_text="true once you have checked that what the hub said looks like a name in the "
        "criteria or reason is not a child's name",
    )

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
            "confirm_no_names",
        ]
        read_only_fields = ["code", "notice_date", "status", "published_at", "board_received_on"]


class InspectionViewSet(ScopedAPIMixin, IdempotentCreateMixin, viewsets.ReadOnlyModelViewSet):
    """The programme: inspections you may see, in fieldwork order. Business-unit staff add
    inspections with POST (the notice date is set 14 days before fieldwork)."""

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


class CaseAuditViewSet(ScopedAPIMixin, viewsets.ReadOnlyModelViewSet):
    """Case audits: the business unit and the review team only. Opening one is logged."""

    serializer_class = CaseAuditSerializer

    def scope(self, user):
        return (
            audit_rows(user).prefetch_related("theme_grades__theme").order_by("inspection_id", "pk")
        )

    def retrieve(self, request, *args, **kwargs):
        from safeguarding.core.audit import record_view

        audit = self.get_object()
        record_view(request.user, audit, "case audit read through the API")
        return Response(self.get_serializer(audit).data)


def register(router) -> None:
    """Adds this app's viewsets to the project's router."""
    router.register("inspections", InspectionViewSet, basename="inspection")
    router.register("inspection-audits", CaseAuditViewSet, basename="inspectionaudit")
