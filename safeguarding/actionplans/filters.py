"""Filters for the action lists, shared by the pages and the API."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from safeguarding.core.filters import HubDateFilter, LabelledChoiceFilter
from safeguarding.organisations.models import Agency, Area

from .models import ActionPlan, Challenge, Status


@extend_schema_field(OpenApiTypes.INT)
class LocalityFilter(django_filters.ModelChoiceFilter):
    """A locality board by id; the API schema calls it an integer."""


class ActionFilter(django_filters.FilterSet):
    search = django_filters.CharFilter(
        label="Search",
        method="filter_search",
        help_text="Words from the action or its outcome",
        widget=forms.TextInput(attrs={"class": "govuk-!-width-full", "type": "search"}),
    )
    plan = LabelledChoiceFilter(
        label="Plan",
        queryset=ActionPlan.objects.order_by("title"),
        empty_label="Any plan",
        label_field="title",
    )
    owner_agency = LabelledChoiceFilter(
        label="Agency",
        queryset=Agency.objects.only("id", "name").order_by("name"),
        empty_label="Any agency",
    )
    status = django_filters.ChoiceFilter(
        label="Status", choices=Status.choices, empty_label="Any status"
    )
    locality = LocalityFilter(
        label="Locality",
        method="filter_locality",
        queryset=Area.objects.filter(kind=Area.Kind.LOCALITY).only("id", "name").order_by("name"),
        empty_label="Any locality",
    )
    due_after = HubDateFilter(
        label="Due on or after",
        field_name="due_date",
        lookup_expr="gte",
        error_messages={"invalid": "Enter the date as a real date, like 20/03/2015"},
    )
    due_before = HubDateFilter(
        label="Due on or before",
        field_name="due_date",
        lookup_expr="lte",
        error_messages={"invalid": "Enter the date as a real date, like 20/03/2015"},
    )

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        if request is not None:
            from .selectors import plans_visible_to

            self.filters["plan"].queryset = (
                plans_visible_to(request.user).only("id", "title").order_by("title")
            )

    def filter_search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(what__icontains=value) | Q(outcome__icontains=value))

    def filter_locality(self, queryset, name, value):
        """Actions naming the locality, and county-wide actions of plans shared with it."""
        return queryset.filter(
            Q(localities=value) | Q(localities__isnull=True, plan__shared_with=value)
        ).distinct()


class ChallengeFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        label="Status", choices=Challenge.State.choices, empty_label="Any status"
    )
    locality = django_filters.ModelChoiceFilter(
        label="Locality",
        queryset=Area.objects.filter(kind=Area.Kind.LOCALITY).only("id", "name").order_by("name"),
        empty_label="Any locality",
    )
    addressed_to_agency = LabelledChoiceFilter(
        label="Agency asked",
        queryset=Agency.objects.only("id", "name").order_by("name"),
        empty_label="Any agency",
    )
    plan = LabelledChoiceFilter(
        label="Plan",
        field_name="action__plan",
        queryset=ActionPlan.objects.order_by("title"),
        empty_label="Any plan",
        label_field="title",
    )

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        if request is not None:
            from .selectors import plans_visible_to

            self.filters["plan"].queryset = (
                plans_visible_to(request.user).only("id", "title").order_by("title")
            )


class PlanFilter(django_filters.FilterSet):
    search = django_filters.CharFilter(
        label="Search",
        method="filter_search",
        help_text="Words from the title or reference",
        widget=forms.TextInput(attrs={"class": "govuk-!-width-full", "type": "search"}),
    )
    origin_kind = django_filters.ChoiceFilter(
        label="Where it came from", choices=ActionPlan.Origin.choices, empty_label="Anywhere"
    )

    def filter_search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(title__icontains=value) | Q(origin_reference__icontains=value))
