"""Organisations API: boards, areas, agencies, people and role assignments.

Reads are scoped by the same selectors as the pages (a person outside the reader's scope is a
404); writes go through the same services, so the rules and the audit trail are identical.
"""

from __future__ import annotations

import django_filters
from django.db.models import Count
from rest_framework import mixins, serializers, viewsets

from safeguarding.core.api_views import ScopedAPIMixin
from safeguarding.core.concurrency import IdempotentCreateMixin, version_from_request

from . import services
from .filters import AgencyFilter, PersonFilter
from .models import Agency, Area, Board, Person, Role, RoleAssignment
from .selectors import directory_agencies, directory_people, people_visible_to

READ = "organisations.view_directory"
WRITE = "organisations.manage_directory"


class RulePermissionMixin(ScopedAPIMixin):
    rule_permissions = {"read": READ, "write": WRITE}


# --- Boards and areas -----------------------------------------------------------------------


class BoardSerializer(serializers.ModelSerializer):
    agency_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Board
        fields = [
            "id",
            "slug",
            "name",
            "short_name",
            "kind",
            "is_default",
            "email",
            "phone",
            "address",
            "introduction",
            "newsflash_second_approver",
            "agency_count",
        ]
        read_only_fields = ["slug", "name", "short_name", "kind", "is_default"]


class BoardViewSet(RulePermissionMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Boards; a board's business unit (or an administrator) changes its contact details,
    introduction and newsflash rule, as on its settings page."""

    serializer_class = BoardSerializer
    filter_backends: list = []
    pagination_class = None

    def perform_update(self, serializer):
        board = services.update_board(
            self.request.user, serializer.instance, **serializer.validated_data
        )
        serializer.instance = self.get_queryset().get(pk=board.pk)

    def scope(self, user):
        if not user.is_authenticated:
            return Board.objects.none()
        return Board.objects.annotate(agency_count=Count("agencies", distinct=True)).order_by(
            "-is_default", "name"
        )


class AreaSerializer(serializers.ModelSerializer):
    class Meta:
        model = Area
        fields = ["id", "slug", "name", "kind", "parent", "districts", "boards"]


class AreaFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=Area.Kind.choices)
    board = django_filters.ModelChoiceFilter(field_name="boards", queryset=Board.objects.all())

    class Meta:
        model = Area
        fields = ["kind", "board"]


class AreaViewSet(RulePermissionMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = AreaSerializer
    filterset_class = AreaFilter
    ordering_fields = ["name", "kind"]

    def scope(self, user):
        if not user.is_authenticated:
            return Area.objects.none()
        return Area.objects.prefetch_related("districts", "boards").order_by("kind", "name", "pk")


# --- Agencies -------------------------------------------------------------------------------


class DomainListField(serializers.ListField):
    child = serializers.CharField(max_length=200)

    def to_representation(self, data):
        return [item.domain for item in data.all()]


class AgencySerializer(serializers.ModelSerializer):
    email_domains = DomainListField(
        required=False, help_text="Work e-mail domains, e.g. ['lancashire.police.uk']"
    )
    boards = serializers.PrimaryKeyRelatedField(
        many=True, required=False, queryset=Board.objects.all()
    )
    districts = serializers.PrimaryKeyRelatedField(
        many=True, required=False, queryset=Area.objects.filter(kind=Area.Kind.DISTRICT)
    )
    people_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Agency
        fields = [
            "id",
            "name",
            "slug",
            "sector",
            "contribution_status",
            "is_active",
            "email_domains",
            "boards",
            "districts",
            "people_count",
            "version",
        ]
        read_only_fields = ["slug", "version"]
        # Uniqueness is the service's job, with a plain message.
        extra_kwargs = {"name": {"validators": []}}


class AgencyViewSet(
    RulePermissionMixin,
    IdempotentCreateMixin,
    mixins.UpdateModelMixin,
    viewsets.ReadOnlyModelViewSet,
):
    serializer_class = AgencySerializer
    filterset_class = AgencyFilter
    ordering_fields = ["name", "sector", "contribution_status"]

    def scope(self, user):
        return directory_agencies(user, with_details=True).order_by("name", "pk")

    def perform_create(self, serializer):
        agency = services.create_agency(self.request.user, **serializer.validated_data)
        serializer.instance = self.get_queryset().get(pk=agency.pk)

    def perform_update(self, serializer):
        agency = services.update_agency(
            self.request.user,
            serializer.instance,
            version=version_from_request(self.request),
            **serializer.validated_data,
        )
        serializer.instance = self.get_queryset().get(pk=agency.pk)


# --- People and roles -----------------------------------------------------------------------


class RoleAssignmentSerializer(serializers.ModelSerializer):
    person = serializers.PrimaryKeyRelatedField(queryset=Person.objects.all())
    board = serializers.PrimaryKeyRelatedField(
        queryset=Board.objects.all(), required=False, allow_null=True
    )
    area = serializers.PrimaryKeyRelatedField(
        queryset=Area.objects.filter(kind=Area.Kind.LOCALITY), required=False, allow_null=True
    )
    agency = serializers.PrimaryKeyRelatedField(
        queryset=Agency.objects.all(), required=False, allow_null=True
    )
    role_label = serializers.CharField(source="get_role_display", read_only=True)

    class Meta:
        model = RoleAssignment
        fields = ["id", "person", "role", "role_label", "board", "area", "agency", "created_at"]
        read_only_fields = ["created_at"]


class PersonRoleSerializer(RoleAssignmentSerializer):
    class Meta(RoleAssignmentSerializer.Meta):
        fields = ["id", "role", "role_label", "board", "area", "agency"]


class PersonSerializer(serializers.ModelSerializer):
    roles = PersonRoleSerializer(many=True, read_only=True)
    agency = serializers.PrimaryKeyRelatedField(
        queryset=Agency.objects.all(), required=False, allow_null=True
    )
    line_manager = serializers.PrimaryKeyRelatedField(
        queryset=Person.objects.all(), required=False, allow_null=True
    )

    class Meta:
        model = Person
        fields = [
            "id",
            "full_name",
            "email",
            "job_title",
            "agency",
            "line_manager",
            "phone",
            "is_active",
            "roles",
            "version",
        ]
        read_only_fields = ["version"]
        extra_kwargs = {"email": {"validators": []}}


class PersonViewSet(
    RulePermissionMixin,
    IdempotentCreateMixin,
    mixins.UpdateModelMixin,
    viewsets.ReadOnlyModelViewSet,
):
    serializer_class = PersonSerializer
    filterset_class = PersonFilter
    ordering_fields = ["full_name", "email", "job_title"]

    def scope(self, user):
        return directory_people(user).order_by("full_name", "pk")

    def perform_create(self, serializer):
        person = services.create_person(self.request.user, **serializer.validated_data)
        serializer.instance = self.get_queryset().get(pk=person.pk)

    def perform_update(self, serializer):
        person = services.update_person(
            self.request.user,
            serializer.instance,
            version=version_from_request(self.request),
            **serializer.validated_data,
        )
        serializer.instance = self.get_queryset().get(pk=person.pk)


class RoleAssignmentFilter(django_filters.FilterSet):
    role = django_filters.ChoiceFilter(choices=Role.choices)

    class Meta:
        model = RoleAssignment
        fields = ["person", "role", "board", "area", "agency"]


class RoleAssignmentViewSet(
    RulePermissionMixin,
    IdempotentCreateMixin,
    mixins.DestroyModelMixin,
    viewsets.ReadOnlyModelViewSet,
):
    serializer_class = RoleAssignmentSerializer
    filterset_class = RoleAssignmentFilter
    ordering_fields = ["role", "created_at"]

    def scope(self, user):
        visible = people_visible_to(user).values("pk")
        return RoleAssignment.objects.filter(person__in=visible).order_by("person", "role", "pk")

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        person, role = data.pop("person"), data.pop("role")
        if not people_visible_to(self.request.user).filter(pk=person.pk).exists():
            raise serializers.ValidationError({"person": "Choose a person you can see"})
        serializer.instance = services.assign_role(self.request.user, person, role, **data)

    def perform_destroy(self, instance):
        services.remove_role(self.request.user, instance)


def register(router) -> None:
    router.register("boards", BoardViewSet, basename="board")
    router.register("areas", AreaViewSet, basename="area")
    router.register("agencies", AgencyViewSet, basename="agency")
    router.register("people", PersonViewSet, basename="person")
    router.register("role-assignments", RoleAssignmentViewSet, basename="roleassignment")
