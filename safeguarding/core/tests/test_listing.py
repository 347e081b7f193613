"""One declaration per list (core.listing): the page's headings, sort links and pagination and
the CSV/XLSX download all come from the same columns."""

import csv
import dataclasses
import datetime
import io
import re
from zoneinfo import ZoneInfo

import django_filters
import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.paginator import Paginator
from django.db import connection
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from safeguarding.core.filters import LabelledChoiceFilter
from safeguarding.core.listing import (
    Column,
    ListDefinition,
    ListPage,
    export_only,
    page_navigation,
)
from safeguarding.core.models import AuditEvent
from safeguarding.organisations.models import Agency


class VerbFilter(django_filters.FilterSet):
    class Meta:
        model = AuditEvent
        fields = ["verb"]


EVENTS = ListDefinition(
    columns=[
        Column(
            "When",
            "when",
            ("occurred_at",),
            value=lambda event: event.occurred_at,
            download_heading="When (UK time)",
        ),
        Column("What", "verb", value=lambda event: event.verb),
        export_only("Record number", lambda event: int(event.target_id)),
        export_only("Board", lambda event: event.board.short_name if event.board else ""),
        Column("Record", "record", ("target_label", "verb")),  # on the page only
    ],
    filterset_class=VerbFilter,
    default_sort="-when",
    download_name="events",
    per_page=2,
    download_prefetch=("board",),
)
# 9:30am in the UK on a summer day (8:30 UTC): downloads show it as the UK clock does.
START = datetime.datetime(2026, 7, 1, 9, 30, tzinfo=ZoneInfo("Europe/London"))


@pytest.fixture
def events(db, children_board):
    start = START
    return [
        AuditEvent.objects.create(
            occurred_at=start + datetime.timedelta(days=index),
            verb=verb,
            target_type="test.thing",
            target_id=str(index),
            target_label=f"Thing {index}",
            board=children_board,
        )
        for index, verb in enumerate(["b added", "a added", "c added"])
    ]


def listing(query=None) -> ListPage:
    request = RequestFactory().get("/events/", query or {})
    return ListPage(request, AuditEvent.objects.all(), EVENTS)


def _verbs(page: ListPage) -> list[str]:
    return [event.verb for event in page.rows()]


def test_a_list_sorts_by_a_columns_fields_either_way(events):
    assert _verbs(listing({"sort": "verb"})) == ["a added", "b added", "c added"]
    assert _verbs(listing({"sort": "-verb"})) == ["c added", "b added", "a added"]
    assert listing({"sort": "-verb"}).ordering() == ["-verb", "pk"]
    # A column naming its fields sorts by them, in that order, then by pk.
    assert listing({"sort": "record"}).ordering() == ["target_label", "verb", "pk"]


@pytest.mark.parametrize("asked", ["", "bogus", "-bogus", "pk", "occurred_at", "--verb"])
def test_a_sort_naming_no_sortable_column_falls_back_to_the_default(events, asked):
    page = listing({"sort": asked})
    assert page.sort == "-when"
    assert _verbs(page) == ["c added", "a added", "b added"]


def test_the_headings_are_the_page_columns_with_links_that_reverse_the_current_sort(events):
    headings = listing({"sort": "verb", "page": "2", "verb": "a added"}).headings()
    assert [heading["label"] for heading in headings] == ["When", "What", "Record"]
    when, what, record = headings
    assert what["aria_sort"] == "ascending"
    assert "sort=-verb" in what["href"]
    assert "page=" not in what["href"]
    assert "verb=a+added" in what["href"]  # the filter is kept
    assert when["aria_sort"] == "none"
    assert "sort=when" in when["href"]
    assert record["aria_sort"] == "none"


def test_the_page_is_paginated_with_the_definitions_page_size(events):
    context = listing({"page": "2"}).context()
    assert context["result_count"] == 3
    assert [event.verb for event in context["page"].object_list] == ["b added"]
    assert [link.get("number") for link in context["page_links"]] == [1, 2]
    assert context["previous_href"] == "?page=1"
    assert [link["label"] for link in context["download_links"]] == [
        "Download CSV",
        "Download XLSX",
    ]


def test_a_list_longer_than_it_counts_says_more_than_and_pages_over_the_first_rows(events):
    """The count stops one row beyond the limit, so it costs the same however many rows
    match; the pages cover the first `count_up_to` rows and the download has them all."""
    capped = dataclasses.replace(EVENTS, count_up_to=2, per_page=1)
    request = RequestFactory().get("/events/", {"page": "9"})
    page = ListPage(request, AuditEvent.objects.all(), capped)
    with CaptureQueriesContext(connection) as queries:
        context = page.context()
    count_sql = next(q["sql"] for q in queries if "COUNT(" in q["sql"].upper())
    assert "LIMIT 3" in count_sql
    assert "ORDER BY" not in count_sql
    assert context["result_count"] == 2
    assert context["more_than_count"] is True
    assert context["page"].number == 2  # page 9 is beyond the counted rows: the last one
    assert context["page"].end_index() == 2
    assert context["next_href"] is None
    html = render_to_string(
        "core/includes/result_count.html", {**context, "singular": "event", "plural": "events"}
    )
    assert "More than <strong>2</strong> events" in html
    assert "download them all" in html
    assert len(_csv(capped.download("csv", AuditEvent.objects.all()))) == 1 + 3


def test_only_a_filter_with_a_value_makes_the_count_say_match_your_filters(events):
    assert listing({"page": "2", "sort": "verb"}).context()["filtered"] is False
    assert listing({"verb": ""}).context()["filtered"] is False
    assert listing({"verb": "a added"}).context()["filtered"] is True


def test_a_list_within_its_count_says_exactly_how_many(events):
    context = listing().context()
    assert context["result_count"] == 3
    assert context["more_than_count"] is False
    html = render_to_string(
        "core/includes/result_count.html", {**context, "singular": "event", "plural": "events"}
    )
    assert "<strong>3</strong> events" in html
    assert "More than" not in html


def _csv(response) -> list[list[str]]:
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(body)))


def test_the_download_holds_the_filtered_sorted_rows_from_the_same_columns(events):
    page = listing({"sort": "verb", "verb": "b added", "download": "csv"})
    assert page.download_format == "csv"
    response = page.download()
    assert 'filename="events-' in response["Content-Disposition"]
    # Download columns in declared order: export-only ones included, page-only ones left out.
    assert _csv(response) == [
        ["When (UK time)", "What", "Record number", "Board"],
        ["2026-07-01 09:30:00", "b added", "0", "LSCB"],
    ]
    assert EVENTS.download_headings == ["When (UK time)", "What", "Record number", "Board"]
    assert [column.heading for column in EVENTS.page_columns] == ["When", "What", "Record"]


def test_an_xlsx_download_keeps_dates_and_numbers_as_cells_of_their_kind(events):
    response = listing({"sort": "verb", "download": "xlsx"}).download()
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("When (UK time)", "What", "Record number", "Board")
    second_day = START.replace(tzinfo=None) + datetime.timedelta(days=1)
    assert rows[1] == (second_day, "a added", 1, "LSCB")


def test_a_download_asked_for_in_no_known_format_is_not_a_download(events):
    assert listing({"download": "pdf"}).download_format is None


def test_a_downloads_queries_do_not_grow_with_its_rows(events, children_board):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            _csv(listing({"download": "csv"}).download())
        return len(captured.captured_queries)

    few = queries()
    for index in range(3, 30):
        AuditEvent.objects.create(
            verb="d added",
            target_type="test.thing",
            target_id=str(index),
            target_label=f"Thing {index}",
            board=children_board,
        )
    assert queries() == few  # the rows, and the prefetch of their boards


def test_a_download_of_a_restricted_record_is_logged_as_exported(events, business_unit):
    record = events[0]
    listing({"download": "csv"}).download(
        log=(business_unit, record, "a test list"), verb="list exported"
    )
    logged = AuditEvent.objects.get(verb="list exported")
    assert logged.actor == business_unit
    assert logged.payload == {"reason": "a test list"}


def test_a_list_without_a_log_writes_nothing_to_the_audit_trail(events):
    before = AuditEvent.objects.count()
    _csv(listing({"download": "csv"}).download())
    assert AuditEvent.objects.count() == before


def _definition(columns, default_sort="name"):
    return ListDefinition(
        columns=columns, filterset_class=VerbFilter, default_sort=default_sort, download_name="x"
    )


def test_a_default_sort_naming_no_column_is_refused_when_the_list_is_declared():
    message = r"default sort '-title' is not a column's sort key \(one of name\)"
    with pytest.raises(ImproperlyConfigured, match=message):
        _definition([Column("Name", "name")], default_sort="-title")


def test_a_column_neither_on_the_page_nor_in_the_download_is_refused():
    with pytest.raises(ImproperlyConfigured, match="needs a heading or a download value"):
        _definition([Column("Name", "name"), Column()])


def test_a_sort_on_a_column_the_page_does_not_show_is_refused():
    with pytest.raises(ImproperlyConfigured, match="column 'Age' sorts but is not on the page"):
        _definition(
            [Column("Name", "name"), Column(sort_key="age", value=str, download_heading="Age")]
        )


def test_page_navigation_links_the_ends_and_the_neighbours_with_gaps_between():
    page = Paginator(range(100), 10).get_page(5)
    navigation = page_navigation(page, lambda number: f"?page={number}")
    numbers = [link.get("number", "...") for link in navigation["page_links"]]
    assert numbers == [1, "...", 4, 5, 6, "...", 10]
    assert [link["number"] for link in navigation["page_links"] if link.get("current")] == [5]
    assert navigation["previous_href"] == "?page=4"
    assert navigation["next_href"] == "?page=6"
    single = page_navigation(Paginator(range(3), 10).get_page(1), str)
    assert single == {"page_links": [], "previous_href": None, "next_href": None}


class AgencyFilter(django_filters.FilterSet):
    agency = LabelledChoiceFilter(
        label="Agency",
        field_name="target_id",
        queryset=Agency.objects.order_by("name"),
        empty_label="Any agency",
    )


def test_a_long_choice_lists_options_from_one_query_labelled_as_the_records_are(db):
    for name in ["Police", "Council", "Hospital trust"]:
        Agency.objects.create(name=name, slug=name.lower().replace(" ", "-"))
    council = Agency.objects.get(name="Council")
    form = AgencyFilter({"agency": str(council.pk)}, queryset=AuditEvent.objects.all()).form
    assert form.is_valid(), form.errors  # checks the choice: one query, before the options
    with CaptureQueriesContext(connection) as queries:
        html = str(form["agency"])
    assert len(queries) == 1, [q["sql"] for q in queries]
    options = re.findall(r'<option value="([^"]*)"( selected)?>([^<]*)</option>', html)
    assert [(label, bool(selected)) for _, selected, label in options] == [
        ("Any agency", False),
        ("Council", True),
        ("Hospital trust", False),
        ("Police", False),
    ]
    # What is chosen is still checked against the queryset, and filtered on as a record.
    assert form.cleaned_data["agency"] == council
    refused = AgencyFilter({"agency": "999999"}, queryset=AuditEvent.objects.all())
    assert not refused.form.is_valid()
