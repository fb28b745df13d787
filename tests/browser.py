"""A real browser on the built site: Debian's Chromium driven by Playwright.

The site is served over http on 127.0.0.1 (ES modules do not load from
file://). ``visit`` opens a page and records everything a reader would
suffer from: console errors, failed requests, requests to other hosts.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import pytest

CHROMIUM = os.environ.get("CHROMIUM", shutil.which("chromium") or "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
INSTALL_HINT = ("the browser tests need Debian's Chromium: `sudo apt-get install chromium` "
                "(or set CHROMIUM to a Chromium binary)")


def require_chromium() -> str:
    if Path(CHROMIUM).exists():
        return CHROMIUM
    if os.environ.get("CI"):
        pytest.fail(INSTALL_HINT)  # in CI the browser tests must run
    pytest.skip(INSTALL_HINT)


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextmanager
def serve(directory: Path):
    """Serve ``directory`` on an ephemeral port of 127.0.0.1."""
    handler = functools.partial(_Quiet, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()


@dataclass
class Visit:
    url: str
    console_errors: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    foreign_requests: list[str] = field(default_factory=list)

    @property
    def problems(self) -> list[str]:
        return ([f"console: {e}" for e in self.console_errors]
                + [f"failed: {r}" for r in self.failed_requests]
                + [f"other host: {r}" for r in self.foreign_requests])


def visit(page, url: str) -> Visit:
    """Open ``url`` in ``page`` and record what went wrong, until it is quiet."""
    record = Visit(url)
    own_host = urlparse(url).netloc

    def on_request(request):
        if urlparse(request.url).scheme in ("http", "https") and urlparse(request.url).netloc != own_host:
            record.foreign_requests.append(request.url)

    def on_response(response):
        if response.status >= 400:
            record.failed_requests.append(f"{response.status} {response.url}")

    page.on("console", lambda m: m.type == "error" and record.console_errors.append(m.text))
    page.on("pageerror", lambda e: record.console_errors.append(str(e)))
    page.on("request", on_request)
    page.on("requestfailed", lambda r: record.failed_requests.append(f"{r.failure} {r.url}"))
    page.on("response", on_response)
    page.goto(url, wait_until="load")
    wait_for_diagrams(page)
    page.wait_for_load_state("networkidle")
    return record


# A diagram in a page: drawn when the site was built (div.diagram-drawn, one SVG per
# colour scheme, CSS shows one), or by Mermaid in the browser (pre.mermaid).
DIAGRAM = ":is(pre.mermaid, div.diagram-drawn)"
SHOWN_SVG = "(el) => [...el.querySelectorAll(':scope > svg')].find((svg) => svg.getClientRects().length) || null"

DIAGRAMS_SETTLED = f"""() => [...document.querySelectorAll('{DIAGRAM}')].every(el => el.matches('.diagram-drawn') ||
    el.hasAttribute('data-mermaid-deferred') || el.getAttribute('data-processed') === 'true')"""


def wait_for_diagrams(page, timeout: float = 15000) -> None:
    if page.locator(DIAGRAM).count():
        page.wait_for_function(DIAGRAMS_SETTLED, timeout=timeout)


def search(page, site_url: str, query: str) -> list[tuple[str, str]]:
    """The results of ``query`` on the search page, once it has shown them all:
    (link, text) per result, in their order."""
    return [(r["href"], r["text"]) for r in search_results(page, site_url, query)]


def open_tab(page, label) -> None:
    """Click a sphinx-design tab's label; return once the tab is open and its diagrams drawn."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    label.scroll_into_view_if_needed()
    label.click()
    page.wait_for_function("label => document.getElementById(label.htmlFor).checked", arg=label.element_handle())
    # a diagram of a hidden tab is drawn once it is scrolled into view (an IntersectionObserver)
    try:
        page.wait_for_function(DRAW_DIAGRAMS_ON_SHOW, timeout=15000)
    except PlaywrightTimeout:
        pass  # what was not drawn, the caller's survey reports


def reveal_all_tabs(page) -> None:
    """Open every sphinx-design tab, so that diagrams in hidden tabs render too."""
    for label in page.locator(".sd-tab-set > label").all():
        open_tab(page, label)


BROKEN_DIAGRAMS = r"""() => [...document.querySelectorAll('DIAGRAM')].map((el, i) => {
    const svg = el.querySelector('svg');
    const text = el.textContent || '';
    const figure = el.closest('figure');
    // the author's caption: without the headerlink and the editing mark (sphinx_summit.editing)
    const captionText = figure && figure.querySelector('figcaption .caption-text');
    const caption = captionText ? [...captionText.childNodes].filter((n) => !(n.classList && n.classList.contains('editing-mark')))
        .map((n) => n.textContent).join('').replace(/^:\s*/, '') : '';
    let problem = '';
    if (!svg) problem = 'not rendered';
    else if (el.querySelector('.error-text') || text.includes('Syntax error in text')) problem = 'syntax error';
    return problem ? `diagram ${i + 1} (${(caption || '').trim() || 'no caption'}): ${problem}` : '';
}).filter(Boolean)"""


def broken_diagrams(page) -> list[str]:
    """Every diagram on the page that is not a proper SVG, named by its caption."""
    reveal_all_tabs(page)
    return page.evaluate(BROKEN_DIAGRAMS.replace("DIAGRAM", DIAGRAM))


def diagram_report(browser, base_url: str, pages: list[str]) -> tuple[dict[str, list[str]], int]:
    """Broken diagrams by page, and how many diagrams rendered in all."""
    broken, rendered = {}, 0
    for name in pages:
        page = browser.new_page()
        visit(page, base_url + name)
        if problems := broken_diagrams(page):
            broken[name] = problems
        rendered += page.locator(f"{DIAGRAM} > svg.diagram-light, pre.mermaid > svg").count()
        page.close()
    return broken, rendered


# -- What a reader sees of each diagram (tests/test_diagrams_reader.py) -------

@contextmanager
def chromium():
    """One Chromium for a whole test module."""
    from playwright.sync_api import sync_playwright

    executable = require_chromium()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


# Colours as the reader sees them: WCAG's relative luminance and contrast ratio,
# an element's colour composited (with its opacity) over what lies behind it.
_COLOUR_JS = r"""
const parseColour = (text) => {
    const m = /rgba?\(([^)]+)\)/.exec(text || '');
    if (!m) return null;
    const [r, g, b, a = 1] = m[1].split(/[\s,\/]+/).filter(Boolean).map(Number);
    return {r, g, b, a};
};
const over = (top, bottom) => {
    const a = top.a + bottom.a * (1 - top.a);
    if (!a) return {r: 0, g: 0, b: 0, a: 0};
    const mix = (k) => (top[k] * top.a + bottom[k] * bottom.a * (1 - top.a)) / a;
    return {r: mix('r'), g: mix('g'), b: mix('b'), a};
};
const luminance = (c) => {
    const lin = (v) => { v /= 255; return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * lin(c.r) + 0.7152 * lin(c.g) + 0.0722 * lin(c.b);
};
const contrast = (a, b) => {
    const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
    return (hi + 0.05) / (lo + 0.05);
};
const hex = (c) => '#' + [c.r, c.g, c.b].map((v) => Math.round(v).toString(16).padStart(2, '0')).join('');
/* The opaque colour behind an element: its ancestors' backgrounds, composited. */
const backdrop = (el) => {
    const layers = [];
    for (let e = el; e && e.nodeType === 1; e = e.parentElement) {
        const c = parseColour(getComputedStyle(e).backgroundColor);
        if (c && c.a > 0) { layers.push(c); if (c.a >= 1) break; }
    }
    return layers.reduceRight((below, c) => over(c, below), {r: 255, g: 255, b: 255, a: 1});
};
/* opacity of the element and of its SVG ancestors */
const opacityOf = (el) => {
    let o = 1;
    for (let e = el; e && e.tagName !== 'svg'; e = e.parentElement) o *= parseFloat(getComputedStyle(e).opacity);
    return o;
};
/* The smallest text of an SVG as drawn: font-size times the scale it is drawn at. */
const textSizes = (svg) => [...svg.querySelectorAll('text, tspan, foreignObject *')]
    .filter((el) => el.textContent.trim() && !el.querySelector('span, p, div, tspan') && el.getClientRects().length)
    .map((el) => {
        const m = (el.closest('foreignObject') || el).getScreenCTM();
        return {text: el.textContent.trim().slice(0, 30), px: parseFloat(getComputedStyle(el).fontSize) * Math.hypot(m.a, m.b)};
    });
const smallestText = (svg) => textSizes(svg).reduce((min, t) => (t.px < min.px ? t : min), {text: '', px: Infinity});
"""

# What each shape of a diagram is, for the reader (and for the messages)
_KINDS_JS = r"""
const KINDS = [
    ['.plot rect', 'bar'], ['.plot path', 'plot line'], ['.bottom-axis *, .left-axis *', 'axis'],
    ['marker *', 'arrowhead'], ['.cluster *', 'subgraph border'], ['.node *', 'node border'],
    ['.edgePaths *, .flowchart-link', 'edge'], ['.actor-line', 'lifeline'], ['.actor-man *', 'actor'],
    ['rect.actor', 'participant box'], ['.messageLine0, .messageLine1', 'message line'],
    ['rect.note', 'note'], ['.timeline-node *', 'timeline box'], ['.lineWrapper *', 'timeline line'],
];
const kindOf = (el) => (KINDS.find(([selector]) => el.matches(selector)) || [null, el.tagName])[1];
"""

def _script(*parts: str) -> str:
    """A page function (the last part) with the helpers it uses, for page.evaluate."""
    *helpers, function = parts
    return "(() => {" + "".join(helpers) + "\nreturn " + function.strip() + ";\n})()"


# Every diagram on show: its colours against the page, the values on its bars,
# its text sizes, how it scrolls, and what the full-screen controls cover.
DIAGRAM_SURVEY = _script(_COLOUR_JS, _KINDS_JS, "const shownSvg = " + SHOWN_SVG + ";", r"""
() => {
    const pres = [...document.querySelectorAll('pre.mermaid, div.diagram-drawn')].filter((p) => !p.closest('dialog'));
    const buttons = [...document.querySelectorAll('.mermaid-fullscreen-btn')]
        .filter((b) => b.getClientRects().length)
        .map((b) => b.getBoundingClientRect());
    return pres.map((pre, index) => {
        const svg = shownSvg(pre);
        if (!svg || !pre.getClientRects().length || !svg.getBoundingClientRect().width) return {index, visible: false};
        const figure = pre.closest('figure');
        const caption = ((figure && figure.querySelector('figcaption')) || {}).textContent || '';
        const page = backdrop(pre);
        // an xychart's own background (in a flowchart, a label's box is class "background" too)
        const chart = svg.getAttribute('aria-roledescription') === 'xychart' && svg.querySelector('rect.background');
        const chartColour = chart && parseColour(getComputedStyle(chart).fill);
        const behind = chartColour && chartColour.a > 0 ? over(chartColour, page) : page;
        const shapes = [];
        const filtered = [];
        for (const el of svg.querySelectorAll('rect, path, line, polyline, polygon, circle, ellipse')) {
            if (el === chart || el.closest('symbol, clipPath, mask, pattern, linearGradient, radialGradient')) continue;
            if (el.closest('.edgeLabel, .edgeLabels')) continue;  // (a label's box: the page's colour behind its text)
            const inMarker = !!el.closest('marker');
            const box = el.getBoundingClientRect();
            if (!inMarker && box.width === 0 && box.height === 0) continue;
            const cs = getComputedStyle(el);
            if (cs.display === 'none' || cs.visibility === 'hidden') continue;
            for (let e = el; e && e !== svg; e = e.parentElement) {
                const f = getComputedStyle(e).filter;
                if (f && f !== 'none' && /brightness|contrast|invert|saturate|grayscale|sepia|opacity|hue/.test(f)) {
                    filtered.push(`${kindOf(el)}: ${f}`);
                }
            }
            const alpha = opacityOf(el);
            const paint = (value, opacity) => {
                const c = parseColour(value);
                return c && c.a > 0 ? over({...c, a: c.a * parseFloat(opacity) * alpha}, behind) : null;
            };
            const stroke = parseFloat(cs.strokeWidth) > 0 ? paint(cs.stroke, cs.strokeOpacity) : null;
            const fill = el.tagName === 'line' ? null : paint(cs.fill, cs.fillOpacity);
            const measured = [[fill, 'fill'], [stroke, 'stroke']].filter(([c]) => c)
                .map(([c, part]) => ({part, colour: hex(c), ratio: contrast(c, behind)}));
            if (!measured.length) continue;
            const best = measured.reduce((a, b) => (b.ratio > a.ratio ? b : a));
            shapes.push({kind: kindOf(el), ...best});
        }
        const bars = [...svg.querySelectorAll('.plot rect')].filter((r) => r.getBoundingClientRect().height > 0);
        const labels = [...svg.querySelectorAll('.plot text')].map((t) => {
            const r = t.getBoundingClientRect();
            const [x, y] = [(r.left + r.right) / 2, (r.top + r.bottom) / 2];
            const bar = bars.find((b) => {
                const q = b.getBoundingClientRect();
                return x > q.left && x < q.right && y > q.top && y < q.bottom;
            });
            const ink = parseColour(getComputedStyle(t).fill);
            const barColour = bar && over(parseColour(getComputedStyle(bar).fill), behind);
            return {text: t.textContent.trim(), inBar: !!bar, ratio: barColour ? contrast(over(ink, barColour), barColour) : 0};
        });
        const drawn = [...svg.querySelectorAll('text, tspan, foreignObject *, rect, polygon, circle, ellipse')]
            .filter((el) => !el.closest('defs, marker, symbol') && el !== chart && el.getClientRects().length)
            .map((el) => ({what: el.textContent.trim().slice(0, 30) || kindOf(el), box: el.getBoundingClientRect()}))
            .filter(({box}) => box.width > 0 && box.height > 0);
        const covered = drawn.filter(({box}) => buttons.some((b) =>
            b.left < box.right && box.left < b.right && b.top < box.bottom && box.top < b.bottom)).map((d) => d.what);
        // a chart's values table (sphinx_summit.mermaid.values): each cell's text, size and place
        const table = pre.matches('.diagram-charted') && figure && figure.querySelector('table.diagram-values');
        const cell = (c) => {
            const r = c.getBoundingClientRect();
            return {text: c.textContent.trim(), px: parseFloat(getComputedStyle(c).fontSize), left: r.left, right: r.right,
                    visible: r.width > 0 && c.checkVisibility({opacityProperty: true, visibilityProperty: true})};
        };
        const values = table ? {rows: [...table.querySelectorAll('tbody th')].map(cell),
                                cells: [...table.querySelectorAll('tbody td')].map(cell),
                                heads: [...table.querySelectorAll('thead th')].map(cell)} : null;
        const frame = pre.closest('.diagram-frame');
        const inBox = frame && frame.querySelector('.diagram-box');
        const cue = (which) => inBox ? {opacity: getComputedStyle(inBox, which).opacity,
                                        image: getComputedStyle(inBox, which).backgroundImage} : null;
        return {
            index, visible: true, caption: caption.replace('¶', '').trim(), type: svg.getAttribute('aria-roledescription'),
            page: hex(page), shapes, filtered: [...new Set(filtered)], bars: bars.length, labels,
            drawn: pre.matches('.diagram-drawn'), scheme: svg.classList.contains('diagram-dark') ? 'dark' : 'light',
            covered, smallest: smallestText(svg),
            width: svg.getBoundingClientRect().width, viewport: window.innerWidth,
            scroll: {scrollWidth: pre.scrollWidth, clientWidth: pre.clientWidth, scrollLeft: pre.scrollLeft,
                     tabindex: pre.getAttribute('tabindex'), role: pre.getAttribute('role'),
                     label: pre.getAttribute('aria-label'), frame: frame ? frame.className : null,
                     hint: frame ? !frame.querySelector('.diagram-scroll-hint').hidden : false,
                     left: cue('::before'), right: cue('::after')},
            pageScrollWidth: document.documentElement.scrollWidth, values,
            texts: [...svg.querySelectorAll('text')].map((t) => t.textContent.trim()),
        };
    });
}
""")


# The marks of editing on a page (sphinx_summit.editing): each editor's note
# with its title, its edge and the edge's contrast against the page, and each
# mark's text with its contrast against what is behind it.
EDITING_SURVEY = _script(_COLOUR_JS, r"""
() => ({
    notes: [...document.querySelectorAll('.admonition.editor-note')].map((note, index) => [note, index])
        .filter(([note]) => note.getClientRects().length)
        .map(([note, index]) => {
            const cs = getComputedStyle(note);
            return {index, title: note.querySelector('.admonition-title').textContent.trim(),
                    edge: cs.borderLeftStyle, width: parseFloat(cs.borderLeftWidth),
                    ratio: contrast(over(parseColour(cs.borderLeftColor), backdrop(note.parentElement)),
                                    backdrop(note.parentElement))};
        }),
    marks: [...document.querySelectorAll('.editing-mark')].map((mark, index) => [mark, index])
        .filter(([mark]) => mark.getClientRects().length)
        .map(([mark, index]) => ({index, text: mark.textContent.trim(),
                         ratio: contrast(over(parseColour(getComputedStyle(mark).color), backdrop(mark)), backdrop(mark))})),
})
""")


# every diagram on show (not in a closed tab) is an SVG
DIAGRAMS_DRAWN = f"""() => [...document.querySelectorAll('{DIAGRAM}')].every(el =>
    !el.getClientRects().length || el.querySelector(':scope > svg'))"""


# polled: brings the first diagram on show that is not drawn yet into view; true once none is left
DRAW_DIAGRAMS_ON_SHOW = f"""() => {{
    const left = [...document.querySelectorAll('{DIAGRAM}')]
        .filter(el => el.getClientRects().length && !el.querySelector(':scope > svg'));
    if (left.length) left[0].scrollIntoView({{block: 'center'}});
    return !left.length;
}}"""


def open_page(page, url: str) -> None:
    """Load ``url`` until every diagram on show is drawn and laid out (quicker than ``visit``)."""
    page.goto(url, wait_until="load")
    if page.locator(DIAGRAM).count():
        page.wait_for_function(DIAGRAMS_DRAWN, timeout=15000)
    page.evaluate("document.fonts.ready.then(() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r))))")


def survey_diagrams(page) -> list[dict]:
    """DIAGRAM_SURVEY of every diagram of the page, each tab of each tab set opened in turn."""
    seen: dict[int, dict] = {}
    labels = page.locator(".sd-tab-set > label")
    for step in range(-1, labels.count()):
        if step >= 0:
            labels.nth(step).scroll_into_view_if_needed()
            labels.nth(step).click()
            # (a diagram of the tab is drawn once in view: bring each into view, whatever the layout)
            page.wait_for_function(DRAW_DIAGRAMS_ON_SHOW, timeout=15000)
            page.evaluate("new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
        for diagram in page.evaluate(DIAGRAM_SURVEY):
            if diagram["visible"] and diagram["index"] not in seen:
                seen[diagram["index"]] = diagram
    return [seen[i] for i in sorted(seen)]


VIEWER_STATE = _script(_COLOUR_JS, r"""
() => {
    const dialog = document.querySelector('dialog.diagram-viewer');
    const canvas = dialog && dialog.querySelector('.diagram-viewer-canvas');
    const svg = canvas && [...canvas.querySelectorAll(':scope > svg')].find((s) => s.getClientRects().length);
    if (!dialog || !dialog.open || !svg) return null;
    const box = (el) => { const r = el.getBoundingClientRect(); return {left: r.left, top: r.top, right: r.right, bottom: r.bottom, width: r.width, height: r.height}; };
    return {
        dialog: box(dialog), canvas: box(canvas), svg: box(svg),
        viewport: {width: window.innerWidth, height: window.innerHeight},
        smallest: smallestText(svg), scale: window.summitDiagramViewer.scale,
        fit: window.summitDiagramViewer.fitScale,
        zoomInDisabled: dialog.querySelector('.diagram-viewer-zoom-in').disabled,
        scrollWidth: canvas.scrollWidth, clientWidth: canvas.clientWidth,
        scrollHeight: canvas.scrollHeight, clientHeight: canvas.clientHeight,
        focused: document.activeElement === canvas,
        // ids the copy shares with the page (the timeline repeats ids of its own)
        sharedIds: [...svg.querySelectorAll('[id]')].filter((el) => [...document.querySelectorAll(`[id="${el.id}"]`)]
            .some((other) => !canvas.contains(other))).length,
    };
}
""")


# -- Search results as a reader reads them (sphinx_summit.search) ---------------

# the results list is aria-busy until every result, facet and suggestion is shown
SEARCH_SHOWN = "() => document.querySelector('#summit-search-results[aria-busy=\"false\"]')"


def search_results(page, site_url: str, query: str, **facets) -> list[dict]:
    """The results of ``query`` (narrowed by ``facets``: summit="tokyo-2015",
    projects=["Ceph"]) once shown: href, title, label (summit, day, format),
    snippet, its marked words and its sections, in their order."""
    from urllib.parse import urlencode

    params = [("q", query), *((name, v) for name, values in facets.items()
                              for v in ([values] if isinstance(values, str) else values))]
    visit(page, f"{site_url}search.html?{urlencode(params)}")
    page.wait_for_function(SEARCH_SHOWN, timeout=30000)
    return read_results(page)


def read_results(page) -> list[dict]:
    # page: the result's page, from the site's root, as sessions.json gives it
    return page.eval_on_selector_all("#summit-search-results > li", """items => items.map(li => ({
        href: li.querySelector('a').getAttribute('href'),
        page: new URL(li.querySelector('a').href).pathname.slice(
            new URL(document.documentElement.dataset.content_root || './', location.href).pathname.length),
        title: li.querySelector('a').textContent,
        label: (li.querySelector('.summit-result-label') || {}).textContent || '',
        snippet: (li.querySelector('p.summit-result-snippet') || {}).textContent || '',
        marked: [...li.querySelectorAll('p.summit-result-snippet mark')].map(m => m.textContent),
        sections: [...li.querySelectorAll('.summit-result-sections a')].map(a => a.getAttribute('href')),
        text: li.innerText}))""")


# -- axe-core (npm, pinned in package.json), injected into the page -------------

AXE_CORE = Path(__file__).resolve().parents[1] / "node_modules" / "axe-core" / "axe.min.js"


def axe_violations(page, impacts: tuple[str, ...] = ("serious", "critical"), within: str | None = None) -> list[str]:
    """axe-core's violations of ``impacts`` on the page as it is (or in the element
    ``within`` selects): rule, impact, help, first targets."""
    if not AXE_CORE.exists():
        hint = f"axe-core is not installed ({AXE_CORE}): run `npm ci`"
        pytest.fail(hint) if os.environ.get("CI") else pytest.skip(hint)
    page.add_script_tag(path=str(AXE_CORE))
    violations = page.evaluate("""within => axe.run(within || document, {resultTypes: ['violations']})
        .then(r => r.violations)""", within)
    return [f"{v['id']} ({v['impact']}): {v['help']} -- " + "; ".join(str(n["target"][0]) for n in v["nodes"][:5])
            for v in violations if v["impact"] in impacts]
