"""Filters for the catalogue and the session lists, shared by the pages and the API."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import F, Q
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from safeguarding.core.days import on_or_after, on_or_before
from safeguarding.core.filters import HubDateFilter
from safeguarding.organisations.models import Area, Board

from .models import Application, Course, Status


def _topics():
    return [
        (topic, topic)
        for topic in Course.objects.filter(is_published=True)
        .order_by("topic")
        .values_list("topic", flat=True)
        .distinct()
    ]


@extend_schema_field(OpenApiTypes.INT)
class BoardFilter(django_filters.ModelChoiceFilter):
    """A board by id; the API schema calls it an integer."""


class SessionFilter(django_filters.FilterSet):
    search = django_filters.CharFilter(
        label="Search",
        method="filter_search",
        help_text="Words from the course title or topic",
        widget=forms.TextInput(attrs={"class": "govuk-!-width-full", "type": "search"}),
    )
    board = BoardFilter(
        label="Board",
        method="filter_board",
        queryset=Board.objects.all(),
        empty_label="Any board",
    )
    topic = django_filters.ChoiceFilter(
        label="Topic", field_name="course__topic", choices=_topics, empty_label="Any topic"
    )
    area = django_filters.ModelChoiceFilter(
        label="Area",
        queryset=Area.objects.filter(kind=Area.Kind.DISTRICT).order_by("name"),
        empty_label="Any area",
    )
    date_from = HubDateFilter(
        label="On or after",
        method="filter_on_or_after",
        error_messages={"invalid": "Enter the date as a real date, like 20/03/2015"},
    )
    date_to = HubDateFilter(
        label="On or before",
        method="filter_on_or_before",
        error_messages={"invalid": "Enter the date as a real date, like 20/03/2015"},
    )
    places = django_filters.BooleanFilter(
        label="Only sessions with places left",
        method="filter_places",
        widget=forms.CheckboxInput,
    )

    def filter_search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(course__title__icontains=value) | Q(course__topic__icontains=value)
        )

    def filter_board(self, queryset, name, value):
        return queryset.filter(Q(course__board=value) | Q(course__open_to_both_boards=True))

    def filter_on_or_after(self, queryset, name, value):
        return queryset.filter(**on_or_after("starts_at", value)) if value else queryset

    def filter_on_or_before(self, queryset, name, value):
        return queryset.filter(**on_or_before("starts_at", value)) if value else queryset

    def filter_places(self, queryset, name, value):
        """Places a person can still book: a free place on a session whose booking has not
        closed (a session closed to booking has no place left to apply for, however many
        seats are empty)."""
        if not value:
            return queryset
        return queryset.filter(
            places_taken__lt=F("capacity"),
            booking_closes__gte=timezone.localdate(),
            is_cancelled=False,
        )


class ApplicationFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        label="Status", choices=Status.choices, empty_label="Any status"
    )

    class Meta:
        model = Application
        fields = ["status", "session"]
