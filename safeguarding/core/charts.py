"""Every chart the hub draws: bar, stacked bar and line charts as inline SVG written on the
server (no JavaScript; it prints), and the GOV.UK table of the same figures.

An app describes its figures and calls one of `bar_chart`, `stacked_bar_chart` or
`line_chart`; the page shows the result with `{% include "core/includes/chart.html" %}`. The
chart and its table are drawn from the one `Chart`, so they can never disagree.

What every chart gets, so no app has to remember it:
- an id unique on the page (its name and a counter), which prefixes every id inside it, so
  two charts on a page never share a pattern or a title;
- `role="img"` with a `<title>` and a `<desc>` (the figures in words) tied by aria-labelledby;
- colour is never the only signal: every bar and line ends in its value, series differ by
  pattern (bars) or dash and marker (lines) as well as colour, and the legend says which is
  which in words; the colours are GOV.UK's with at least 3:1 contrast against white;
- a missing value (None) is a gap (a break in the line, no bar) and "No value" in the table;
- an optional reference line (a target, the England figure), drawn, labelled and given a
  column in the table.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import slugify

# GOV.UK colours with at least 3:1 contrast against white (WCAG 1.4.11), by name.
PALETTE = {
    "blue": "#1d70b8",
    "green": "#00703c",
    "brown": "#b58840",
    "red": "#d4351c",
    "purple": "#4c2c92",
    "dark-grey": "#505a5f",
    "pink": "#d53880",
    "turquoise": "#28a197",
    "dark-blue": "#003078",
    "bright-purple": "#912b88",
}
DEFAULT_COLOURS = ("blue", "green", "brown", "red", "purple", "dark-grey", "pink", "turquoise")
TEXT = "#0b0c0c"
GRID = "#b1b4b6"
NO_VALUE = "No value"
FONT = "Arial, sans-serif"
CHAR_WIDTH = 0.55  # of the font size: an average letter of Arial, to size labels without a font

# Series after the first differ by pattern as well as colour (bars), or by dash and marker
# (lines); patterns are white marks over the colour, so they print and stay distinct in grey.
PATTERNS = (
    "",
    '<path d="M0 6 L6 0 M-1 1 L1 -1 M5 7 L7 5" stroke="#fff" stroke-width="1.5"></path>',
    '<circle cx="3" cy="3" r="1.3" fill="#fff"></circle>',
    '<path d="M0 0 L6 6 M6 0 L0 6" stroke="#fff" stroke-width="1.2"></path>',
    '<path d="M0 3 H6" stroke="#fff" stroke-width="1.5"></path>',
    '<path d="M3 0 V6" stroke="#fff" stroke-width="1.5"></path>',
)
DASHES = ("none", "8 4", "2 3", "12 4 2 4")
MARKERS = ("circle", "square", "triangle", "diamond")

_ids = itertools.count(1)


@dataclass(frozen=True)
class Series:
    """One set of values, one per category (a bar's length, a segment, a line's point)."""

    label: str
    values: Sequence[float | int | None]
    colour: str | None = None  # a PALETTE name; by default the series' position picks one


@dataclass(frozen=True)
class Reference:
    """A line to compare against: a target or the England figure. A line chart's reference
    may have one value per period (None where unknown); a bar chart's has one value."""

    label: str
    value: float | int | None | Sequence[float | int | None]


@dataclass
class Chart:
    kind: str  # "bar", "stacked" or "line"
    title: str
    categories: Sequence[str]
    series: Sequence[Series]
    category_label: str
    value_label: str
    reference: Reference | None = None
    description: str = ""
    unit: str = ""  # after every value: "%"
    decimals: int = 1  # for values that are not whole numbers
    total_label: str = ""  # a stacked chart's table has a total column with this heading
    empty: str = "No figures yet."
    category_colours: Sequence[str] = ()  # a one-series bar chart may colour each bar
    name: str = ""
    width: int = 0
    id: str = field(init=False)

    def __post_init__(self):
        self.categories = [str(category) for category in self.categories]
        self.series = list(self.series)
        self._check()
        # Decimal figures (from a DecimalField or an average) are drawn as floats.
        self.series = [
            Series(s.label, [_number(v) for v in s.values], s.colour) for s in self.series
        ]
        if self.reference is not None and isinstance(self.reference.value, Sequence):
            self.reference = Reference(
                self.reference.label, [_number(v) for v in self.reference.value]
            )
        elif self.reference is not None:
            self.reference = Reference(self.reference.label, _number(self.reference.value))
        self.id = f"{slugify(self.name or self.title)[:40] or 'chart'}-{next(_ids)}"
        self._svg = self._table = None

    @property
    def svg(self) -> SafeString:
        if self._svg is None:
            self._svg = _draw(self) if self.categories else SafeString("")
        return self._svg

    @property
    def table(self) -> SafeString:
        if self._table is None:
            self._table = _table(self)
        return self._table

    def format(self, value) -> str:
        if value is None:
            return NO_VALUE
        if float(value).is_integer():
            return f"{int(value):,}{self.unit}"
        return f"{value:,.{self.decimals}f}{self.unit}"

    def reference_values(self) -> list:
        if self.reference is None:
            return []
        value = self.reference.value
        if isinstance(value, Sequence):
            return list(value)
        return [value] * len(self.categories)

    def colour(self, index: int) -> str:
        return PALETTE[self.series[index].colour or DEFAULT_COLOURS[index % len(DEFAULT_COLOURS)]]

    def summary(self) -> str:
        """The figures in words: the chart's text alternative unless the app gives one."""
        if self.description:
            return self.description
        if not self.categories:
            return self.empty
        words = {"bar": "Bar chart", "stacked": "Stacked bar chart", "line": "Line chart"}
        parts = []
        for index, category in enumerate(self.categories):
            if len(self.series) == 1:
                figures = self.format(self.series[0].values[index])
            else:
                figures = ", ".join(
                    f"{series.label} {self.format(series.values[index])}" for series in self.series
                )
            parts.append(f"{category}: {figures}")
        if self.reference:
            parts.append(f"{self.reference.label}: {_reference_words(self)}")
        return f"{words[self.kind]} of {self.value_label.lower()}. " + "; ".join(parts) + "."

    def _check(self):
        """Bad figures are refused with what is wrong and where, never drawn wrongly."""
        where = f"Chart '{self.title}'"
        if self.kind not in ("bar", "stacked", "line"):
            raise ValueError(f"{where}: kind must be bar, stacked or line, not {self.kind!r}")
        if not self.series:
            raise ValueError(f"{where}: give at least one series")
        for series in self.series:
            if len(series.values) != len(self.categories):
                raise ValueError(
                    f"{where}: series '{series.label}' has {len(series.values)} values "
                    f"for {len(self.categories)} categories"
                )
            if series.colour and series.colour not in PALETTE:
                raise ValueError(
                    f"{where}: series '{series.label}' has colour {series.colour!r}, "
                    f"not one of {', '.join(PALETTE)}"
                )
            for category, value in zip(self.categories, series.values, strict=True):
                if value is not None and not isinstance(value, int | float | Decimal):
                    raise ValueError(
                        f"{where}: series '{series.label}' has {value!r} for '{category}', "
                        "not a number or None"
                    )
                if self.kind == "stacked" and value is not None and value < 0:
                    raise ValueError(
                        f"{where}: series '{series.label}' has {value} for '{category}'; "
                        "a stacked bar cannot hold a negative value"
                    )
        for colour in self.category_colours:
            if colour not in PALETTE:
                raise ValueError(f"{where}: colour {colour!r} is not one of {', '.join(PALETTE)}")
        if self.category_colours and len(self.category_colours) != len(self.categories):
            raise ValueError(f"{where}: give one colour per category")
        if self.reference is not None:
            value = self.reference.value
            if isinstance(value, Sequence):
                if self.kind != "line":
                    raise ValueError(
                        f"{where}: the reference '{self.reference.label}' of a bar chart is "
                        "one value, not one per category"
                    )
                if len(value) != len(self.categories):
                    raise ValueError(
                        f"{where}: the reference '{self.reference.label}' has {len(value)} "
                        f"values for {len(self.categories)} periods"
                    )


def bar_chart(title: str, categories, series, **options) -> Chart:
    """Horizontal bars, one per category (one per series side by side when several): counts
    by status, an indicator by area. Options: see `Chart`."""
    return Chart("bar", title, categories, _as_list(series), **options)


def stacked_bar_chart(title: str, categories, series, **options) -> Chart:
    """One horizontal bar per category made of one segment per series (grades by agency),
    ending in its total; the table adds the total column when `total_label` is given."""
    return Chart("stacked", title, categories, _as_list(series), **options)


def line_chart(title: str, periods, series, **options) -> Chart:
    """One line per series over the periods (4 to 40 read well); a None is a break."""
    return Chart("line", title, periods, _as_list(series), **options)


def _number(value):
    return float(value) if isinstance(value, Decimal) else value


def _as_list(series) -> list[Series]:
    return [series] if isinstance(series, Series) else list(series)


def _reference_words(chart: Chart) -> str:
    values = chart.reference_values()
    if len(set(values)) == 1:
        return chart.format(values[0])
    return ", ".join(chart.format(value) for value in values)


# --- Drawing ----------------------------------------------------------------------------------


def _text_width(text: str, size: int = 14) -> float:
    return len(text) * size * CHAR_WIDTH


def _shorten(text: str, width: float, size: int = 14) -> str:
    """Long labels are cut with an ellipsis in the chart; the table has them whole."""
    room = max(3, int(width / (size * CHAR_WIDTH)))
    return text if len(text) <= room else text[: room - 1] + "…"


def _round(number: float) -> float | int:
    rounded = round(number, 1)
    return int(rounded) if rounded == int(rounded) else rounded


def _tag(name: str, content="", **attributes) -> SafeString:
    """An SVG element, its content and attributes escaped; `font_size` is written font-size,
    `class_` class, and numbers are rounded to a tenth of a pixel. (Written out rather than
    with format_html, which was most of the time of a report's chart of 500 agencies.)"""
    written = "".join(
        f' {key.rstrip("_").replace("_", "-")}="'
        f'{conditional_escape(_round(value) if isinstance(value, float) else value)}"'
        for key, value in attributes.items()
    )
    return SafeString(f"<{name}{written}>{conditional_escape(content)}</{name}>")


def _text(x, y, content, size=14, anchor="start", weight="normal") -> SafeString:
    return _tag(
        "text", content, x=x, y=y, font_size=size, text_anchor=anchor, font_weight=weight, fill=TEXT
    )


def _line(x1, y1, x2, y2, colour=TEXT, **attributes) -> SafeString:
    return _tag("line", x1=x1, y1=y1, x2=x2, y2=y2, stroke=colour, **attributes)


def _join(parts) -> SafeString:
    return mark_safe("".join(parts))  # noqa: S308 - every part is already escaped


@dataclass(frozen=True)
class _Scale:
    low: float
    high: float
    step: float
    start: float  # pixels
    end: float

    def __call__(self, value: float) -> float:
        return self.start + (value - self.low) / (self.high - self.low) * (self.end - self.start)

    def ticks(self) -> list[float]:
        count = round((self.high - self.low) / self.step)
        return [self.low + index * self.step for index in range(count + 1)]


def _scale(values, start: float, end: float) -> _Scale:
    """Zero to a round number just above the largest value, in about five steps of 1, 2 or 5
    times a power of ten (whole steps for whole numbers), so the scale reads at a glance."""
    numbers = [value for value in values if value is not None]
    low, high = min([0, *numbers]), max([0, *numbers])
    if high == low:
        high = low + 1
    raw = (high - low) / 5
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    if all(float(n).is_integer() for n in numbers):
        step = max(step, 1)
    return _Scale(math.floor(low / step) * step, math.ceil(high / step) * step, step, start, end)


def _fill(chart: Chart, index: int) -> str:
    if PATTERNS[index % len(PATTERNS)]:
        return f"url(#{chart.id}-fill-{index})"
    return chart.colour(index)


def _patterns(chart: Chart) -> SafeString:
    """One fill per series: the first solid, the others patterned over their colour."""
    return _tag(
        "defs",
        _join(
            _tag(
                "pattern",
                _tag("rect", width=6, height=6, fill=chart.colour(index))
                + mark_safe(PATTERNS[index % len(PATTERNS)]),  # noqa: S308 - our constants
                id=f"{chart.id}-fill-{index}",
                width=6,
                height=6,
                patternUnits="userSpaceOnUse",
            )
            for index in range(len(chart.series))
            if PATTERNS[index % len(PATTERNS)]
        ),
    )


def _marker(index: int, x: float, y: float, colour: str) -> SafeString:
    shape = MARKERS[index % len(MARKERS)]
    if shape == "circle":
        return _tag("circle", cx=x, cy=y, r=4, fill=colour)
    if shape == "square":
        return _tag("rect", x=x - 3.5, y=y - 3.5, width=7, height=7, fill=colour)
    corners = (
        [(x, y - 5), (x + 5, y + 4), (x - 5, y + 4)]
        if shape == "triangle"
        else [(x, y - 5), (x + 5, y), (x, y + 5), (x - 5, y)]
    )
    points = " ".join(f"{_round(a)},{_round(b)}" for a, b in corners)
    return _tag("polygon", points=points, fill=colour)


def _legend(chart: Chart, top: float, width: float) -> tuple[SafeString, float]:
    """Each series' swatch (a bar's fill, or a line's dash and marker) and the reference's
    dashed line, with their names, wrapped to the chart's width; the markup and its height."""
    entries = [(index, series.label) for index, series in enumerate(chart.series)]
    if len(entries) < 2:
        entries = []
    if chart.reference:
        entries.append((None, chart.reference.label))
    if not entries:
        return SafeString(""), 0
    items, x, y = [], 0.0, top
    for index, label in entries:
        item_width = 30 + _text_width(label, 13) + 18
        if x and x + item_width > width:
            x, y = 0.0, y + 22
        if index is None:
            items.append(_line(x, y + 7, x + 24, y + 7, stroke_width=2, stroke_dasharray="5 3"))
        elif chart.kind == "line":
            colour = chart.colour(index)
            dash = DASHES[index % len(DASHES)]
            items.append(
                _line(x, y + 7, x + 24, y + 7, colour, stroke_width=2.5, stroke_dasharray=dash)
            )
            items.append(_marker(index, x + 12, y + 7, colour))
        else:
            items.append(
                _tag(
                    "rect",
                    x=x,
                    y=y - 1,
                    width=16,
                    height=16,
                    fill=_fill(chart, index),
                    stroke=chart.colour(index),
                )
            )
        items.append(_text(x + 30, y + 12, label, 13))
        x += item_width
    return _join(items), y - top + 22


def _svg(chart: Chart, width: float, height: float, parts) -> SafeString:
    return _tag(
        "svg",
        _tag("title", chart.title, id=f"{chart.id}-title")
        + _tag("desc", chart.summary(), id=f"{chart.id}-desc")
        + _patterns(chart)
        + _join(parts),
        xmlns="http://www.w3.org/2000/svg",
        id=chart.id,
        class_="hub-chart",
        width=_round(width),
        height=_round(height),
        viewBox=f"0 0 {_round(width)} {_round(height)}",
        role="img",
        aria_labelledby=f"{chart.id}-title {chart.id}-desc",
        font_family=FONT,
    )


def _draw(chart: Chart) -> SafeString:
    return _draw_line(chart) if chart.kind == "line" else _draw_bars(chart)


BAR = 20  # a bar's thickness
GAP = 12  # between categories


def _draw_bars(chart: Chart) -> SafeString:
    """A row per category: its label, its bar (one per series, or one stacked bar) ending in
    its value, then the scale along the foot and the reference line across the bars."""
    stacked = chart.kind == "stacked"
    width = chart.width or 640
    rows = list(zip(*(series.values for series in chart.series), strict=True))
    lengths = [
        v
        for values in rows
        for v in ([sum(v or 0 for v in values)] if stacked else values)
        if v is not None
    ]
    reference = chart.reference_values()[:1]
    on_scale = lengths + [v for v in reference if v is not None]
    longest_value = max(_text_width(chart.format(v)) for v in [*on_scale, None])
    label_width = min(max(_text_width(c) for c in chart.categories) + 10, width * 0.4)
    top = 40 if reference else 24
    scale = _scale(on_scale, label_width, width - longest_value - 12)
    zero = scale(0)
    thickness = BAR * (1 if stacked else len(chart.series))
    axis_y = top + len(chart.categories) * (thickness + GAP) - GAP / 2
    parts = [
        _text(0, 14, _shorten(chart.category_label, width, 13), 13, weight="bold"),
        _value_axis(chart, scale, top - 6, axis_y),  # first, so the gridlines are behind
    ]
    y = top
    for index, category in enumerate(chart.categories):
        label = _shorten(category, label_width - 8)
        parts.append(_text(label_width - 8, y + thickness / 2 + 5, label, anchor="end"))
        if stacked:
            parts.extend(_stack(chart, index, y, scale))
        for number, value in enumerate([] if stacked else rows[index]):
            bar_y = y + number * BAR
            if value is None:
                parts.append(_text(zero + 6, bar_y + 15, NO_VALUE, 13))
                continue
            end = scale(value)
            colours = chart.category_colours
            fill = PALETTE[colours[index]] if colours else _fill(chart, number)
            parts.append(
                _tag(
                    "rect",
                    x=min(zero, end),
                    y=bar_y + 1,
                    width=abs(end - zero),
                    height=BAR - 2,
                    fill=fill,
                )
            )
            parts.append(_text(max(zero, end) + 6, bar_y + 15, chart.format(value)))
        y += thickness + GAP
    if reference and reference[0] is not None:
        x = scale(reference[0])
        label = f"{chart.reference.label}: {chart.format(reference[0])}"
        half = _text_width(label, 13) / 2
        parts.append(_line(x, top - 12, x, axis_y, stroke_width=2, stroke_dasharray="5 3"))
        parts.append(_text(min(max(x, half), width - half), top - 16, label, 13, "middle"))
    legend, legend_height = _legend(chart, axis_y + 46, width)
    parts.append(legend)
    return _svg(chart, width, axis_y + 54 + legend_height, parts)


def _stack(chart: Chart, index: int, y: float, scale: _Scale) -> list[SafeString]:
    """A category's segments, each with its value on a white tab where it fits, then the
    total at the bar's end."""
    parts, tabs = [], []
    x = scale(0)
    for number, series in enumerate(chart.series):
        value = series.values[index]
        if not value:
            continue
        length = scale(value) - scale(0)
        parts.append(
            _tag(
                "rect",
                x=x,
                y=y + 1,
                width=length,
                height=BAR - 2,
                fill=_fill(chart, number),
                stroke="#fff",
            )
        )
        text = chart.format(value)
        tab = _text_width(text, 12) + 6
        if length >= tab + 4:
            centre = x + length / 2
            tabs.append(
                _tag("rect", x=centre - tab / 2, y=y + 3, width=tab, height=14, rx=2, fill="#fff")
            )
            tabs.append(_text(centre, y + 14, text, 12, "middle"))
        x += length
    total = sum(series.values[index] or 0 for series in chart.series)
    return [*parts, *tabs, _text(x + 6, y + 15, chart.format(total))]


def _value_axis(chart: Chart, scale: _Scale, top: float, bottom: float) -> SafeString:
    """The bars' scale along the foot, with faint gridlines and the values' name."""
    parts = [_line(scale.start, bottom, scale.end, bottom)]
    for tick in scale.ticks():
        x = scale(tick)
        parts.append(_line(x, top, x, bottom + 4, GRID if tick else TEXT))
        parts.append(_text(x, bottom + 17, chart.format(tick), 12, "middle"))
    middle = (scale.start + scale.end) / 2
    parts.append(_text(middle, bottom + 34, chart.value_label, 13, "middle", "bold"))
    return _join(parts)


PLOT_HEIGHT = 200


def _draw_line(chart: Chart) -> SafeString:
    """Periods along the foot (as many labels as fit, a tick for every one), the scale up the
    side, a line per series with a marker at each value and its latest value at its end."""
    width = chart.width or 640
    periods = chart.categories
    reference = chart.reference_values()
    top, bottom = 34, 34 + PLOT_HEIGHT
    scale = _scale([v for s in chart.series for v in s.values] + reference, bottom, top)
    ends = _line_ends(chart)
    label_width = max(_text_width(p, 12) for p in periods) + 12
    left = max(max(_text_width(chart.format(t), 12) for t in scale.ticks()) + 14, label_width / 2)
    right = width - min(max(_text_width(text, 12) for text, _ in ends) + 14, width * 0.35)
    step = (right - left) / max(1, len(periods) - 1)

    def x_of(index: int) -> float:
        return left + index * step if len(periods) > 1 else (left + right) / 2

    parts = [_text(0, 14, chart.value_label, 13, weight="bold")]
    for tick in scale.ticks():
        parts.append(
            _line(left, scale(tick), right, scale(tick), GRID if tick != scale.low else TEXT)
        )
        parts.append(_text(left - 6, scale(tick) + 4, chart.format(tick), 12, "end"))
    every = max(1, math.ceil(len(periods) / max(1, (right - left) // label_width + 1)))
    shown = list(range(0, len(periods), every))
    if shown[-1] != len(periods) - 1:
        if len(shown) > 1:
            shown.pop()
        shown.append(len(periods) - 1)
    for index, period in enumerate(periods):
        x = x_of(index)
        parts.append(_line(x, bottom, x, bottom + (6 if index in shown else 3)))
        if index in shown:
            parts.append(_text(x, bottom + 19, period, 12, "middle"))
    parts.append(_text((left + right) / 2, bottom + 38, chart.category_label, 13, "middle", "bold"))
    if chart.reference:
        parts.append(_polyline(reference, x_of, scale, TEXT, 2, "5 3"))
    for number, series in enumerate(chart.series):
        colour = chart.colour(number)
        parts.append(
            _polyline(series.values, x_of, scale, colour, 2.5, DASHES[number % len(DASHES)])
        )
        parts.extend(
            _marker(number, x_of(index), scale(value), colour)
            for index, value in enumerate(series.values)
            if value is not None
        )
    for (text, _value), y in zip(
        ends, _spread([scale(v) for _, v in ends], top, bottom), strict=True
    ):
        parts.append(_text(right + 10, y + 4, text, 12))
    legend, legend_height = _legend(chart, bottom + 54, width)
    parts.append(legend)
    return _svg(chart, width, bottom + 62 + legend_height, parts)


def _line_ends(chart: Chart) -> list[tuple[str, float]]:
    """Each line's name and latest value, written at its end (the reference's too)."""
    named = [(series.label, series.values) for series in chart.series]
    if chart.reference:
        named.append((chart.reference.label, chart.reference_values()))
    ends = []
    for label, values in named:
        latest = next((v for v in reversed(values) if v is not None), None)
        ends.append((f"{_shorten(label, 130, 12)}: {chart.format(latest)}", latest or 0))
    return ends


def _spread(positions: list[float], top: float, bottom: float, gap: float = 14) -> list[float]:
    """Moves end labels apart (keeping their order) so lines ending together stay legible,
    within the plot's height."""
    order = sorted(range(len(positions)), key=lambda i: positions[i])
    placed = {}
    previous = top - gap
    for index in order:
        placed[index] = previous = max(positions[index], previous + gap)
    following = bottom + gap
    for index in reversed(order):
        placed[index] = following = min(placed[index], following - gap)
    return [placed[index] for index in range(len(positions))]


def _polyline(values, x_of, scale: _Scale, colour: str, width: float, dash: str) -> SafeString:
    """A line through the values with a break wherever one is missing."""
    runs, run = [], []
    for index, value in enumerate(values):
        if value is None:
            runs.append(run)
            run = []
        else:
            run.append(f"{_round(x_of(index))},{_round(scale(value))}")
    runs.append(run)
    return _join(
        _tag(
            "polyline",
            points=" ".join(run),
            fill="none",
            stroke=colour,
            stroke_width=width,
            stroke_dasharray=dash,
        )
        for run in runs
        if len(run) > 1
    )


# --- The table --------------------------------------------------------------------------------

HEAD = '<th scope="col" class="govuk-table__header govuk-table__header--numeric">{}</th>'
CELL = '<td class="govuk-table__cell govuk-table__cell--numeric">{}</td>'


def _table(chart: Chart) -> SafeString:
    """The GOV.UK table of the chart's figures: a row per category, a column per series, then
    the total and the reference if the chart has them. Written in Python: a trends page can
    have a couple of hundred rows."""
    headings = [series.label for series in chart.series]
    if chart.total_label:
        headings.append(chart.total_label)
    if chart.reference:
        headings.append(chart.reference.label)
    reference = chart.reference_values()
    rows = []
    for index, category in enumerate(chart.categories):
        cells = [series.values[index] for series in chart.series]
        if chart.total_label:
            cells.append(sum(value or 0 for value in cells))
        if chart.reference:
            cells.append(reference[index])
        figures = "".join(CELL.format(conditional_escape(chart.format(v))) for v in cells)
        rows.append(
            '<tr class="govuk-table__row"><th scope="row" class="govuk-table__header">'
            f"{conditional_escape(category)}</th>{figures}</tr>"
        )
    if rows:
        body = mark_safe("".join(rows))  # noqa: S308 - every value is escaped above
    else:
        body = format_html(
            '<tr class="govuk-table__row"><td class="govuk-table__cell" colspan="{}">{}</td></tr>',
            len(headings) + 1,
            chart.empty,
        )
    return format_html(
        '<table class="govuk-table govuk-!-font-size-16" id="{}-table">'
        '<caption class="govuk-table__caption govuk-table__caption--s">{}</caption>'
        '<thead class="govuk-table__head"><tr class="govuk-table__row">'
        '<th scope="col" class="govuk-table__header">{}</th>{}</tr></thead>'
        '<tbody class="govuk-table__body">{}</tbody></table>',
        chart.id,
        chart.title,
        chart.category_label,
        format_html_join("", HEAD, ((heading,) for heading in headings)),
        body,
    )
