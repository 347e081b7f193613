"""Filters for the meetings list, shared by the page and its downloads."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q

from safeguarding.core.filters import HubDateFilter
from safeguarding.organisations.models import Area, Board

from .models import Meeting


class MeetingFilter(django_filters.FilterSet):
    search = django_filters.CharFilter(
        label="Search",
        method="filter_search",
        help_text="Words from the title or venue",
        widget=forms.TextInput(attrs={"class": "govuk-!-width-full", "type": "search"}),
    )
    board = django_filters.ModelChoiceFilter(
        label="Board", queryset=Board.objects.all(), empty_label="Any board"
    )
    kind = django_filters.ChoiceFilter(
        label="Type of meeting", choices=Meeting.Kind.choices, empty_label="Any type"
    )
    area = django_filters.ModelChoiceFilter(
        label="Locality board (CPB)",
        queryset=Area.objects.filter(kind=Area.Kind.LOCALITY).order_by("name"),
        empty_label="Any locality",
    )
    date_from = HubDateFilter(label="From", field_name="date", lookup_expr="gte")
    date_to = HubDateFilter(label="To", field_name="date", lookup_expr="lte")

    def filter_search(self, queryset, name, value):
        for word in value.split():
            queryset = queryset.filter(Q(title__icontains=word) | Q(venue__icontains=word))
        return queryset
