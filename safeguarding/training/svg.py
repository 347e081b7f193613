"""A server-rendered SVG bar chart of feedback ratings. The page shows the same figures in a
table beside it, so the chart is never the only way to read them."""

from __future__ import annotations

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

BAR_HEIGHT = 160
BAR_WIDTH = 40
GAP = 16


def describe(distribution: list[dict]) -> str:
    """The chart's figures in words, its text alternative."""
    return "; ".join(
        f"rating {row['rating']}: {row['count']} response{'' if row['count'] == 1 else 's'}"
        for row in distribution
    ).capitalize()


def rating_chart(
    distribution: list[dict],
    title: str = "Overall ratings, 1 (poor) to 5",
    *,
    chart_id: str = "rating-chart",
) -> SafeString:
    """`chart_id` keeps the ids apart when a page shows more than one chart."""
    largest = max([row["count"] for row in distribution] + [1])
    width = len(distribution) * (BAR_WIDTH + GAP) + GAP
    height = BAR_HEIGHT + 50
    bars = []
    for index, row in enumerate(distribution):
        x = GAP + index * (BAR_WIDTH + GAP)
        length = round(BAR_HEIGHT * row["count"] / largest)
        top = 20 + BAR_HEIGHT - length
        bars.append(
            (
                x,
                top,
                length,
                x + BAR_WIDTH // 2,
                top - 4,
                row["count"],
                x + BAR_WIDTH // 2,
                BAR_HEIGHT + 40,
                row["rating"],
            )
        )
    body = format_html_join(
        "",
        '<rect x="{}" y="{}" width="40" height="{}" fill="#1d70b8"></rect>'
        '<text x="{}" y="{}" font-size="14" text-anchor="middle" fill="#0b0c0c">{}</text>'
        '<text x="{}" y="{}" font-size="14" text-anchor="middle" fill="#0b0c0c">{}</text>',
        bars,
    )
    return format_html(
        '<svg class="hub-chart" xmlns="http://www.w3.org/2000/svg" width="{}" height="{}" '
        'viewBox="0 0 {} {}" role="img" aria-labelledby="{}-title {}-desc" '
        'font-family="Arial, sans-serif"><title id="{}-title">{}</title>'
        '<desc id="{}-desc">{}</desc>{}</svg>',
        width,
        height,
        width,
        height,
        chart_id,
        chart_id,
        chart_id,
        title,
        chart_id,
        describe(distribution),
        body,
    )
