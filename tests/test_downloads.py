"""Every "Download CSV / XLSX" link on a list page returns a real file, read back with the
csv module and openpyxl, holding the same rows as the page's filter (issue 11)."""

import csv
import datetime
import html
import io
import re

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.test_permission_matrix import all_patterns, build_url, world  # noqa: F401

# Every list page drawn with core/includes/list_layout.html (which shows the download links).
LIST_PAGES = [
    ("actionplans:plan_list", {}),
    ("actionplans:plan_list", {"search": "neglect"}),
    ("actionplans:plan_list", {"search": "no such plan"}),
    ("actionplans:challenge_log", {}),
    ("actionplans:locality_actions", {}),
    ("actionplans:agency_actions", {}),  # as the agency's lead: administrators have no agency
    ("meetings:meeting_list", {}),
    ("organisations:agency_list", {}),
    ("organisations:person_list", {}),
    ("core:audit_list", {}),
    ("training:catalogue", {}),
    ("returns:home", {}),
    ("returns:request_list", {}),
    ("reviews:register", {}),
    ("reviews:register", {"search": "no such review"}),
]
DOWNLOAD_LINK = re.compile(r'href="(\?[^"]*download=(csv|xlsx)[^"]*)"')


def file_rows(response, fmt) -> list[list]:
    body = b"".join(response.streaming_content)
    if fmt == "csv":
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(body), read_only=True).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


@pytest.mark.parametrize(("name", "query"), LIST_PAGES)
def test_each_list_download_link_returns_the_filtered_rows_as_a_file(client, world, name, query):  # noqa: F811
    role = "agency_lead" if name == "actionplans:agency_actions" else "administrator"
    client.force_login(world["people"][role])
    path = reverse(name)
    page = client.get(path, query)
    assert page.status_code == 200
    links = {fmt: html.unescape(href) for href, fmt in DOWNLOAD_LINK.findall(page.text)}
    assert set(links) == {"csv", "xlsx"}, f"{name} shows no download links"
    count = page.context["result_count"]

    for fmt, href in links.items():
        response = client.get(path + href)
        assert response.status_code == 200
        assert "attachment" in response["Content-Disposition"], f"{name} {fmt}: not a file"
        rows = file_rows(response, fmt)
        assert rows[0], f"{name} {fmt}: no header row"
        if fmt == "xlsx":  # a date-time cell says which clock it keeps (Excel has no zones)
            for heading, value in zip(rows[0], rows[1] if len(rows) > 1 else [], strict=False):
                if isinstance(value, datetime.datetime) and value.time() != datetime.time():
                    assert heading.endswith("(UK time)"), f"{name}: '{heading}'"
        assert len(rows) - 1 == count, f"{name} {fmt}: {len(rows) - 1} rows, page says {count}"


# The other download links: one file each, reached from a page (plan, report, course...).
FILE_DOWNLOADS = [
    "actionplans:plan_export",
    "actionplans:import_template",
    "organisations:import_template",
    "inspections:trends_export",
    "training:charges",
    "actionplans:plan_pdf",
    "inspections:report_pdf",
    "meetings:newsflash_pdf",
    "training:sign_in_sheet",
    "training:certificate",
    "actionplans:evidence_download",
    "meetings:paper_download",
]


@pytest.mark.parametrize("key", FILE_DOWNLOADS)
def test_each_file_download_is_a_file_with_the_hubs_headers(client, world, key):  # noqa: F811
    client.force_login(world["people"]["administrator"])
    url = build_url(key, all_patterns()[key], world)
    urls = [url, url.replace("/csv", "/xlsx")] if url.endswith("/csv") else [url]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Content-Disposition"].startswith(("attachment;", "inline;")), url
        assert response["X-Content-Type-Options"] == "nosniff"
        assert "no-store" in response["Cache-Control"] or "public" in response["Cache-Control"]
        fmt = url.rsplit("/", 1)[-1] if url.endswith(("/csv", "/xlsx")) else None
        if fmt:
            assert file_rows(response, fmt)[0], url
        elif response["Content-Type"] == "application/pdf":
            body = b"".join(response.streaming_content) if response.streaming else response.content
            assert body.startswith(b"%PDF"), url


def test_course_results_download_links_return_files(client, world):  # noqa: F811
    client.force_login(world["people"]["administrator"])
    path = reverse("training:course_results", args=[world["training_course"].pk])
    page = client.get(path)
    links = {fmt: html.unescape(href) for href, fmt in DOWNLOAD_LINK.findall(page.text)}
    assert set(links) == {"csv", "xlsx"}
    for fmt, href in links.items():
        assert file_rows(client.get(path + href), fmt)[0]
