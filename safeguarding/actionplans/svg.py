"""A server-rendered SVG bar chart of actions by status (the page shows the same figures in a
table beside it, so the chart is never the only way to read them)."""

from __future__ import annotations

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

COLOURS = {
    "not_started": "#505a5f",
    "on_track": "#00703c",
    "at_risk": "#b58800",
    "off_track": "#d4351c",
    "complete": "#1d70b8",
}
ROW_HEIGHT = 32
LABEL_WIDTH = 110
BAR_WIDTH = 260


def status_bar_chart(counts: list[dict], title: str = "Actions by status") -> SafeString:
    largest = max([row["count"] for row in counts] + [1])
    height = ROW_HEIGHT * len(counts) + 10
    width = LABEL_WIDTH + BAR_WIDTH + 50
    bars = []
    for index, row in enumerate(counts):
        y = 5 + index * ROW_HEIGHT
        length = round(BAR_WIDTH * row["count"] / largest)
        bars.append(
            (
                y + 20,
                row["label"],
                LABEL_WIDTH,
                y + 4,
                length,
                COLOURS.get(row["status"], "#505a5f"),
                LABEL_WIDTH + length + 6,
                y + 20,
                row["count"],
            )
        )
    body = format_html_join(
        "",
        '<text x="0" y="{}" font-size="14" fill="#0b0c0c">{}</text>'
        '<rect x="{}" y="{}" width="{}" height="22" fill="{}"></rect>'
        '<text x="{}" y="{}" font-size="14" fill="#0b0c0c">{}</text>',
        bars,
    )
    return format_html(
        '<svg class="hub-chart" xmlns="http://www.w3.org/2000/svg" width="{}" height="{}" '
        'viewBox="0 0 {} {}" role="img" aria-labelledby="status-chart-title" '
        'font-family="Arial, sans-serif">'
        '<title id="status-chart-title">{}</title>{}</svg>',
        width,
        height,
        width,
        height,
        title,
        body,
    )
