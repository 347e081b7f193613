"""The chart kit: charts that parse as SVG, ids unique on the page, text alternatives, the
table saying what the chart shows, gaps, reference lines, escaping and readable scales."""

import re
import xml.etree.ElementTree as ET

import pytest
from django.template.loader import render_to_string

from safeguarding.core.charts import (
    NO_VALUE,
    PALETTE,
    Reference,
    Series,
    bar_chart,
    line_chart,
    stacked_bar_chart,
)

SVG = "{http://www.w3.org/2000/svg}"


def xml(markup):
    return ET.fromstring(str(markup))  # noqa: S314 - markup the test has just made


def parse(chart):
    return xml(chart.svg)


def texts(svg) -> list[str]:
    return [element.text for element in svg.iter(f"{SVG}text")]


def table_rows(chart) -> list[list[str]]:
    table = xml(chart.table)
    return [[cell.text for cell in row] for row in table.iter("tr")]


def statuses(**options):
    return bar_chart(
        "Actions by status",
        ["On track", "Off track", "Complete"],
        Series("Actions", [4, 1, 0]),
        category_label="Status",
        value_label="Number of actions",
        **options,
    )


def grades():
    return stacked_bar_chart(
        "Grades by agency",
        ["Health", "Police"],
        [
            Series("Good", [3, 0], "green"),
            Series("Requires improvement", [2, 2], "brown"),
            Series("Inadequate", [1, 5], "red"),
        ],
        category_label="Agency",
        value_label="Number of grades",
        total_label="All",
    )


def rates(values, reference=None):
    return line_chart(
        "Re-referrals",
        [f"Q{index + 1}" for index in range(len(values))],
        Series("Rate", values),
        category_label="Quarter",
        value_label="Per cent",
        unit="%",
        reference=reference,
    )


def test_every_chart_is_an_image_with_a_title_and_a_description():
    for chart in (statuses(), grades(), rates([1, 2, None, 4])):
        svg = parse(chart)
        assert svg.get("role") == "img"
        title, desc = svg.find(f"{SVG}title"), svg.find(f"{SVG}desc")
        assert title.text == chart.title
        assert desc.text
        assert svg.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"


def test_two_charts_on_one_page_never_share_an_id():
    page = f"<div>{statuses().svg}{statuses().table}{grades().svg}{grades().svg}</div>"
    ids = [element.get("id") for element in xml(page).iter() if element.get("id")]
    assert len(ids) == len(set(ids))
    # a stacked chart's segments are filled from its own patterns, not another chart's
    first, second = grades(), grades()
    for chart in (first, second):
        fills = {rect.get("fill") for rect in parse(chart).iter(f"{SVG}rect")}
        patterns = {fill for fill in fills if fill.startswith("url(")}
        assert patterns
        assert all(fill.startswith(f"url(#{chart.id}-") for fill in patterns)
    assert first.id != second.id


def test_the_table_says_what_the_chart_shows():
    chart = grades()
    assert table_rows(chart) == [
        ["Agency", "Good", "Requires improvement", "Inadequate", "All"],
        ["Health", "3", "2", "1", "6"],
        ["Police", "0", "2", "5", "7"],
    ]
    shown = texts(parse(chart))
    # every segment's value is written on it, and every bar ends in its total
    bars = shown[shown.index("Health") :][:9]
    assert bars == ["Health", "3", "2", "1", "6", "Police", "2", "5", "7"]
    assert {"Good", "Requires improvement", "Inadequate"} <= set(shown)  # the legend
    bars = statuses()
    assert table_rows(bars)[1:] == [["On track", "4"], ["Off track", "1"], ["Complete", "0"]]
    assert {"4", "1", "0"} <= set(texts(parse(bars)))


def test_bars_are_proportional_to_their_values():
    svg = parse(statuses())
    widths = [float(rect.get("width")) for rect in svg.iter(f"{SVG}rect")]
    assert widths[0] == pytest.approx(4 * widths[1], abs=0.2)
    assert widths[2] == 0


def test_a_missing_value_breaks_the_line_and_says_no_value():
    chart = rates([10, 12, None, 15, 16])
    svg = parse(chart)
    lines = list(svg.iter(f"{SVG}polyline"))
    assert [len(line.get("points").split()) for line in lines] == [2, 2]
    assert len(list(svg.iter(f"{SVG}circle"))) == 4  # a marker for each value, none for Q3
    assert table_rows(chart)[3] == ["Q3", NO_VALUE]
    assert "Q3: No value" in svg.find(f"{SVG}desc").text
    # a value alone between gaps still shows, as its marker
    lonely = parse(rates([None, 5, None, None]))
    assert not list(lonely.iter(f"{SVG}polyline"))
    assert len(list(lonely.iter(f"{SVG}circle"))) == 1


def test_a_reference_line_is_drawn_labelled_and_in_the_table():
    chart = rates([40, 45, 50, 55], reference=Reference("England", 47.5))
    svg = parse(chart)
    dashed = [p for p in svg.iter(f"{SVG}polyline") if p.get("stroke-dasharray") == "5 3"]
    heights = {point.split(",")[1] for point in dashed[0].get("points").split()}
    assert len(heights) == 1  # level: one value for every period
    assert "England: 47.5%" in texts(svg)
    assert table_rows(chart)[0] == ["Quarter", "Rate", "England"]
    assert table_rows(chart)[1] == ["Q1", "40%", "47.5%"]
    # a reference that changes each period (the England figure), with a gap
    england = rates([40, 45, 50, 55], reference=Reference("England", [44, None, 46, 47]))
    assert [row[2] for row in table_rows(england)[1:]] == ["44%", NO_VALUE, "46%", "47%"]
    # a bar chart comparing areas has a line across the bars at the reference
    areas = statuses(reference=Reference("England", 2))
    svg = parse(areas)
    line = next(line for line in svg.iter(f"{SVG}line") if line.get("stroke-dasharray"))
    bar = next(svg.iter(f"{SVG}rect"))
    x_of_two = float(bar.get("x")) + float(bar.get("width")) / 2  # the bar of 4 is two wide
    assert float(line.get("x1")) == pytest.approx(x_of_two, abs=0.2)
    assert "England: 2" in texts(svg)


def test_labels_are_escaped():
    attack = "<script>alert(1)</script>"
    chart = bar_chart(
        attack,
        [attack],
        Series(attack, [1]),
        category_label=attack,
        value_label=attack,
        reference=Reference(attack, 1),
    )
    for markup in (str(chart.svg), str(chart.table)):
        assert "<script" not in markup
        assert "&lt;script&gt;" in markup
    svg = parse(chart)
    assert svg.find(f"{SVG}title").text == attack
    assert xml(chart.table).find("caption").text == attack


@pytest.mark.parametrize("periods", [4, 12, 13, 40])
def test_the_period_labels_stay_readable_from_4_to_40_periods(periods):
    labels = [f"31 March {2000 + index}" for index in range(periods)]
    chart = line_chart(
        "Long run",
        labels,
        Series("Count", list(range(periods))),
        category_label="Date",
        value_label="Number",
    )
    svg = parse(chart)
    shown = [t for t in svg.iter(f"{SVG}text") if t.text in labels]
    assert (shown[0].text, shown[-1].text) == (labels[0], labels[-1])
    centres = [float(t.get("x")) for t in shown]
    width = len(labels[0]) * 12 * 0.55
    assert all(b - a >= width for a, b in zip(centres, centres[1:], strict=False))
    lines = svg.iter(f"{SVG}line")
    ticks = [t for t in lines if t.get("y1") == "234" and t.get("x1") == t.get("x2")]
    assert len(ticks) == periods  # every period has its tick, labelled or not
    assert len(table_rows(chart)) == periods + 1  # and its row


def test_the_scale_is_round_numbers_from_zero():
    svg = parse(rates([3.2, 17.9, 12, 8]))
    ticks = [t.text for t in svg.iter(f"{SVG}text") if t.get("text-anchor") == "end"]
    assert ticks == ["0%", "5%", "10%", "15%", "20%"]
    counts = parse(statuses())
    assert [t.text for t in counts.iter(f"{SVG}text") if t.get("font-size") == "12"] == [
        "0",
        "1",
        "2",
        "3",
        "4",
    ]


def test_end_labels_of_lines_ending_together_do_not_overlap():
    chart = line_chart(
        "Statuses",
        ["Jan", "Feb", "Mar", "Apr"],
        [Series(name, [0, 0, 0, 0]) for name in ("A", "B", "C", "D", "E")],
        category_label="Month",
        value_label="Actions",
    )
    ends = [t for t in parse(chart).iter(f"{SVG}text") if re.fullmatch(r"[A-E]: 0", t.text)]
    heights = sorted(float(t.get("y")) for t in ends)
    assert len(heights) == 5
    assert all(b - a >= 14 for a, b in zip(heights, heights[1:], strict=False))


def test_colours_are_govuk_colours_with_enough_contrast():
    def luminance(colour):
        channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    for name, colour in PALETTE.items():
        assert 1.05 / (luminance(colour) + 0.05) >= 3, name


def test_bad_figures_are_refused_saying_what_and_where():
    with pytest.raises(ValueError, match="series 'Actions' has 2 values for 3 categories"):
        bar_chart("Chart", ["a", "b", "c"], Series("Actions", [1, 2]), **AXES)
    with pytest.raises(ValueError, match="colour 'yellow', not one of"):
        bar_chart("Chart", ["a"], Series("Actions", [1], "yellow"), **AXES)
    with pytest.raises(ValueError, match="has -1 for 'a'; a stacked bar cannot"):
        stacked_bar_chart("Chart", ["a"], Series("Grades", [-1]), **AXES)
    with pytest.raises(ValueError, match="has '3' for 'a', not a number"):
        bar_chart("Chart", ["a"], Series("Actions", ["3"]), **AXES)
    with pytest.raises(ValueError, match="reference 'England' of a bar chart is one value"):
        bar_chart("Chart", ["a"], Series("A", [1]), reference=Reference("England", [1]), **AXES)


AXES = {"category_label": "Thing", "value_label": "Number"}


def test_an_empty_chart_draws_nothing_and_its_table_says_so():
    chart = bar_chart("Nothing", [], Series("Actions", []), empty="No actions yet.", **AXES)
    assert chart.svg == ""
    assert table_rows(chart)[1] == ["No actions yet."]


def test_the_include_shows_the_chart_and_its_table():
    chart = statuses()
    html = render_to_string("core/includes/chart.html", {"chart": chart, "beside": True})
    assert str(chart.svg) in html
    assert str(chart.table) in html
    assert html.count("govuk-grid-column-one-half") == 2
