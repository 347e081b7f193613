"""Filters every list may use, and the audit trail's: who, which record, what, and between
which dates."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import django_filters
from django import forms
from django.utils import timezone

from .forms import GovukDateInput, HubDateField
from .models import AuditEvent
from .selectors import audited_record_types, audited_verbs


class _LabelledOptions(django_filters.fields.ModelChoiceIterator):
    # (id, label) pairs read with values_list: building a model instance per option was most
    # of a filter panel's time with 1,500 agencies to choose from.
    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        key = self.field.to_field_name or "pk"
        yield from self.field.queryset.values_list(key, self.field.label_field)


class _LabelledModelChoiceField(django_filters.fields.ModelChoiceField):
    iterator = _LabelledOptions

    def __init__(self, *args, label_field: str, **kwargs):
        self.label_field = label_field
        super().__init__(*args, **kwargs)


class LabelledChoiceFilter(django_filters.ModelChoiceFilter):
    """A choice of one record from a long list (agencies, plans), each option labelled with
    the record's `label_field` rather than its str(); what is chosen is still checked
    against the queryset and filtered on as a record."""

    field_class = _LabelledModelChoiceField

    def __init__(self, *args, label_field: str = "name", **kwargs):
        super().__init__(*args, label_field=label_field, **kwargs)


class HubDateFilter(django_filters.DateFilter):
    field_class = HubDateField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", GovukDateInput(attrs={"class": "govuk-input--width-10"}))
        super().__init__(*args, **kwargs)


class AuditFilterForm(forms.Form):
    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", "The 'to' date must be the same as or after the 'from' date")
        return cleaned


def _start_of(day) -> datetime:
    """Midnight at the start of `day` in the board's time zone (stored times are UTC)."""
    return timezone.make_aware(datetime.combine(day, time.min))


class AuditEventFilter(django_filters.FilterSet):
    actor = django_filters.CharFilter(
        label="Person",
        method="filter_actor",
        help_text="Part of the name of the person who did it",
    )
    record_type = django_filters.ChoiceFilter(
        label="Kind of record", field_name="target_type", empty_label="Any kind of record"
    )
    record_id = django_filters.CharFilter(
        label="Record number",
        field_name="target_id",
        help_text="The record's number, with a kind of record",
    )
    record = django_filters.CharFilter(
        label="Record name", method="filter_record", help_text="Part of the record's name"
    )
    verb = django_filters.ChoiceFilter(label="What happened", empty_label="Anything")
    date_from = HubDateFilter(
        label="From date",
        method="filter_from",
        error_messages={"invalid": "Enter the 'from' date as a real date, like 20/03/2015"},
    )
    date_to = HubDateFilter(
        label="To date",
        method="filter_to",
        error_messages={"invalid": "Enter the 'to' date as a real date, like 20/03/2015"},
    )

    class Meta:
        model = AuditEvent
        fields = ["actor", "record_type", "record_id", "record", "verb", "date_from", "date_to"]
        form = AuditFilterForm

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["record_type"].extra["choices"] = audited_record_types
        self.filters["verb"].extra["choices"] = audited_verbs

    def filter_actor(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(actor_label__icontains=value) if value else queryset

    def filter_record(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(target_label__icontains=value) if value else queryset

    def filter_from(self, queryset, name, value):
        return queryset.filter(occurred_at__gte=_start_of(value))

    def filter_to(self, queryset, name, value):
        return queryset.filter(occurred_at__lt=_start_of(value + timedelta(days=1)))
