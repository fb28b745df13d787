"""What a reader sees, checked in Debian's Chromium (Playwright)."""

from __future__ import annotations

import shutil

import pytest
from browser import CHROMIUM_ARGS, diagram_report, require_chromium, serve, visit
from conftest import ROOTS


@pytest.fixture(scope="session")
def browser():
    executable = require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def site_url(real_site):
    with serve(real_site) as url:
        yield url


@pytest.fixture
def page(browser):
    context = browser.new_context()
    page = context.new_page()
    yield page
    context.close()


def all_pages(real_site) -> list[str]:
    return sorted(str(p.relative_to(real_site)) for p in real_site.rglob("*.html")
                  if "_static" not in p.parts)


def test_every_page_loads_cleanly(real_site, site_url, browser):
    problems = {}
    context = browser.new_context()
    for name in all_pages(real_site):
        page = context.new_page()
        record = visit(page, site_url + name)
        if record.problems:
            problems[name] = record.problems
        page.close()
    context.close()
    assert problems == {}


def pages_with_diagrams(real_site) -> list[str]:
    return [name for name in all_pages(real_site)
            if 'class="mermaid' in (real_site / name).read_text(encoding="utf-8")]


def test_every_diagram_renders(real_site, site_url, browser):
    pages = pages_with_diagrams(real_site)
    assert pages, "the site has no diagrams"
    broken, rendered = diagram_report(browser, site_url, pages)
    assert broken == {}
    assert rendered >= 14


def test_a_broken_diagram_is_reported_with_its_page_and_caption(make_app, tmp_path, browser):
    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-diagrams", src)
    app = make_app("html", srcdir=src)
    app.build()
    with serve(app.outdir) as url:
        broken, rendered = diagram_report(browser, url, ["index.html", "broken.html"])
        assert broken == {"broken.html": ["diagram 2 (A diagram with a typo): syntax error"]}
        page = browser.new_page()
        assert any("Mermaid rendering failed" in e for e in visit(page, url + "broken.html").console_errors)
        page.close()
