"""A chart's values as a table, read from its Mermaid source.

A bar or line chart (``xychart-beta``) drawn for a wide column shrinks to a
phone's width with its labels too small to read, and a bar's value is only
its height. So the website gives each chart its values as a table under the
drawing: a row per point of the x axis (its labels, or the numbers Mermaid
spreads over a numeric axis), a column per series, each value as the source
writes it. The table is plain HTML text: it reads at any width and font size,
and a screen reader can walk it.

The source is read as Mermaid's grammar (``xychart.jison``) reads it: one
statement a line, ``x-axis``, ``y-axis``, ``bar`` and ``line``; a chart this
reader does not fully understand gets no table (never a wrong one).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import escape

from ..i18n import _

NUMBER = r"[+-]?(?:\d+(?:\.\d+)?|\.\d+)"
TEXT = r'"[^"]*"|[^\s"\[\d.+-][^\[]*?'  # a quoted title, or words (not a number) up to the bracket
HEADER = re.compile(r"^\s*xychart(?:-beta)?(?:\s+(?:vertical|horizontal))?\s*$", re.I)
X_AXIS = re.compile(rf"^\s*x-axis\b\s*(?P<title>{TEXT})?\s*"
                    rf"(?:\[(?P<categories>.*)\]|(?P<min>{NUMBER})\s*-->\s*(?P<max>{NUMBER}))?\s*$", re.I)
Y_AXIS = re.compile(rf"^\s*y-axis\b\s*(?P<title>{TEXT})?\s*(?:{NUMBER}\s*-->\s*{NUMBER})?\s*$", re.I)
SERIES = re.compile(rf"^\s*(?P<kind>bar|line)\b\s*(?P<title>{TEXT})?\s*\[(?P<values>[^\]]*)\]\s*$", re.I)
IGNORED = re.compile(r"^\s*(?:$|%%|title\b|accTitle\s*:|accDescr\s*:)", re.I)
CATEGORY = re.compile(r'\s*(?:"(?P<quoted>[^"]*)"|(?P<bare>[^,"]+?))\s*(?:,|$)')


@dataclass
class Chart:
    x_title: str = ""
    y_title: str = ""
    categories: list[str] | None = None       # a band axis: its labels
    x_range: tuple[float, float] | None = None  # a numeric axis: from, to
    series: list[tuple[str, str, list[str]]] = field(default_factory=list)  # (kind, title, values)


def unquoted(text: str | None) -> str:
    text = (text or "").strip()
    return text[1:-1].strip() if len(text) >= 2 and text[0] == text[-1] == '"' else text


def categories_of(text: str) -> list[str] | None:
    found, at = [], 0
    while at < len(text):
        match = CATEGORY.match(text, at)
        if not match or match.end() == at:
            return None
        found.append((match["quoted"] if match["quoted"] is not None else match["bare"]).strip())
        at = match.end()
    return found


def parse(code: str) -> Chart | None:
    """The chart of an ``xychart-beta`` diagram, or None (another diagram, or
    a statement this reader does not know)."""
    lines = [line for line in code.splitlines() if line.strip()]
    start = next((n for n, line in enumerate(lines) if not line.lstrip().startswith("%%")), None)
    if start is None or not HEADER.match(lines[start]):
        return None
    chart = Chart()
    for line in lines[start + 1:]:
        if IGNORED.match(line):
            continue
        if match := X_AXIS.match(line):
            chart.x_title = unquoted(match["title"])
            if match["categories"] is not None:
                chart.categories = categories_of(match["categories"])
                if chart.categories is None:
                    return None
            elif match["min"] is not None:
                chart.x_range = (float(match["min"]), float(match["max"]))
        elif match := Y_AXIS.match(line):
            chart.y_title = unquoted(match["title"])
        elif match := SERIES.match(line):
            values = [v.strip() for v in match["values"].split(",")]
            if not all(re.fullmatch(NUMBER, v) for v in values):
                return None
            chart.series.append((match["kind"].lower(), unquoted(match["title"]), values))
        else:
            return None
    return chart if chart.series else None


def number(value: float) -> str:
    """As JavaScript writes a number (Mermaid's labels of a numeric axis)."""
    return str(int(value)) if value == int(value) else repr(value)


def points(chart: Chart) -> list[str] | None:
    """The x axis's points, as Mermaid places the values on them
    (``transformDataWithoutCategory``): the labels of a band axis; on a
    numeric axis, from its start in equal steps (added up, as Mermaid adds
    them) while not past its end; None where the series would not line up."""
    if chart.categories is not None:
        return chart.categories
    lengths = {len(values) for _kind, _title, values in chart.series}
    if len(lengths) != 1:
        return None
    count = lengths.pop()
    low, high = chart.x_range or (1.0, float(max(count, 1)))
    step = (high - low) / (count - 1) if count > 1 else float("inf")
    found, at = [], low
    while at <= high:
        found.append(number(at))
        at += step
    return found or None


def column_titles(chart: Chart) -> list[str]:
    if len(chart.series) == 1:
        return [chart.series[0][1] or chart.y_title or _("Value")]
    kinds = {"bar": _("Bars %d"), "line": _("Line %d")}
    return [title or (f"{chart.y_title}: " if chart.y_title else "") + kinds[kind] % n
            for n, (kind, title, _values) in enumerate(chart.series, 1)]


def values_table(code: str) -> str:
    """The chart's values as an HTML table, or "" for a diagram that is not a
    chart this module reads. Not indexed by the search: the page's diagram
    words already hold its labels."""
    chart = parse(code)
    if chart is None:
        return ""
    head = "".join(f'<th scope="col">{escape(title)}</th>' for title in column_titles(chart))
    corner = f'<th scope="col">{escape(chart.x_title)}</th>' if chart.x_title else "<td></td>"
    axis = points(chart)
    if not axis:
        return ""
    rows = []
    for n, point in enumerate(axis):
        cells = "".join(f"<td>{escape(values[n]) if n < len(values) else ''}</td>"
                        for _kind, _title, values in chart.series)
        rows.append(f'<tr><th scope="row">{escape(point)}</th>{cells}</tr>')
    return (f'<table class="diagram-values" data-pagefind-ignore="all">'
            f'<caption>{escape(_("The chart’s values"))}</caption>'
            f'<thead><tr>{corner}{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>')
