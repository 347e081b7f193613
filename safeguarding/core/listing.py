"""Long lists on pages: filter, search, sort (?sort=), paginate and download.

One `ListDefinition` per list says everything about it: its columns (the page's heading, the
sort key and the fields it orders by, and the value each row puts in the download), the
filterset, the default sort and the download's file name. `ListPage` applies it to a request:
the templates under core/includes/ draw the filter panel, the sortable headings, the
pagination and the download links from its `context()`, and `download()` sends the same
filtered, sorted rows as CSV or XLSX through `core.exports`.

A column may be on the page only (no `value`), in the download only (`export_only`), or both;
the page and the download each keep the columns' declared order. How a row's cell looks on the
page (links, tags) stays in the app's table template.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpResponseBase
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from .exports import FORMATS, export_response
from .fragments import cached_fragment

PER_PAGE = 50
DOWNLOAD_CHUNK = 1000  # rows read from the database at a time while a download streams
# A page counts its rows up to this many and then says "more than": an exact count reads every
# matching row, which grows with the data (at ten times county scale, 40,000 actions of one
# locality cost a tenth of a second a page); the first rows of a page do not.
COUNT_UP_TO = 1000


class CountedUpTo(Paginator):
    """Pages over the first `limit` rows, having counted no further than one beyond them."""

    def __init__(self, object_list, per_page, limit: int):
        super().__init__(object_list, per_page)
        self.limit = limit

    @cached_property
    def _counted(self) -> int:
        # Unordered, and without the rows' annotations (counts of their children), so the
        # database stops after limit + 1 rows rather than sorting or annotating them all.
        return self.object_list.order_by().values("pk")[: self.limit + 1].count()

    @cached_property
    def count(self) -> int:
        return min(self._counted, self.limit)

    @property
    def more_than_limit(self) -> bool:
        return self._counted > self.limit


@dataclass(frozen=True)
class Column:
    heading: str | None = None  # on the page; None for a column only the download has
    sort_key: str | None = None  # the ?sort= value; None when the column does not sort
    order_by: tuple[str, ...] = ()  # the fields it sorts by; (sort_key,) when empty
    numeric: bool = False
    # The row's cell in the download: a date, a number or text (XLSX keeps dates and numbers
    # as such). None when the column is on the page only.
    value: Callable[[Any], Any] | None = None
    download_heading: str | None = None  # when the download names it otherwise

    @property
    def in_download(self) -> bool:
        return self.value is not None

    @property
    def download_title(self) -> str:
        return self.download_heading or self.heading or ""


def export_only(heading: str, value: Callable[[Any], Any]) -> Column:
    """A column only the download has: a fact the page does not show, or one the hub keeps
    itself that an import passes over."""
    return Column(value=value, download_heading=heading)


@dataclass(frozen=True)
class ListDefinition:
    """One list: its columns, filters, default sort and download file name."""

    columns: Sequence[Column]
    filterset_class: type
    default_sort: str  # a column's sort key, "-" first for descending
    download_name: str  # the file's stem: "people" gives people-2026-12-07.csv
    per_page: int = PER_PAGE
    count_up_to: int = COUNT_UP_TO  # beyond this the page says "more than" (CountedUpTo)
    download_chunk: int = DOWNLOAD_CHUNK
    download_prefetch: tuple[str, ...] = ()  # what only the download reads, beyond the page
    # The core.fragments name whose data the rows show: the list's body (filters, rows,
    # pagination) is then rendered once per change of that data and audience, not per request.
    cached_as: str | None = None

    def __post_init__(self):
        # A mistake in a declaration fails when the module loads, naming the list and column.
        for column in self.columns:
            if column.heading is None and not column.in_download:
                raise ImproperlyConfigured(
                    f"List '{self.download_name}': a column needs a heading or a download value"
                )
            if column.in_download and not column.download_title:
                raise ImproperlyConfigured(
                    f"List '{self.download_name}': a download column has no heading"
                )
            if column.sort_key and column.heading is None:
                raise ImproperlyConfigured(
                    f"List '{self.download_name}': column '{column.download_title}' sorts but "
                    "is not on the page"
                )
        if self.default_sort.removeprefix("-") not in self.sort_keys:
            raise ImproperlyConfigured(
                f"List '{self.download_name}': the default sort '{self.default_sort}' is not a "
                f"column's sort key (one of {', '.join(sorted(self.sort_keys))})"
            )

    @property
    def sort_keys(self) -> set[str]:
        return {column.sort_key for column in self.columns if column.sort_key}

    @property
    def page_columns(self) -> list[Column]:
        return [column for column in self.columns if column.heading is not None]

    @property
    def download_columns(self) -> list[Column]:
        return [column for column in self.columns if column.in_download]

    @property
    def download_headings(self) -> list[str]:
        return [column.download_title for column in self.download_columns]

    def download_rows(self, rows: QuerySet) -> Iterator[list]:
        """Each row's download cells, read in chunks so memory stays flat (a prefetch runs
        once a chunk, so the queries grow with the chunks, not the rows)."""
        columns = self.download_columns
        if self.download_prefetch:
            rows = rows.prefetch_related(*self.download_prefetch)
        for row in rows.iterator(chunk_size=self.download_chunk):
            yield [column.value(row) for column in columns]

    def download(
        self,
        fmt: str,
        rows: QuerySet,
        *,
        name: str | None = None,
        log: tuple[Any, Any, str] | None = None,
        verb: str | None = None,
    ) -> HttpResponseBase:
        """`rows` as a CSV or XLSX file; `name` replaces the file's stem (one plan's actions),
        `log` records it as a view of a restricted record under `verb` (core.exports' rule)."""
        return export_response(
            fmt,
            name or self.download_name,
            self.download_headings,
            self.download_rows(rows),
            log=log,
            verb=verb,
        )


class ListPage:
    """One list's filtered, sorted rows for a request, and what its templates need."""

    def __init__(self, request, queryset: QuerySet, definition: ListDefinition):
        self.request = request
        self.definition = definition
        self.queryset = queryset
        self.sort = self._chosen_sort(request.GET.get("sort", ""))
        self.per_page = definition.per_page

    @cached_property
    def filterset(self):
        # Built when first needed: a cached list's body (results()) never needs it.
        return self.definition.filterset_class(
            self.request.GET or None, queryset=self.queryset, request=self.request
        )

    def _chosen_sort(self, value: str) -> str:
        """The sort asked for, or the list's default when it names no sortable column."""
        if value.removeprefix("-") in self.definition.sort_keys:
            return value
        return self.definition.default_sort

    @property
    def download_format(self) -> str | None:
        fmt = self.request.GET.get("download")
        return fmt if fmt in FORMATS else None

    def ordering(self) -> list[str]:
        key = self.sort.removeprefix("-")
        descending = self.sort.startswith("-")
        column = next(column for column in self.definition.columns if column.sort_key == key)
        fields = list(column.order_by or (key,))
        return [f"-{field}" if descending else field for field in fields] + ["pk"]

    def rows(self) -> QuerySet:
        """Every matching row, sorted: for downloads and for the page."""
        return self.filterset.qs.order_by(*self.ordering())

    def download(
        self, *, log: tuple[Any, Any, str] | None = None, verb: str | None = None
    ) -> HttpResponseBase:
        """Every matching row, sorted as on the page, in the format asked for (?download=)."""
        return self.definition.download(self.download_format, self.rows(), log=log, verb=verb)

    def _link(self, **changes) -> str:
        query = self.request.GET.copy()
        for name, value in changes.items():
            if value is None:
                query.pop(name, None)
            else:
                query[name] = value
        return "?" + query.urlencode() if query else "?"

    def headings(self) -> list[dict]:
        current = self.sort.removeprefix("-")
        descending = self.sort.startswith("-")
        headings = []
        for column in self.definition.page_columns:
            heading = {"label": column.heading, "numeric": column.numeric, "href": None}
            if column.sort_key:
                key = column.sort_key
                is_current = key == current
                next_sort = f"-{key}" if is_current and not descending else key
                heading["href"] = self._link(sort=next_sort, page=None, download=None)
                heading["aria_sort"] = (
                    ("descending" if descending else "ascending") if is_current else "none"
                )
            headings.append(heading)
        return headings

    def results(
        self,
        table_template: str,
        *,
        singular: str,
        plural: str,
        download_subject: str,
        audience: str,
        extra: dict | None = None,
        vary_on: tuple = (),
    ) -> SafeString:
        """The list's body (core/includes/list_layout.html: filter panel, count, downloads,
        the rows drawn by `table_template`, pagination) as HTML. With the definition's
        `cached_as`, it is kept per data version, `audience` and query string: `audience`
        names who sees these same rows with these same cells ("everyone", or one person's
        key when what they may see is their own), and nothing else the body shows may depend
        on the person. `extra` is more context for the table; `vary_on` names anything else
        the rows depend on (today's date, when a row says "Overdue")."""

        def render() -> str:
            context = {
                **self.context(),
                "table_template": table_template,
                "singular": singular,
                "plural": plural,
                "download_subject": download_subject,
                **(extra or {}),
            }
            return render_to_string("core/includes/list_layout.html", context)

        name = self.definition.cached_as
        if name is None:
            return mark_safe(render())  # noqa: S308 - rendered by our own templates, escaped there
        vary_on = (
            "list",
            self.definition.download_name,
            self.request.path,
            audience,
            self.request.META.get("QUERY_STRING", ""),
            tuple(sorted((extra or {}).items())),
            vary_on,
        )
        return cached_fragment(name, vary_on, render)

    def context(self) -> dict:
        paginator = CountedUpTo(self.rows(), self.per_page, self.definition.count_up_to)
        page = paginator.get_page(self.request.GET.get("page"))
        return {
            "page": page,
            "result_count": paginator.count,
            "more_than_count": paginator.more_than_limit,
            "filterset": self.filterset,
            # A filter has a value: the page number or the sort alone filters nothing.
            "filtered": any(
                self.request.GET.get(name, "").strip() for name in self.filterset.filters
            ),
            "filter_form": self.filterset.form,
            "headings": self.headings(),
            **page_navigation(page, lambda number: self._link(page=number, download=None)),
            "download_links": [
                {"label": f"Download {fmt.upper()}", "href": self._link(download=fmt, page=None)}
                for fmt in FORMATS
            ],
            "clear_filters_href": self.request.path,
            "sort": self.sort,
        }


def page_navigation(page: Page, link: Callable[[int], str]) -> dict:
    """What core/includes/pagination.html needs for a page of rows: numbered links (the first,
    the last and those beside the current page, with gaps between), previous and next.
    `link(number)` is the address of a page."""
    paginator = page.paginator
    page_links = []
    if paginator.num_pages > 1:
        for number in paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1):
            if number == Paginator.ELLIPSIS:
                page_links.append({"ellipsis": True})
            else:
                page_links.append(
                    {"number": number, "href": link(number), "current": number == page.number}
                )
    return {
        "page_links": page_links,
        "previous_href": link(page.previous_page_number()) if page.has_previous() else None,
        "next_href": link(page.next_page_number()) if page.has_next() else None,
    }
