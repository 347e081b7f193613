"""Every "Download CSV / XLSX" link on a list page returns a real file, read back with the
csv module and openpyxl, holding the same rows as the page's filter (issue 11)."""

import csv
import html
import io
import re

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.test_permission_matrix import world  # noqa: F401 - the fixture

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
        assert len(rows) - 1 == count, f"{name} {fmt}: {len(rows) - 1} rows, page says {count}"
