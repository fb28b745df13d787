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


DIAGRAMS_SETTLED = """() => [...document.querySelectorAll('pre.mermaid')].every(el =>
    el.hasAttribute('data-mermaid-deferred') || el.getAttribute('data-processed') === 'true')"""


def wait_for_diagrams(page, timeout: float = 15000) -> None:
    if page.locator("pre.mermaid").count():
        page.wait_for_function(DIAGRAMS_SETTLED, timeout=timeout)


def reveal_all_tabs(page) -> None:
    """Open every sphinx-design tab, so that diagrams in hidden tabs render too."""
    labels = page.locator(".sd-tab-set > label")
    for i in range(labels.count()):
        labels.nth(i).scroll_into_view_if_needed()
        labels.nth(i).click()
        page.wait_for_timeout(50)
        wait_for_diagrams(page)


BROKEN_DIAGRAMS = """() => [...document.querySelectorAll('pre.mermaid')].map((el, i) => {
    const svg = el.querySelector('svg');
    const text = el.textContent || '';
    const figure = el.closest('figure');
    const caption = figure ? ((figure.querySelector('figcaption') || {}).textContent || '').replace('¶', '') : '';
    let problem = '';
    if (!svg) problem = 'not rendered';
    else if (el.querySelector('.error-text') || text.includes('Syntax error in text')) problem = 'syntax error';
    return problem ? `diagram ${i + 1} (${(caption || '').trim() || 'no caption'}): ${problem}` : '';
}).filter(Boolean)"""


def broken_diagrams(page) -> list[str]:
    """Every diagram on the page that is not a proper SVG, named by its caption."""
    reveal_all_tabs(page)
    return page.evaluate(BROKEN_DIAGRAMS)


def diagram_report(browser, base_url: str, pages: list[str]) -> tuple[dict[str, list[str]], int]:
    """Broken diagrams by page, and how many diagrams rendered in all."""
    broken, rendered = {}, 0
    for name in pages:
        page = browser.new_page()
        visit(page, base_url + name)
        if problems := broken_diagrams(page):
            broken[name] = problems
        rendered += page.locator("pre.mermaid svg").count()
        page.close()
    return broken, rendered
