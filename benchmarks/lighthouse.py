#!/usr/bin/env python3
"""Lighthouse on the built site: what a reader's phone loads, page by page.

The site (_build/html) is served on 127.0.0.1 under the path its 404 page's
links start with (/en/latest/ when Read the Docs builds it, / for a local
build), by a threaded http.server
that answers gzip-compressed (level 6) when the browser asks for it, as Read
the Docs does for text, scripts, styles, JSON and SVG (it may send brotli, a
little smaller, to a browser that takes it); fonts and pictures go as they
are. Every byte below is a transfer size: headers plus the body as sent
(compressed where it is compressible).

Lighthouse (npm, pinned in package.json) runs --runs times on one page of each
type, in each form factor asked for (--form-factors; default both): mobile, its
default configuration (a phone's screen, simulated slow 4G and a slower CPU),
and desktop, its desktop preset (--preset=desktop: a 1350x940 screen, a fast
connection). A table per form factor gives the median of each figure over the
runs, then one table the four scores per page type, mobile and desktop:

  home          index.html
  summit        the first summit's landing page (sessions.json)
  day           the day page of that summit's first session (its folder's index.html)
  session       the session page with the most diagrams (counted in the built HTML)
  projectindex  summit-projectindex.html
  search        search.html
  404           404.html, by its name (what Read the Docs sends for a missing page; Lighthouse
                stops at a page answered with status 404)

Columns: the four category scores (0-100), the transfer size of everything
the page loaded, of its scripts, the number of requests, the resources
Chromium marked render-blocking (Lighthouse's render-blocking-insight, every
one, not only those it estimates worth saving; only those that finished
before the first paint, so a late one can drop out of a run), and those the
HTML makes blocking whatever the timing: scripts without async, defer or
type="module" (furo puts them at the end of <body>; Chromium holds the paint
for them all the same), and the <head>'s stylesheets for every medium. Then
every session page of sessions.json is opened once in Chromium through
Playwright (a phone's viewport, until the network is quiet, no clicks) and
its requests' transfer sizes added up: the heaviest is named.

It reports, it does not judge. Exit status: 0 when it ran, 1 when Lighthouse
failed on a page, 2 when a tool or the built site is missing (one line).

Usage: python benchmarks/lighthouse.py [--site _build/html] [--pages home session ...]
                                        [--runs 3] [--form-factors mobile desktop]
                                        [--json FILE] [--no-sessions]
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

ROOT = Path(__file__).resolve().parents[1]
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = os.environ.get("CHROME_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
CHROME_FLAGS = ("--headless=new --no-sandbox --disable-gpu --no-first-run --disable-sync "
                "--disable-background-networking --disable-component-update")
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
PAGE_TYPES = ("home", "summit", "day", "session", "projectindex", "search", "404")
FORM_FACTORS = ("mobile", "desktop")  # Lighthouse's default, and its desktop preset
GZIP_LEVEL = 6  # gzip's own default
COMPRESSIBLE = ("text/", "application/javascript", "application/json", "application/xml",
                "image/svg+xml")
# Lighthouse's mobile screen (its default form factor), for the session pages too
PHONE = {"viewport": {"width": 412, "height": 823}, "device_scale_factor": 1.75,
         "is_mobile": True, "has_touch": True}


class MissingTool(Exception):
    """A tool or the built site is missing: one line for the reader, exit status 2."""


# -- the site's pages ----------------------------------------------------------

class _Elements(HTMLParser):
    """Diagrams, scripts and stylesheets of one HTML page. A diagram is an
    element of class "mermaid" (drawn in the browser) or an SVG Mermaid drew
    (it has an aria-roledescription), counted once however they nest."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.diagrams = 0
        self.scripts: list[str] = []
        self.stylesheets: list[str] = []
        self.blocking: list[str] = []  # classic scripts and <head>'s stylesheets: they hold the parser or the paint
        self._head = False
        self._inside: tuple[str, int] | None = None  # a diagram's tag, and how deep in it

    def handle_starttag(self, tag, attrs, closed=False):
        attrs = dict(attrs)
        self._head = tag == "head" or (self._head and tag != "body")
        if tag == "script" and attrs.get("src"):
            self.scripts.append(attrs["src"])
            if not {"async", "defer"} & set(attrs) and attrs.get("type") != "module":
                self.blocking.append(attrs["src"])
        if tag == "link" and "stylesheet" in (attrs.get("rel") or "").split() and attrs.get("href"):
            self.stylesheets.append(attrs["href"])
            if self._head and (attrs.get("media") or "all").strip() in ("all", "screen"):
                self.blocking.append(attrs["href"])
        if self._inside:
            if tag == self._inside[0] and not closed:
                self._inside = (tag, self._inside[1] + 1)
        elif "mermaid" in (attrs.get("class") or "").split() or (
                tag == "svg" and "aria-roledescription" in attrs):
            self.diagrams += 1
            self._inside = None if closed else (tag, 1)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs, closed=True)

    def handle_endtag(self, tag):
        self._head = self._head and tag != "head"
        if self._inside and tag == self._inside[0]:
            depth = self._inside[1] - 1
            self._inside = (tag, depth) if depth else None


def elements(page: Path) -> _Elements:
    parser = _Elements()
    parser.feed(page.read_text(encoding="utf-8"))
    parser.close()
    return parser


def session_pages(site: Path) -> list[str]:
    """The session pages of sessions.json, in its order, each once."""
    found = json.loads((site / "sessions.json").read_text(encoding="utf-8"))
    return list(dict.fromkeys(session["url"].split("#")[0] for session in found["sessions"]))


def select_pages(site: Path) -> dict[str, str]:
    """One page of each type (PAGE_TYPES), as a path inside the site."""
    found = json.loads((site / "sessions.json").read_text(encoding="utf-8"))
    summit = found["summits"][0]
    first = next(s for s in found["sessions"] if s["summit"] == summit["id"])
    sessions = session_pages(site)
    counts = {page: elements(site / page).diagrams for page in sessions}
    pages = {
        "home": "index.html",
        "summit": summit["url"].split("#")[0],
        "day": str(Path(first["url"].split("#")[0]).parent / "index.html"),
        "session": max(sessions, key=lambda page: counts[page]),  # the first of the most
        "projectindex": "summit-projectindex.html",
        "search": "search.html",
        "404": "404.html",
    }
    missing = [page for page in pages.values() if not (site / page).is_file()]
    if missing:
        raise MissingTool(f"the built site has no {', '.join(missing)}: run `make html`")
    return pages


def site_prefix(site: Path) -> str:
    """The path the site is published under: 404.html's links are absolute
    (sphinx-notfound-page), e.g. /en/latest/_static/..."""
    for link in elements(site / "404.html").stylesheets:
        if link.startswith("/") and "_static/" in link:
            return link.split("_static/")[0]
    return "/"


# -- the server ----------------------------------------------------------------

@functools.lru_cache(maxsize=1024)
def _compressed(path: str, mtime_ns: int) -> bytes:
    return gzip.compress(Path(path).read_bytes(), compresslevel=GZIP_LEVEL, mtime=0)


class _Handler(http.server.SimpleHTTPRequestHandler):
    """The built site under ``prefix``: gzip when asked, 404.html for a missing page."""

    protocol_version = "HTTP/1.1"  # keep-alive, as a real host
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map,
                      ".js": "text/javascript", ".mjs": "text/javascript", ".json": "application/json",
                      ".svg": "image/svg+xml", ".woff2": "font/woff2", ".inv": "application/octet-stream"}

    def __init__(self, *args, site: Path, prefix: str, **kwargs):
        self.site, self.prefix = site, prefix
        super().__init__(*args, directory=str(site), **kwargs)

    def log_message(self, *args):
        pass

    def do_GET(self):
        self._respond(body=True)

    def do_HEAD(self):
        self._respond(body=False)

    def _respond(self, body: bool) -> None:
        path = unquote(urlsplit(self.path).path)
        status, file = 200, None
        if path.startswith(self.prefix):
            file = (self.site / path[len(self.prefix):]).resolve()
            if not file.is_relative_to(self.site.resolve()):
                file = None
            elif file.is_dir():
                if not path.endswith("/"):
                    self.send_response(301)
                    self.send_header("Location", path + "/")
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                file = file / "index.html"
        elif path in ("/", self.prefix.rstrip("/")):
            self.send_response(302)
            self.send_header("Location", self.prefix)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if file is None or not file.is_file():
            status, file = 404, self.site / "404.html"
        ctype = self.guess_type(str(file))
        accepted = [part.split(";")[0].strip() for part in self.headers.get("Accept-Encoding", "").split(",")]
        compress = "gzip" in accepted and ctype.startswith(COMPRESSIBLE)
        data = _compressed(str(file), file.stat().st_mtime_ns) if compress else file.read_bytes()
        self.send_response(status)
        self.send_header("Content-Type", ctype + ("; charset=utf-8" if ctype.startswith("text/") else ""))
        if compress:
            self.send_header("Content-Encoding", "gzip")
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if body:
            self.wfile.write(data)


@contextmanager
def serve(site: Path, prefix: str | None = None):
    """Serve the built ``site`` on an ephemeral port of 127.0.0.1; yields the
    URL of its root (``http://127.0.0.1:PORT/en/latest/``)."""
    prefix = prefix or site_prefix(site)
    handler = functools.partial(_Handler, site=site, prefix=prefix)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}{prefix}"
    finally:
        server.shutdown()
        server.server_close()


# -- Lighthouse ----------------------------------------------------------------

def check_tools(site: Path, sessions: bool = True) -> None:
    if not (site / "index.html").is_file() or not (site / "sessions.json").is_file():
        raise MissingTool(f"no built site in {site}: run `make html` first")
    if not shutil.which("node"):
        raise MissingTool("Lighthouse needs Node.js (node): install nodejs and npm, then `make html`")
    if not LIGHTHOUSE.exists():
        raise MissingTool(f"no {LIGHTHOUSE.relative_to(ROOT)}: run `npm ci --ignore-scripts` (or `make html`)")
    if not Path(CHROMIUM).exists():
        raise MissingTool("Lighthouse needs Debian's Chromium: `sudo apt-get install chromium` (or set CHROME_PATH)")
    if sessions:
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError:
            raise MissingTool("the session pages are measured with Playwright: run it from .venv "
                              "(`make lighthouse`) or `pip install -r requirements-dev.txt`") from None


def lighthouse(url: str, desktop: bool = False) -> dict:
    """One Lighthouse run (mobile, the default, or desktop); its report (LHR) as a dict."""
    with tempfile.TemporaryDirectory(prefix="lighthouse-") as work:
        report = Path(work) / "report.json"
        result = subprocess.run(
            [str(LIGHTHOUSE), url, "--output=json", f"--output-path={report}", "--quiet",
             f"--chrome-flags={CHROME_FLAGS}", f"--only-categories={','.join(CATEGORIES)}",
             *(["--preset=desktop"] if desktop else [])],
            env={**os.environ, "CHROME_PATH": CHROMIUM}, capture_output=True, text=True, timeout=600)
        if result.returncode or not report.exists():
            lines = (result.stderr or result.stdout).strip().splitlines() or [f"exit status {result.returncode}"]
            raise RuntimeError(lines[-1])
        return json.loads(report.read_text(encoding="utf-8"))


def summarise(lhr: dict, base_url: str) -> dict:
    """What the table needs from one report."""
    audits = lhr["audits"]
    if lhr.get("runtimeError"):
        raise RuntimeError(f"{lhr['runtimeError'].get('code')}: {lhr['runtimeError'].get('message')}")
    requests = audits["network-requests"]["details"]["items"]
    blocking = audits.get("render-blocking-insight") or audits.get("render-blocking-resources") or {}
    failing, failing_items = {}, {}
    for category in CATEGORIES[1:]:
        failing[category] = sorted(
            ref["id"] for ref in lhr["categories"][category]["auditRefs"]
            if ref.get("weight") and audits[ref["id"]].get("score") is not None
            and audits[ref["id"]]["score"] < 1)
        for audit in failing[category]:  # what it names: a few elements or links
            items = (audits[audit].get("details") or {}).get("items") or []
            failing_items[audit] = [named(item) for item in items[:5]]
    return {
        "scores": {c: round(lhr["categories"][c]["score"] * 100) if lhr["categories"][c]["score"] is not None
                   else None for c in CATEGORIES},
        "transfer_bytes": round(audits["total-byte-weight"]["numericValue"]),
        "js_bytes": sum(r.get("transferSize") or 0 for r in requests if r.get("resourceType") == "Script"),
        "requests": len(requests),
        "metrics_ms": {key: round(audits[key]["numericValue"], 3 if key == "cumulative-layout-shift" else 0)
                       for key in ("first-contentful-paint", "largest-contentful-paint", "total-blocking-time",
                                   "speed-index", "cumulative-layout-shift") if key in audits},
        "render_blocking": scripts_first(short(item["url"], base_url) for item in
                                         (blocking.get("details") or {}).get("items", []) if item.get("url")),
        "failing_audits": failing,
        "failing_items": failing_items,
    }


def named(item: dict) -> str:
    """What an audit's item names: an element's HTML, a link's text, a URL."""
    node = item.get("node") or item.get("source")
    snippet = node.get("snippet") if isinstance(node, dict) else None
    return str(snippet or item.get("text") or item.get("url") or item)[:200]


def scripts_first(urls) -> list[str]:
    return sorted(urls, key=lambda url: (not url.endswith((".js", ".mjs")), url))


def short(url: str, base_url: str) -> str:
    """A URL inside the site as its path there, without the cache-busting query."""
    return re.sub(r"\?v=[0-9a-f]+$", "", url[len(base_url):] if url.startswith(base_url) else url)


def median_of(runs: list[dict]) -> dict:
    """The median of every figure over the runs; the lists (render-blocking,
    failing audits) of the run whose performance score is the median."""
    ordered = sorted(runs, key=lambda run: run["scores"]["performance"] or 0)
    middle = ordered[(len(ordered) - 1) // 2]
    median = lambda values: statistics.median(values) if values else None  # noqa: E731
    return {
        "scores": {c: median([r["scores"][c] for r in runs if r["scores"][c] is not None]) for c in CATEGORIES},
        **{key: median([r[key] for r in runs]) for key in ("transfer_bytes", "js_bytes", "requests")},
        "metrics_ms": {key: median([r["metrics_ms"][key] for r in runs if key in r["metrics_ms"]])
                       for key in middle["metrics_ms"]},
        "render_blocking": middle["render_blocking"],
        "failing_audits": middle["failing_audits"],
        "failing_items": middle["failing_items"],
    }


def measure_with_lighthouse(base_url: str, site: Path, pages: dict[str, str], runs: int,
                            desktop: bool = False) -> dict[str, dict]:
    results = {}
    for kind, path in pages.items():
        done, errors = [], []
        for run in range(1, runs + 1):
            started = time.monotonic()
            try:
                done.append(summarise(lighthouse(urljoin(base_url, path), desktop), base_url))
                note = f"performance {done[-1]['scores']['performance']}"
            except (RuntimeError, subprocess.TimeoutExpired, KeyError) as error:
                errors.append(str(error))
                note = f"failed: {error}"
            print(f"  {kind} ({path}) run {run}/{runs}: {note}, {time.monotonic() - started:.0f} s",
                  file=sys.stderr, flush=True)
        in_html = scripts_first(short(urljoin(urljoin(base_url, path), link), base_url)
                                for link in elements(site / path).blocking)
        results[kind] = {"path": path, "render_blocking_in_html": in_html, "runs": done, "errors": errors,
                         "median": median_of(done) if done else None}
    return results


# -- every session page, without Lighthouse ---------------------------------------

def page_bytes(browser, url: str) -> dict:
    """Open ``url`` once on a phone-sized page; the transfer size (headers and
    body as sent) of everything it loaded, of its scripts, and its requests."""
    context = browser.new_context(**PHONE)
    try:
        page = context.new_page()
        finished = []
        page.on("requestfinished", lambda request: finished.append(request))
        page.goto(url, wait_until="networkidle")
        requests = []
        for request in finished:
            if urlsplit(request.url).scheme not in ("http", "https"):
                continue
            sizes = request.sizes()
            requests.append({"url": request.url, "type": request.resource_type,
                             "bytes": sizes["responseHeadersSize"] + sizes["responseBodySize"]})
    finally:
        context.close()
    return {"bytes": sum(r["bytes"] for r in requests),
            "js_bytes": sum(r["bytes"] for r in requests if r["type"] == "script"),
            "requests": len(requests), "resources": requests}


def measure_sessions(base_url: str, site: Path) -> list[dict]:
    from playwright.sync_api import sync_playwright

    rows = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROME_FLAGS.split()[1:])
        try:
            for path in session_pages(site):
                measured = page_bytes(browser, urljoin(base_url, path))
                rows.append({"path": path, "diagrams": elements(site / path).diagrams,
                             **{k: v for k, v in measured.items() if k != "resources"}})
        finally:
            browser.close()
    return rows


# -- the report ----------------------------------------------------------------

def kib(n) -> str:
    return "" if n is None else f"{n / 1024:,.0f}"


def scores_table(by_form_factor: dict[str, dict[str, dict]]) -> str:
    """The four scores of each page type (medians), a column per score and form factor."""
    names = {"performance": "performance", "accessibility": "accessibility",
             "best-practices": "best practices", "seo": "SEO"}
    factors = list(by_form_factor)
    lines = ["| page | " + " | ".join(f"{factor} {names[c]}" for factor in factors for c in CATEGORIES) + " |",
             "|---" * (1 + len(factors) * len(CATEGORIES)) + "|"]
    kinds = list(dict.fromkeys(kind for results in by_form_factor.values() for kind in results))
    for kind in kinds:
        cells = []
        for factor in factors:
            median = (by_form_factor[factor].get(kind) or {}).get("median")
            cells += [f"{median['scores'][c]:g}" if median and median["scores"][c] is not None else "failed"
                      for c in CATEGORIES]
        lines.append(f"| {kind} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def table(results: dict[str, dict]) -> str:
    lines = ["| page | path | performance | accessibility | best practices | SEO | transfer KiB "
             "| JS KiB | requests | render-blocking (Chromium) | blocking in the HTML |",
             "|---|---|---|---|---|---|---|---|---|---|---|"]
    for kind, result in results.items():
        m = result["median"]
        if m is None:
            lines.append(f"| {kind} | {result['path']} | failed: {'; '.join(result['errors'])} ||||||||")
            continue
        s = m["scores"]
        names = lambda urls: ", ".join(Path(urlsplit(url).path).name for url in urls)  # noqa: E731
        in_html = result["render_blocking_in_html"]
        lines.append(f"| {kind} | {result['path']} | {s['performance']:g} | {s['accessibility']:g} "
                     f"| {s['best-practices']:g} | {s['seo']:g} | {kib(m['transfer_bytes'])} "
                     f"| {kib(m['js_bytes'])} | {m['requests']:g} | {len(m['render_blocking'])}: {names(m['render_blocking'])} "
                     f"| {len(in_html)}: {names(in_html)} |")
    return "\n".join(lines)


def notes(results: dict[str, dict]) -> str:
    """The audits that lost points (accessibility, best practices, SEO), per page."""
    lines = []
    for kind, result in results.items():
        median = result["median"] or {}
        for category, ids in (median.get("failing_audits") or {}).items():
            for audit in ids:
                named = "; ".join(median["failing_items"].get(audit) or [])
                lines.append(f"  {kind}: {category}: {audit}" + (f" ({named})" if named else ""))
    return "\n".join(["audits that lost points (median run):", *lines]) if lines else ""


def lighthouse_version() -> str:
    result = subprocess.run([str(LIGHTHOUSE), "--version"], capture_output=True, text=True)
    return result.stdout.strip()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--site", type=Path, default=ROOT / "_build" / "html", help="the built site")
    ap.add_argument("--pages", nargs="+", choices=PAGE_TYPES, default=list(PAGE_TYPES),
                    help="the page types to run Lighthouse on (default: all)")
    ap.add_argument("--runs", type=int, default=3, help="Lighthouse runs per page; the median is shown")
    ap.add_argument("--json", type=Path, help="write the results (every run) to this file")
    ap.add_argument("--no-sessions", action="store_true", help="skip measuring every session page")
    ap.add_argument("--form-factors", nargs="+", choices=FORM_FACTORS, default=list(FORM_FACTORS),
                    help="mobile (Lighthouse's default) and/or desktop (its desktop preset); default both")
    ap.add_argument("--desktop", action="store_true", help="the desktop preset only (--form-factors desktop)")
    args = ap.parse_args(argv)
    if args.runs < 1:
        ap.error("--runs must be at least 1")
    factors = ["desktop"] if args.desktop else list(dict.fromkeys(args.form_factors))
    try:
        check_tools(args.site, sessions=not args.no_sessions)
        pages = {kind: path for kind, path in select_pages(args.site).items() if kind in args.pages}
    except MissingTool as missing:
        print(f"lighthouse.py: {missing}", file=sys.stderr)
        return 2
    by_form_factor = {}
    with serve(args.site) as base_url:
        for factor in factors:
            print(f"Lighthouse {lighthouse_version()} ({factor}), {args.runs} runs per page, site at {base_url}",
                  file=sys.stderr, flush=True)
            by_form_factor[factor] = measure_with_lighthouse(base_url, args.site, pages, args.runs,
                                                             factor == "desktop")
        sessions = [] if args.no_sessions else measure_sessions(base_url, args.site)
    for factor, results in by_form_factor.items():
        print(f"{factor}:\n{table(results)}")
        if text := notes(results):
            print(f"\n{text}")
        print()
    print(f"scores, median of {args.runs} runs:\n{scores_table(by_form_factor)}")
    heaviest = max(sessions, key=lambda row: row["bytes"]) if sessions else None
    if heaviest:
        print(f"\nheaviest of {len(sessions)} session pages (Chromium, one load, gzip as served): "
              f"{heaviest['path']}, {heaviest['bytes']:,} bytes ({kib(heaviest['bytes'])} KiB), "
              f"of which JavaScript {heaviest['js_bytes']:,} bytes, {heaviest['requests']} requests, "
              f"{heaviest['diagrams']} diagrams")
    if args.json:
        args.json.write_text(json.dumps({
            "lighthouse": lighthouse_version(), "chromium": CHROMIUM, "form_factors": factors,
            "runs_per_page": args.runs, "gzip_level": GZIP_LEVEL,
            "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
            "pages": by_form_factor, "sessions": sessions, "heaviest_session": heaviest,
        }, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"\nwritten to {args.json}")
    return 1 if any(result["median"] is None for results in by_form_factor.values()
                    for result in results.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
