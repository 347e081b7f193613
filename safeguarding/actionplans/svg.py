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


TREND_WIDTH = 560
TREND_HEIGHT = 220
TREND_LEFT = 40
TREND_BOTTOM = 30


def status_trend_chart(points: list[dict], title: str = "Actions by status at each month end"):
    """One line per status over the month ends (the page has the same figures in a table)."""
    if not points:
        return ""
    largest = max([max(p["counts"].values(), default=0) for p in points] + [1])
    plot_w = TREND_WIDTH - TREND_LEFT - 110
    plot_h = TREND_HEIGHT - TREND_BOTTOM - 10
    step = plot_w / max(1, len(points) - 1)

    def x(index):
        return round(TREND_LEFT + index * step, 1)

    def y(count):
        return round(10 + plot_h - plot_h * count / largest, 1)

    lines = []
    for number, status in enumerate(COLOURS):
        coordinates = " ".join(
            f"{x(i)},{y(p['counts'].get(status, 0))}" for i, p in enumerate(points)
        )
        last = points[-1]["counts"].get(status, 0)
        lines.append(
            (
                coordinates,
                COLOURS[status],
                "4 3" if number % 2 else "none",
                x(len(points) - 1) + 6,
                y(last) + 4,
                COLOURS[status],
                status.replace("_", " ").capitalize(),
            )
        )
    body = format_html_join(
        "",
        '<polyline points="{}" fill="none" stroke="{}" stroke-width="2" '
        'stroke-dasharray="{}"></polyline>'
        '<text x="{}" y="{}" font-size="12" fill="{}">{}</text>',
        lines,
    )
    axis = format_html(
        '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#0b0c0c"></line>'
        '<text x="0" y="{}" font-size="12" fill="#0b0c0c">{}</text>'
        '<text x="0" y="{}" font-size="12" fill="#0b0c0c">0</text>'
        '<text x="{}" y="{}" font-size="12" fill="#0b0c0c">{}</text>'
        '<text x="{}" y="{}" font-size="12" fill="#0b0c0c" text-anchor="end">{}</text>',
        TREND_LEFT,
        10 + plot_h,
        TREND_LEFT + plot_w,
        10 + plot_h,
        16,
        largest,
        10 + plot_h,
        TREND_LEFT,
        TREND_HEIGHT - 8,
        points[0]["date"].strftime("%b %Y"),
        TREND_LEFT + plot_w,
        TREND_HEIGHT - 8,
        points[-1]["date"].strftime("%b %Y"),
    )
    return format_html(
        '<svg class="hub-chart" xmlns="http://www.w3.org/2000/svg" width="{}" height="{}" '
        'viewBox="0 0 {} {}" role="img" aria-labelledby="trend-chart-title" '
        'font-family="Arial, sans-serif">'
        '<title id="trend-chart-title">{}</title>{}{}</svg>',
        TREND_WIDTH,
        TREND_HEIGHT,
        TREND_WIDTH,
        TREND_HEIGHT,
        title,
        axis,
        body,
    )
