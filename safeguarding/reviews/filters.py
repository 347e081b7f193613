"""Filters for the register, shared by the page and the API."""

from __future__ import annotations

from datetime import timedelta

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone

from safeguarding.core.filters import LabelledChoiceFilter
from safeguarding.core.workdays import add_working_days
from safeguarding.organisations.models import Area, Board

from .clocks import AMBER_WORKING_DAYS
from .models import Review, Theme

RAG_CHOICES = [("red", "Red: late"), ("amber", "Amber: due soon"), ("green", "Green")]


class ReviewFilter(django_filters.FilterSet):
    search = django_filters.CharFilter(
        label="Search",
        method="filter_search",
        help_text="Reference, pseudonym or lead area",
        widget=forms.TextInput(attrs={"class": "govuk-!-width-full", "type": "search"}),
    )
    kind = django_filters.ChoiceFilter(
        label="Type", choices=Review.Kind.choices, empty_label="Any type"
    )
    stage = django_filters.ChoiceFilter(
        label="Stage", choices=Review.Stage.choices, empty_label="Any stage"
    )
    board = LabelledChoiceFilter(
        label="Board", queryset=Board.objects.order_by("name"), empty_label="Any board"
    )
    locality = LabelledChoiceFilter(
        label="Locality",
        queryset=Area.objects.filter(kind=Area.Kind.LOCALITY).order_by("name"),
        empty_label="Any locality",
    )
    theme = LabelledChoiceFilter(
        label="Theme", field_name="themes", queryset=Theme.objects.all(), empty_label="Any theme"
    )
    year = django_filters.NumberFilter(
        label="Year learned of",
        field_name="learned_on",
        lookup_expr="year",
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-4"}),
    )
    lead_area = django_filters.CharFilter(
        label="Lead area", lookup_expr="icontains", help_text="For example, Tameside"
    )
    rag = django_filters.ChoiceFilter(
        label="RAG", choices=RAG_CHOICES, empty_label="Any", method="filter_rag"
    )

    class Meta:
        model = Review
        fields = [
            "search",
            "kind",
            "stage",
            "board",
            "locality",
            "theme",
            "year",
            "lead_area",
            "rag",
        ]

    def filter_search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(reference__icontains=value)
            | Q(pseudonym__icontains=value)
            | Q(lead_area__icontains=value)
        )

    def filter_rag(self, queryset, name, value):
        today = timezone.localdate()
        amber_until = add_working_days(today, AMBER_WORKING_DAYS)
        if value == "red":
            return queryset.filter(next_due__lt=today)
        if value == "amber":
            return queryset.filter(next_due__gte=today, next_due__lte=amber_until)
        if value == "green":
            return queryset.filter(Q(next_due__gt=amber_until) | Q(next_due__isnull=True))
        return queryset


def slipping(queryset, today=None):
    """Reviews with a clock late or due within the amber window."""
    today = today or timezone.localdate()
    return queryset.filter(next_due__lte=add_working_days(today, AMBER_WORKING_DAYS))


__all__ = ["RAG_CHOICES", "ReviewFilter", "slipping", "timedelta"]
