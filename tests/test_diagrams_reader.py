"""Diagrams a reader can see: measured in Debian's Chromium on every page with a diagram.

In light and dark mode, at 1280 and 390 px: every line, border and bar stands
out from the page (WCAG 1.4.11, 3:1), bar charts write their values, the
full-screen control covers nothing of a drawing, and a diagram wider than its
column scrolls in its own box, with a cue, not the page. On a phone, a chart
fits the screen and its values read in its table, and the full-screen view
fills the screen and zooms until the smallest text is 12 px.

Each page is surveyed once per colour scheme and width (``surveys``); the
tests read the survey. One Chromium serves the whole module.
"""

from __future__ import annotations

import re
from collections import Counter

import pytest
from browser import DIAGRAMS_DRAWN, VIEWER_STATE, axe_violations, open_page, survey_diagrams
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect

SCHEMES = ("light", "dark")
WIDTHS = (1280, 390)
CONDITIONS = [pytest.param(scheme, width, id=f"{scheme}-{width}px") for scheme in SCHEMES for width in WIDTHS]

LINES = 3.0      # WCAG 1.4.11: graphical objects against what is next to them
TEXT = 4.5       # WCAG 1.4.3: text against its background
IN_PAGE = 11     # px: a diagram shrinks to its column only down to this text size (mermaid_min_text)
READABLE = 12    # px: what the full-screen view must reach on a phone
KURYR = "tokyo-2015/day2/overlay-network-containers.html"  # bar charts, a flowchart, the sequence diagram


@pytest.fixture(scope="module")
def diagram_pages(real_site) -> dict[str, int]:
    """Every page with a diagram (not the redirects of old addresses), and how many it has."""
    pages = {}
    for path in sorted(real_site.rglob("*.html")):
        html = path.read_text(encoding="utf-8")
        if "_static" not in path.parts and "This page has moved" not in html and 'class="mermaid' in html:
            pages[str(path.relative_to(real_site))] = len(re.findall(r'class="mermaid diagram-drawn', html))
    return pages


def new_context(browser, scheme: str, width: int):
    phone = width < 600
    return browser.new_context(
        color_scheme=scheme, reduced_motion="reduce", is_mobile=phone, has_touch=phone,
        viewport={"width": width, "height": 844 if phone else 900}, device_scale_factor=2 if phone else 1)


@pytest.fixture(scope="module")
def surveys(browser, site_url, diagram_pages):
    """survey(scheme, width) -> {page: [one DIAGRAM_SURVEY entry per diagram]}, measured once."""
    done = {}

    def survey(scheme: str, width: int) -> dict[str, list[dict]]:
        if (scheme, width) not in done:
            context = new_context(browser, scheme, width)
            page = context.new_page()
            done[scheme, width] = {}
            for name in diagram_pages:
                open_page(page, site_url + name)
                done[scheme, width][name] = survey_diagrams(page)
            context.close()
        return done[scheme, width]

    return survey


def each_diagram(survey: dict[str, list[dict]]):
    for name, diagrams in survey.items():
        for diagram in diagrams:
            yield f"{name} #{diagram['index'] + 1} ({diagram['caption'] or diagram['type']})", diagram


@pytest.mark.parametrize(("scheme", "width"), CONDITIONS)
def test_every_diagram_of_every_page_is_measured(surveys, diagram_pages, scheme, width):
    survey = surveys(scheme, width)
    assert {name: len(diagrams) for name, diagrams in survey.items()} == diagram_pages
    assert sum(diagram_pages.values()) >= 27
    types = {diagram["type"] for _, diagram in each_diagram(survey)}
    assert {"flowchart-v2", "sequence", "xychart", "timeline"} <= types


@pytest.mark.parametrize(("scheme", "width"), CONDITIONS)
def test_every_diagram_says_it_is_drawn_from_the_notes(surveys, scheme, width):
    """The notes have no pictures: each diagram's caption marks it as the editors' drawing."""
    unmarked = [where for where, d in each_diagram(surveys(scheme, width))
                if not d["caption"].startswith("Drawn from the notes")]
    assert unmarked == []


@pytest.mark.parametrize(("scheme", "width"), CONDITIONS)
def test_lines_borders_and_bars_stand_out_from_the_page(surveys, scheme, width):
    """Every shape has a fill or an outline at 3:1 against the page behind the diagram."""
    weak, filtered, weakest = [], [], {}
    for where, diagram in each_diagram(surveys(scheme, width)):
        filtered += [f"{where}: {f}" for f in diagram["filtered"]]
        for shape in diagram["shapes"]:
            key = f"{diagram['type']} {shape['kind']}"
            if shape["ratio"] < weakest.get(key, (99,))[0]:
                weakest[key] = (round(shape["ratio"], 2), shape["colour"], diagram["page"])
            if shape["ratio"] < LINES:
                weak.append(f"{where}: {shape['kind']} {shape['part']} {shape['colour']} on "
                            f"{diagram['page']}: {shape['ratio']:.2f}:1")
    # (a filter would change the colours after they are measured)
    assert filtered == []
    assert sorted(set(weak)) == []
    # what was measured: the weakest of each kind, printed with -s or on failure
    print(f"\n{scheme} {width}px, weakest contrast of each kind:")
    for key, value in sorted(weakest.items()):
        print(f"  {key}: {value[0]}:1 ({value[1]} on {value[2]})")
    for kind in ("xychart bar", "flowchart-v2 node border", "flowchart-v2 edge", "flowchart-v2 subgraph border",
                 "sequence lifeline", "sequence message line", "sequence participant box", "timeline timeline box"):
        assert kind in weakest, kind


@pytest.mark.parametrize(("scheme", "width"), CONDITIONS)
def test_bar_charts_write_each_value_on_its_bar(surveys, scheme, width):
    charts = [(where, d) for where, d in each_diagram(surveys(scheme, width)) if d["type"] == "xychart"]
    assert len(charts) >= 3
    for where, chart in charts:
        assert chart["bars"] == len(chart["labels"]) > 0, where
        for label in chart["labels"]:
            assert re.fullmatch(r"-?\d+(\.\d+)?", label["text"]), (where, label)
            assert label["inBar"], (where, label)
            assert label["ratio"] >= TEXT, (where, label)


@pytest.mark.parametrize(("scheme", "width"), CONDITIONS)
def test_the_full_screen_control_covers_nothing_of_a_diagram(surveys, scheme, width):
    covered = {where: d["covered"] for where, d in each_diagram(surveys(scheme, width)) if d["covered"]}
    assert covered == {}


@pytest.mark.parametrize(("scheme", "width"), CONDITIONS)
def test_a_diagram_wider_than_its_column_scrolls_in_its_box_with_a_cue(surveys, scheme, width):
    scrolling = 0
    for where, diagram in each_diagram(surveys(scheme, width)):
        scroll = diagram["scroll"]
        assert diagram["pageScrollWidth"] <= diagram["viewport"], f"{where}: the page scrolls sideways"
        # text is never shrunk below IN_PAGE px to fit the column (a chart's values are in its table)
        assert diagram["values"] or diagram["smallest"]["px"] >= IN_PAGE - 0.05, (where, diagram["smallest"])
        if diagram["width"] > scroll["clientWidth"] + 1:
            scrolling += 1
            assert scroll["scrollWidth"] > scroll["clientWidth"], where
            assert "diagram-scrolls" in scroll["frame"] and scroll["hint"], where
            assert scroll["tabindex"] == "0" and scroll["role"] == "region", where
            assert scroll["label"] == f"Diagram: {diagram['caption']}", where
            # at the start: a shadow at the right edge, none at the left
            assert float(scroll["right"]["opacity"]) == 1 and "gradient" in scroll["right"]["image"], where
            assert float(scroll["left"]["opacity"]) == 0, where
        else:
            assert scroll["scrollWidth"] <= scroll["clientWidth"] + 1, where
            assert scroll["tabindex"] is None and not scroll["hint"], where
            assert float(scroll["right"]["opacity"]) == 0, where
    if width < 600:
        assert scrolling >= 3  # the sequence diagram, the bar charts, the timeline...


def test_a_page_with_diagrams_loads_no_mermaid_and_shows_them_drawn(browser, site_url, diagram_pages):
    """Drawn when the site was built: the reader's browser fetches no Mermaid and draws
    nothing; the drawing of the page's scheme is on show, with its labels as text."""
    context = new_context(browser, "light", 390)
    page = context.new_page()
    scripts = []
    page.on("request", lambda r: r.resource_type == "script" and scripts.append(r.url))
    for name in diagram_pages:
        open_page(page, site_url + name)
        # (a diagram in a closed tab shows neither)
        shown = page.evaluate("""() => [...document.querySelectorAll('div.diagram-drawn')]
            .filter(d => d.getClientRects().length).map(d => [...d.querySelectorAll(':scope > svg')]
            .filter(svg => svg.getClientRects().length).map(svg => svg.classList.contains('diagram-dark') ? 'dark' : 'light'))""")
        assert shown and all(s == ["light"] for s in shown), (name, shown)
        assert page.evaluate("typeof window.mermaid") == "undefined", name
        # a reader can select a label's text
        selected = page.evaluate("""() => { const t = [...document.querySelectorAll('div.diagram-drawn svg text')]
            .find(t => t.textContent.trim() && t.getClientRects().length);
            const r = document.createRange(); r.selectNodeContents(t); getSelection().removeAllRanges();
            getSelection().addRange(r); return getSelection().toString(); }""")
        assert selected.strip(), name
    assert scripts and not [url for url in scripts if "mermaid" in url.lower()]
    context.close()


@pytest.mark.parametrize(("query", "page"), [
    ("Magnum bay", "tokyo-2015/day1/container-ecosystem-magnum.html"),  # "Mesos bays": a label
    ("Mesos bays", "tokyo-2015/day1/container-ecosystem-magnum.html"),
    ("CreateEndpoint", "tokyo-2015/day2/overlay-network-containers.html"),  # a message of the sequence
    ("orchestrator intercepts", "tokyo-2015/day3/trusted-containers.html"),  # words of its labels alone
])
def test_search_finds_the_words_of_a_diagram(browser, site_url, query, page):
    from browser import search

    tab = browser.new_page()
    links = [link for link, _ in search(tab, site_url, query)]
    tab.close()
    assert any(link.split("#")[0].endswith(page) for link in links), links


@pytest.mark.parametrize("scheme", SCHEMES)
def test_on_a_phone_every_diagram_text_is_legible_without_zooming(surveys, scheme):
    """At 390 px, the smallest text of every diagram of the site is mermaid_min_text (11) CSS px
    or more: a diagram shrinks to the column only that far, and scrolls in its box beyond.
    (A chart shrinks to the column: its values are in its table, the next test.)"""
    smallest = {where: d["smallest"] for where, d in each_diagram(surveys(scheme, 390)) if not d["values"]}
    assert smallest
    small = {where: s for where, s in smallest.items() if s["px"] < IN_PAGE - 0.05}
    assert small == {}
    least = min(smallest.items(), key=lambda item: item[1]["px"])
    print(f"\n{scheme} 390px: smallest diagram text {least[1]['px']:.1f} px ({least[0]}: {least[1]['text']!r})")


@pytest.mark.parametrize("scheme", SCHEMES)
def test_on_a_phone_a_chart_fits_the_screen_and_each_value_reads_in_its_table(surveys, scheme):
    """At 390 px every chart (xychart) is whole on the screen, nothing scrolls sideways, and
    its values table (values.py) under it shows every value and label in text of 12 px or
    more inside the screen, the same values as the bars and the same labels as the axis."""
    charts = [(where, d) for where, d in each_diagram(surveys(scheme, 390)) if d["type"] == "xychart"]
    assert charts
    for where, chart in charts:
        assert chart["pageScrollWidth"] <= chart["viewport"], f"{where}: the page scrolls sideways"
        scroll = chart["scroll"]
        assert scroll["scrollWidth"] <= scroll["clientWidth"] + 1 and not scroll["hint"], f"{where}: the chart scrolls"
        assert chart["width"] <= scroll["clientWidth"] + 1, where
        values = chart["values"]
        assert values and values["rows"] and values["cells"], f"{where}: no values table"
        for cell in values["heads"] + values["rows"] + values["cells"]:
            assert cell["visible"] and cell["px"] >= READABLE, (where, cell)
            assert 0 <= cell["left"] and cell["right"] <= chart["viewport"], (where, cell)
        # true to the drawing: each bar's value is in the table, each row is a label of the axis
        table_values = Counter(float(c["text"]) for c in values["cells"] if c["text"])
        assert not Counter(float(label["text"]) for label in chart["labels"]) - table_values, where
        named = [row["text"] for row in values["rows"] if not re.fullmatch(r"[-+.\d]+", row["text"])]
        assert all(name in chart["texts"] for name in named), where  # (a numeric axis ticks where it likes)


SCROLLER = """(pre) => ({left: pre.scrollLeft, max: pre.scrollWidth - pre.clientWidth, page: window.scrollX,
    cueLeft: getComputedStyle(pre.parentElement, '::before').opacity,
    cueRight: getComputedStyle(pre.parentElement, '::after').opacity})"""


def wait_for_scroller(page, pre, condition: str) -> dict:
    """Wait until the scroll box's state ``s`` (SCROLLER) meets ``condition``; return it.
    On a timeout the assertion shows the state reached."""
    try:
        page.wait_for_function(f"pre => {{ const s = ({SCROLLER})(pre); return {condition}; }}",
                               arg=pre.element_handle(), timeout=5000)
    except PlaywrightTimeout:
        pass
    state = pre.evaluate(SCROLLER)
    assert page.evaluate(f"s => {condition}", state), (condition, state)
    return state


@pytest.mark.parametrize("scheme", SCHEMES)
def test_a_reader_scrolls_a_wide_diagram_with_the_keyboard_and_the_page_stays(browser, site_url, scheme):
    context = new_context(browser, scheme, 390)
    page = context.new_page()
    open_page(page, site_url + KURYR)
    wide = page.locator(".diagram-scrolls .diagram-drawn")
    assert wide.count() >= 1  # (its charts fit the screen: their values are in tables)
    for i in range(wide.count()):
        pre = wide.nth(i)
        pre.scroll_into_view_if_needed()
        pre.focus()
        assert pre.evaluate("el => document.activeElement === el")
        for _ in range(3):
            page.keyboard.press("ArrowRight")
        # The cue is set by a scroll handler, then fades in (a CSS transition):
        # wait for its final opacity; a cue that never shows times out.
        state = wait_for_scroller(page, pre, "s.left > 0 && Number(s.cueLeft) === 1")
        assert state["page"] == 0, state
        pre.evaluate("pre => { pre.scrollLeft = pre.scrollWidth; }")
        state = wait_for_scroller(page, pre, "s.left >= s.max - 1 && Number(s.cueRight) === 0")
        assert state["page"] == 0, state
    context.close()


def open_viewer(page, opener) -> dict:
    """Open the full-screen view with ``opener`` (a full-screen control); its state once drawn."""
    opener.click()
    page.wait_for_function("() => document.querySelector('dialog.diagram-viewer[open] svg')")
    return page.evaluate(VIEWER_STATE)


def zoom_until_readable(page, opener) -> dict:
    """Open the full-screen view with ``opener`` and press Zoom in until the smallest text is READABLE."""
    state = open_viewer(page, opener)
    first = state
    for _ in range(30):
        if state["smallest"]["px"] >= READABLE or state["zoomInDisabled"]:
            break
        scale = state["scale"]
        page.locator(".diagram-viewer-zoom-in").click()
        page.wait_for_function(f"() => window.summitDiagramViewer.scale > {scale}")
        state = page.evaluate(VIEWER_STATE)
    return {"first": first, "readable": state}


def test_full_screen_on_a_phone_fills_the_screen_and_zooms_to_readable_text(browser, site_url, diagram_pages):
    context = new_context(browser, "light", 390)
    page = context.new_page()
    viewed, problems = 0, []
    for name in diagram_pages:
        open_page(page, site_url + name)
        labels = page.locator(".sd-tab-set > label")
        done = set()
        for step in range(-1, labels.count()):
            if step >= 0:
                labels.nth(step).click()
                page.wait_for_function(DIAGRAMS_DRAWN)
            buttons = page.locator(".mermaid-fullscreen-btn")
            for i in range(buttons.count()):
                if i in done or not buttons.nth(i).is_visible():
                    continue
                done.add(i)
                viewed += 1
                where = f"{name} #{i + 1}"
                states = zoom_until_readable(page, buttons.nth(i))
                first, state = states["first"], states["readable"]
                # the view fills the screen, and opens on the whole diagram
                assert first["dialog"] == {"left": 0, "top": 0, "right": 390, "bottom": 844, "width": 390, "height": 844}, where
                assert first["canvas"]["width"] == 390 and first["canvas"]["bottom"] == 844, where
                svg, canvas = first["svg"], first["canvas"]
                assert svg["left"] >= canvas["left"] - 1 and svg["right"] <= canvas["right"] + 1, where
                assert svg["top"] >= canvas["top"] - 1 and svg["bottom"] <= canvas["bottom"] + 1, where
                assert first["focused"] and first["sharedIds"] == 0, where
                if state["smallest"]["px"] < READABLE:
                    problems.append(f"{where}: zooms only to {state['smallest']}")
                # every part of the zoomed diagram can be panned to
                edges = page.evaluate("""() => {
                    const canvas = document.querySelector('.diagram-viewer-canvas');
                    const svg = [...canvas.querySelectorAll('svg')].find((s) => s.getClientRects().length);
                    const c = canvas.getBoundingClientRect();
                    canvas.scrollTo(0, 0);
                    const start = svg.getBoundingClientRect();
                    canvas.scrollTo(canvas.scrollWidth, canvas.scrollHeight);
                    const end = svg.getBoundingClientRect();
                    return {left: start.left - c.left, top: start.top - c.top,
                            right: c.right - end.right, bottom: c.bottom - end.bottom};
                }""")
                assert min(edges.values()) >= -1, (where, edges)
                page.keyboard.press("Escape")
                page.wait_for_function("b => document.activeElement === b", arg=buttons.nth(i).element_handle())
                assert not page.locator("dialog.diagram-viewer[open]").count()
    context.close()
    assert problems == []
    assert viewed == sum(diagram_pages.values())


def test_pinch_zooms_the_full_screen_view_on_a_touch_screen(browser, site_url):
    context = new_context(browser, "dark", 390)
    page = context.new_page()
    open_page(page, site_url + KURYR)
    before = open_viewer(page, page.locator("figure", has_text="through Kuryr into Neutron")
                         .locator(".mermaid-fullscreen-btn"))
    assert before["smallest"]["px"] < READABLE  # (else there is nothing to show)
    cdp = context.new_cdp_session(page)
    x, y = 195, 500
    for spread in range(20, 181, 20):  # two fingers move apart
        kind = "touchStart" if spread == 20 else "touchMove"
        cdp.send("Input.dispatchTouchEvent", {"type": kind, "touchPoints": [
            {"x": x - spread, "y": y, "id": 1}, {"x": x + spread, "y": y, "id": 2}]})
    cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
    page.wait_for_function(f"() => window.summitDiagramViewer.scale > {before['scale']} * 4")
    after = page.evaluate(VIEWER_STATE)
    assert after["scale"] > before["scale"] * 4
    assert after["smallest"]["px"] >= READABLE
    # one finger pans: the canvas scrolls, not the page
    assert after["scrollWidth"] > after["clientWidth"] and after["scrollHeight"] > after["clientHeight"]
    context.close()


def test_ctrl_wheel_and_keys_zoom_the_full_screen_view(browser, site_url):
    context = new_context(browser, "light", 1280)
    page = context.new_page()
    open_page(page, site_url + KURYR)
    fit = open_viewer(page, page.locator(".mermaid-fullscreen-btn").first)
    page.mouse.move(640, 450)
    page.keyboard.down("Control")
    for _ in range(3):  # three notches of the wheel (or a trackpad's pinch)
        page.mouse.wheel(0, -100)
    page.keyboard.up("Control")
    page.wait_for_function(f"() => window.summitDiagramViewer.scale > {fit['scale']} * 1.5")
    page.keyboard.press("0")
    page.wait_for_function(f"() => window.summitDiagramViewer.scale === {fit['scale']}")
    page.keyboard.press("+")
    page.keyboard.press("+")
    zoomed = fit["scale"] * 1.25 ** 2
    page.wait_for_function(f"() => Math.abs(window.summitDiagramViewer.scale - {zoomed}) < 1e-9")
    expect(page.locator(".diagram-viewer-level")).to_have_text(f"{round(fit['scale'] * 156.25)} %")
    page.locator(".diagram-viewer-close").click()
    expect(page.locator("dialog.diagram-viewer[open]")).to_have_count(0)
    context.close()


def test_the_open_view_follows_the_colour_scheme(browser, site_url):
    context = new_context(browser, "light", 1280)
    page = context.new_page()
    open_page(page, site_url + KURYR)
    open_viewer(page, page.locator(".mermaid-fullscreen-btn").first)
    colours = """() => [[...document.querySelectorAll('dialog.diagram-viewer[open] svg')]
                            .find((svg) => svg.getClientRects().length).querySelector('.plot rect'),
                         document.querySelector('dialog.diagram-viewer[open]')].map(el => getComputedStyle(el))
                        .map((style, i) => i ? style.backgroundColor : style.fill)"""
    assert page.evaluate(colours) == ["rgb(145, 109, 218)", "rgb(255, 255, 255)"]  # #916dda on white
    page.evaluate("document.body.dataset.theme = 'dark'")  # furo's theme button
    # #baa0ee on furo's dark page
    page.wait_for_function(f"() => ({colours})().join() === 'rgb(186, 160, 238),rgb(19, 20, 22)'")
    context.close()


def test_a_page_read_in_dark_mode_prints_the_light_drawings(browser, site_url):
    """Paper is white: furo prints white pages, and each diagram prints its light drawing."""
    context = new_context(browser, "dark", 1280)
    page = context.new_page()
    open_page(page, site_url + KURYR)
    shown = """() => [...document.querySelectorAll('div.diagram-drawn')].map(d =>
        [...d.querySelectorAll(':scope > svg')].filter(svg => getComputedStyle(svg).display !== 'none')
        .map(svg => svg.classList.contains('diagram-dark') ? 'dark' : 'light').join())"""
    diagrams = page.locator("div.diagram-drawn").count()
    assert diagrams and page.evaluate(shown) == ["dark"] * diagrams
    page.emulate_media(media="print")
    printed = page.evaluate("""() => [getComputedStyle(document.body).backgroundColor,
        ...[...document.querySelectorAll('.diagram-toolbar')].map(bar => getComputedStyle(bar).display)]""")
    assert printed == ["rgb(255, 255, 255)"] + ["none"] * diagrams
    assert page.evaluate(shown) == ["light"] * diagrams
    context.close()


@pytest.mark.parametrize("scheme", SCHEMES)
def test_no_serious_accessibility_violation_on_a_phone_and_in_full_screen(browser, site_url, scheme):
    context = new_context(browser, scheme, 390)
    page = context.new_page()
    open_page(page, site_url + KURYR)
    assert page.locator(".diagram-scrolls").count()  # scroll regions are on show
    assert axe_violations(page) == []
    open_viewer(page, page.locator(".mermaid-fullscreen-btn").nth(4))
    scale = page.evaluate("window.summitDiagramViewer.scale")
    page.locator(".diagram-viewer-zoom-in").click()
    page.wait_for_function(f"() => window.summitDiagramViewer.scale > {scale}")
    assert axe_violations(page, within="dialog.diagram-viewer") == []
    context.close()
