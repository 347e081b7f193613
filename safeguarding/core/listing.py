"""Long lists on pages: filter, search, sort (?sort=), paginate (50 a page) and download.

A view describes its columns and hands over a queryset and a django-filter FilterSet; the
templates under core/includes/ draw the filter panel, the sortable headings, the pagination
and the download links from what `ListPage` returns.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.core.paginator import Paginator
from django.db.models import QuerySet

from .exports import FORMATS

PER_PAGE = 50


@dataclass(frozen=True)
class Column:
    label: str
    key: str | None = None  # the ?sort= value; None when the column does not sort
    order_by: tuple[str, ...] = ()
    numeric: bool = False


class ListPage:
    """The filtered, sorted rows of one list page, and what its templates need."""

    def __init__(
        self,
        request,
        queryset: QuerySet,
        *,
        filterset_class,
        columns: Sequence[Column],
        default_sort: str,
        per_page: int = PER_PAGE,
    ):
        self.request = request
        self.columns = columns
        self.filterset = filterset_class(request.GET or None, queryset=queryset, request=request)
        self.sort = self._chosen_sort(request.GET.get("sort", ""), default_sort)
        self.per_page = per_page

    def _chosen_sort(self, value: str, default: str) -> str:
        keys = {column.key for column in self.columns if column.key}
        return value if value.lstrip("-") in keys else default

    @property
    def download_format(self) -> str | None:
        fmt = self.request.GET.get("download")
        return fmt if fmt in FORMATS else None

    def ordering(self) -> list[str]:
        key = self.sort.lstrip("-")
        descending = self.sort.startswith("-")
        column = next(column for column in self.columns if column.key == key)
        fields = list(column.order_by or (key,))
        return [f"-{field}" if descending else field for field in fields] + ["pk"]

    def rows(self) -> QuerySet:
        """Every matching row, sorted: for downloads and for the page."""
        return self.filterset.qs.order_by(*self.ordering())

    def _link(self, **changes) -> str:
        query = self.request.GET.copy()
        for name, value in changes.items():
            if value is None:
                query.pop(name, None)
            else:
                query[name] = value
        return "?" + query.urlencode() if query else "?"

    def headings(self) -> list[dict]:
        current = self.sort.lstrip("-")
        descending = self.sort.startswith("-")
        headings = []
        for column in self.columns:
            heading = {"label": column.label, "numeric": column.numeric, "href": None}
            if column.key:
                is_current = column.key == current
                next_sort = f"-{column.key}" if is_current and not descending else column.key
                heading["href"] = self._link(sort=next_sort, page=None, download=None)
                heading["aria_sort"] = (
                    ("descending" if descending else "ascending") if is_current else "none"
                )
            headings.append(heading)
        return headings

    def context(self) -> dict:
        paginator = Paginator(self.rows(), self.per_page)
        page = paginator.get_page(self.request.GET.get("page"))
        page_links = []
        if paginator.num_pages > 1:
            for number in paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1):
                if number == Paginator.ELLIPSIS:
                    page_links.append({"ellipsis": True})
                else:
                    page_links.append(
                        {
                            "number": number,
                            "href": self._link(page=number, download=None),
                            "current": number == page.number,
                        }
                    )
        return {
            "page": page,
            "result_count": paginator.count,
            "filterset": self.filterset,
            "filter_form": self.filterset.form,
            "headings": self.headings(),
            "page_links": page_links,
            "previous_href": (
                self._link(page=page.previous_page_number(), download=None)
                if page.has_previous()
                else None
            ),
            "next_href": (
                self._link(page=page.next_page_number(), download=None) if page.has_next() else None
            ),
            "download_links": [
                {"label": f"Download {fmt.upper()}", "href": self._link(download=fmt, page=None)}
                for fmt in FORMATS
            ],
            "clear_filters_href": self.request.path,
            "sort": self.sort,
        }
