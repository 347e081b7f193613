"""Filters for the request and return lists, shared by the pages and the API."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone

from safeguarding.core.filters import LabelledChoiceFilter
from safeguarding.organisations.models import Agency

from .models import Request, Return, Template

SEARCH = forms.TextInput(attrs={"class": "govuk-!-width-full", "type": "search"})


class RequestFilter(django_filters.FilterSet):
    search = django_filters.CharFilter(
        label="Search", method="filter_search", help_text="Words from the title", widget=SEARCH
    )
    kind = django_filters.ChoiceFilter(
        label="Kind of questionnaire",
        field_name="version__template__kind",
        choices=Template.Kind.choices,
        empty_label="Any kind",
    )

    class Meta:
        model = Request
        fields = ["search", "kind"]

    def filter_search(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(title__icontains=value) if value else queryset


class ReturnFilter(django_filters.FilterSet):
    search = django_filters.CharFilter(
        label="Search",
        method="filter_search",
        help_text="Words from the agency's name or the request's title",
        widget=SEARCH,
    )
    status = django_filters.ChoiceFilter(
        label="Status", choices=Return.Status.choices, empty_label="Any status"
    )
    moderation = django_filters.ChoiceFilter(
        label="Moderation",
        choices=[(value, label) for value, label in Return.Moderation.choices if value],
        empty_label="Any",
    )
    late = django_filters.BooleanFilter(
        label="Late",
        method="filter_late",
        widget=forms.Select(choices=[("", "Late or not"), ("true", "Late"), ("false", "Not late")]),
    )
    agency = LabelledChoiceFilter(
        label="Agency",
        queryset=Agency.objects.only("id", "name").order_by("name"),
        empty_label="Any agency",
    )

    class Meta:
        model = Return
        fields = ["search", "status", "moderation", "late", "agency"]

    def filter_search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(agency__name__icontains=value) | Q(request__title__icontains=value)
        )

    def filter_late(self, queryset, name, value):
        if value is None:
            return queryset
        late = Q(request__deadline__lt=timezone.localdate()) & ~Q(status=Return.Status.SIGNED_OFF)
        return queryset.filter(late) if value else queryset.exclude(late)
