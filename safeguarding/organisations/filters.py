"""Filters for the directory's long lists, shared by the pages and the API."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from .models import Agency, Area, Board, Person, Role, RoleAssignment

SEARCH_HELP = "Name, e-mail address or job title"


@extend_schema_field(OpenApiTypes.INT)
class BoardFilter(django_filters.ModelChoiceFilter):
    """A board by id; the API schema calls it an integer."""


class _HubFilterSet(django_filters.FilterSet):
    """Empty values mean "any"; the form's fields render as GOV.UK components."""

    search = django_filters.CharFilter(
        label="Search",
        method="filter_search",
        help_text=SEARCH_HELP,
        widget=forms.TextInput(attrs={"class": "govuk-!-width-full", "type": "search"}),
    )


class AgencyFilter(_HubFilterSet):
    search = django_filters.CharFilter(
        label="Search",
        method="filter_search",
        help_text="Agency name or e-mail domain",
        widget=forms.TextInput(attrs={"class": "govuk-!-width-full", "type": "search"}),
    )
    sector = django_filters.ChoiceFilter(
        label="Sector", choices=Agency.Sector.choices, empty_label="Any sector"
    )
    contribution_status = django_filters.ChoiceFilter(
        label="Contribution status",
        choices=Agency.ContributionStatus.choices,
        empty_label="Any status",
    )
    board = django_filters.ModelChoiceFilter(
        label="Board",
        field_name="boards",
        queryset=Board.objects.all(),
        empty_label="Any board",
        distinct=False,
    )
    district = django_filters.ModelChoiceFilter(
        label="District",
        field_name="districts",
        queryset=Area.objects.filter(kind=Area.Kind.DISTRICT),
        empty_label="Any district",
        distinct=False,
    )

    class Meta:
        model = Agency
        fields = ["search", "sector", "contribution_status", "board", "district"]

    def filter_search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(name__icontains=value) | Q(email_domains__domain__icontains=value))

    def filter_queryset(self, queryset):
        # Filtering across many-valued relations can repeat an agency: keep each once by
        # filtering on ids rather than with DISTINCT, so the page can still annotate and sort.
        filtered = super().filter_queryset(queryset)
        if (
            self.form.cleaned_data.get("search")
            or self.form.cleaned_data.get("board")
            or (self.form.cleaned_data.get("district"))
        ):
            return queryset.filter(pk__in=filtered.values("pk"))
        return filtered


class PersonFilter(_HubFilterSet):
    # A text box rather than a list of every agency: the list would grow with the partnership
    # and cost every page of the directory. Links from an agency's page filter by its id.
    agency_name = django_filters.CharFilter(
        label="Agency",
        field_name="agency__name",
        lookup_expr="icontains",
        help_text="Part of the agency's name",
    )
    agency = django_filters.ModelChoiceFilter(
        queryset=Agency.objects.only("id", "name"), widget=forms.HiddenInput
    )
    role = django_filters.ChoiceFilter(
        label="Role", choices=Role.choices, empty_label="Any role", method="filter_role"
    )
    board = BoardFilter(
        label="Board",
        queryset=Board.objects.all(),
        empty_label="Any board",
        method="filter_board",
        help_text="People with a role for the board or working for one of its agencies",
    )

    class Meta:
        model = Person
        fields = ["search", "agency_name", "agency", "role", "board"]

    def filter_search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(full_name__icontains=value)
            | Q(email__icontains=value)
            | Q(job_title__icontains=value)
        )

    def filter_role(self, queryset, name, value):
        return queryset.filter(pk__in=RoleAssignment.objects.filter(role=value).values("person"))

    def filter_board(self, queryset, name, value):
        with_role = RoleAssignment.objects.filter(board=value).values("person")
        return queryset.filter(Q(pk__in=with_role) | Q(agency__in=value.agencies.values("pk")))
