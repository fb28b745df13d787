"""Diagrams drawn when the site is built (sphinx_summit.mermaid): inline SVG in
both colour schemes, one browser for the whole build, a cache by content, and
every diagram checked by Mermaid itself while the site is built."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import search_fragments
from bs4 import BeautifulSoup

KURYR_DIAGRAM = "    Docker --> Kuryr --> Neutron\n"


@pytest.fixture
def site(site):
    """The basic test site with sphinx_summit.mermaid (skipped without Node.js)."""
    return site.with_diagrams()


def status(site) -> str:
    return site.app._status.getvalue()


def drawings(cache: Path) -> dict[str, int]:
    return {p.name: p.stat().st_mtime_ns for p in cache.glob("*.json")}


def diagrams(html: str) -> list:
    return BeautifulSoup(html, "html.parser").select("div.diagram-drawn")


def diagram_page(site, name: str, body: str, caption: str = "A diagram") -> None:
    site.write(f"{name}.md", f"# {name.title()}\n\n```{{mermaid}}\n:caption: {caption}\n\n{body}```\n")


def test_a_diagram_is_drawn_once_and_again_only_when_it_changes(site, private_diagram_cache):
    site.build("html")
    assert site.warnings == ""
    assert "diagrams: 2 to draw, 0 drawn before" in status(site)  # one diagram, two schemes
    first = drawings(private_diagram_cache)
    assert len(first) == 2
    page = site.html("kuryr")
    assert len(diagrams(page)) == 1 and "Neutron" in diagrams(page)[0].get_text()

    site.build("html")  # nothing changed: nothing drawn
    assert "diagrams: 0 to draw, 2 drawn before" in status(site)
    assert drawings(private_diagram_cache) == first

    kuryr = site.path / "kuryr.md"
    kuryr.write_text(kuryr.read_text().replace(KURYR_DIAGRAM, "    Docker --> Kuryr --> Neutron --> OVS\n"))
    site.build("html")  # one diagram changed: that one is drawn, in both schemes
    assert "diagrams: 2 to draw, 0 drawn before" in status(site)
    now = drawings(private_diagram_cache)
    assert len(now) == 4 and {name: now[name] for name in first} == first
    assert "OVS" in diagrams(site.html("kuryr"))[0].get_text()


def test_each_diagram_is_inline_svg_in_both_schemes_with_its_words_searchable(site, private_diagram_cache):
    site.build("html")
    drawn = diagrams(site.html("kuryr"))[0]
    light, dark = drawn.find_all("svg", recursive=False)
    assert "diagram-light" in light["class"] and "diagram-dark" in dark["class"]
    # labels are SVG text, and the drawing says what it shows
    assert [t.get_text() for t in light.find_all("text") if t.get_text()] == ["Docker", "Kuryr", "Neutron"]
    assert light.find("title").get_text() == "Kuryr as a libnetwork remote driver"
    # the dark drawing has colours of its own
    fill = re.compile(r"\.node rect[^{]*\{fill:([^;]+);")
    assert fill.search(str(light.style)).group(1) != fill.search(str(dark.style)).group(1)
    # no page loads Mermaid; a page with a diagram loads the small viewer
    html = site.html("kuryr")
    assert "mermaid.esm" not in html and "import mermaid" not in html and "_static/diagrams.js" in html
    assert not (Path(site.app.outdir) / "_static" / "vendor").exists()
    # search finds the diagram's labels, title and description with its page, each apart
    text = search_fragments(site.app.outdir)["kuryr.html"]["content"]
    assert "Docker. Kuryr. Neutron." in text and "Kuryr as a libnetwork remote driver." in text


def test_a_diagram_mermaid_cannot_parse_is_a_warning_at_its_line_and_shows_its_code(site, private_diagram_cache):
    diagram_page(site, "typo", "flowchart LR\n    A --> B -->\n    C[[[\n", caption="A diagram with a typo")
    site.build("html")
    line = (site.path / "typo.md").read_text().splitlines().index("```{mermaid}") + 1
    warnings = site.warnings.strip().splitlines()
    assert len(warnings) == 1, warnings
    assert f"typo.md:{line}: WARNING: Mermaid cannot draw this diagram: Parse error on line 3" in warnings[0]
    html = site.html("typo")
    assert "Syntax error" not in html and not diagrams(html)
    code = BeautifulSoup(html, "html.parser").select_one("figure pre")
    assert "C[[[" in code.get_text()  # the reader sees the code, not Mermaid's error picture
    site.build("html")  # and the warning comes again, until the diagram is fixed
    assert "Parse error on line 3" in site.warnings


@pytest.mark.parametrize("label", [
    '"<img src=x onerror=alert(1)>"', '"<script>alert(1)</script>"', '"<b>bold</b> <iframe src=x>"',
    '"<a href=javascript:alert(1)>link</a>"', '"<svg onload=alert(1)>"',
])
def test_markup_in_a_label_never_becomes_markup_in_the_page(site, private_diagram_cache, label):
    diagram_page(site, "labels", f"flowchart LR\n    A[{label}] --> B[Neutron]\n    click B href \"javascript:alert(2)\"\n")
    site.build("html")
    drawn = diagrams(site.html("labels"))[0]
    for svg in drawn.find_all("svg", recursive=False):
        assert not svg.find(["img", "script", "iframe", "b", "foreignobject", "svg"]), str(svg)[:300]
        assert not any(name.startswith("on") for el in svg.find_all(True) for name in el.attrs)
        assert "javascript:" not in str(svg)
        assert all(not a.get("href") and not a.get("xlink:href") for a in svg.find_all("a"))
        assert "Neutron" in svg.get_text()


@pytest.mark.parametrize(("body", "message"), [
    ("foo bar baz\n", "No diagram type detected"),
    ("flowchart LR\n" + "".join(f"    n{i} --> n{i + 1}\n" for i in range(3000)),
     "the diagram is longer than Mermaid draws (maxTextSize: "),
])
def test_a_diagram_mermaid_would_not_draw_is_a_warning_not_its_error_picture(site, private_diagram_cache,
                                                                            body, message):
    diagram_page(site, "wrong", body)
    site.build("html")
    line = (site.path / "wrong.md").read_text().splitlines().index("```{mermaid}") + 1
    assert f"wrong.md:{line}: WARNING: Mermaid cannot draw this diagram: " in site.warnings
    assert message in site.warnings
    html = site.html("wrong")
    assert not diagrams(html) and "Maximum text size" not in html


@pytest.mark.parametrize("configuration", [
    '%%{init: {"securityLevel": "loose"}}%%\n',
    "%%{init: {'flowchart': {'htmlLabels': true}}}%%\n",
    "---\nconfig:\n  htmlLabels: true\n---\n",
])
def test_a_configuration_that_loosens_security_is_ignored_with_a_warning(site, private_diagram_cache,
                                                                         configuration):
    diagram_page(site, "loose", configuration + 'flowchart LR\n    A["<b>bold</b>"] --> B\n')
    site.build("html")
    line = (site.path / "loose.md").read_text().splitlines().index("```{mermaid}") + 1
    assert f"loose.md:{line}: WARNING: this diagram's configuration sets '" in site.warnings
    assert "that configuration is ignored" in site.warnings
    drawn = diagrams(site.html("loose"))[0]
    assert not drawn.find(["foreignobject", "b"]) and drawn.find("text")


def test_the_same_diagram_twice_on_a_page_has_ids_of_its_own(site, private_diagram_cache):
    kuryr = site.path / "kuryr.md"
    text = kuryr.read_text()
    kuryr.write_text(text + "\n" + text[text.index("```{mermaid}"):].replace(
        ":caption: Kuryr between Docker and Neutron", ":caption: The same again"))
    site.build("html")
    assert site.warnings == ""
    html = site.html("kuryr")
    assert len(diagrams(html)) == 2
    ids = re.findall(r'\sid="([^"]+)"', html)
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)[:5]
    # and each drawing's references point into itself
    for drawn in diagrams(html):
        for svg in drawn.find_all("svg", recursive=False):
            own = {el["id"] for el in svg.find_all(id=True)}
            refs = set(re.findall(r"url\(#([^)]+)\)", str(svg)))
            assert refs <= own, refs - own
            # its accessible name and description too (the root's own attributes)
            named = [(el.get("aria-labelledby") or "").split() + (el.get("aria-describedby") or "").split()
                     for el in [svg, *svg.find_all(True)]]
            assert svg.get("aria-labelledby") and svg.get("aria-describedby")
            assert {ref for refs in named for ref in refs} <= own
            assert svg.find(id=svg["aria-labelledby"]).get_text() == "Kuryr as a libnetwork remote driver"


def test_without_a_browser_the_build_says_so_once_and_the_reader_draws(site, private_diagram_cache,
                                                                      monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))  # no `node` on it
    site.build("html", confoverrides={"mermaid_drawing_required": False})
    assert site.warnings == ""
    said = [line for line in status(site).splitlines() if "diagrams cannot be drawn" in line]
    assert said == ["diagrams cannot be drawn when the site is built: Node.js is not installed; "
                    "the pages draw them in the reader's browser with Mermaid instead"]
    html = site.html("kuryr")
    assert re.search(r'<pre\s+class="mermaid', html) and "import mermaid from" in html and not diagrams(html)
    # the colours' module and sphinxcontrib-mermaid's import the same Mermaid (one instance)
    imports = re.findall(r'import mermaid from ("[^"]+");', html)
    assert len(imports) == 2 and set(imports) == {'"./_static/vendor/mermaid/mermaid.esm.min.mjs"'}
    assert (Path(site.app.outdir) / "_static/vendor/mermaid/mermaid.esm.min.mjs").exists()


def test_where_drawing_is_required_a_missing_browser_is_a_warning(site, private_diagram_cache,
                                                                   monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))
    site.build("html", confoverrides={"mermaid_drawing_required": True})
    warnings = site.warnings.strip().splitlines()
    assert len(warnings) == 1 and "diagrams cannot be drawn when the site is built: Node.js is not " \
                                  "installed" in warnings[0] and "mermaid_drawing_required" in warnings[0]


CHART = """xychart-beta
    title "Throughput"
    x-axis "Path" ["a → b", "b, c", c]
    y-axis "Bandwidth (%)" 0 --> 100
    bar [82, 96.5, 26]
    line [80, 90, 30]
"""


def test_a_chart_has_its_values_as_a_table_the_search_skips(site, private_diagram_cache):
    """A chart's values in text under its drawing (values.py), read from its source: a row
    per label of the x axis, a column per series; another diagram, and a chart of a kind
    that is not read, get none (and keep their scroll box)."""
    diagram_page(site, "chart", CHART, caption="A chart")
    diagram_page(site, "numeric", "xychart-beta\n    x-axis 10 --> 30\n    line [1, 2, 3]\n")
    diagram_page(site, "unread", "xychart-beta\n    x-axis [a, b]\n    bar [1, 2]\n    area [3, 4]\n")
    site.build("html")
    page = BeautifulSoup(site.html("chart"), "html.parser")
    drawn, table = page.select_one("div.diagram-drawn"), page.select_one("table.diagram-values")
    assert "diagram-charted" in drawn["class"] and drawn.find_next_sibling("table") is table
    assert table.find_next_sibling("figcaption") is not None  # (under the drawing, before the caption)
    assert [th.get_text() for th in table.select("thead th")] == ["Path", "Bandwidth (%): Bars 1",
                                                                 "Bandwidth (%): Line 2"]
    assert [[c.get_text() for c in row.select("th, td")] for row in table.select("tbody tr")] == [
        ["a → b", "82", "80"], ["b, c", "96.5", "90"], ["c", "26", "30"]]
    assert all(th["scope"] == "row" for th in table.select("tbody th"))
    assert table["data-pagefind-ignore"] == "all"
    numeric = BeautifulSoup(site.html("numeric"), "html.parser").select_one("table.diagram-values")
    assert [row.get_text(" ") for row in numeric.select("tbody tr")] == ["10 1", "20 2", "30 3"]
    # (Mermaid cannot draw an "area" series: a warning, its code shown, and no table)
    unread = site.html("unread")
    assert "diagram-values" not in unread and "diagram-charted" not in unread
    kuryr = site.html("kuryr")
    assert "diagram-values" not in kuryr and "diagram-charted" not in kuryr
