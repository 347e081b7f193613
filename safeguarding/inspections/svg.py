"""Server-rendered SVG charts of grade distributions: one stacked bar per theme, agency or
inspection. Pages always show the same figures in a table beside the chart."""

from __future__ import annotations

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from .models import Grade

COLOURS = ["#1d70b8", "#00703c", "#b58800", "#d4351c"]  # outstanding .. inadequate
ROW_HEIGHT = 30
LABEL_WIDTH = 230
BAR_WIDTH = 300


def grade_chart(rows: list[dict], title: str, chart_id: str) -> SafeString:
    """rows: {"label", "counts": [one count per grade, best first]}."""
    largest = max([sum(row["counts"]) for row in rows] + [1])
    legend_y = 5 + ROW_HEIGHT * len(rows) + 10
    height = legend_y + 30
    width = LABEL_WIDTH + BAR_WIDTH + 40
    parts = []
    for index, row in enumerate(rows):
        y = 5 + index * ROW_HEIGHT
        label = row["label"] if len(row["label"]) <= 32 else row["label"][:31] + "…"
        parts.append(
            format_html('<text x="0" y="{}" font-size="13" fill="#0b0c0c">{}</text>', y + 16, label)
        )
        x = LABEL_WIDTH
        for count, colour in zip(row["counts"], COLOURS, strict=False):
            length = round(BAR_WIDTH * count / largest)
            if length:
                parts.append(
                    format_html(
                        '<rect x="{}" y="{}" width="{}" height="20" fill="{}"></rect>',
                        x,
                        y + 2,
                        length,
                        colour,
                    )
                )
            x += length
        parts.append(
            format_html(
                '<text x="{}" y="{}" font-size="13" fill="#0b0c0c">{}</text>',
                x + 6,
                y + 16,
                sum(row["counts"]),
            )
        )
    legend = format_html_join(
        "",
        '<rect x="{}" y="{}" width="12" height="12" fill="{}"></rect>'
        '<text x="{}" y="{}" font-size="12" fill="#0b0c0c">{}</text>',
        (
            (i * 140, legend_y, colour, i * 140 + 16, legend_y + 11, grade.label)
            for i, (grade, colour) in enumerate(zip(Grade, COLOURS, strict=False))
        ),
    )
    return format_html(
        '<svg class="hub-chart" xmlns="http://www.w3.org/2000/svg" width="{}" height="{}" '
        'viewBox="0 0 {} {}" role="img" aria-labelledby="{}-title" '
        'font-family="Arial, sans-serif"><title id="{}-title">{}</title>{}{}</svg>',
        max(width, 560),
        height,
        max(width, 560),
        height,
        chart_id,
        chart_id,
        title,
        SafeString("".join(parts)),
        legend,
    )


def grade_table_body(rows: list[dict]) -> SafeString:
    """The rows of a grade table (label, a count per grade, total), written in Python: a trends
    page can have a couple of hundred rows, and the template loop was most of its time."""
    if not rows:
        return format_html(
            '<tr class="govuk-table__row"><td class="govuk-table__cell" colspan="{}">'
            "No grades recorded yet.</td></tr>",
            len(Grade) + 2,
        )
    cell = '<td class="govuk-table__cell govuk-table__cell--numeric">{}</td>'
    return format_html_join(
        "",
        '<tr class="govuk-table__row"><th scope="row" class="govuk-table__header">{}</th>{}'
        + cell
        + "</tr>",
        (
            (row["label"], format_html_join("", cell, ((n,) for n in row["counts"])), row["total"])
            for row in rows
        ),
    )
