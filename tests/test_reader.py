"""What readers of a documentation site expect (issue 30): print, keyboard and
assistive technology, valid pages, a 404 page with a way on, page descriptions.

Checked on the real site, for properties that hold whatever the notes hold.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from browser import open_page

MOVED = "This page has moved"  # the redirect pages of old addresses (sphinx-reredirects)


def sessions(real_site: Path) -> list[dict]:
    return json.loads((real_site / "sessions.json").read_text(encoding="utf-8"))["sessions"]


def session_page(real_site: Path) -> str:
    return sessions(real_site)[0]["url"].split("#")[0]


def pages(real_site: Path) -> list[str]:
    """Every page of the site, without the redirects from old addresses."""
    return sorted(p.relative_to(real_site).as_posix() for p in real_site.rglob("*.html")
                  if "_static" not in p.parts and MOVED not in p.read_text(encoding="utf-8"))


def page_with_external_link(real_site: Path) -> str:
    """A session page whose notes link to another site (any, if no session does)."""
    candidates = [s["url"].split("#")[0] for s in sessions(real_site)] + pages(real_site)
    for name in candidates:
        if 'class="reference external"' in (real_site / name).read_text(encoding="utf-8"):
            return name
    pytest.fail("no page of the site links to another site")


# -- Print ---------------------------------------------------------------------

def shown_in_print(page, selector: str) -> list[str]:
    """The elements matching ``selector`` that take room on paper."""
    return page.evaluate("""(selector) => [...document.querySelectorAll(selector)]
        .filter((el) => el.getClientRects().length && getComputedStyle(el).visibility !== 'hidden')
        .map((el) => el.className || el.tagName)""", selector)


@pytest.mark.parametrize("width", [1280, 390])
def test_print_leaves_out_the_page_chrome(real_site, site_url, page, width):
    page.set_viewport_size({"width": width, "height": 900})
    open_page(page, site_url + session_page(real_site))
    page.emulate_media(media="print")
    chrome = (".skip-to-content, .sidebar-drawer, .toc-drawer, .mobile-header, .theme-toggle, "
              ".content-icon-container, .back-to-top, .diagram-toolbar, .sidebar-search-container, "
              "form[role=search], label.nav-overlay-icon, label.toc-overlay-icon")
    assert shown_in_print(page, chrome) == []
    # what remains is the notes: the title and the card
    assert shown_in_print(page, "article h1") and shown_in_print(page, ".session-card")


def test_the_printed_page_has_no_skip_link_and_no_sidebar(real_site, site_url, page, tmp_path):
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) reads the printed page")
    page.set_viewport_size({"width": 1280, "height": 900})
    name = session_page(real_site)
    open_page(page, site_url + name)
    sidebar_words = page.locator(".sidebar-drawer .sidebar-brand-text, .sidebar-drawer .caption-text").all_inner_texts()
    pdf = tmp_path / "page.pdf"
    pdf.write_bytes(page.pdf(format="A4"))
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    title = " ".join(page.locator("article h1").first.inner_text().split()[:3])
    assert title in " ".join(text.split())
    assert "Skip to content" not in text
    assert [w for w in sidebar_words if w.strip() and w.strip() in text] == []


def test_a_printed_link_shows_its_address(real_site, site_url, page):
    name = page_with_external_link(real_site)
    open_page(page, site_url + name)
    page.emulate_media(media="print")
    after = page.evaluate("""() => {
        const shown = (a) => getComputedStyle(a, '::after').content;
        const external = [...document.querySelectorAll('article a.reference.external')];
        const inPage = [...document.querySelectorAll('article a[href^="#"]')];
        const badges = [...document.querySelectorAll('article a.sd-badge, article a:has(.sd-badge)')];
        return {external: external.map((a) => [a.href, shown(a)]),
                other: [...inPage, ...badges].map((a) => shown(a))};
    }""")
    assert after["external"]
    for href, content in after["external"]:
        assert content == f'" ({href})"' or href in content, (href, content)
    assert set(after["other"]) <= {"none", "normal"}
    # on screen, no address
    page.emulate_media(media="screen")
    assert page.evaluate("""() => getComputedStyle(document.querySelector('article a.reference.external'),
        '::after').content""") in ("none", "normal")


def test_a_session_card_is_kept_on_one_page(real_site, site_url, page):
    open_page(page, site_url + session_page(real_site))
    page.emulate_media(media="print")
    assert page.evaluate("""() => [...document.querySelectorAll('.session-card')]
        .map((card) => getComputedStyle(card).breakInside)""") == ["avoid"]
